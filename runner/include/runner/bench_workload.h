// Bench workloads: the generated inputs of `stashsim bench` and the reconcile benchmarks. M
// templates of the profile's kind and N annotated targets with distinct names, spread round
// robin over K namespaces and a fixed mix of target kinds, each carrying exactly the
// annotations its kind needs in that era (spec section 2); and the five workload names.
// Deterministic: the same shape gives the same objects.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kube/gvk.h"
#include "kube/object.h"
#include "reference/profile.h"

namespace runner {

// cold-start: targets exist before the controller starts; arrival: the controller runs and
// targets are created one by one; template-change: converged, then every template changes;
// unannotate: converged, then every target loses its template annotation; delete: converged,
// then every target is deleted.
enum class BenchWorkload { kColdStart, kArrival, kTemplateChange, kUnannotate, kDelete };

std::string_view BenchWorkloadName(BenchWorkload workload);
std::optional<BenchWorkload> BenchWorkloadFromName(std::string_view name);
// Every workload name, in the order above.
std::vector<std::string> BenchWorkloadNames();

struct WorkloadShape {
  reference::Profile profile = reference::Profile::kTemplate;
  size_t targets = 1000;
  size_t templates = 3;
  size_t namespaces = 10;
};

// Target i has kind BenchTargetKind(i): the mix is, per ten targets, three Deployments, two
// StatefulSets, one each of DaemonSet, ReplicaSet, ReplicationController,
// PersistentVolumeClaim and AppBinding.
kube::GroupVersionKind BenchTargetKind(size_t index);
size_t BenchTargetKindCount();  // the length of the rotation (10)

// "bench-0003": the name of namespace i.
std::string BenchNamespaceName(size_t index);
kube::Object BenchNamespace(size_t index);

// "bench-template-2": the name of template i.
std::string BenchTemplateName(size_t index);
// Template i at `revision` (1 at creation; template-change moves to 2): the worked example's
// spec, with the revision in the backend prefix and the schedule so that a revision change
// changes both generated objects of every dependent target.
kube::Object BenchTemplate(reference::Profile profile, size_t index, int revision);
// The merge patch that takes a template to `revision`.
std::string BenchTemplatePatch(int revision);

// Target i: kind BenchTargetKind(i), name "t-<i, 7 digits>", namespace i % K, template i % M,
// with the annotations reference::RequiredAnnotationKeys lists for its class and era.
kube::Object BenchTarget(const WorkloadShape& shape, size_t index);
// The merge patch that removes target i's template annotation (what `unannotate` applies).
std::string BenchUnannotatePatch(reference::Profile profile);

// The BackupConfigurations left once `workload` has run (spec sections 5 and 6): one per target
// after cold-start, arrival and template-change; none after unannotate; after delete, those the
// garbage collector cannot collect: in the template era an AppBinding's BackupConfiguration
// names its owner with apiVersion v1 (the upstream quirk), a kind no server serves, so it stays.
size_t ExpectedBackupConfigurations(BenchWorkload workload, const WorkloadShape& shape);

}  // namespace runner
