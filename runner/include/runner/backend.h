// Backend: the implementation under test together with the cluster it runs against, behind
// one interface the scenario runner drives. InProcessBackend runs the reference reconciler
// on the embedded fake cluster under a virtual clock and brings every step to quiescence:
// no queued watch event, no pending reconcile, no due controller work. A crash injected by the
// fault plan restarts the controller (its memory lost) as soon as it is noticed.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "fakecluster/cluster.h"
#include "kube/clock.h"
#include "reference/controller.h"

namespace runner {

struct BackendOptions {
  reference::ReconcilerOptions reconciler;
  uint64_t seed = 1;
  fakecluster::FaultPlan faults;
  int max_quiescence_rounds = 10000;
};

class Backend {
 public:
  virtual ~Backend() = default;
  // The client scenario steps write through (actor "scenario").
  virtual kube::Client& ScenarioClient() = 0;
  // The kinds the cluster serves (a scenario may name a kind without its apiVersion).
  virtual kube::KindRegistry Kinds() = 0;
  // Every write so far, oldest first, when the backend sees them all (a fake cluster). nullopt
  // on a real cluster: write budgets and never-assertions are then not checkable.
  virtual std::optional<std::vector<fakecluster::WriteRecord>> WriteLog() const = 0;
  // Every fault injected into the implementation's requests, when the backend injects them.
  virtual std::optional<std::vector<fakecluster::FaultRecord>> FaultLog() const {
    return std::nullopt;
  }
  // The final store and write log, compared between two runs of one seed (the determinism
  // invariant); nullopt when a run cannot be replayed exactly.
  virtual std::optional<std::string> Fingerprint() const { return std::nullopt; }
  // Whether Resync and Restart can be delivered (a real cluster needs a command for it).
  virtual bool CanResync() const { return true; }
  // Exploration: while paused, only the plan's aimed errors reach the implementation, so it
  // can settle. False when the backend injects no faults.
  virtual bool PauseFaults(bool /*paused*/) { return false; }
  // Starts the implementation (after the scenario's `given` objects exist).
  virtual kube::Status Start() = 0;
  // Runs until nothing more happens without the clock moving.
  virtual kube::Status Quiesce() = 0;
  virtual kube::Status Resync() = 0;
  virtual kube::Status Restart() = 0;
  // Moves virtual time forward, firing every timer on the way, quiescing after each.
  virtual kube::Status AdvanceClock(kube::TimeMillis millis) = 0;
  // The implementation's last error for a target; nullopt when not observable.
  virtual std::optional<kube::Status> LastError(const std::string& kind,
                                                const std::string& object_key) const = 0;
  // The actor name the implementation's writes carry in the cluster's write log.
  virtual std::string ImplementationActor() const = 0;
  // For implementations that settle on real time: how long a step's expectations may take to
  // be met (they are checked again until then, and must still hold after a quiet window).
  // nullopt: quiescence is exact and expectations are checked once.
  virtual std::optional<int> ExpectationTimeoutMs() const { return std::nullopt; }
  // The implementation's own output (logs), for the report of a failing scenario.
  virtual std::string ImplementationOutput() const { return ""; }
};

class InProcessBackend : public Backend {
 public:
  explicit InProcessBackend(BackendOptions options);
  ~InProcessBackend() override;

  kube::Client& ScenarioClient() override { return *scenario_client_; }
  kube::KindRegistry Kinds() override { return cluster_->Kinds(); }
  std::optional<std::vector<fakecluster::WriteRecord>> WriteLog() const override {
    return cluster_->WriteLog();
  }
  std::optional<std::vector<fakecluster::FaultRecord>> FaultLog() const override {
    return cluster_->FaultLog();
  }
  std::optional<std::string> Fingerprint() const override;
  bool PauseFaults(bool paused) override;
  kube::Status Start() override;
  kube::Status Quiesce() override;
  kube::Status Resync() override;
  kube::Status Restart() override;
  kube::Status AdvanceClock(kube::TimeMillis millis) override;
  std::optional<kube::Status> LastError(const std::string& kind,
                                        const std::string& object_key) const override;
  std::string ImplementationActor() const override;

  kube::VirtualClock& Clock() { return clock_; }

 private:
  BackendOptions options_;
  kube::VirtualClock clock_;
  std::unique_ptr<fakecluster::FakeCluster> cluster_;
  std::unique_ptr<kube::Client> scenario_client_;
  std::unique_ptr<kube::Client> implementation_client_;
  std::unique_ptr<reference::Controller> controller_;
};

}  // namespace runner
