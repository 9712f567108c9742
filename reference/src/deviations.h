// The departures from the spec of reference/deviations.h that need more than a condition in
// the Reconciler: each takes what the spec-following code produced and changes one thing.
#pragma once

#include <string>
#include <vector>

#include "kube/object.h"
#include "kube/status.h"
#include "reference/substitution.h"
#include "reference/target.h"

namespace reference {

// substitute_backend_only: the template verbatim but for spec.backend, which goes through
// SubstituteJson (whose errors are returned). A template without a backend is returned as is.
kube::StatusOr<kube::Json> ResolveBackendOnly(const kube::Object& template_object,
                                              const Variables& vars,
                                              const SubstitutionLimits& limits = {});

// trim_paths: each path trimmed of spaces, the ones left empty dropped.
std::vector<std::string> TrimmedNonEmptyPaths(const std::vector<std::string>& paths);

// omit_owner_reference: the BackupConfiguration without metadata.ownerReferences.
void DropOwnerReferences(kube::Json& backup_configuration);

// copy_wipe_out, on creation: spec.wipeOut of the resolved template (when set) copied into the
// desired Repository.
void CopyWipeOut(const kube::Json& resolved_template, kube::Json& repository);

// copy_wipe_out, on patch: spec.wipeOut of `patched` (an object) replaced by that of `desired`,
// or removed when `desired` has none.
kube::Json WithWipeOutOf(kube::Json patched, const kube::Json& desired);

// drop_empty_volume_mount_items: the target with the empty items of annotation `key` removed.
kube::Object WithoutEmptyVolumeMountItems(const kube::Object& target, std::string_view key);

// skip_any_kind_with_deployment_owner: any owner reference of kind Deployment.
bool HasDeploymentOwner(const kube::Object& object);

// keep_empty_sub_path: subPath "" on the BackupConfiguration's mounts parsed with an empty third
// part.
void KeepEmptySubPaths(const TargetAnnotations& annotations, kube::Json& backup_configuration);

// decode_valid_json_escapes: the template's JSON text substituted without the value checks and
// parsed back, so a value's backslash that forms a valid JSON escape is decoded.
kube::StatusOr<kube::Json> ResolveWithoutValueChecks(const kube::Object& template_object,
                                                     const Variables& vars,
                                                     const SubstitutionLimits& limits);

// length_counts_characters: the template with each ${#NAME} of a supplied variable replaced by
// the number of UTF-8 characters of its value.
kube::Object WithCharacterLengths(const kube::Object& template_object, const Variables& vars);

// not_reasserted_field: `patched` with `field` (a spec field, or "ownerReferences" in metadata)
// put back as it is in `current`.
kube::Json WithCurrentField(kube::Json patched, const kube::Json& current, std::string_view field);

// drop_zero_history_limit: spec.backupHistoryLimit removed when it is 0.
void DropZeroHistoryLimit(kube::Json& backup_configuration);

// replace_whole_spec: `patched` with its spec replaced by the desired one.
kube::Json WithDesiredSpec(kube::Json patched, const kube::Json& desired);

}  // namespace reference
