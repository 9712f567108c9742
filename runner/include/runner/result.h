// Results of running scenarios: what passed, what failed and why (the first differing path
// and a unified diff), with the seed that reproduces it. Reports (terminal, JUnit XML, JSON)
// are built from these.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace runner {

struct Failure {
  std::string step;      // "step 2 (remove the annotation)" or "invariant: idempotence"
  std::string message;   // one line: what was expected
  std::string path;      // first differing JSON Pointer, if any
  std::string diff;      // unified diff of expected vs actual (may be empty)
  std::string location;  // scenario file and line of the expectation
};

enum class Outcome {
  kPassed,
  kFailed,
  kExpectedFailure,  // failed, and the expectations file says it would
  kUnexpectedPass,   // passed, but the expectations file says it should fail
  kSkipped,          // not selected for this profile / feature set
  kError,            // the scenario could not be run (bad input)
};

std::string_view OutcomeName(Outcome outcome);

struct ScenarioResult {
  std::string id;
  std::string title;
  std::string file;
  std::string profile;
  std::string spec_section;
  Outcome outcome = Outcome::kPassed;
  std::vector<Failure> failures;
  std::string expected_failure_reason;  // from the expectations file
  std::string skip_reason;
  uint64_t seed = 0;
  double seconds = 0;          // wall time (runner only; never in kube/ or below)
  uint64_t writes = 0;         // writes by the implementation
  std::string replay_command;  // how to re-run exactly this case
  // Expectations this implementation cannot be checked for from outside (e.g. its internal
  // error); never counted as passed.
  std::vector<std::string> not_checkable;
  // Every fault the cluster injected into the implementation's requests, in order
  // ("aimed-error: delete BackupConfiguration demo/x answered 500").
  std::vector<std::string> faults_fired;
  std::string implementation_output;  // the tail of an external implementation's logs
};

struct RunSummary {
  std::vector<ScenarioResult> results;
  double seconds = 0;
  std::string implementation;  // "reference" or the external command
  int Count(Outcome outcome) const;
  int CountFor(const std::string& profile, Outcome outcome) const;
  // True when nothing failed unexpectedly (failures, unexpected passes, errors).
  bool Ok() const;
};

}  // namespace runner
