// NotATargetReason: the checks of reference/target.h, each turned into a sentence.
#include "target_notes.h"

#include <algorithm>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "reference/target.h"

namespace runner {
namespace {

using reference::Profile;

Profile OtherProfile(Profile profile) {
  return profile == Profile::kTemplate ? Profile::kBlueprint : Profile::kTemplate;
}

// Every target annotation key of both eras, each once, the given era's keys first.
std::vector<std::string_view> TargetAnnotationKeys(Profile profile) {
  std::vector<std::string_view> keys;
  for (Profile era : {profile, OtherProfile(profile)}) {
    const reference::AnnotationKeys era_keys = reference::KeysFor(era);
    for (std::string_view key : {era_keys.template_name, era_keys.directories,
                                 era_keys.volume_mounts, era_keys.mount_path}) {
      if (!key.empty() && std::find(keys.begin(), keys.end(), key) == keys.end()) {
        keys.push_back(key);
      }
    }
  }
  return keys;
}

std::string JoinKeys(const std::vector<std::string_view>& keys) {
  std::string joined;
  for (size_t i = 0; i < keys.size(); ++i) {
    if (i > 0) joined += i + 1 == keys.size() ? " and " : ", ";
    joined += keys[i];
  }
  return joined;
}

std::string DeploymentOwnerName(const kube::Object& object) {
  for (const kube::OwnerReference& ref : object.OwnerReferences()) {
    if (ref.kind == "Deployment") return ref.name;
  }
  return "";
}

}  // namespace

std::optional<std::string> NotATargetReason(const kube::Object& object, Profile profile) {
  std::vector<std::string_view> present;
  for (std::string_view key : TargetAnnotationKeys(profile)) {
    if (object.Annotation(key)) present.push_back(key);
  }
  if (present.empty()) return std::nullopt;

  const kube::GroupVersionKind gvk = object.Gvk();
  const reference::TargetClass target_class = reference::ClassifyTarget(gvk);
  if (target_class == reference::TargetClass::kNone) {
    return fmt::format("has {} but {} is not a kind default backup targets", JoinKeys(present),
                       gvk.QualifiedKind() + "/" + gvk.version);
  }
  if (reference::IsOwnedByDeployment(object)) {
    return fmt::format(
        "is owned by Deployment {} (a ReplicaSet owned by a Deployment never is; "
        "annotate the Deployment)",
        DeploymentOwnerName(object));
  }
  const reference::AnnotationKeys keys = reference::KeysFor(profile);
  const reference::AnnotationKeys other_keys = reference::KeysFor(OtherProfile(profile));
  if (!object.Annotation(keys.template_name) && object.Annotation(other_keys.template_name)) {
    return fmt::format(
        "has {}, an annotation of the {} profile, but this is the {} profile "
        "(it reads {})",
        other_keys.template_name, reference::ProfileName(OtherProfile(profile)),
        reference::ProfileName(profile), keys.template_name);
  }
  std::vector<std::string_view> missing;
  for (std::string_view key : reference::RequiredAnnotationKeys(target_class, profile)) {
    if (!object.Annotation(key)) missing.push_back(key);
  }
  if (missing.empty()) return std::nullopt;
  return fmt::format("has {} but lacks {}", JoinKeys(present), JoinKeys(missing));
}

}  // namespace runner
