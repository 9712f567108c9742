// BenchEnvironment: the cluster, the instrumented reference and the workload steps.
#include "runner/bench_environment.h"

#include <fmt/format.h>

#include "instrumented_client.h"

namespace runner {
namespace {

constexpr int kMaxQuiescenceRounds = 1000000;

fakecluster::ClusterOptions BenchClusterOptions(uint64_t seed) {
  fakecluster::ClusterOptions options;
  options.seed = seed;
  options.record_write_log = false;  // grows without bound; benchmarks do not read it
  return options;
}

kube::Status Annotated(kube::Status status, std::string_view what) {
  if (status.ok()) return status;
  return kube::InternalError(fmt::format("{}: {}", what, status.ToString()));
}

}  // namespace

BenchEnvironment::BenchEnvironment(const WorkloadShape& shape, uint64_t seed) : shape_(shape) {
  cluster_ = std::make_unique<fakecluster::FakeCluster>(clock_, BenchClusterOptions(seed));
  workload_client_ = cluster_->ClientFor("bench");
  reference::ReconcilerOptions reconciler;
  reconciler.profile = shape_.profile;
  reference_client_ = cluster_->ClientFor(reconciler.field_manager);
  instrumented_ = std::make_unique<InstrumentedClient>(*reference_client_,
                                                       reference::TemplateKind(shape_.profile));
  controller_ = std::make_unique<reference::Controller>(*instrumented_, clock_, reconciler,
                                                        cluster_->Kinds());
}

BenchEnvironment::~BenchEnvironment() = default;

kube::Status BenchEnvironment::CreateInputs() {
  for (size_t i = 0; i < shape_.namespaces; ++i) {
    KUBE_RETURN_IF_ERROR(Annotated(workload_client_->Create(BenchNamespace(i)).status(),
                                   "creating namespace " + BenchNamespaceName(i)));
  }
  for (size_t i = 0; i < shape_.templates; ++i) {
    auto created = workload_client_->Create(BenchTemplate(shape_.profile, i, 1));
    KUBE_RETURN_IF_ERROR(Annotated(created.status(), "creating " + BenchTemplateName(i)));
  }
  return kube::Status::Ok();
}

kube::Status BenchEnvironment::CreateTargets(size_t begin, size_t end) {
  for (size_t i = begin; i < end; ++i) {
    auto created = workload_client_->Create(BenchTarget(shape_, i));
    if (!created.ok()) {
      return Annotated(created.status(), fmt::format("creating target {}", i));
    }
    if (progress_ && (i + 1) % 256 == 0) progress_(i + 1 - begin);
  }
  return kube::Status::Ok();
}

kube::Status BenchEnvironment::StartController() {
  return Annotated(controller_->Start(), "starting the reference");
}

kube::Status BenchEnvironment::Quiesce() {
  for (int round = 0; round < kMaxQuiescenceRounds; ++round) {
    bool progress = cluster_->RunControllers();
    progress |= controller_->Step();
    instrumented_->EndReconcile();
    if (!progress) return kube::Status::Ok();
  }
  return kube::InternalError(fmt::format(
      "no quiescence after {} rounds: the reference keeps writing", kMaxQuiescenceRounds));
}

kube::Status BenchEnvironment::ChangeTemplates(int revision) {
  const std::string patch = BenchTemplatePatch(revision);
  for (size_t i = 0; i < shape_.templates; ++i) {
    auto patched =
        workload_client_->Patch(reference::TemplateKind(shape_.profile), "", BenchTemplateName(i),
                                kube::PatchType::kMerge, patch, kube::PatchOptions{});
    KUBE_RETURN_IF_ERROR(Annotated(patched.status(), "changing " + BenchTemplateName(i)));
  }
  return kube::Status::Ok();
}

kube::Status BenchEnvironment::Unannotate(size_t begin, size_t end) {
  const std::string patch = BenchUnannotatePatch(shape_.profile);
  for (size_t i = begin; i < end; ++i) {
    kube::Object target = BenchTarget(shape_, i);
    auto patched = workload_client_->Patch(target.Gvk(), target.Namespace(), target.Name(),
                                           kube::PatchType::kMerge, patch, kube::PatchOptions{});
    if (!patched.ok()) {
      return Annotated(patched.status(), fmt::format("unannotating target {}", i));
    }
    if (progress_ && (i + 1) % 256 == 0) progress_(i + 1 - begin);
  }
  return kube::Status::Ok();
}

kube::Status BenchEnvironment::DeleteTargets(size_t begin, size_t end) {
  for (size_t i = begin; i < end; ++i) {
    kube::Object target = BenchTarget(shape_, i);
    kube::Status status = workload_client_->Delete(target.Gvk(), target.Namespace(), target.Name());
    if (!status.ok()) return Annotated(status, fmt::format("deleting target {}", i));
    if (progress_ && (i + 1) % 256 == 0) progress_(i + 1 - begin);
  }
  return kube::Status::Ok();
}

void BenchEnvironment::ResyncAll() { controller_->ResyncNow(); }

kube::StatusOr<size_t> BenchEnvironment::CountObjects(const kube::GroupVersionKind& gvk) {
  kube::ListOptions options;
  options.limit = 1;
  KUBE_ASSIGN_OR_RETURN(kube::ObjectList list, workload_client_->List(gvk, options));
  return list.items.size() + static_cast<size_t>(list.remaining_item_count.value_or(0));
}

uint64_t BenchEnvironment::ReferenceWrites() const { return instrumented_->Writes(); }
uint64_t BenchEnvironment::WatchEvents() const { return instrumented_->WatchEvents(); }
size_t BenchEnvironment::ReconcilesSeen() const { return instrumented_->ReconcilesSeen(); }
std::vector<int64_t> BenchEnvironment::TakeLatencies() { return instrumented_->TakeLatencies(); }

void BenchEnvironment::SetProgress(std::function<void(size_t)> progress) {
  progress_ = progress;
  instrumented_->SetOnReconcile(std::move(progress));
}

}  // namespace runner
