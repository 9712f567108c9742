// Runs one scenario in one profile against an implementation and checks every expectation,
// then the invariants of docs/scenario-format.md: one more resync writes nothing (idempotence)
// and the same seed gives the same final fingerprint (determinism).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "fakecluster/faults.h"
#include "runner/mutants.h"
#include "runner/backend.h"
#include "runner/result.h"
#include "runner/scenario.h"

namespace runner {

struct RunOptions {
  uint64_t seed = 1;
  MutantSet mutants;
  fakecluster::FaultPlan faults;
  bool check_idempotence = true;
  bool check_determinism = true;
};

// Builds the backend for one run; the default builds the in-process reference.
using BackendFactory =
    std::function<std::unique_ptr<Backend>(const Scenario&, const std::string& profile,
                                           const RunOptions&)>;
std::unique_ptr<Backend> MakeReferenceBackend(const Scenario& scenario, const std::string& profile,
                                              const RunOptions& options);

ScenarioResult RunScenario(const Scenario& scenario, const std::string& profile,
                           const RunOptions& options,
                           const BackendFactory& factory = MakeReferenceBackend);

}  // namespace runner
