// FakeCluster: construction, the public forwarding layer, per-actor clients and dumps.
#include "fakecluster/cluster.h"

#include <algorithm>
#include <tuple>
#include <utility>

#include <fmt/format.h>

#include "cluster_impl.h"

namespace fakecluster {
namespace {

constexpr std::string_view kDefaultActor = "fakecluster-client";

// A Client that writes as one actor (field manager) through a borrowed cluster.
class ActorClient : public kube::Client {
 public:
  ActorClient(FakeCluster::Impl& impl, std::string actor) : impl_(impl), actor_(std::move(actor)) {}

  kube::StatusOr<kube::Object> Get(const kube::GroupVersionKind& gvk, std::string_view ns,
                                   std::string_view name) override {
    return impl_.Get(gvk, ns, name, actor_);
  }
  kube::StatusOr<kube::ObjectList> List(const kube::GroupVersionKind& gvk,
                                        const kube::ListOptions& options) override {
    return impl_.List(gvk, options, actor_);
  }
  kube::StatusOr<kube::Object> Create(const kube::Object& object,
                                      const kube::WriteOptions& options) override {
    return impl_.Create(object, options, actor_);
  }
  kube::StatusOr<kube::Object> Update(const kube::Object& object,
                                      const kube::WriteOptions& options) override {
    return impl_.Update(object, options, actor_, false);
  }
  kube::StatusOr<kube::Object> UpdateStatus(const kube::Object& object,
                                            const kube::WriteOptions& options) override {
    return impl_.Update(object, options, actor_, true);
  }
  kube::StatusOr<kube::Object> Patch(const kube::GroupVersionKind& gvk, std::string_view ns,
                                     std::string_view name, kube::PatchType type,
                                     std::string_view body,
                                     const kube::PatchOptions& options) override {
    return impl_.Patch(gvk, ns, name, type, body, options, actor_);
  }
  kube::Status Delete(const kube::GroupVersionKind& gvk, std::string_view ns, std::string_view name,
                      const kube::DeleteOptions& options) override {
    return impl_.Delete(gvk, ns, name, options, actor_);
  }
  kube::StatusOr<std::unique_ptr<kube::WatchStream>> Watch(
      const kube::GroupVersionKind& gvk, const kube::WatchOptions& options) override {
    return impl_.Watch(gvk, options, actor_);
  }

 private:
  FakeCluster::Impl& impl_;
  std::string actor_;
};

}  // namespace

FakeCluster::Impl::Impl(const kube::Clock& clock, ClusterOptions options)
    : clock_(clock),
      options_(std::move(options)),
      random_(options_.seed),
      hub_(options_.watch_history_size) {
  // The server's own start-up (namespaces, CRDs) is not a client request: no faults, and no
  // managedFields (tracking the ownership of a whole CRD costs more than the rest of a run).
  FaultPlan faults = std::exchange(options_.faults, FaultPlan{});
  bool track_managed_fields = std::exchange(options_.track_managed_fields, false);
  {
    std::lock_guard<std::mutex> lock(mu_);
    RegisterBuiltInKindsLocked();
  }
  if (options_.create_default_namespace) {
    for (const char* name : {"default", "kube-system"}) {
      kube::Object ns(
          kube::Json{{"apiVersion", "v1"}, {"kind", "Namespace"}, {"metadata", {{"name", name}}}});
      (void)Create(ns, {}, "fakecluster");
    }
  }
  if (options_.load_stash_crds) {
    // The manifests are part of the build: a cluster without one of its kinds is no cluster.
    if (kube::Status loaded = LoadStashCrds(); !loaded.ok()) {
      std::fprintf(stderr, "fakecluster: embedded CRDs do not load: %s\n",
                   loaded.ToString().c_str());
      std::abort();
    }
  }
  options_.faults = faults;
  aimed_seen_.assign(options_.faults.errors.size(), 0);
  options_.track_managed_fields = track_managed_fields;
}

uint64_t FakeCluster::Impl::CurrentResourceVersion() const {
  std::lock_guard<std::mutex> lock(mu_);
  return resource_version_;
}

std::string FakeCluster::Impl::DumpStore() const {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<std::tuple<std::string, std::string, size_t>> tables;
  for (size_t i = 0; i < store_.TableCount(); ++i) {
    const auto& info = store_.Table(i).info;
    tables.emplace_back(info.gvk.ApiVersion(), info.gvk.kind, i);
  }
  std::sort(tables.begin(), tables.end());
  std::string out;
  for (const auto& [api_version, kind, index] : tables) {
    for (const auto& [key, record] : store_.Table(index).objects) {
      out += DecodeObject(*record.blob).dump();
      out += '\n';
    }
  }
  return out;
}

std::vector<WriteRecord> FakeCluster::Impl::WriteLog() const {
  std::lock_guard<std::mutex> lock(mu_);
  return write_log_;
}

std::vector<FaultRecord> FakeCluster::Impl::FaultLog() const {
  std::lock_guard<std::mutex> lock(mu_);
  return fault_log_;
}

StoreStats FakeCluster::Impl::Stats() const {
  std::lock_guard<std::mutex> lock(mu_);
  return {store_.ObjectCount(), store_.EncodedBytes(), store_.EstimatedIndexBytes()};
}

void FakeCluster::Impl::SetFaults(const FaultPlan& faults) {
  std::lock_guard<std::mutex> lock(mu_);
  options_.faults = faults;
  updates_seen_ = 0;
  aimed_seen_.assign(faults.errors.size(), 0);
}

void FakeCluster::Impl::SetRandomFaultsPaused(bool paused) {
  std::lock_guard<std::mutex> lock(mu_);
  if (paused == faults_paused_) return;
  faults_paused_ = paused;
  if (paused) {
    paused_faults_ = options_.faults;
    options_.faults = paused_faults_.AimedOnly();
  } else {
    options_.faults = std::move(paused_faults_);
  }
}

bool FakeCluster::Impl::TakeCrash() {
  std::lock_guard<std::mutex> lock(mu_);
  return std::exchange(crashed_, false);
}

void FakeCluster::Impl::SetGarbageCollectorEnabled(bool enabled) {
  std::lock_guard<std::mutex> lock(mu_);
  options_.garbage_collector_enabled = enabled;
}

FakeCluster::FakeCluster(const kube::Clock& clock, ClusterOptions options)
    : impl_(std::make_unique<Impl>(clock, std::move(options))),
      default_client_(std::make_unique<ActorClient>(*impl_, std::string(kDefaultActor))) {
  SetInner(*default_client_);
}
FakeCluster::~FakeCluster() = default;

std::unique_ptr<kube::Client> FakeCluster::ClientFor(std::string field_manager) {
  return std::make_unique<ActorClient>(*impl_, std::move(field_manager));
}

bool FakeCluster::RunControllers() { return impl_->RunControllers(); }
std::optional<kube::TimeMillis> FakeCluster::NextControllerWakeup() const {
  return impl_->NextControllerWakeup();
}
bool FakeCluster::HasPendingControllerWork() const { return impl_->HasPendingControllerWork(); }
kube::KindRegistry FakeCluster::Kinds() const { return impl_->Kinds(); }
std::optional<kube::ResourceInfo> FakeCluster::FindKind(const kube::GroupVersionKind& gvk) const {
  return impl_->FindKind(gvk);
}
std::optional<kube::ResourceInfo> FakeCluster::FindResource(
    const kube::GroupVersionResource& gvr) const {
  return impl_->FindResource(gvr);
}
kube::Json FakeCluster::SchemaFor(const kube::GroupVersionKind& gvk) const {
  return impl_->SchemaFor(gvk);
}
uint64_t FakeCluster::CurrentResourceVersion() const { return impl_->CurrentResourceVersion(); }
std::string FakeCluster::DumpStore() const { return impl_->DumpStore(); }
std::vector<WriteRecord> FakeCluster::WriteLog() const { return impl_->WriteLog(); }
std::vector<FaultRecord> FakeCluster::FaultLog() const { return impl_->FaultLog(); }

std::string FakeCluster::DumpWriteLog() const {
  std::string out;
  for (const auto& w : impl_->WriteLog()) {
    out += fmt::format("{} {} {} {}/{} {}/{}{}{}\n", w.resource_version, w.verb, w.actor,
                       w.api_version, w.kind, w.namespace_name, w.name,
                       w.propagation.empty() ? "" : " ", w.propagation);
  }
  return out;
}

StoreStats FakeCluster::Stats() const { return impl_->Stats(); }
void FakeCluster::SetFaults(const FaultPlan& faults) { impl_->SetFaults(faults); }
void FakeCluster::SetRandomFaultsPaused(bool paused) { impl_->SetRandomFaultsPaused(paused); }
bool FakeCluster::TakeCrash() { return impl_->TakeCrash(); }
void FakeCluster::SetGarbageCollectorEnabled(bool enabled) {
  impl_->SetGarbageCollectorEnabled(enabled);
}

}  // namespace fakecluster
