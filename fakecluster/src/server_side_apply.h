// Server-side apply (application/apply-patch+yaml) and the metadata.managedFields bookkeeping of
// every other write, after k8s.io/apimachinery/pkg/util/managedfields and
// sigs.k8s.io/structured-merge-diff/merge. Pure: no I/O, the caller supplies the time.
//
// Ownership is tracked per field for maps, per item for associative lists and sets (built-in
// kinds, from strategic_schema.h; ObjectMeta's ownerReferences and finalizers for every kind);
// other lists, and every list of a custom resource below metadata, are atomic.
// managedFields entries are sorted as the real server sorts them: by operation ("Apply" before
// "Update"), time, manager, apiVersion, subresource.
#pragma once

#include <string>
#include <string_view>

#include "kube/object.h"
#include "kube/status.h"

namespace fakecluster {

struct ApplyRequest {
  const kube::Json* live = nullptr;  // nullptr: the object does not exist yet
  kube::Json applied;                // the applied configuration: a whole object
  std::string manager;               // the fieldManager
  bool force = false;
  std::string api_version;  // the apiVersion the request was made at
  std::string timestamp;    // RFC 3339, from the virtual clock
};

// Merges the applied configuration into the live object and updates metadata.managedFields:
// the applier owns exactly the fields of its configuration; fields it applied before and omits
// now are removed unless another manager owns them; fields of the configuration that another
// manager owns with a different value are a 409 Conflict (reason Conflict, one
// FieldManagerConflict cause per field) unless `force`, which takes them over. Equal values are
// shared. managedFields, resourceVersion, uid, creationTimestamp, generation and selfLink in the
// configuration are ignored. A live object without managedFields first has all its fields
// given to the manager "before-first-apply" (operation Update), as the real server does.
kube::StatusOr<kube::Json> ServerSideApply(const ApplyRequest& request);

// Records ownership for a non-apply write (create, update, patch) by `manager` (operation
// "Update"): fields whose value changed or that were added become owned by `manager` and leave
// the other managers' sets; removed fields leave every set. Returns `new_object` with
// metadata.managedFields updated. If `new_object` carries managedFields of its own they are used
// instead of the old object's, and `[{}]` clears them, as on the real server.
kube::Json RecordUpdateOwnership(const kube::Json* old_object, kube::Json new_object,
                                 std::string_view manager, std::string_view api_version,
                                 std::string_view timestamp);

}  // namespace fakecluster
