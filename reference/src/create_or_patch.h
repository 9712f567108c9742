// CreateOrPatch: the write primitive of spec section 5. GET by name; absent, CREATE; present,
// compute a JSON merge patch from the current object to transform(current) and PATCH only if
// it is not empty. A 409 Conflict (or a create that lost a race) is retried by re-reading.
#pragma once

#include <functional>
#include <string>

#include "kube/client.h"

namespace reference {

enum class WriteOutcome {
  kUnchanged,
  kCreated,
  kPatched,
  kCalledOff,  // CreateOrPatchRequest::may_patch said no
};

struct CreateOrPatchRequest {
  kube::GroupVersionKind gvk;
  std::string namespace_name;
  std::string name;
  kube::Json desired;  // the object to create when absent
  // The current object with the managed fields overwritten.
  std::function<kube::Json(const kube::Json& current)> transform;
  bool retry_conflicts = true;
  bool patch_always = false;  // write even when nothing changes (a deviation, never the spec)
  std::string field_manager;
  int max_attempts = 5;
  // When set, asked before an existing object is patched: false calls the write off, an error
  // stops it. (The reconciler checks that a target it read from its cache still exists.)
  std::function<kube::StatusOr<bool>(const kube::Json& current)> may_patch;
};

kube::StatusOr<WriteOutcome> CreateOrPatch(kube::Client& client,
                                           const CreateOrPatchRequest& request);

}  // namespace reference
