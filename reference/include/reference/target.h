// Targets of default backup and their annotations (spec sections 1 and 2): which kinds can be
// targets, which annotations make a target "annotated" in each era, and the parsing of those
// annotations exactly as upstream did it (Go's strings.Split, no trimming, no de-duplication,
// upstream's error texts). Pure functions: no I/O, no clock, nothing throws.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kube/gvk.h"
#include "kube/object.h"
#include "kube/status.h"
#include "reference/profile.h"

namespace reference {

enum class TargetClass { kNone, kWorkload, kPersistentVolumeClaim, kAppBinding };

// The class of a kind. Workloads: apps/v1 Deployment, DaemonSet, StatefulSet, ReplicaSet;
// v1 ReplicationController; apps.openshift.io/v1 DeploymentConfig. v1 PersistentVolumeClaim.
// appcatalog.appscode.com/v1alpha1 AppBinding. Anything else, including another version of one
// of these kinds, is kNone.
TargetClass ClassifyTarget(const kube::GroupVersionKind& gvk);

// Every kind ClassifyTarget accepts, workloads first (for informers).
std::vector<kube::GroupVersionKind> TargetKinds();

// True for a ReplicaSet with an ownerReference of kind Deployment.
bool IsOwnedByDeployment(const kube::Object& object);

// True when the object is never a target whatever its annotations: a ReplicaSet owned by a
// Deployment.
bool IsSkippedTarget(const kube::Object& object);

// The annotation keys that must all be present for a target of this class and era (spec section
// 2); empty for TargetClass::kNone.
std::vector<std::string_view> RequiredAnnotationKeys(TargetClass target_class, Profile profile);

// Whether every annotation key the spec requires for this class and era is present (an empty
// value counts). Always false for TargetClass::kNone.
bool HasRequiredAnnotations(const kube::Object& object, TargetClass target_class, Profile profile);

// Exactly Go's strings.Split(s, string(sep)): "" gives [""], "a," gives ["a", ""].
std::vector<std::string> SplitLikeGo(std::string_view s, char sep);

// One entry of BackupConfiguration.spec.target.volumeMounts.
struct VolumeMount {
  std::string name;
  std::string mount_path;
  std::optional<std::string> sub_path;

  // {name, mountPath, subPath?}; subPath is omitted when unset or empty (Go's omitempty).
  kube::Json ToJson() const;
  bool operator==(const VolumeMount&) const = default;
};

// Parses the volume-mounts annotation: items split on ',', each split on ':'. Template era:
// exactly 2 parts; blueprint era: 2 or 3 (the third is subPath). Empty parts are kept. Any other
// count (including the single part of "") is a kInvalid Status with upstream's message.
kube::StatusOr<std::vector<VolumeMount>> ParseVolumeMounts(std::string_view annotation,
                                                           Profile profile);

// What a target's annotations ask for. `paths` is spec.target.directories (template era) or
// spec.target.paths (blueprint era); nullopt means the field is not set at all.
struct TargetAnnotations {
  std::string template_name;  // verbatim
  std::optional<std::vector<std::string>> paths;
  std::optional<std::vector<VolumeMount>> volume_mounts;
};

// Parses a target's annotations for its class and era (spec section 2):
//  - workloads: paths from the directories/paths key, volume mounts from volume-mounts;
//  - PVC, template era: paths from target-directories and the single mount
//    {name: stash-volume, mountPath: <mountpath annotation>}; blueprint era: neither;
//  - AppBinding: neither.
// A missing annotation reads as "" (as a Go map lookup does); callers check
// HasRequiredAnnotations first. Errors: those of ParseVolumeMounts.
kube::StatusOr<TargetAnnotations> ParseTargetAnnotations(const kube::Object& target,
                                                         TargetClass target_class, Profile profile);

// The volume name of the single mount of a PVC target in the template era.
inline constexpr std::string_view kPvcVolumeName = "stash-volume";

}  // namespace reference
