// Reports of a run: a readable terminal report, JUnit XML for CI systems, and a versioned JSON
// report for tools (its format is documented in docs/json-report.md). Writers never throw.
#pragma once

#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "runner/result.h"

namespace runner {

// Failing, unexpectedly passing and erroring scenarios with every failure (step, message,
// path, location, diff, replay command), then a conformance summary per profile. `colour`
// adds ANSI colours; `verbose` also lists passing, expected-failing and skipped scenarios.
void WriteTerminalReport(const RunSummary& summary, std::ostream& out, bool colour, bool verbose);

// JUnit XML: one <testsuite> per profile, one <testcase> per scenario result. Expected failures
// are reported as skipped, unexpected passes as failures.
void WriteJunitReport(const RunSummary& summary, std::ostream& out);

// The JSON report, format version 1 (docs/json-report.md).
void WriteJsonReport(const RunSummary& summary, std::ostream& out);

// `text` without ANSI escape sequences and without control characters other than tab and
// newline (C0, DEL and C1), so that reported strings cannot restyle or rewrite the terminal.
std::string WithoutTerminalControls(std::string_view text);

// The distinct profiles of the results, sorted; the order every report lists them in.
std::vector<std::string> ReportedProfiles(const RunSummary& summary);

}  // namespace runner
