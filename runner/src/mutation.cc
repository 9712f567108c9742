// Mutation analysis.
#include "runner/mutation.h"

#include <fmt/format.h>

namespace runner {

std::vector<MutantResult> RunMutationAnalysis(const std::vector<Scenario>& scenarios,
                                              const SuiteOptions& base,
                                              std::vector<reference::Mutant> mutants) {
  if (mutants.empty()) {
    for (const auto& [mutant, name] : reference::AllMutants()) mutants.push_back(mutant);
  }
  std::vector<MutantResult> results;
  for (reference::Mutant mutant : mutants) {
    SuiteOptions options = base;
    options.run.mutants = reference::MutantSet({mutant});
    options.run.check_determinism = false;
    options.expected_failures.clear();
    RunSummary summary = RunSuite(scenarios, options);
    MutantResult result{mutant, std::string(reference::MutantName(mutant)), {}};
    for (const auto& r : summary.results) {
      if (r.outcome == Outcome::kFailed) {
        result.caught_by.push_back(fmt::format("{} ({})", r.id, r.profile));
      }
    }
    results.push_back(std::move(result));
  }
  return results;
}

}  // namespace runner
