// Minimisation of a failing exploration run (runner/explore.h): the same scenario, profile and
// seed with as few fault kinds and as few steps as still give the same first failure, written
// as a scenario file whose `explore` block names those faults and that seed. Committed under
// scenarios/, it makes `explore/smoke` replay the failure until it is fixed.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "kube/status.h"
#include "runner/explore.h"
#include "runner/scenario.h"

namespace runner {

struct MinimizeResult {
  std::string failure;              // the first failure's message, which every try keeps
  std::vector<std::string> faults;  // the fault kinds left
  std::vector<size_t> kept_steps;   // indices into the scenario's steps
  // The drawn faults left to fire (FaultPlan::only_occurrences), when shrinking them kept the
  // failure; of `occurrences_fired` that fired with the kinds and steps left.
  std::optional<std::vector<uint64_t>> occurrences;
  size_t occurrences_fired = 0;
  size_t tries = 0;     // exploration runs made
  Scenario reproducer;  // the scenario with only the kept steps
};

// Shrinks a failing run: steps, then fault kinds (each until neither loses more), then the
// single faults that fire, keeping the earliest. An error when the run does not fail at all.
kube::StatusOr<MinimizeResult> Minimize(const Scenario& scenario, const std::string& profile,
                                        uint64_t seed, const std::vector<std::string>& faults,
                                        const ExploreOptions& options);

// " (only occurrences 3,7 fire, of 41 that fired)", or "" when all of them fire.
std::string OccurrencesText(const MinimizeResult& result);

// The scenario file of a minimised run: the original file's document with only the kept steps,
// their expectations dropped (a step removed before them can make them wrong) unless a step has
// nothing else, an id of its
// own and an `explore` block naming the faults and the seed; fixture paths rewritten for
// `output_path`. Written to `output_path`.
kube::Status WriteReproducer(const Scenario& scenario, const std::string& profile, uint64_t seed,
                             const MinimizeResult& result, const std::string& output_path);

}  // namespace runner
