// Uid references in scenario files: a string that is exactly `${uid:Kind/namespace/name}` (or
// `${uid:Kind/name}` for a cluster-scoped kind) stands for that object's metadata.uid at the
// moment it is used, so a step can build an object that points at one the implementation
// generated (an owner reference with blockOwnerDeletion, an Event's involvedObject.uid).
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "kube/object.h"
#include "kube/status.h"

namespace runner {

struct UidReference {
  std::string kind;
  std::string namespace_name;  // empty for a cluster-scoped object
  std::string name;
  std::string ToString() const;  // the reference as written
};

// nullopt when `text` is not a well-formed reference (a string that does not start with
// "${uid:" is never one).
std::optional<UidReference> ParseUidReference(std::string_view text);

// Whether `text` is meant as a reference (starts with "${uid:"), well-formed or not.
bool LooksLikeUidReference(std::string_view text);

// The uid of the referenced object, or why there is none.
using UidLookup = std::function<kube::StatusOr<std::string>(const UidReference&)>;

// Replaces every string in `value` (at any depth) that is a uid reference with the uid
// `lookup` finds. The first reference that is malformed or does not resolve is the error.
kube::Status ResolveUidReferences(kube::Json& value, const UidLookup& lookup);

// Whether `value` holds a uid reference anywhere.
bool HasUidReferences(const kube::Json& value);

}  // namespace runner
