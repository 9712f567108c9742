// InProcessBackend: reference controller + fake cluster + virtual clock.
#include "runner/backend.h"

#include <fmt/format.h>

namespace runner {

InProcessBackend::InProcessBackend(BackendOptions options) : options_(std::move(options)) {
  fakecluster::ClusterOptions cluster_options;
  cluster_options.seed = options_.seed;
  cluster_options.faults = options_.faults;
  // Faults are for the implementation under test; the runner's own reads and the scenario's
  // steps go through unharmed.
  cluster_options.faults.only_actor = options_.reconciler.field_manager;
  cluster_ = std::make_unique<fakecluster::FakeCluster>(clock_, cluster_options);
  scenario_client_ = cluster_->ClientFor("scenario");
  implementation_client_ = cluster_->ClientFor(options_.reconciler.field_manager);
  // The cluster's kinds (built-ins and every CRD loaded at start, DeploymentConfig included), so
  // the reference maps kinds to resources as the server does.
  controller_ = std::make_unique<reference::Controller>(*implementation_client_, clock_,
                                                        options_.reconciler, cluster_->Kinds());
}

InProcessBackend::~InProcessBackend() = default;

kube::Status InProcessBackend::Start() {
  KUBE_RETURN_IF_ERROR(controller_->Start());
  return Quiesce();
}

kube::Status InProcessBackend::Quiesce() {
  for (int round = 0; round < options_.max_quiescence_rounds; ++round) {
    bool progress = cluster_->RunControllers();
    progress |= controller_->Step();
    if (cluster_->TakeCrash()) {
      // The operator's process died after a write (FaultPlan::crash_rate): it starts again.
      KUBE_RETURN_IF_ERROR(controller_->Restart());
      progress = true;
    }
    if (!progress) return kube::Status::Ok();
  }
  return kube::InternalError(
      fmt::format("no quiescence after {} rounds: the implementation "
                  "keeps writing",
                  options_.max_quiescence_rounds));
}

kube::Status InProcessBackend::Resync() {
  controller_->ResyncNow();
  return Quiesce();
}

kube::Status InProcessBackend::Restart() {
  KUBE_RETURN_IF_ERROR(controller_->Restart());
  return Quiesce();
}

kube::Status InProcessBackend::AdvanceClock(kube::TimeMillis millis) {
  const kube::TimeMillis target = clock_.Now() + millis;
  for (int round = 0; round < options_.max_quiescence_rounds; ++round) {
    std::optional<kube::TimeMillis> next = cluster_->NextControllerWakeup();
    std::optional<kube::TimeMillis> controller_next = controller_->NextWakeup();
    if (controller_next && (!next || *controller_next < *next)) next = controller_next;
    if (!next || *next > target) break;
    clock_.AdvanceTo(*next);
    KUBE_RETURN_IF_ERROR(Quiesce());
  }
  clock_.AdvanceTo(target);
  return Quiesce();
}

std::optional<kube::Status> InProcessBackend::LastError(const std::string& kind,
                                                        const std::string& object_key) const {
  return controller_->LastError(kind, object_key);
}

std::optional<std::string> InProcessBackend::Fingerprint() const {
  return cluster_->DumpStore() + "\n" + cluster_->DumpWriteLog();
}

bool InProcessBackend::PauseFaults(bool paused) {
  cluster_->SetRandomFaultsPaused(paused);
  return true;
}

std::string InProcessBackend::ImplementationActor() const {
  return options_.reconciler.field_manager;
}

}  // namespace runner
