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
kube::StatusOr<std::vector<ExpectedFailure>> LoadExpectations(const std::string& path);

struct Selection {
  std::vector<std::string> ids;       // empty: all
  std::vector<std::string> labels;    // scenario must carry at least one; empty: all
  std::vector<std::string> profiles;  // empty: every profile the scenario declares
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

// Loads every scenario under `paths`. Load errors are returned as one Status naming each file.
kube::StatusOr<std::vector<Scenario>> LoadScenarios(const std::vector<std::string>& paths);

RunSummary RunSuite(const std::vector<Scenario>& scenarios, const SuiteOptions& options,
                    const BackendFactory& factory = MakeReferenceBackend);

}  // namespace runner
