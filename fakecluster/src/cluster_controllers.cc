// Deletion (finalizers, propagation policies) and the background controllers of the fake:
// garbage collector, namespace cleanup and CRD instance cleanup.
#include <algorithm>

#include <fmt/format.h>

#include "cluster_impl.h"

namespace fakecluster {
namespace {

constexpr std::string_view kForeground = "foregroundDeletion";
constexpr std::string_view kOrphan = "orphan";
constexpr std::string_view kGcActor = "garbage-collector";
constexpr std::string_view kNamespaceActor = "namespace-controller";
constexpr std::string_view kCrdActor = "apiextensions-controller";

bool HasFinalizer(const kube::Json& object, std::string_view finalizer) {
  auto metadata = object.find("metadata");
  if (metadata == object.end()) return false;
  auto it = metadata->find("finalizers");
  if (it == metadata->end() || !it->is_array()) return false;
  return std::find(it->begin(), it->end(), finalizer) != it->end();
}

// Whether a namespace's spec.finalizers (["kubernetes"] until the namespace controller has
// emptied the namespace) are done.
bool NamespaceFinalized(const kube::Json& ns) {
  auto spec = ns.find("spec");
  if (spec == ns.end() || !spec->is_object()) return true;
  auto finalizers = spec->find("finalizers");
  return finalizers == spec->end() || !finalizers->is_array() || finalizers->empty();
}

bool IsDeleting(const kube::Json& object) {
  return object.contains("metadata") && object["metadata"].contains("deletionTimestamp");
}

}  // namespace

kube::Status FakeCluster::Impl::Delete(const kube::GroupVersionKind& gvk, std::string_view ns,
                                       std::string_view name, const kube::DeleteOptions& options,
                                       std::string_view actor) {
  std::lock_guard<std::mutex> lock(mu_);
  KUBE_ASSIGN_OR_RETURN(size_t table_index, ResolveLocked(gvk));
  const ResourceTable& table = store_.Table(table_index);
  KUBE_RETURN_IF_ERROR(InjectFaultLocked(VerbClass::kDelete, "delete", table, ns, name, actor));
  std::string key = StoreKey(table.info.namespaced ? ns : "", name);
  const StoredRecord* record = store_.Find(table_index, key);
  if (!record) return kube::NotFoundError(table.info.QualifiedResource(), name);
  if (options.precondition_uid && *options.precondition_uid != record->uid) {
    return kube::ConflictError(
        table.info.QualifiedResource(), name,
        fmt::format("Precondition failed: UID in precondition: {}, UID in object meta: {}",
                    *options.precondition_uid, record->uid));
  }
  std::string current_rv = std::to_string(record->resource_version);
  if (options.precondition_resource_version &&
      *options.precondition_resource_version != current_rv) {
    return kube::ConflictError(
        table.info.QualifiedResource(), name,
        fmt::format("Precondition failed: ResourceVersion in precondition: {}, ResourceVersion "
                    "in meta: {}",
                    *options.precondition_resource_version, current_rv));
  }
  if (options.dry_run) return kube::Status::Ok();
  return DeleteLocked(table_index, key, options.propagation, actor);
}

kube::Status FakeCluster::Impl::DeleteLocked(size_t table_index, const std::string& key,
                                             kube::PropagationPolicy propagation,
                                             std::string_view actor) {
  const StoredRecord* record = store_.Find(table_index, key);
  if (!record) return kube::Status::Ok();
  kube::Json object = DecodeObject(*record->blob);
  kube::GroupVersionKind gvk = kube::ObjectView(object).Gvk();
  if (IsDeleting(object)) return kube::Status::Ok();  // already being deleted

  // The policy the delete takes effect with, for the write log: a request without one gets
  // the object's own orphan / foregroundDeletion finalizer, else Background.
  kube::PropagationPolicy effective = propagation;
  if (effective == kube::PropagationPolicy::kDefault) {
    effective = HasFinalizer(object, kOrphan)       ? kube::PropagationPolicy::kOrphan
                : HasFinalizer(object, kForeground) ? kube::PropagationPolicy::kForeground
                                                    : kube::PropagationPolicy::kBackground;
  }
  std::string_view effective_name = kube::PropagationPolicyName(effective);
  kube::Json& metadata = object["metadata"];
  if (propagation == kube::PropagationPolicy::kForeground ||
      propagation == kube::PropagationPolicy::kOrphan) {
    std::string_view finalizer =
        propagation == kube::PropagationPolicy::kForeground ? kForeground : kOrphan;
    if (!HasFinalizer(object, finalizer)) {
      if (!metadata["finalizers"].is_array()) metadata["finalizers"] = kube::Json::array();
      metadata["finalizers"].push_back(finalizer);
    }
  }
  bool has_finalizers = metadata.contains("finalizers") && metadata["finalizers"].is_array() &&
                        !metadata["finalizers"].empty();
  if (table_index == namespace_table_) {
    has_finalizers = true;  // spec.finalizers ["kubernetes"]: the namespace controller empties it
    object["status"]["phase"] = "Terminating";
  }
  if (!has_finalizers) {
    (void)RemoveLocked(table_index, key, actor, effective_name);
    return kube::Status::Ok();
  }
  metadata["deletionTimestamp"] = kube::FormatRfc3339(clock_.Now());
  metadata["deletionGracePeriodSeconds"] = 0;
  if (metadata.contains("generation")) {
    metadata["generation"] = metadata["generation"].get<int64_t>() + 1;
  }
  kube::Json old_object = DecodeObject(*record->blob);
  auto committed =
      CommitLocked(table_index, key, &old_object, std::move(object), "delete", actor, "", gvk);
  if (committed.ok() && options_.record_write_log && !write_log_.empty() &&
      write_log_.back().verb == "delete") {
    write_log_.back().propagation = std::string(effective_name);
  }
  return committed.status();
}

kube::Json FakeCluster::Impl::RemoveLocked(size_t table_index, const std::string& key,
                                           std::string_view actor, std::string_view propagation) {
  const StoredRecord* record = store_.Find(table_index, key);
  if (!record) return nullptr;
  kube::Json last = DecodeObject(*record->blob);
  Blob previous = record->blob;
  std::string uid = record->uid;
  uint64_t rv = ++resource_version_;
  last["metadata"]["resourceVersion"] = std::to_string(rv);
  RecordWriteLocked(rv, "remove", actor, last, propagation);
  store_.Erase(table_index, key);
  terminating_owners_.erase({table_index, key});
  cleanup_pending_.erase({table_index, key});
  hub_.Record({rv, kube::WatchEventType::kDeleted, table_index, key, EncodeObject(last), previous},
              DeliveryFaultsLocked(table_index));
  if (table_index == crd_table_) UnregisterCrdLocked(last);
  EnqueueDependentsLocked(uid);
  return last;
}

void FakeCluster::Impl::EnqueueGcLocked(const ObjectLocator& locator) {
  if (!gc_queued_.insert(locator).second) return;
  kube::TimeMillis delay = 0;
  if (options_.faults.gc_delay_max_ms > 0) {
    delay = static_cast<kube::TimeMillis>(
        random_.Below(static_cast<uint64_t>(options_.faults.gc_delay_max_ms) + 1));
  }
  gc_queue_.insert({clock_.Now() + delay, gc_sequence_++, locator});
}

void FakeCluster::Impl::EnqueueDependentsLocked(const std::string& owner_uid) {
  if (owner_uid.empty()) return;
  for (const auto& dependent : store_.DependentsOf(owner_uid)) EnqueueGcLocked(dependent);
}

// The garbage collector's verdict on one dependent, as attemptToDeleteItem decides it. Each
// owner reference is dangling (no owner under that name in the dependent's namespace or the
// cluster, or one with another uid), waiting (the owner is being deleted with foregroundDeletion)
// or solid (anything else, including an owner terminating without that finalizer). With a solid
// owner, the dangling and waiting references are removed; without one, the dependent is deleted
// (Foreground when it waits on a foreground owner and has dependents of its own). A reference the
// collector cannot resolve (unknown kind) or may not follow (a cluster-scoped dependent naming a
// namespaced kind) leaves the dependent untouched: the real collector retries or forgets it.
bool FakeCluster::Impl::ProcessGcItemLocked(const ObjectLocator& locator) {
  // Decided on the stored records' metadata; the dependent is decoded only to be changed.
  const StoredRecord* record = store_.Find(locator.table, locator.key);
  if (!record || record->deleting || record->owner_refs.empty()) return false;
  bool dependent_namespaced = store_.Table(locator.table).info.namespaced;
  std::string_view dependent_ns;
  if (dependent_namespaced) {
    dependent_ns = std::string_view(locator.key).substr(0, locator.key.find('/'));
  }
  std::vector<std::string> dropped_uids;  // dangling and waiting references
  bool any_solid = false;
  bool any_waiting = false;
  for (const StoredOwnerRef& ref : record->owner_refs) {
    auto owner_table =
        store_.FindTable(kube::GroupVersionKind::FromApiVersion(ref.api_version, ref.kind));
    if (!owner_table) return false;
    bool owner_namespaced = store_.Table(*owner_table).info.namespaced;
    if (owner_namespaced && !dependent_namespaced) return false;
    const StoredRecord* owner =
        store_.Find(*owner_table, StoreKey(owner_namespaced ? dependent_ns : "", ref.name));
    if (!owner || owner->uid != ref.uid) {
      dropped_uids.push_back(ref.uid);
      continue;
    }
    if (owner->deleting && owner->HasFinalizer(kForeground)) {
      any_waiting = true;
      dropped_uids.push_back(ref.uid);
    } else {
      any_solid = true;
    }
  }
  if (any_solid) {
    if (dropped_uids.empty()) return false;
    kube::Json object = DecodeObject(*record->blob);
    kube::ObjectView view(object);
    std::vector<kube::OwnerReference> refs = view.OwnerReferences();
    std::erase_if(refs, [&dropped_uids](const kube::OwnerReference& r) {
      return std::find(dropped_uids.begin(), dropped_uids.end(), r.uid) != dropped_uids.end();
    });
    kube::Object target(object);
    target.SetOwnerReferences(refs);
    auto committed = CommitLocked(locator.table, locator.key, &object, target.json(), "patch",
                                  kGcActor, "", view.Gvk());
    return committed.ok();
  }
  kube::PropagationPolicy policy = kube::PropagationPolicy::kBackground;
  if (any_waiting && !store_.DependentsOf(record->uid).empty()) {
    policy = kube::PropagationPolicy::kForeground;
  } else if (record->HasFinalizer(kOrphan)) {
    policy = kube::PropagationPolicy::kOrphan;
  } else if (record->HasFinalizer(kForeground)) {
    policy = kube::PropagationPolicy::kForeground;
  }
  (void)DeleteLocked(locator.table, locator.key, policy, kGcActor);
  return true;
}

void FakeCluster::Impl::RemoveFinalizerLocked(size_t table, const std::string& key,
                                              std::string_view finalizer, std::string_view actor) {
  const StoredRecord* record = store_.Find(table, key);
  if (!record) return;
  kube::Json object = DecodeObject(*record->blob);
  kube::Json updated = object;
  auto& finalizers = updated["metadata"]["finalizers"];
  if (!finalizers.is_array()) return;
  finalizers.erase(std::remove(finalizers.begin(), finalizers.end(), finalizer), finalizers.end());
  if (finalizers.empty()) updated["metadata"].erase("finalizers");
  (void)CommitLocked(table, key, &object, std::move(updated), "update", actor, "",
                     kube::ObjectView(object).Gvk());
}

// Owners deleted with Orphan or Foreground propagation: orphan or delete their dependents, then
// drop the finalizer once nothing blocks.
bool FakeCluster::Impl::ProcessTerminatingOwnersLocked() {
  bool did = false;
  std::vector<ObjectLocator> owners(terminating_owners_.begin(), terminating_owners_.end());
  for (const auto& owner : owners) {
    const StoredRecord* record = store_.Find(owner.table, owner.key);
    if (!record) {
      terminating_owners_.erase(owner);
      continue;
    }
    kube::Json object = DecodeObject(*record->blob);
    std::string uid = record->uid;
    if (HasFinalizer(object, kOrphan)) {
      for (const auto& dependent : store_.DependentsOf(uid)) {
        const StoredRecord* dep = store_.Find(dependent.table, dependent.key);
        kube::Json dep_object = DecodeObject(*dep->blob);
        kube::Object updated(dep_object);
        std::vector<kube::OwnerReference> refs = updated.OwnerReferences();
        std::erase_if(refs, [&uid](const kube::OwnerReference& r) { return r.uid == uid; });
        updated.SetOwnerReferences(refs);
        (void)CommitLocked(dependent.table, dependent.key, &dep_object, updated.json(), "patch",
                           kGcActor, "", updated.Gvk());
      }
      RemoveFinalizerLocked(owner.table, owner.key, kOrphan, kGcActor);
      did = true;
      continue;
    }
    if (HasFinalizer(object, kForeground)) {
      // Dependents were queued for the collector when the owner entered foreground deletion;
      // the owner goes once no dependent with blockOwnerDeletion references it any more.
      bool blocked = false;
      for (const auto& dependent : store_.DependentsOf(uid)) {
        const StoredRecord* dep = store_.Find(dependent.table, dependent.key);
        for (const auto& ref : kube::Object(DecodeObject(*dep->blob)).OwnerReferences()) {
          if (ref.uid == uid && ref.block_owner_deletion.value_or(false)) blocked = true;
        }
      }
      if (!blocked) {
        RemoveFinalizerLocked(owner.table, owner.key, kForeground, kGcActor);
        did = true;
      }
      continue;
    }
    terminating_owners_.erase(owner);
  }
  return did;
}

bool FakeCluster::Impl::ProcessNamespacesLocked() {
  bool did = false;
  std::vector<std::string> terminating;
  for (const ObjectLocator& pending : cleanup_pending_) {
    if (pending.table != namespace_table_) continue;
    const StoredRecord* record = store_.Find(pending.table, pending.key);
    if (!record) continue;
    kube::Json ns = DecodeObject(*record->blob);
    if (IsDeleting(ns) && !NamespaceFinalized(ns)) terminating.push_back(pending.key);
  }
  for (const auto& ns : terminating) {
    bool empty = true;
    std::string prefix = ns + "/";
    for (size_t t = 0; t < store_.TableCount(); ++t) {
      const auto& objects = store_.Table(t).objects;
      std::vector<std::string> keys;
      for (auto it = objects.lower_bound(prefix);
           it != objects.end() && it->first.compare(0, prefix.size(), prefix) == 0; ++it) {
        keys.push_back(it->first);
      }
      for (const auto& key : keys) {
        empty = false;
        const StoredRecord* record = store_.Find(t, key);
        if (!IsDeleting(DecodeObject(*record->blob))) {
          (void)DeleteLocked(t, key, kube::PropagationPolicy::kBackground, kNamespaceActor);
          did = true;
        }
      }
    }
    if (empty) {
      // The controller's /finalize empties spec.finalizers; the namespace goes in that write
      // unless metadata.finalizers remain, and then when the last of them is removed.
      kube::Json old = DecodeObject(*store_.Find(namespace_table_, ns)->blob);
      kube::Json finalized = old;
      finalized["spec"].erase("finalizers");
      (void)CommitLocked(namespace_table_, ns, &old, std::move(finalized), "update",
                         kNamespaceActor, "", kube::ObjectView(old).Gvk());
      did = true;
    }
  }
  return did;
}

bool FakeCluster::Impl::ProcessCrdCleanupLocked() {
  bool did = false;
  std::vector<std::string> deleting;
  for (const ObjectLocator& pending : cleanup_pending_) {
    if (pending.table == crd_table_ && store_.Find(pending.table, pending.key)) {
      deleting.push_back(pending.key);
    }
  }
  for (const auto& key : deleting) {
    kube::Json crd = DecodeObject(*store_.Find(crd_table_, key)->blob);
    const kube::Json& spec = crd["spec"];
    std::optional<size_t> table;
    for (const auto& version : spec["versions"]) {
      table = store_.FindTable(
          {spec.value("group", ""), version.value("name", ""), spec["names"].value("kind", "")});
      if (table) break;
    }
    bool empty = true;
    if (table) {
      std::vector<std::string> keys;
      for (const auto& [object_key, record] : store_.Table(*table).objects) {
        keys.push_back(object_key);
      }
      for (const auto& object_key : keys) {
        empty = false;
        if (!IsDeleting(DecodeObject(*store_.Find(*table, object_key)->blob))) {
          (void)DeleteLocked(*table, object_key, kube::PropagationPolicy::kBackground, kCrdActor);
          did = true;
        }
      }
    }
    if (empty) {
      RemoveFinalizerLocked(crd_table_, key, "customresourcecleanup.apiextensions.k8s.io",
                            kCrdActor);
      did = true;
    }
  }
  return did;
}

bool FakeCluster::Impl::RunControllers() {
  std::lock_guard<std::mutex> lock(mu_);
  kube::TimeMillis now = clock_.Now();
  bool did = hub_.Tick(now, options_.bookmark_interval_ms, resource_version_);
  // Bounded: every round either writes or stops; a cycle of writes is a bug worth surfacing.
  for (int round = 0; round < 100000; ++round) {
    bool progress = false;
    if (options_.garbage_collector_enabled) {
      while (!gc_queue_.empty() && std::get<0>(*gc_queue_.begin()) <= now) {
        ObjectLocator locator = std::get<2>(*gc_queue_.begin());
        gc_queue_.erase(gc_queue_.begin());
        gc_queued_.erase(locator);
        progress |= ProcessGcItemLocked(locator);
      }
      progress |= ProcessTerminatingOwnersLocked();
    }
    progress |= ProcessNamespacesLocked();
    progress |= ProcessCrdCleanupLocked();
    if (!progress) break;
    did = true;
  }
  return did;
}

std::optional<kube::TimeMillis> FakeCluster::Impl::NextControllerWakeup() const {
  std::lock_guard<std::mutex> lock(mu_);
  std::optional<kube::TimeMillis> next = hub_.NextWakeup(options_.bookmark_interval_ms);
  if (options_.garbage_collector_enabled && !gc_queue_.empty()) {
    kube::TimeMillis due = std::get<0>(*gc_queue_.begin());
    if (!next || due < *next) next = due;
  }
  return next;
}

bool FakeCluster::Impl::HasPendingControllerWork() const {
  std::lock_guard<std::mutex> lock(mu_);
  kube::TimeMillis now = clock_.Now();
  return (options_.garbage_collector_enabled && !gc_queue_.empty() &&
          std::get<0>(*gc_queue_.begin()) <= now) ||
         hub_.HasDueEvents(now);
}

}  // namespace fakecluster
