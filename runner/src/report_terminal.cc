// The terminal report: what went wrong and how to replay it, then a summary per profile.
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "runner/report.h"

namespace runner {
namespace {

constexpr char kEscape = '\x1b';
constexpr std::string_view kReset = "\x1b[0m";
constexpr std::string_view kBold = "\x1b[1m";
constexpr std::string_view kDim = "\x1b[2m";
constexpr std::string_view kRed = "\x1b[31m";
constexpr std::string_view kGreen = "\x1b[32m";
constexpr std::string_view kYellow = "\x1b[33m";
constexpr std::string_view kCyan = "\x1b[36m";
constexpr std::string_view kBoldRed = "\x1b[1;31m";

// Length of the ANSI escape sequence at text[0] (which is ESC): CSI "ESC [ params final",
// OSC "ESC ] ... BEL" or "... ESC \", otherwise ESC and one character.
size_t AnsiSequenceLength(std::string_view text) {
  if (text.size() < 2) return text.size();
  if (text[1] == '[') {
    size_t i = 2;
    while (i < text.size() && !(text[i] >= 0x40 && text[i] <= 0x7E)) ++i;
    return std::min(i + 1, text.size());
  }
  if (text[1] == ']') {
    for (size_t i = 2; i < text.size(); ++i) {
      if (text[i] == '\a') return i + 1;
      if (text[i] == kEscape && i + 1 < text.size() && text[i + 1] == '\\') return i + 2;
    }
    return text.size();
  }
  return 2;
}

class Painter {
 public:
  explicit Painter(bool colour) : colour_(colour) {}
  std::string operator()(std::string_view style, std::string_view text) const {
    if (!colour_ || text.empty()) return std::string(text);
    return fmt::format("{}{}{}", style, text, kReset);
  }

 private:
  bool colour_;
};

bool IsProblem(Outcome outcome) {
  return outcome == Outcome::kFailed || outcome == Outcome::kUnexpectedPass ||
         outcome == Outcome::kError;
}

struct Badge {
  std::string_view label;
  std::string_view style;
};

Badge BadgeFor(Outcome outcome) {
  switch (outcome) {
    case Outcome::kPassed:
      return {"PASS", kGreen};
    case Outcome::kFailed:
      return {"FAIL", kBoldRed};
    case Outcome::kExpectedFailure:
      return {"XFAIL", kYellow};
    case Outcome::kUnexpectedPass:
      return {"XPASS", kBoldRed};
    case Outcome::kSkipped:
      return {"SKIP", kDim};
    case Outcome::kError:
      return {"ERROR", kBoldRed};
  }
  return {"?", kBold};
}

std::string Clean(std::string_view text) { return WithoutTerminalControls(text); }

std::string ProfileLabel(const std::string& profile) {
  return profile.empty() ? "-" : Clean(profile);
}

double WallSeconds(double seconds) { return std::isfinite(seconds) && seconds > 0 ? seconds : 0; }

// Writes every line of `text` indented by `indent` spaces.
void WriteIndented(std::string_view raw_text, int indent, std::ostream& out) {
  std::string cleaned = Clean(raw_text);
  std::string_view text = cleaned;
  size_t start = 0;
  while (start < text.size()) {
    size_t newline = text.find('\n', start);
    size_t end = newline == std::string_view::npos ? text.size() : newline;
    out << std::string(indent, ' ') << text.substr(start, end - start) << '\n';
    start = end + 1;
  }
}

std::string_view DiffLineStyle(std::string_view line, bool in_hunks) {
  if (!in_hunks) return kBold;  // the ---/+++ header
  if (line.starts_with("@@")) return kCyan;
  if (line.starts_with("-")) return kRed;
  if (line.starts_with("+")) return kGreen;
  if (line.starts_with("\\")) return kDim;
  return {};
}

void WriteDiff(std::string_view raw_diff, const Painter& paint, std::ostream& out) {
  std::string cleaned = Clean(raw_diff);
  std::string_view diff = cleaned;
  bool in_hunks = false;
  size_t start = 0;
  while (start < diff.size()) {
    size_t newline = diff.find('\n', start);
    size_t end = newline == std::string_view::npos ? diff.size() : newline;
    std::string_view line = diff.substr(start, end - start);
    in_hunks = in_hunks || line.starts_with("@@");
    std::string_view style = DiffLineStyle(line, in_hunks);
    out << "      " << (style.empty() ? std::string(line) : paint(style, line)) << '\n';
    start = end + 1;
  }
}

void WriteHeadline(const ScenarioResult& result, const Painter& paint, std::ostream& out) {
  Badge badge = BadgeFor(result.outcome);
  std::string padded_label = fmt::format("{:<5}", badge.label);
  out << paint(badge.style, padded_label) << ' ' << paint(kBold, Clean(result.id)) << ' '
      << Clean(result.title) << "  [" << ProfileLabel(result.profile) << "]  "
      << paint(kDim, Clean(result.file))
      << paint(kDim, fmt::format("  {:.3f}s", WallSeconds(result.seconds))) << '\n';
}

void WriteFailure(const Failure& failure, const Painter& paint, std::ostream& out) {
  out << "    " << paint(kBold, failure.step.empty() ? "failure" : Clean(failure.step)) << '\n';
  WriteIndented(failure.message, 6, out);
  if (!failure.path.empty()) out << "      path:     " << Clean(failure.path) << '\n';
  if (!failure.location.empty()) out << "      location: " << Clean(failure.location) << '\n';
  if (!failure.diff.empty()) WriteDiff(failure.diff, paint, out);
}

void WriteReplay(const ScenarioResult& result, const Painter& paint, std::ostream& out) {
  out << "    seed:   " << result.seed << '\n';
  if (!result.replay_command.empty()) {
    out << "    replay: " << paint(kCyan, Clean(result.replay_command)) << '\n';
  }
}

void WriteReason(std::string_view what, const std::string& reason, std::ostream& out) {
  out << "    " << what << (reason.empty() ? "" : ": " + Clean(reason)) << '\n';
}

void WriteResult(const ScenarioResult& result, const Painter& paint, std::ostream& out) {
  WriteHeadline(result, paint, out);
  switch (result.outcome) {
    case Outcome::kPassed:
      return;
    case Outcome::kSkipped:
      WriteReason("skipped", result.skip_reason, out);
      return;
    case Outcome::kExpectedFailure:
      WriteReason("expected failure", result.expected_failure_reason, out);
      return;
    case Outcome::kUnexpectedPass:
      WriteReason("passed, but the expectations file says it fails", result.expected_failure_reason,
                  out);
      break;
    case Outcome::kFailed:
    case Outcome::kError:
      for (const Failure& failure : result.failures) WriteFailure(failure, paint, out);
      if (!result.implementation_output.empty()) {
        out << "    " << paint(kBold, "implementation output (last lines)") << '\n';
        WriteIndented(Clean(result.implementation_output), 6, out);
      }
      break;
  }
  WriteReplay(result, paint, out);
}

constexpr std::array<Outcome, 6> kSummaryOutcomes = {
    Outcome::kPassed,         Outcome::kFailed,  Outcome::kExpectedFailure,
    Outcome::kUnexpectedPass, Outcome::kSkipped, Outcome::kError};
constexpr std::array<std::string_view, 6> kSummaryHeadings = {
    "passed", "failed", "expected failures", "unexpected passes", "skipped", "errors"};

struct SummaryRow {
  std::string name;
  std::array<int, 6> counts{};
  double seconds = 0;
};

SummaryRow RowFor(const RunSummary& summary, const std::string* profile) {
  SummaryRow row{profile == nullptr ? "total" : ProfileLabel(*profile)};
  for (const ScenarioResult& result : summary.results) {
    if (profile != nullptr && result.profile != *profile) continue;
    for (size_t i = 0; i < kSummaryOutcomes.size(); ++i) {
      if (result.outcome == kSummaryOutcomes[i]) ++row.counts[i];
    }
    row.seconds += WallSeconds(result.seconds);
  }
  return row;
}

bool IsBadColumn(size_t column) {
  Outcome outcome = kSummaryOutcomes[column];
  return IsProblem(outcome);
}

void WriteSummaryRow(const SummaryRow& row, size_t name_width, const Painter& paint,
                     std::ostream& out) {
  out << "  " << fmt::format("{:<{}}", row.name, name_width);
  for (size_t i = 0; i < row.counts.size(); ++i) {
    std::string cell = fmt::format("{:>{}}", row.counts[i], kSummaryHeadings[i].size() + 2);
    out << (row.counts[i] > 0 && IsBadColumn(i) ? paint(kRed, cell) : cell);
  }
  out << fmt::format("{:>10.3f}", row.seconds) << '\n';
}

void WriteSummary(const RunSummary& summary, const Painter& paint, std::ostream& out) {
  std::vector<SummaryRow> rows;
  for (const std::string& profile : ReportedProfiles(summary)) {
    rows.push_back(RowFor(summary, &profile));
  }
  if (rows.size() != 1) rows.push_back(RowFor(summary, nullptr));
  size_t name_width = std::string_view("profile").size();
  for (const SummaryRow& row : rows) name_width = std::max(name_width, row.name.size());

  out << '\n'
      << paint(kBold, "Conformance summary") << " (implementation: "
      << (summary.implementation.empty() ? "-" : Clean(summary.implementation)) << ")\n";
  out << "  " << fmt::format("{:<{}}", "profile", name_width);
  for (std::string_view heading : kSummaryHeadings) out << "  " << heading;
  out << fmt::format("{:>10}", "seconds") << '\n';
  for (const SummaryRow& row : rows) WriteSummaryRow(row, name_width, paint, out);
}

// Expectations an implementation cannot be checked for from outside: listed, never passed.
void WriteNotCheckable(const RunSummary& summary, std::ostream& out) {
  size_t count = 0;
  for (const ScenarioResult& result : summary.results) count += result.not_checkable.size();
  if (count == 0) return;
  out << '\n'
      << fmt::format(
             "{} expectation(s) could not be checked for this implementation (an "
             "implementation's internal error is not observable from outside):",
             count)
      << '\n';
  for (const ScenarioResult& result : summary.results) {
    for (const std::string& what : result.not_checkable) {
      out << "  " << Clean(result.id) << " [" << Clean(result.profile) << "] " << Clean(what)
          << '\n';
    }
  }
}

void WriteVerdict(const RunSummary& summary, const Painter& paint, std::ostream& out) {
  std::string verdict = summary.Ok() ? paint(kGreen, "OK") : paint(kBoldRed, "FAILED");
  out << '\n'
      << verdict
      << fmt::format(
             ": {} scenario results, {} failed, {} unexpected passes, {} errors; "
             "wall time {:.3f}s",
             summary.results.size(), summary.Count(Outcome::kFailed),
             summary.Count(Outcome::kUnexpectedPass), summary.Count(Outcome::kError),
             WallSeconds(summary.seconds))
      << '\n';
}

}  // namespace

std::string WithoutTerminalControls(std::string_view text) {
  std::string visible;
  visible.reserve(text.size());
  size_t i = 0;
  while (i < text.size()) {
    auto byte = static_cast<unsigned char>(text[i]);
    if (byte == kEscape) {
      i += AnsiSequenceLength(text.substr(i));
      continue;
    }
    bool c0_or_del = (byte < 0x20 && byte != '\t' && byte != '\n') || byte == 0x7F;
    bool c1 = byte == 0xC2 && i + 1 < text.size() &&
              static_cast<unsigned char>(text[i + 1]) >= 0x80 &&
              static_cast<unsigned char>(text[i + 1]) <= 0x9F;
    if (c1) ++i;
    if (!c0_or_del && !c1) visible.push_back(text[i]);
    ++i;
  }
  return visible;
}

std::vector<std::string> ReportedProfiles(const RunSummary& summary) {
  std::set<std::string> profiles;
  for (const ScenarioResult& result : summary.results) profiles.insert(result.profile);
  return {profiles.begin(), profiles.end()};
}

void WriteTerminalReport(const RunSummary& summary, std::ostream& out, bool colour, bool verbose) {
  Painter paint(colour);
  bool wrote_any = false;
  for (const ScenarioResult& result : summary.results) {
    if (!verbose && !IsProblem(result.outcome)) continue;
    WriteResult(result, paint, out);
    wrote_any = true;
  }
  if (!wrote_any && !summary.results.empty()) out << "No failures.\n";
  WriteSummary(summary, paint, out);
  WriteNotCheckable(summary, out);
  WriteVerdict(summary, paint, out);
}

}  // namespace runner
