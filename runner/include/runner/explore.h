// Exploration: every scenario under many seeded fault schedules (fake-apiserver.md section 6).
// Each selected (scenario, profile) is run once calm (only the scenario's own faults) and once
// per seed with the chosen faults on. After every step the faults pause and the implementation
// settles (in the blueprint era one resync first, since spec 7 retries nothing before it; then
// the virtual clock runs through every pending retry), and the generated Repositories and
// BackupConfigurations, with uids replaced by what they name, must equal the calm run's at the
// same step (convergence). Invariants are checked on every run: no Repository deleted by the
// implementation, never two BackupConfigurations owned by one target, no owner reference to a
// uid its owner no longer has, and nothing written by a resync after the last step.
// A failing run carries its seed, the faults that fired and a command that replays it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "fakecluster/faults.h"
#include "kube/status.h"
#include "runner/mutants.h"
#include "runner/result.h"
#include "runner/scenario.h"
#include "runner/scenario_runner.h"
#include "runner/suite.h"

namespace runner {

// The faults `--faults` can name, in the order they are listed; all are on by default.
const std::vector<std::string>& ExploreFaultNames();

// What `--faults` means: no name or "all" is every fault, "none" is dropped (so "none" alone
// is no fault), duplicates are dropped; an unknown name is an error that lists the known ones.
kube::StatusOr<std::vector<std::string>> ResolveExploreFaults(
    const std::vector<std::string>& names);

// The plan that switches on the named faults (each at exploration's rate), the names read as
// ResolveExploreFaults reads them, except that no name at all is no fault.
kube::StatusOr<fakecluster::FaultPlan> ExploreFaultPlan(const std::vector<std::string>& names);
// The fault names a scenario may be explored under: its `explore.faults`, else every fault
// when it declares no faults of its own, else none.
std::vector<std::string> AllowedFaults(const Scenario& scenario);

struct ExploreOptions {
  uint64_t first_seed = 1;
  size_t seeds = 3;                 // from first_seed on; a scenario's `explore.seeds` replace them
  std::vector<std::string> faults;  // fault names; empty: every one
  MutantSet mutants;
  // Virtual time the clock runs after each step while faults pause: longer than the longest
  // retry backoff (1000 s, client-go's cap), so every pending retry fires. The periodic resync
  // is off during exploration; only retries and the blueprint era's settling resync heal.
  int64_t settle_ms = 20 * 60 * 1000;
  size_t jobs = 1;
  std::string replay_prefix = "stashsim explore";
  bool keep_history = false;  // ExploreRun::history of failing runs
  // ExploreOne only: the fault occurrences that may fire (FaultPlan::only_occurrences), in
  // place of the scenario's `explore.occurrences`; nullopt: the scenario's.
  std::optional<std::vector<uint64_t>> occurrences;
  // The implementation explored: the in-process reference by default, or an external one
  // (runner/external_backend.h), whose faults then apply at the HTTP boundary.
  BackendFactory factory = MakeReferenceBackend;
};

struct ExploreRun {
  std::string id;
  std::string profile;
  std::string file;
  uint64_t seed = 0;                // 0: the calm run
  std::vector<std::string> faults;  // the fault names switched on
  std::vector<Failure> failures;
  std::vector<std::string> faults_fired;
  std::vector<uint64_t> occurrences;  // ExploreOne only: FaultRecord::occurrence of each fired
  std::string replay_command;
  // With ExploreOptions::keep_history: every write and fault of the faulty run, in order.
  std::vector<std::string> history;
  // The faulty run's final store and write log (ExploreOne only): equal for equal seeds.
  std::string fingerprint;
};

struct ExploreSummary {
  size_t pairs = 0;         // (scenario, profile) pairs explored
  size_t not_explored = 0;  // pairs skipped: the scenario allows no fault, or not selected
  size_t runs = 0;          // faulty runs
  size_t faults_fired = 0;
  std::vector<ExploreRun> failed;  // calm or faulty runs with failures, in suite order
  double seconds = 0;
  bool Passed() const { return failed.empty(); }
};

ExploreSummary Explore(const std::vector<Scenario>& scenarios, const Selection& selection,
                       const ExploreOptions& options);

// One faulty run of one scenario, compared with its calm run: what `--seeds 1` replays.
ExploreRun ExploreOne(const Scenario& scenario, const std::string& profile, uint64_t seed,
                      const std::vector<std::string>& faults, const ExploreOptions& options);

}  // namespace runner
