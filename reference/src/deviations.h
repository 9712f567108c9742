// The departures from the spec of reference/deviations.h that need more than a condition in
// the Reconciler: each takes what the spec-following code produced and changes one thing.
#pragma once

#include <string>
#include <vector>

#include "kube/object.h"
#include "kube/status.h"
#include "reference/substitution.h"

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

}  // namespace reference
