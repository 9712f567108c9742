// Outcome names and the counting helpers of RunSummary.
#include "runner/result.h"

#include <algorithm>

namespace runner {

std::string_view OutcomeName(Outcome outcome) {
  switch (outcome) {
    case Outcome::kPassed:
      return "passed";
    case Outcome::kFailed:
      return "failed";
    case Outcome::kExpectedFailure:
      return "expected-failure";
    case Outcome::kUnexpectedPass:
      return "unexpected-pass";
    case Outcome::kSkipped:
      return "skipped";
    case Outcome::kError:
      return "error";
  }
  return "unknown";
}

int RunSummary::Count(Outcome outcome) const {
  return static_cast<int>(
      std::count_if(results.begin(), results.end(),
                    [outcome](const ScenarioResult& result) { return result.outcome == outcome; }));
}

int RunSummary::CountFor(const std::string& profile, Outcome outcome) const {
  return static_cast<int>(
      std::count_if(results.begin(), results.end(), [&](const ScenarioResult& result) {
        return result.profile == profile && result.outcome == outcome;
      }));
}

bool RunSummary::Ok() const {
  return Count(Outcome::kFailed) == 0 && Count(Outcome::kUnexpectedPass) == 0 &&
         Count(Outcome::kError) == 0;
}

}  // namespace runner
