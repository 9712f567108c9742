// Profile: which upstream era of default backup the reference reproduces (spec section 0):
// `stash-template` (BackupConfigurationTemplate, the default) or `stash-blueprint`
// (BackupBlueprint, Stash v0.9.0-rc.6). Holds every per-era constant in one place.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "kube/gvk.h"

namespace reference {

enum class Profile { kTemplate, kBlueprint };

// "stash-template" / "stash-blueprint", and back (nullopt for an unknown name).
std::string_view ProfileName(Profile profile);
std::optional<Profile> ProfileFromName(std::string_view name);

// The annotation keys of spec section 2 for one era.
struct AnnotationKeys {
  std::string_view template_name;  // backup-template / backup-blueprint
  std::string_view directories;    // target-directories / target-paths
  std::string_view volume_mounts;  // volume-mounts (both eras)
  std::string_view mount_path;     // mountpath (template era only; empty otherwise)
};
AnnotationKeys KeysFor(Profile profile);

// The cluster-scoped template kind of the era (BackupConfigurationTemplate / BackupBlueprint).
kube::GroupVersionKind TemplateKind(Profile profile);

// The generated kinds and AppBinding (same in both eras).
kube::GroupVersionKind RepositoryKind();
kube::GroupVersionKind BackupConfigurationKind();
kube::GroupVersionKind AppBindingKind();
kube::GroupVersionKind EventKind();

}  // namespace reference
