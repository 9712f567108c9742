// Strategic merge patch (application/strategic-merge-patch+json) for the built-in kinds, with the
// semantics of k8s.io/apimachinery/pkg/util/strategicpatch as the API server applies it: maps
// merge recursively and `null` deletes; lists merge by their patchMergeKey where the kind's
// schema says patchStrategy "merge" (strategic_schema.h) and are replaced otherwise; directives
// `$patch: replace|delete` (maps and list items), `$deleteFromPrimitiveList/<list>`,
// `$setElementOrder/<list>` and `$retainKeys`. Pure: no I/O, no clock.
#pragma once

#include <string_view>

#include "kube/object.h"
#include "kube/status.h"

namespace fakecluster {

// Applies `patch` to `original`, a whole object of built-in kind `kind` (e.g. "Deployment").
// A malformed patch (not an object, an unknown or unsupported `$patch` value such as "merge",
// a merging-list item without its merge key, a directive of the wrong shape) is BadRequest,
// naming the path in the patch.
kube::StatusOr<kube::Json> ApplyStrategicMergePatch(const kube::Json& original,
                                                    const kube::Json& patch, std::string_view kind);

}  // namespace fakecluster
