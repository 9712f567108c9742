// BenchEnvironment: one bench workload's world in process: a fake cluster on a virtual clock,
// the reference controller on an instrumented client (writes, watch events, per-reconcile
// latencies), and the steps the workloads are made of (create the inputs, start, run to
// quiescence, change templates, remove annotations, delete targets). Used by `stashsim bench`
// and by the reconcile benchmarks, which time the steps they choose. Not thread-safe.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

#include "fakecluster/cluster.h"
#include "kube/clock.h"
#include "kube/status.h"
#include "reference/controller.h"
#include "runner/bench_workload.h"

namespace runner {

class InstrumentedClient;

class BenchEnvironment {
 public:
  // Builds the cluster (seeded, stash CRDs loaded, no write log) and the controller, not
  // started.
  BenchEnvironment(const WorkloadShape& shape, uint64_t seed);
  ~BenchEnvironment();
  BenchEnvironment(const BenchEnvironment&) = delete;
  BenchEnvironment& operator=(const BenchEnvironment&) = delete;

  // Creates the namespaces and the templates (revision 1).
  kube::Status CreateInputs();
  // Creates targets [begin, end).
  kube::Status CreateTargets(size_t begin, size_t end);
  kube::Status StartController();
  // Runs the cluster's background work and the controller until neither does anything.
  kube::Status Quiesce();
  // Moves every template to `revision` (one merge patch each).
  kube::Status ChangeTemplates(int revision);
  // Removes the template annotation of targets [begin, end).
  kube::Status Unannotate(size_t begin, size_t end);
  // Deletes targets [begin, end) (default propagation).
  kube::Status DeleteTargets(size_t begin, size_t end);
  // Queues every cached target again, as an informer resync does (Quiesce runs them).
  void ResyncAll();

  // How many objects of a kind exist now (a List with limit 1, so nothing else is decoded).
  kube::StatusOr<size_t> CountObjects(const kube::GroupVersionKind& gvk);

  const WorkloadShape& Shape() const { return shape_; }
  fakecluster::FakeCluster& Cluster() { return *cluster_; }
  const reference::ControllerStats& ControllerStats() const { return controller_->Stats(); }
  // Writes by the reference (creates, patches, deletes, Events) since construction.
  uint64_t ReferenceWrites() const;
  // Watch events delivered to the reference's informers since construction.
  uint64_t WatchEvents() const;
  // Reconciles recognised in the reference's requests since construction.
  size_t ReconcilesSeen() const;
  // Latencies (ns) of the reconciles that ended since the last call.
  std::vector<int64_t> TakeLatencies();
  // Progress: called with a count of done items (targets created, reconciles started).
  void SetProgress(std::function<void(size_t)> progress);

 private:
  WorkloadShape shape_;
  kube::VirtualClock clock_;
  std::unique_ptr<fakecluster::FakeCluster> cluster_;
  std::unique_ptr<kube::Client> workload_client_;
  std::unique_ptr<kube::Client> reference_client_;
  std::unique_ptr<InstrumentedClient> instrumented_;
  std::unique_ptr<reference::Controller> controller_;
  std::function<void(size_t)> progress_;
};

}  // namespace runner
