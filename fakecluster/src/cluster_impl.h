// FakeCluster::Impl: the state and verbs behind FakeCluster, split over cluster_*.cc by
// concern (reads, writes, deletion and controllers, kinds). Every method that ends in
// `Locked` expects mu_ to be held.
#pragma once

#include <cstdint>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "fakecluster/cluster.h"
#include "kube/random.h"
#include "object_store.h"
#include "watch_hub.h"

namespace fakecluster {

// The message of a 409 Conflict for a stale resourceVersion.
inline constexpr std::string_view kModifiedMessage =
    "the object has been modified; please apply your changes to the latest version and try again";

// The kinds of verbs faults are drawn for.
enum class VerbClass { kRead, kWrite, kUpdate, kDelete, kWatch };

class FakeCluster::Impl {
 public:
  Impl(const kube::Clock& clock, ClusterOptions options);

  kube::StatusOr<kube::Object> Get(const kube::GroupVersionKind& gvk, std::string_view ns,
                                   std::string_view name, std::string_view actor);
  kube::StatusOr<kube::ObjectList> List(const kube::GroupVersionKind& gvk,
                                        const kube::ListOptions& options, std::string_view actor);
  kube::StatusOr<kube::Object> Create(const kube::Object& object, const kube::WriteOptions& options,
                                      std::string_view actor);
  kube::StatusOr<kube::Object> Update(const kube::Object& object, const kube::WriteOptions& options,
                                      std::string_view actor, bool status_only);
  kube::StatusOr<kube::Object> Patch(const kube::GroupVersionKind& gvk, std::string_view ns,
                                     std::string_view name, kube::PatchType type,
                                     std::string_view body, const kube::PatchOptions& options,
                                     std::string_view actor);
  kube::Status Delete(const kube::GroupVersionKind& gvk, std::string_view ns, std::string_view name,
                      const kube::DeleteOptions& options, std::string_view actor);
  kube::StatusOr<std::unique_ptr<kube::WatchStream>> Watch(const kube::GroupVersionKind& gvk,
                                                           const kube::WatchOptions& options,
                                                           std::string_view actor);

  bool RunControllers();
  std::optional<kube::TimeMillis> NextControllerWakeup() const;
  bool HasPendingControllerWork() const;

  kube::KindRegistry Kinds() const;
  std::optional<kube::ResourceInfo> FindKind(const kube::GroupVersionKind& gvk) const;
  std::optional<kube::ResourceInfo> FindResource(const kube::GroupVersionResource& gvr) const;
  kube::Json SchemaFor(const kube::GroupVersionKind& gvk) const;
  uint64_t CurrentResourceVersion() const;
  std::string DumpStore() const;
  std::vector<WriteRecord> WriteLog() const;
  std::vector<FaultRecord> FaultLog() const;
  StoreStats Stats() const;
  void SetFaults(const FaultPlan& faults);
  void SetRandomFaultsPaused(bool paused);
  bool TakeCrash();
  void SetGarbageCollectorEnabled(bool enabled);

 private:
  // ---- kinds (cluster_kinds.cc)
  void RegisterBuiltInKindsLocked();
  // Creates every embedded CRD through Create (which takes the lock); the first that fails to
  // parse or load is returned, naming its manifest.
  kube::Status LoadStashCrds();
  kube::StatusOr<size_t> ResolveLocked(const kube::GroupVersionKind& gvk) const;
  // Validates a CRD object and fills its status (names accepted, established).
  kube::Status PrepareCrdLocked(kube::Json& crd) const;
  void RegisterCrdLocked(const kube::Json& crd);
  void UnregisterCrdLocked(const kube::Json& crd);

  // ---- common helpers (cluster_writes.cc)
  // Create with the lock held; `managed_fields`, when given, is stored as the object's
  // managedFields instead of recording the writer's ownership (server-side apply creates).
  kube::StatusOr<kube::Object> CreateLocked(const kube::Object& request,
                                            const kube::WriteOptions& options,
                                            std::string_view actor,
                                            const kube::Json* managed_fields);
  // The stale-read fault (FaultPlan::stale_read_rate) for one read by `actor`: the past
  // resourceVersion to serve it at, or nullopt when none is drawn or the history no longer
  // reaches that far back.
  // `cache_allowed`: the request accepts a cached answer (resourceVersion "0" or "N"), which
  // is never older than `not_older_than`.
  std::optional<uint64_t> DrawStaleReadLocked(std::string_view actor, bool cache_allowed = false,
                                              uint64_t not_older_than = 0);
  // The fault (aimed error, conflict, server error) a request of `actor` meets, if any, and
  // records it. `verb` is the request's verb as AimedError names it ("get", "update-status").
  kube::Status InjectFaultLocked(VerbClass verb_class, std::string_view verb,
                                 const ResourceTable& table, std::string_view ns,
                                 std::string_view name, std::string_view actor);
  // `occurrence`: FaultRecord::occurrence (fault_draws_ for a fault drawn from the seed).
  void RecordFaultLocked(std::string_view fault, std::string_view verb, const ResourceTable& table,
                         std::string_view ns, std::string_view name, int code, uint64_t occurrence);
  // Called when a fault's draw from the seed has just succeeded: numbers it (fault_draws_) and
  // says whether it fires (FaultPlan::only_occurrences).
  bool KeepDrawnFaultLocked();
  // The uid-churn fault (FaultPlan::uid_churn_rate) before a write of `actor` to `key`: the
  // owner named by `request`'s owner references (else the stored object's) is deleted and
  // re-created under the same name, with a new uid.
  void MaybeChurnOwnerLocked(size_t table_index, const std::string& key, const kube::Json* request,
                             std::string_view verb, std::string_view actor);
  // The watch faults (cut, coalesce) drawn while one event of `table_index` is fanned out.
  DeliveryFaults DeliveryFaultsLocked(size_t table_index);
  // The crash fault (FaultPlan::crash_rate), drawn after each committed write of `actor`.
  void MaybeCrashLocked(std::string_view verb, std::string_view kind, std::string_view ns,
                        std::string_view name, std::string_view actor);
  // Whether the fault plan targets requests of `actor`.
  bool FaultsApplyTo(std::string_view actor) const {
    return options_.faults.only_actor.empty() || options_.faults.only_actor == actor;
  }
  // 413 when a request body of `bytes` exceeds options_.max_object_bytes.
  kube::Status CheckRequestSizeLocked(size_t bytes) const;
  // `name` is the object's name as requested (empty with generateName), for error messages.
  kube::Status CheckNamespaceLocked(const ResourceTable& table, std::string_view ns,
                                    std::string_view name, bool creating) const;
  // The stored object as a client of `gvk`'s version reads it.
  kube::Json ForReadLocked(kube::Json stored, const kube::GroupVersionKind& gvk) const;
  // Validates metadata, schema and size of a new state; prunes unknown fields.
  kube::Status ValidateLocked(const ResourceTable& table, kube::Json& object,
                              kube::FieldValidation validation) const;
  // Completes a write whose new state is `object`: no-op detection, generation, managed
  // fields, resourceVersion, storage, history, write log, GC notification. A `dry_run` commit
  // answers what the write would answer and stores, logs and notifies nothing.
  kube::StatusOr<kube::Object> CommitLocked(size_t table, const std::string& key,
                                            const kube::Json* old_object, kube::Json object,
                                            std::string_view verb, std::string_view actor,
                                            std::string_view field_manager,
                                            const kube::GroupVersionKind& gvk,
                                            bool dry_run = false);
  // Removes an object for good (DELETED event) and notifies dependents. Returns its last state,
  // stamped with the resourceVersion of the removal (null if there was no such object).
  kube::Json RemoveLocked(size_t table, const std::string& key, std::string_view actor,
                          std::string_view propagation = "");
  // The shared tail of Update and Patch: an existing object replaced by `desired`.
  kube::StatusOr<kube::Object> ReplaceLocked(size_t table, const std::string& key,
                                             const kube::Json& old_object, kube::Json desired,
                                             bool status_only, kube::FieldValidation validation,
                                             std::string_view verb, std::string_view actor,
                                             std::string_view field_manager,
                                             const kube::GroupVersionKind& gvk, bool dry_run);
  void RecordWriteLocked(uint64_t rv, std::string_view verb, std::string_view actor,
                         const kube::Json& object, std::string_view propagation = "");

  // ---- reads (cluster_reads.cc)
  // The stored state of `key` as of resourceVersion `rv` (from the history), or null.
  Blob StateAtLocked(size_t table, const std::string& key, uint64_t rv) const;

  // ---- deletion and controllers (cluster_controllers.cc)
  kube::Status DeleteLocked(size_t table, const std::string& key,
                            kube::PropagationPolicy propagation, std::string_view actor);
  void EnqueueGcLocked(const ObjectLocator& locator);
  void EnqueueDependentsLocked(const std::string& owner_uid);
  bool ProcessGcItemLocked(const ObjectLocator& locator);
  bool ProcessTerminatingOwnersLocked();
  bool ProcessNamespacesLocked();
  bool ProcessCrdCleanupLocked();
  // Removes `finalizer` from a stored object through the ordinary write path.
  void RemoveFinalizerLocked(size_t table, const std::string& key, std::string_view finalizer,
                             std::string_view actor);

  mutable std::mutex mu_;
  const kube::Clock& clock_;
  ClusterOptions options_;
  kube::SeededRandom random_;
  uint64_t resource_version_ = 0;
  uint64_t updates_seen_ = 0;         // for FaultPlan::conflict_every_nth_update
  std::vector<uint64_t> aimed_seen_;  // matching requests seen, per FaultPlan::errors entry
  std::vector<FaultRecord> fault_log_;
  uint64_t fault_draws_ = 0;  // faults drawn from the seed so far, fired or spared
  bool faults_paused_ = false;
  FaultPlan paused_faults_;  // the whole plan while only its aimed errors apply
  bool crashed_ = false;     // FaultPlan::crash_rate fired; cleared by TakeCrash()
  ObjectStore store_;
  WatchHub hub_;
  std::vector<WriteRecord> write_log_;
  size_t namespace_table_ = 0;
  size_t crd_table_ = 0;

  // Garbage collector queue: (due time, sequence, object), deduplicated by object.
  std::set<std::tuple<kube::TimeMillis, uint64_t, ObjectLocator>> gc_queue_;
  std::set<ObjectLocator> gc_queued_;
  uint64_t gc_sequence_ = 0;
  // Objects being deleted with a foregroundDeletion or orphan finalizer.
  std::set<ObjectLocator> terminating_owners_;
  // Namespaces and CRDs marked for deletion, until they are gone (so the cleanup controllers
  // never scan every namespace and CRD).
  std::set<ObjectLocator> cleanup_pending_;
};

}  // namespace fakecluster
