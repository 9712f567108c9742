// metadata.managedFields entries (metav1.ManagedFieldsEntry) as the server reads and writes
// them: decoding from an object, the identity of a field manager, and encoding back in the
// server's order.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "apply_fieldset.h"
#include "kube/object.h"

namespace fakecluster {

inline constexpr std::string_view kOperationApply = "Apply";
inline constexpr std::string_view kOperationUpdate = "Update";

struct ManagedFieldsEntry {
  std::string manager;
  std::string operation;  // "Apply" or "Update"
  std::string api_version;
  std::string time;  // RFC 3339; empty when unknown
  std::string subresource;
  FieldSet fields;

  bool IsApply() const { return operation == kOperationApply; }
  // Whether both entries belong to the same field manager: appliers are identified by name (and
  // subresource), updaters also by apiVersion (BuildManagerIdentifier).
  bool SameManagerAs(const ManagedFieldsEntry& other) const;
  // How conflict messages name the manager: `"kubectl"` or `"ctrl" using apps/v1`.
  std::string Describe() const;
};

// The entries of `object`'s metadata.managedFields; entries that cannot be decoded are skipped
// and entries of the same manager are united.
std::vector<ManagedFieldsEntry> DecodeManagedFields(const kube::Json& object);
// The same for a managedFields value itself (anything but an array has no entries).
std::vector<ManagedFieldsEntry> DecodeManagedFieldsList(const kube::Json& managed_fields);

// Writes `entries` (those with no fields dropped) to `object`'s metadata.managedFields, sorted as
// the server sorts them: by operation, time, manager, apiVersion, subresource. Removes the
// field when no entry is left.
void EncodeManagedFields(std::vector<ManagedFieldsEntry> entries, kube::Json& object);

}  // namespace fakecluster
