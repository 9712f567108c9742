// ClusterBackend: the scenarios against a real API server where the implementation is already
// installed (`stashsim run --cluster KUBECONFIG`, docs/external-implementations.md). Each run
// gets its own names (ClusterNames): its namespaces and cluster-scoped objects carry a random
// suffix, and all of them are deleted at the end.
//
// What cannot be done on a real cluster is left out, and said so: scenarios that inject faults
// or move the clock, or whose output depends on the exact namespace names, are skipped
// (ClusterSkipReason), and so are `extended` ones unless the installation has that behaviour;
// resync and restart are delivered by a command the user gives (e.g. a rollout restart of the
// operator), and without one those scenarios are skipped too; the write log is not visible, so
// write budgets and never-assertions are not checkable, and idempotence is checked on the generated
// objects' resourceVersions. Settling is a quiet window over the scenario's Repositories,
// BackupConfigurations and Events, within a per-step timeout.
#pragma once

#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>

#include "runner/backend.h"
#include "runner/scenario_runner.h"

namespace runner {

struct ClusterBackendOptions {
  std::string kubeconfig;      // path
  std::string context;         // empty: the kubeconfig's current context
  std::string resync_command;  // run with /bin/sh for `resync` and `restart`; empty: none
  bool extended = false;       // the installation has spec section 10's behaviour
  int quiet_ms = 1000;         // nothing of the scenario's changed for this long: settled
  int step_timeout_ms = 30000;
  int command_timeout_ms = 120000;
  std::string suffix;  // the run's names (ClusterNames); empty: drawn at random
  // A resync restarts the installation every scenario shares, which would disturb the others
  // running at once: a scenario with resync or restart steps runs alone (it holds this lock
  // exclusively), the others share it. With `runs_alone` every scenario holds it exclusively,
  // and then the idempotence invariant (one more resync changes nothing) is checked too.
  std::shared_ptr<std::shared_mutex> installation_lock;
  bool runs_alone = false;
};

class ClusterBackend : public Backend {
 public:
  // `scenario`: the run's scenario (its namespaces are watched while settling).
  ClusterBackend(ClusterBackendOptions options, const Scenario& scenario);
  ~ClusterBackend() override;  // deletes everything the scenario created

  kube::Client& ScenarioClient() override;
  kube::KindRegistry Kinds() override;
  std::optional<std::vector<fakecluster::WriteRecord>> WriteLog() const override {
    return std::nullopt;
  }
  bool CanResync() const override { return !options_.resync_command.empty() && alone_; }
  kube::Status Start() override;
  kube::Status Quiesce() override;
  kube::Status Resync() override;
  kube::Status Restart() override;
  kube::Status AdvanceClock(kube::TimeMillis millis) override;
  std::optional<kube::Status> LastError(const std::string&, const std::string&) const override {
    return std::nullopt;
  }
  std::string ImplementationActor() const override { return ""; }
  std::optional<int> ExpectationTimeoutMs() const override { return options_.step_timeout_ms; }
  std::string ImplementationOutput() const override;

 private:
  class Impl;
  ClusterBackendOptions options_;
  std::unique_lock<std::shared_mutex> exclusive_;
  std::shared_lock<std::shared_mutex> shared_;
  bool alone_ = false;
  std::unique_ptr<Impl> impl_;
};

// Why `scenario` cannot run on a real cluster with these options ("" when it can).
std::string ClusterSkipReason(const Scenario& scenario, const ClusterBackendOptions& options);

// A factory for RunSuite: each run gets `base` with a suffix of its own, and all share one
// installation lock.
BackendFactory ClusterBackendFactory(ClusterBackendOptions base);

}  // namespace runner
