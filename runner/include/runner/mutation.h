// Mutation analysis: runs the suite once per reference mutant (a deliberate bug) and records
// which scenarios caught it. A mutant no scenario catches is a hole in the suite.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "runner/mutants.h"
#include "runner/suite.h"

namespace runner {

struct MutantResult {
  Mutant mutant;
  std::string name;
  std::vector<std::string> caught_by;                              // "<ID> (<profile>)"
  std::vector<std::pair<std::string, std::string>> catching_runs;  // (ID, profile)
  // With an external implementation: the runs that caught the mutant there too; nullopt when
  // not checked there, e.g. because every run that catches it is one the implementation skips
  // (`not_checkable_externally` then says so).
  std::optional<std::vector<std::string>> caught_externally;
  std::string not_checkable_externally;
  bool Caught() const {
    return !caught_by.empty() && (!caught_externally || !caught_externally->empty());
  }
};

// Runs `scenarios` under each mutant of `mutants` (all when empty). Determinism checks are
// skipped (the mutant, not the seed, is what varies); idempotence stays on.
std::vector<MutantResult> RunMutationAnalysis(const std::vector<Scenario>& scenarios,
                                              const SuiteOptions& base,
                                              std::vector<Mutant> mutants = {});

// The same mutants in an external implementation: for each mutant caught in process, up to
// `per_mutant` of the scenario runs that caught it are run against the implementation that
// `factory_for(mutant name)` starts; `caught_externally` lists those that failed there. Runs
// that `base.selection.backend_limits` skips are passed over.
// `base.jobs` mutants are checked at once (`factory_for` must be callable from several threads).
void CheckMutantsExternally(const std::vector<Scenario>& scenarios, const SuiteOptions& base,
                            const std::function<BackendFactory(std::string_view)>& factory_for,
                            std::vector<MutantResult>& results, size_t per_mutant = 3);

}  // namespace runner
