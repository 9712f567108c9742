// ExternalProcessBackend: an implementation in any language, run as a child process against a
// fresh fake cluster served over HTTP (docs/external-implementations.md). The child gets
// KUBECONFIG (and STASHSIM_PROFILE, STASHSIM_EXTENDED); its requests are the write log's
// "implementation" actor, and the scenario's faults are aimed at them.
//
// Quiescence becomes settling on real time: no write for a quiet window, within a per-step
// timeout. `resync` and `restart` restart the process (every controller relists on start);
// `advanceClock` moves the fake cluster's clock, and restarts the process when it covers a
// resync period. A crash injected by the fault plan restarts the process. The implementation's
// last error is not observable from outside.
#pragma once

#include <memory>
#include <string>

#include "runner/backend.h"
#include "runner/scenario_runner.h"

namespace runner {

struct ExternalOptions {
  std::string command;                        // run as `/bin/sh -c "exec COMMAND"`
  std::string profile;                        // STASHSIM_PROFILE
  bool extended = false;                      // STASHSIM_EXTENDED=1
  int quiet_ms = 300;                         // no write for this long: settled
  int step_timeout_ms = 15000;                // settling (and expectations) must happen by then
  int64_t resync_period_ms = 10 * 60 * 1000;  // advanceClock past this delivers a restart
  uint64_t seed = 1;
  fakecluster::FaultPlan faults;
};

class ExternalProcessBackend : public Backend {
 public:
  explicit ExternalProcessBackend(ExternalOptions options);
  ~ExternalProcessBackend() override;

  kube::Client& ScenarioClient() override;
  kube::KindRegistry Kinds() override;
  std::optional<std::vector<fakecluster::WriteRecord>> WriteLog() const override;
  std::optional<std::vector<fakecluster::FaultRecord>> FaultLog() const override;
  bool PauseFaults(bool paused) override;
  kube::Status Start() override;
  kube::Status Quiesce() override;
  kube::Status Resync() override;
  kube::Status Restart() override;
  kube::Status AdvanceClock(kube::TimeMillis millis) override;
  std::optional<kube::Status> LastError(const std::string& kind,
                                        const std::string& object_key) const override;
  std::string ImplementationActor() const override { return "implementation"; }
  std::optional<int> ExpectationTimeoutMs() const override { return options_.step_timeout_ms; }
  std::string ImplementationOutput() const override;

 private:
  class Impl;
  ExternalOptions options_;
  std::unique_ptr<Impl> impl_;
};

// Why a scenario cannot run against a separate process, or "": one with the feature
// `virtual-clock-retries` observes the state between a failed reconcile and its retry, which a
// process backing off on its own clock has already left.
std::string ExternalSkipReason(const Scenario& scenario);

// A factory for RunSuite: each run gets `base` with the scenario's profile, extended flag,
// faults and the run's seed.
BackendFactory ExternalBackendFactory(ExternalOptions base);

}  // namespace runner
