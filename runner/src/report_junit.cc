// JUnit XML: one <testsuite> per profile, one <testcase> per scenario result. Every string is
// made legal XML 1.0 (terminal controls and other illegal characters removed, invalid UTF-8
// replaced) and then escaped.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>
#include <string_view>

#include "kube/utf8.h"
#include "runner/report.h"

namespace runner {
namespace {

bool IsXmlChar(char32_t c) {
  return c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) ||
         (c >= 0xE000 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0x10FFFF);
}

void AppendEscaped(char32_t c, bool in_attribute, std::string* out) {
  switch (c) {
    case '&':
      out->append("&amp;");
      return;
    case '<':
      out->append("&lt;");
      return;
    case '>':
      out->append("&gt;");
      return;
    case '"':
      out->append("&quot;");
      return;
    case '\'':
      out->append("&apos;");
      return;
    default:
      break;
  }
  // Attribute values normalise raw whitespace to spaces; character references keep it.
  if (in_attribute && (c == '\t' || c == '\n' || c == '\r')) {
    out->append(fmt::format("&#{};", static_cast<uint32_t>(c)));
    return;
  }
  kube::AppendRune(*out, c);
}

std::string Escape(std::string_view text, bool in_attribute) {
  std::string visible = WithoutTerminalControls(text);
  text = visible;
  std::string out;
  out.reserve(text.size());
  size_t i = 0;
  while (i < text.size()) {
    const kube::DecodedRune decoded = kube::DecodeRune(text.substr(i));
    const char32_t c = decoded.rune;
    i += decoded.width;
    if (IsXmlChar(c)) AppendEscaped(c, in_attribute, &out);
  }
  return out;
}

std::string Attr(std::string_view text) { return Escape(text, true); }
std::string Text(std::string_view text) { return Escape(text, false); }

std::string Seconds(double seconds) {
  return fmt::format("{:.3f}", std::isfinite(seconds) && seconds > 0 ? seconds : 0.0);
}

std::string SuiteName(const std::string& profile) {
  return "stashsim." + (profile.empty() ? std::string("default") : profile);
}

// The spec section as one dotted-name component: letters, digits, '-' and '_' only.
std::string SanitisedSection(std::string_view spec_section) {
  if (spec_section.empty()) return "unspecified";
  std::string sanitised;
  for (char c : spec_section) {
    bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                c == '-' || c == '_';
    sanitised.push_back(keep ? c : '_');
  }
  return sanitised;
}

// Everything about the failures, as the body of <failure>, <error> or <skipped>.
std::string FailureText(const ScenarioResult& result) {
  std::string text;
  if (result.outcome == Outcome::kUnexpectedPass) {
    text += "passed, but the expectations file says it fails";
    if (!result.expected_failure_reason.empty()) text += ": " + result.expected_failure_reason;
    text += "\n";
  }
  for (const Failure& failure : result.failures) {
    if (!text.empty()) text += "\n";
    text += (failure.step.empty() ? std::string("failure") : failure.step) + "\n";
    text += failure.message + "\n";
    if (!failure.path.empty()) text += "path: " + failure.path + "\n";
    if (!failure.location.empty()) text += "location: " + failure.location + "\n";
    if (!failure.diff.empty()) text += failure.diff;
    if (!text.empty() && text.back() != '\n') text += "\n";
  }
  text += fmt::format("\nseed: {}\n", result.seed);
  if (!result.replay_command.empty()) text += "replay: " + result.replay_command + "\n";
  return text;
}

std::string FirstMessage(const ScenarioResult& result, std::string_view fallback) {
  if (result.failures.empty() || result.failures.front().message.empty()) {
    return std::string(fallback);
  }
  std::string message = result.failures.front().message;
  if (result.failures.size() > 1) {
    message += fmt::format(" (and {} more)", result.failures.size() - 1);
  }
  return message;
}

std::string WithReason(std::string_view what, const std::string& reason) {
  return reason.empty() ? std::string(what) : fmt::format("{}: {}", what, reason);
}

// The child element of a <testcase>, or "" for a pass.
std::string OutcomeElement(const ScenarioResult& result) {
  std::string type(OutcomeName(result.outcome));
  switch (result.outcome) {
    case Outcome::kPassed:
      return "";
    case Outcome::kFailed:
      return fmt::format("      <failure message=\"{}\" type=\"{}\">{}</failure>\n",
                         Attr(FirstMessage(result, "failed")), type, Text(FailureText(result)));
    case Outcome::kUnexpectedPass:
      return fmt::format(
          "      <failure message=\"{}\" type=\"{}\">{}</failure>\n",
          Attr(WithReason("unexpected pass: expected to fail", result.expected_failure_reason)),
          type, Text(FailureText(result)));
    case Outcome::kError:
      return fmt::format("      <error message=\"{}\" type=\"{}\">{}</error>\n",
                         Attr(FirstMessage(result, "error")), type, Text(FailureText(result)));
    case Outcome::kExpectedFailure:
      return fmt::format("      <skipped message=\"{}\">{}</skipped>\n",
                         Attr(WithReason("expected failure", result.expected_failure_reason)),
                         Text(FailureText(result)));
    case Outcome::kSkipped:
      return fmt::format("      <skipped message=\"{}\"/>\n",
                         Attr(WithReason("skipped", result.skip_reason)));
  }
  return "";
}

void WriteTestcase(const ScenarioResult& result, std::ostream& out) {
  std::string name = result.title.empty() ? result.id : result.id + " " + result.title;
  std::string classname = SuiteName(result.profile) + "." + SanitisedSection(result.spec_section);
  std::string element = OutcomeElement(result);
  out << fmt::format("    <testcase name=\"{}\" classname=\"{}\" file=\"{}\" time=\"{}\"",
                     Attr(name), Attr(classname), Attr(result.file), Seconds(result.seconds));
  if (element.empty()) {
    out << "/>\n";
  } else {
    out << ">\n" << element << "    </testcase>\n";
  }
}

struct SuiteCounts {
  int tests = 0;
  int failures = 0;
  int errors = 0;
  int skipped = 0;
  double seconds = 0;
};

SuiteCounts CountSuite(const RunSummary& summary, const std::string* profile) {
  SuiteCounts counts;
  for (const ScenarioResult& result : summary.results) {
    if (profile != nullptr && result.profile != *profile) continue;
    ++counts.tests;
    counts.failures +=
        result.outcome == Outcome::kFailed || result.outcome == Outcome::kUnexpectedPass;
    counts.errors += result.outcome == Outcome::kError;
    counts.skipped +=
        result.outcome == Outcome::kSkipped || result.outcome == Outcome::kExpectedFailure;
    if (std::isfinite(result.seconds) && result.seconds > 0) counts.seconds += result.seconds;
  }
  return counts;
}

// `skipped` only on <testsuite>: the common JUnit schemas (Jenkins, Ant) reject it on
// <testsuites>.
std::string CountAttributes(const SuiteCounts& counts, double seconds, bool with_skipped) {
  std::string skipped = with_skipped ? fmt::format(" skipped=\"{}\"", counts.skipped) : "";
  return fmt::format("tests=\"{}\" failures=\"{}\" errors=\"{}\"{} time=\"{}\"", counts.tests,
                     counts.failures, counts.errors, skipped, Seconds(seconds));
}

void WriteTestsuite(const RunSummary& summary, const std::string& profile, std::ostream& out) {
  SuiteCounts counts = CountSuite(summary, &profile);
  out << fmt::format("  <testsuite name=\"{}\" {}>\n", Attr(SuiteName(profile)),
                     CountAttributes(counts, counts.seconds, /*with_skipped=*/true));
  out << "    <properties>\n"
      << fmt::format("      <property name=\"implementation\" value=\"{}\"/>\n",
                     Attr(summary.implementation))
      << "    </properties>\n";
  for (const ScenarioResult& result : summary.results) {
    if (result.profile == profile) WriteTestcase(result, out);
  }
  out << "  </testsuite>\n";
}

}  // namespace

void WriteJunitReport(const RunSummary& summary, std::ostream& out) {
  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out << fmt::format("<testsuites name=\"stashsim\" {}>\n",
                     CountAttributes(CountSuite(summary, nullptr), summary.seconds,
                                     /*with_skipped=*/false));
  for (const std::string& profile : ReportedProfiles(summary)) {
    WriteTestsuite(summary, profile, out);
  }
  out << "</testsuites>\n";
}

}  // namespace runner
