// The suite layer: finds and loads scenario files, selects by ID, label and profile, runs each
// selected (scenario, profile) pair, and applies an implementation's expectations file
// (scenario IDs expected to fail, with reasons; an unexpected pass is reported).
#pragma once

#include <functional>
#include <set>
#include <string>
#include <vector>

#include "kube/status.h"
#include "runner/result.h"
#include "runner/scenario.h"
#include "runner/scenario_loader.h"
#include "runner/scenario_runner.h"

namespace runner {

struct ExpectedFailure {
  std::string id;
  std::string profile;  // empty: every profile
  std::string reason;
};

// Expectations file (YAML):
//   implementation: my-operator
//   expectedFailures:
//     - {id: TPL-LIFE-0003, profile: stash-template, reason: "we only follow at resync"}
// Every entry needs a string id and a non-empty string reason; profile, if given, is a string.
// One (id, profile) listed twice is an error. Errors name the file and the entry.
kube::StatusOr<std::vector<ExpectedFailure>> LoadExpectations(const std::string& path);

// Applies the first entry for result.id and result.profile (an entry without a profile covers
// every profile): a failure becomes an expected failure, a pass an unexpected pass, with the
// entry's reason. Any other outcome (error, skipped) is left as it is.
void ApplyExpectedFailures(const std::vector<ExpectedFailure>& expected, ScenarioResult& result);

struct Selection {
  std::vector<std::string> ids;                // empty: all
  std::vector<std::string> labels;             // scenario must carry at least one; empty: all
  std::vector<std::string> profiles;           // empty: every profile the scenario declares
  std::set<std::string> unsupported_features;  // scenarios needing these are skipped
  // What the backend cannot run: the reason a scenario is skipped, "" when it can run.
  std::function<std::string(const Scenario&)> backend_limits;
};

struct SuiteOptions {
  std::vector<std::string> paths;  // files or directories
  Selection selection;
  RunOptions run;
  std::vector<ExpectedFailure> expected_failures;
  std::string implementation = "reference";
  std::string replay_prefix = "stashsim run";
  // Scenario runs at once (each has its own cluster); results keep the suite's order.
  size_t jobs = 1;
};

// The scenarios under some paths, with the checks of `lint` (duplicate IDs included): the files
// that pass, and those that do not with their problems.
struct LoadedSuite {
  std::vector<Scenario> scenarios;
  std::vector<LoadedFile> failed;
};

// Loads every scenario file under `paths` (a file reached twice is loaded once). Error (usage)
// only for a path that does not exist; a file with problems is in `failed`.
kube::StatusOr<LoadedSuite> LoadSuite(const std::vector<std::string>& paths);

// LoadSuite, where any file with problems is an error: one Status naming each problem.
kube::StatusOr<std::vector<Scenario>> LoadScenarios(const std::vector<std::string>& paths);

// Adds an `error` result for each file that could not be loaded, before the others: id as
// written in the file (else the file name), profile "", the problems as failures. A file whose
// id could be read is left out when `selection` names other ids. Returns how many were added.
size_t AddLoadErrors(const std::vector<LoadedFile>& failed, const Selection& selection,
                     RunSummary& summary);

// The (scenario, profile) pairs a selection names, in suite order; `skip_reason` says why a
// pair is not run ("" when it is).
struct SelectedRun {
  const Scenario* scenario;
  std::string profile;
  std::string skip_reason;
};
std::vector<SelectedRun> SelectRuns(const std::vector<Scenario>& scenarios,
                                    const Selection& selection);

// Calls body(0) ... body(count - 1), on up to `jobs` threads at once.
void ParallelFor(size_t count, size_t jobs, const std::function<void(size_t)>& body);

RunSummary RunSuite(const std::vector<Scenario>& scenarios, const SuiteOptions& options,
                    const BackendFactory& factory = MakeReferenceBackend);

}  // namespace runner
