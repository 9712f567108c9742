// Runs one scenario in one profile against an implementation and checks every expectation,
// then the invariants of docs/scenario-format.md: one more resync writes nothing (idempotence)
// and the same seed gives the same final fingerprint (determinism).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "fakecluster/faults.h"
#include "runner/backend.h"
#include "runner/mutants.h"
#include "runner/result.h"
#include "runner/scenario.h"

namespace runner {

struct RunOptions {
  uint64_t seed = 1;
  MutantSet mutants;
  fakecluster::FaultPlan faults;  // combined with the scenario's own
  bool check_idempotence = true;
  bool check_determinism = true;
  // Exploration (runner/explore.h) runs steps without checking their expectations, calls
  // `after_step` once each step's action is done (a false return ends the run), and turns the
  // reference's periodic resync off so that only retries and explicit resyncs heal.
  bool check_expectations = true;
  bool periodic_resync = true;
  std::function<bool(const std::string& step_label, Backend& backend)> after_step;
};

// Builds the backend for one run; the default builds the in-process reference.
using BackendFactory = std::function<std::unique_ptr<Backend>(
    const Scenario&, const std::string& profile, const RunOptions&)>;
std::unique_ptr<Backend> MakeReferenceBackend(const Scenario& scenario, const std::string& profile,
                                              const RunOptions& options);

ScenarioResult RunScenario(const Scenario& scenario, const std::string& profile,
                           const RunOptions& options,
                           const BackendFactory& factory = MakeReferenceBackend);

}  // namespace runner
