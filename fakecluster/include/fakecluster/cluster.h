// FakeCluster: an in-memory Kubernetes API server that implements kube::Client in process.
//
// Faithful where a controller can tell the difference (fake-apiserver.md sections 1-4): one
// global resourceVersion, uid and creationTimestamp from the seeded source and virtual clock,
// name/label/annotation validation, optimistic concurrency, generation, status subresource,
// finalizers, garbage collection (Background, Foreground, Orphan), namespaces, watch with a
// bounded history, CRD registration with OpenAPI v3 validation, and the four patch types.
//
// Deterministic: with the same seed, clock and calls it produces byte-identical state and event
// logs. Background controllers (garbage collector, namespace cleanup, watch bookmarks and
// timeouts) never run on their own: RunControllers() performs their due work, so a scheduler
// can drive the cluster to quiescence.
//
// Thread-safety: every public method may be called from any thread (one internal mutex).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "fakecluster/faults.h"
#include "kube/client.h"
#include "kube/clock.h"
#include "kube/forwarding_client.h"
#include "kube/gvk.h"

namespace fakecluster {

struct ClusterOptions {
  uint64_t seed = 1;
  // Events retained for watch replay and consistent pagination; older resourceVersions are 410.
  size_t watch_history_size = 10000;
  bool garbage_collector_enabled = true;
  // Record metadata.managedFields on every write (as the real server does).
  bool track_managed_fields = true;
  // Load the project's CRD manifests (fakecluster/crds/) at start.
  bool load_stash_crds = true;
  // Create the "default" namespace at start.
  bool create_default_namespace = true;
  // Bookmark events are sent to watchers that allow them once per this much virtual time.
  kube::TimeMillis bookmark_interval_ms = 60000;
  // Keep the write log (WriteLog, DumpWriteLog); large benchmarks turn it off.
  bool record_write_log = true;
  // Largest accepted request object (serialised JSON), like the real server's 3 MiB limit.
  size_t max_object_bytes = 3 * 1024 * 1024;
  FaultPlan faults;
};

// One committed write, in commit order: what the determinism check compares and what
// scenarios' write budgets and never-assertions read.
struct WriteRecord {
  uint64_t resource_version;
  std::string verb;   // create, update, update-status, patch, delete (marked), remove (gone)
  std::string actor;  // field manager / client name ("garbage-collector", ...)
  std::string api_version;
  std::string kind;
  std::string namespace_name;
  std::string name;
  // For the delete and remove records a delete request made: the effective propagation policy
  // (Background, Foreground or Orphan; a request without one gets the object's orphan /
  // foregroundDeletion finalizer, else Background). Empty for every other write.
  std::string propagation;
};

struct StoreStats {
  size_t objects = 0;
  size_t encoded_bytes = 0;  // sum of the encoded object sizes
  size_t index_bytes = 0;    // estimated bytes of keys, records and indexes
  size_t BytesPerObject() const { return objects ? (encoded_bytes + index_bytes) / objects : 0; }
};

class FakeCluster : public kube::ForwardingClient {
 public:
  // `clock` must outlive the cluster.
  FakeCluster(const kube::Clock& clock, ClusterOptions options);
  ~FakeCluster() override;
  FakeCluster(const FakeCluster&) = delete;
  FakeCluster& operator=(const FakeCluster&) = delete;

  // kube::Client (from ForwardingClient). The verbs called on the cluster itself write as the
  // field manager "fakecluster-client".

  // A Client for one actor: writes default to `field_manager` and the write log names it.
  // The returned client borrows this cluster.
  std::unique_ptr<kube::Client> ClientFor(std::string field_manager);

  // Performs the background work due at the clock's current time (garbage collection,
  // namespace cleanup, bookmarks, watch timeouts). Returns true if it did anything.
  bool RunControllers();
  // Earliest virtual time at which RunControllers would have work, or nullopt if none.
  std::optional<kube::TimeMillis> NextControllerWakeup() const;
  bool HasPendingControllerWork() const;

  // The kind registry (built-ins plus registered CRDs).
  kube::KindRegistry Kinds() const;
  // The served kind for a GVK, if any (copy, safe to keep).
  std::optional<kube::ResourceInfo> FindKind(const kube::GroupVersionKind& gvk) const;
  // The served kind for a group, version and plural (what a REST path names), if any.
  std::optional<kube::ResourceInfo> FindResource(const kube::GroupVersionResource& gvr) const;
  // The OpenAPI v3 schema of a custom kind (null when none or built-in).
  kube::Json SchemaFor(const kube::GroupVersionKind& gvk) const;

  uint64_t CurrentResourceVersion() const;
  // Every object, sorted by apiVersion, kind, namespace, name, one compact JSON per line.
  std::string DumpStore() const;
  std::vector<WriteRecord> WriteLog() const;
  std::string DumpWriteLog() const;
  // Every fault injected so far, oldest first (aimed errors, conflicts, server errors, stale
  // reads, cut watches, expired re-watches).
  std::vector<FaultRecord> FaultLog() const;
  StoreStats Stats() const;

  void SetFaults(const FaultPlan& faults);
  // While paused only the plan's aimed errors apply (nothing is drawn from the seed); their
  // counts carry on. Exploration pauses faults to let an implementation settle.
  void SetRandomFaultsPaused(bool paused);
  // True once after a FaultPlan::crash_rate crash: the harness restarts the crashed actor,
  // whose requests are answered again from then on.
  bool TakeCrash();
  void SetGarbageCollectorEnabled(bool enabled);

  class Impl;  // implementation detail (fakecluster/src/cluster_impl.h)

 private:
  std::unique_ptr<Impl> impl_;
  std::unique_ptr<kube::Client> default_client_;  // writes as "fakecluster-client"
};

}  // namespace fakecluster
