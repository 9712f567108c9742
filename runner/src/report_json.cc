// The JSON report, format version 1; docs/json-report.md documents every field.
#include <array>
#include <cmath>
#include <string>
#include <utility>

#include "kube/object.h"
#include "runner/report.h"

namespace runner {
namespace {

constexpr int kFormatVersion = 1;

double Seconds(double seconds) { return std::isfinite(seconds) && seconds > 0 ? seconds : 0; }

kube::Json ProfileSummary(const RunSummary& summary, const std::string& profile) {
  constexpr std::array<std::pair<const char*, Outcome>, 6> kFields = {{
      {"passed", Outcome::kPassed},
      {"failed", Outcome::kFailed},
      {"expectedFailures", Outcome::kExpectedFailure},
      {"unexpectedPasses", Outcome::kUnexpectedPass},
      {"skipped", Outcome::kSkipped},
      {"errors", Outcome::kError},
  }};
  kube::Json counts = kube::Json::object();
  int total = 0;
  for (const auto& [name, outcome] : kFields) {
    int count = summary.CountFor(profile, outcome);
    counts[name] = count;
    total += count;
  }
  counts["total"] = total;
  return counts;
}

kube::Json FailureJson(const Failure& failure) {
  return {{"step", failure.step},
          {"message", failure.message},
          {"path", failure.path},
          {"location", failure.location},
          {"diff", failure.diff}};
}

kube::Json ResultJson(const ScenarioResult& result) {
  kube::Json failures = kube::Json::array();
  for (const Failure& failure : result.failures) failures.push_back(FailureJson(failure));
  kube::Json json = {
      {"id", result.id},
      {"title", result.title},
      {"file", result.file},
      {"profile", result.profile},
      {"spec", result.spec_section},
      {"outcome", std::string(OutcomeName(result.outcome))},
      {"seconds", Seconds(result.seconds)},
      // A string: 64-bit seeds lose precision as JSON numbers in JavaScript and jq.
      {"seed", std::to_string(result.seed)},
      {"writes", result.writes},
      {"replay", result.replay_command},
      {"failures", std::move(failures)},
  };
  if (!result.expected_failure_reason.empty()) {
    json["expectedFailureReason"] = result.expected_failure_reason;
  }
  if (!result.skip_reason.empty()) json["skipReason"] = result.skip_reason;
  if (!result.not_checkable.empty()) json["notCheckable"] = result.not_checkable;
  if (!result.faults_fired.empty()) json["faultsFired"] = result.faults_fired;
  if (!result.implementation_output.empty()) {
    json["implementationOutput"] = result.implementation_output;
  }
  return json;
}

kube::Json ReportJson(const RunSummary& summary) {
  kube::Json profiles = kube::Json::object();
  for (const std::string& profile : ReportedProfiles(summary)) {
    profiles[profile] = ProfileSummary(summary, profile);
  }
  kube::Json results = kube::Json::array();
  for (const ScenarioResult& result : summary.results) results.push_back(ResultJson(result));
  return {
      {"formatVersion", kFormatVersion},     {"implementation", summary.implementation},
      {"seconds", Seconds(summary.seconds)}, {"ok", summary.Ok()},
      {"summary", std::move(profiles)},      {"results", std::move(results)},
  };
}

}  // namespace

void WriteJsonReport(const RunSummary& summary, std::ostream& out) {
  // Invalid UTF-8 in a message is replaced (U+FFFD) rather than thrown on.
  out << ReportJson(summary).dump(2, ' ', false, kube::Json::error_handler_t::replace) << '\n';
}

}  // namespace runner
