// Target kinds and annotation parsing of spec sections 1 and 2.
#include "reference/target.h"

#include <algorithm>
#include <utility>

namespace reference {
namespace {

constexpr std::string_view kTemplateEraVolumeMountsError =
    "invalid volume-mounts annotations. use 'vol1Name:mountPath,vol2Name:mountPath' format";
constexpr std::string_view kBlueprintEraVolumeMountsError =
    "invalid volume-mounts annotations. use either 'volName:mountPath' or "
    "'volName:mountPath:subPath' format";

std::vector<kube::GroupVersionKind> WorkloadKinds() {
  return {
      {"apps", "v1", "Deployment"},        {"apps", "v1", "DaemonSet"},
      {"apps", "v1", "StatefulSet"},       {"apps", "v1", "ReplicaSet"},
      {"", "v1", "ReplicationController"}, {"apps.openshift.io", "v1", "DeploymentConfig"},
  };
}

kube::GroupVersionKind PersistentVolumeClaimKind() { return {"", "v1", "PersistentVolumeClaim"}; }

bool IsWorkloadKind(const kube::GroupVersionKind& gvk) {
  const std::vector<kube::GroupVersionKind> workloads = WorkloadKinds();
  return std::find(workloads.begin(), workloads.end(), gvk) != workloads.end();
}

std::string AnnotationOrEmpty(const kube::Object& object, std::string_view key) {
  return object.Annotation(key).value_or("");
}

kube::StatusOr<VolumeMount> ParseOneVolumeMount(std::string_view item, Profile profile) {
  const std::vector<std::string> parts = SplitLikeGo(item, ':');
  if (parts.size() == 2) return VolumeMount{parts[0], parts[1], std::nullopt};
  if (profile == Profile::kTemplate) {
    return kube::Status(kube::StatusReason::kInvalid, std::string(kTemplateEraVolumeMountsError));
  }
  if (parts.size() == 3) return VolumeMount{parts[0], parts[1], parts[2]};
  return kube::Status(kube::StatusReason::kInvalid, std::string(kBlueprintEraVolumeMountsError));
}

}  // namespace

std::vector<std::string_view> RequiredAnnotationKeys(TargetClass target_class, Profile profile) {
  const AnnotationKeys keys = KeysFor(profile);
  switch (target_class) {
    case TargetClass::kWorkload:
      return {keys.template_name, keys.directories, keys.volume_mounts};
    case TargetClass::kPersistentVolumeClaim:
      if (profile == Profile::kTemplate) {
        return {keys.template_name, keys.directories, keys.mount_path};
      }
      return {keys.template_name};
    case TargetClass::kAppBinding:
      return {keys.template_name};
    case TargetClass::kNone:
      break;
  }
  return {};
}

TargetClass ClassifyTarget(const kube::GroupVersionKind& gvk) {
  if (IsWorkloadKind(gvk)) return TargetClass::kWorkload;
  if (gvk == PersistentVolumeClaimKind()) return TargetClass::kPersistentVolumeClaim;
  if (gvk == AppBindingKind()) return TargetClass::kAppBinding;
  return TargetClass::kNone;
}

std::vector<kube::GroupVersionKind> TargetKinds() {
  std::vector<kube::GroupVersionKind> kinds = WorkloadKinds();
  kinds.push_back(PersistentVolumeClaimKind());
  kinds.push_back(AppBindingKind());
  return kinds;
}

bool IsOwnedByDeployment(const kube::Object& object) {
  if (object.Kind() != "ReplicaSet") return false;
  const std::vector<kube::OwnerReference> owners = object.OwnerReferences();
  return std::any_of(owners.begin(), owners.end(),
                     [](const kube::OwnerReference& ref) { return ref.kind == "Deployment"; });
}

bool IsSkippedTarget(const kube::Object& object) { return IsOwnedByDeployment(object); }

bool HasRequiredAnnotations(const kube::Object& object, TargetClass target_class, Profile profile) {
  const std::vector<std::string_view> keys = RequiredAnnotationKeys(target_class, profile);
  if (keys.empty()) return false;
  return std::all_of(keys.begin(), keys.end(), [&object](std::string_view key) {
    return object.Annotation(key).has_value();
  });
}

std::vector<std::string> SplitLikeGo(std::string_view s, char sep) {
  std::vector<std::string> parts;
  size_t start = 0;
  for (size_t at = s.find(sep); at != std::string_view::npos; at = s.find(sep, start)) {
    parts.emplace_back(s.substr(start, at - start));
    start = at + 1;
  }
  parts.emplace_back(s.substr(start));
  return parts;
}

kube::Json VolumeMount::ToJson() const {
  kube::Json out = {{"name", name}, {"mountPath", mount_path}};
  if (sub_path.has_value() && !sub_path->empty()) out["subPath"] = *sub_path;
  return out;
}

kube::StatusOr<std::vector<VolumeMount>> ParseVolumeMounts(std::string_view annotation,
                                                           Profile profile) {
  std::vector<VolumeMount> mounts;
  for (const std::string& item : SplitLikeGo(annotation, ',')) {
    KUBE_ASSIGN_OR_RETURN(VolumeMount mount, ParseOneVolumeMount(item, profile));
    mounts.push_back(std::move(mount));
  }
  return mounts;
}

kube::StatusOr<TargetAnnotations> ParseTargetAnnotations(const kube::Object& target,
                                                         TargetClass target_class,
                                                         Profile profile) {
  const AnnotationKeys keys = KeysFor(profile);
  TargetAnnotations parsed;
  parsed.template_name = AnnotationOrEmpty(target, keys.template_name);
  if (target_class == TargetClass::kWorkload) {
    parsed.paths = SplitLikeGo(AnnotationOrEmpty(target, keys.directories), ',');
    KUBE_ASSIGN_OR_RETURN(
        parsed.volume_mounts,
        ParseVolumeMounts(AnnotationOrEmpty(target, keys.volume_mounts), profile));
  } else if (target_class == TargetClass::kPersistentVolumeClaim && profile == Profile::kTemplate) {
    parsed.paths = SplitLikeGo(AnnotationOrEmpty(target, keys.directories), ',');
    parsed.volume_mounts = std::vector<VolumeMount>{
        {std::string(kPvcVolumeName), AnnotationOrEmpty(target, keys.mount_path), std::nullopt}};
  }
  return parsed;
}

}  // namespace reference
