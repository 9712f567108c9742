// Mutation analysis: runs the suite once per reference mutant (a deliberate bug) and records
// which scenarios caught it. A mutant no scenario catches is a hole in the suite.
#pragma once

#include <string>
#include <vector>

#include "reference/mutants.h"
#include "runner/suite.h"

namespace runner {

struct MutantResult {
  reference::Mutant mutant;
  std::string name;
  std::vector<std::string> caught_by;  // "<ID> (<profile>)"
  bool Caught() const { return !caught_by.empty(); }
};

// Runs `scenarios` under each mutant of `mutants` (all when empty). Determinism checks are
// skipped (the mutant, not the seed, is what varies); idempotence stays on.
std::vector<MutantResult> RunMutationAnalysis(const std::vector<Scenario>& scenarios,
                                              const SuiteOptions& base,
                                              std::vector<reference::Mutant> mutants = {});

}  // namespace runner
