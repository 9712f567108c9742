// Per-era constants of spec sections 1 and 2.
#include "reference/profile.h"

namespace reference {

std::string_view ProfileName(Profile profile) {
  return profile == Profile::kTemplate ? "stash-template" : "stash-blueprint";
}

std::optional<Profile> ProfileFromName(std::string_view name) {
  if (name == "stash-template") return Profile::kTemplate;
  if (name == "stash-blueprint") return Profile::kBlueprint;
  return std::nullopt;
}

AnnotationKeys KeysFor(Profile profile) {
  if (profile == Profile::kTemplate) {
    return {"stash.appscode.com/backup-template", "stash.appscode.com/target-directories",
            "stash.appscode.com/volume-mounts", "stash.appscode.com/mountpath"};
  }
  return {"stash.appscode.com/backup-blueprint", "stash.appscode.com/target-paths",
          "stash.appscode.com/volume-mounts", ""};
}

kube::GroupVersionKind TemplateKind(Profile profile) {
  return {"stash.appscode.com", "v1beta1",
          profile == Profile::kTemplate ? "BackupConfigurationTemplate" : "BackupBlueprint"};
}

kube::GroupVersionKind RepositoryKind() { return {"stash.appscode.com", "v1alpha1", "Repository"}; }
kube::GroupVersionKind BackupConfigurationKind() {
  return {"stash.appscode.com", "v1beta1", "BackupConfiguration"};
}
kube::GroupVersionKind AppBindingKind() {
  return {"appcatalog.appscode.com", "v1alpha1", "AppBinding"};
}
kube::GroupVersionKind EventKind() { return {"", "v1", "Event"}; }

}  // namespace reference
