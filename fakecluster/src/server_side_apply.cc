#include "server_side_apply.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <optional>
#include <tuple>
#include <utility>
#include <vector>

#include "apply_fieldset.h"
#include "apply_managed_fields.h"
#include "apply_walk.h"
#include "strategic_schema.h"

namespace fakecluster {
namespace {

using kube::Json;

constexpr std::string_view kBeforeFirstApplyManager = "before-first-apply";
constexpr std::string_view kFieldManagerConflict = "FieldManagerConflict";

// Metadata of an applied configuration that the server ignores.
constexpr std::array<std::string_view, 6> kIgnoredAppliedMetadata = {
    "managedFields", "resourceVersion", "uid", "creationTimestamp", "generation", "selfLink"};

// Fields never tracked in managedFields (the server's stripMetaManager).
const FieldSet& UntrackedFields() {
  static const FieldSet* fields = [] {
    auto* set = new FieldSet();
    set->Insert({PathElement::Field("apiVersion")});
    set->Insert({PathElement::Field("kind")});
    set->Insert({PathElement::Field("metadata")});
    for (std::string_view name :
         {"name", "namespace", "creationTimestamp", "selfLink", "uid", "clusterName", "generation",
          "managedFields", "resourceVersion"}) {
      set->Insert({PathElement::Field("metadata"), PathElement::Field(std::string(name))});
    }
    return set;
  }();
  return *fields;
}

std::string TopLevelString(const Json& object, std::string_view key) {
  auto value = object.find(key);
  return value != object.end() && value->is_string() ? value->get<std::string>() : "";
}

Json WithoutManagedFields(const Json& object) {
  Json copy = object.is_object() ? object : Json::object();
  auto metadata = copy.find("metadata");
  if (metadata != copy.end() && metadata->is_object()) metadata->erase("managedFields");
  return copy;
}

const KindSchema& SchemaOf(const Json& object, const Json* other, std::string_view api_version) {
  std::string version = TopLevelString(object, "apiVersion");
  std::string kind = TopLevelString(object, "kind");
  if (other != nullptr) {
    if (version.empty()) version = TopLevelString(*other, "apiVersion");
    if (kind.empty()) kind = TopLevelString(*other, "kind");
  }
  if (version.empty()) version = std::string(api_version);
  return KindSchema::For(version, kind);
}

ManagedFieldsEntry NewEntry(std::string_view manager, std::string_view operation,
                            std::string_view api_version, std::string_view time) {
  ManagedFieldsEntry entry;
  entry.manager = std::string(manager);
  entry.operation = std::string(operation);
  entry.api_version = std::string(api_version);
  entry.time = std::string(time);
  return entry;
}

ManagedFieldsEntry* FindManager(std::vector<ManagedFieldsEntry>& entries,
                                const ManagedFieldsEntry& wanted) {
  auto found = std::find_if(entries.begin(), entries.end(),
                            [&](const ManagedFieldsEntry& e) { return e.SameManagerAs(wanted); });
  return found == entries.end() ? nullptr : &*found;
}

// `[{}]` (entries that are all empty objects): the documented way to clear managedFields.
bool IsManagedFieldsReset(const Json& object) {
  auto metadata = object.find("metadata");
  if (metadata == object.end() || !metadata->is_object()) return false;
  auto managed = metadata->find("managedFields");
  if (managed == metadata->end() || !managed->is_array() || managed->empty()) return false;
  return std::all_of(managed->begin(), managed->end(),
                     [](const Json& entry) { return entry.is_object() && entry.empty(); });
}

struct Conflict {
  const ManagedFieldsEntry* owner;
  FieldSet fields;
};

std::string ConflictMessage(const std::vector<Conflict>& conflicts, size_t count) {
  if (count == 1) {
    return fmt::format("Apply failed with 1 conflict: conflict with {}: {}",
                       conflicts.front().owner->Describe(),
                       FieldPathString(conflicts.front().fields.Paths().front()));
  }
  std::vector<std::string> lines;
  for (const Conflict& conflict : conflicts) {
    lines.push_back(fmt::format("conflicts with {}:", conflict.owner->Describe()));
    for (const FieldPath& path : conflict.fields.Paths()) {
      lines.push_back("- " + FieldPathString(path));
    }
  }
  return fmt::format("Apply failed with {} conflicts: {}", count, fmt::join(lines, "\n"));
}

// 409 Conflict as NewApplyConflict builds it: managers in order, one cause per field.
kube::Status ConflictStatus(std::vector<Conflict> conflicts) {
  std::sort(conflicts.begin(), conflicts.end(), [](const Conflict& left, const Conflict& right) {
    const ManagedFieldsEntry& a = *left.owner;
    const ManagedFieldsEntry& b = *right.owner;
    return std::tie(a.manager, a.operation, a.api_version, a.subresource) <
           std::tie(b.manager, b.operation, b.api_version, b.subresource);
  });
  kube::StatusDetails details;
  for (const Conflict& conflict : conflicts) {
    for (const FieldPath& path : conflict.fields.Paths()) {
      details.causes.push_back({std::string(kFieldManagerConflict),
                                "conflict with " + conflict.owner->Describe(),
                                FieldPathString(path)});
    }
  }
  std::string message = ConflictMessage(conflicts, details.causes.size());
  return kube::Status(kube::StatusReason::kConflict, std::move(message), std::move(details));
}

// A key field of a list item that stays (its item is still owned) cannot go on its own.
bool IsKeyFieldOfItem(const FieldPath& path) {
  if (path.size() < 2 || path.back().type() != PathElement::Type::kField) return false;
  std::vector<std::string> keys = KeyFieldNames(path[path.size() - 2]);
  return std::find(keys.begin(), keys.end(), path.back().field()) != keys.end();
}

class Applier {
 public:
  explicit Applier(const ApplyRequest& request)
      : request_(request), schema_(SchemaOf(request.applied, request.live, request.api_version)) {}

  kube::StatusOr<Json> Run() {
    Json config = request_.applied;
    DropIgnoredMetadata(config);
    Json live = request_.live != nullptr ? WithoutManagedFields(*request_.live) : Json::object();
    std::vector<ManagedFieldsEntry> entries = CurrentEntries(live);

    ManagedFieldsEntry wanted =
        NewEntry(request_.manager, kOperationApply, request_.api_version, request_.timestamp);
    ManagedFieldsEntry* previous = FindManager(entries, wanted);
    FieldSet applied = AppliedFieldSet(config, schema_).Difference(UntrackedFields());
    FieldSet owned_after = applied.Union(OthersFields(entries, previous));

    Json merged = MergeConfig(live, config, schema_);
    if (previous != nullptr) Prune(merged, previous->fields.Difference(owned_after), owned_after);

    Comparison diff = CompareObjects(live, merged, schema_);
    FieldSet changed = diff.added.Union(diff.modified);
    std::vector<Conflict> conflicts = FindConflicts(entries, previous, changed);
    if (!conflicts.empty() && !request_.force) return ConflictStatus(std::move(conflicts));

    for (ManagedFieldsEntry& entry : entries) {
      if (&entry == previous) continue;
      entry.fields = entry.fields.Difference(changed).Difference(diff.removed);
    }
    bool object_changed = merged != live;
    if (previous == nullptr) {
      entries.push_back(std::move(wanted));
      previous = &entries.back();
    } else if (object_changed || previous->time.empty()) {
      previous->time = request_.timestamp;
    }
    previous->fields = std::move(applied);
    previous->api_version = request_.api_version;
    EncodeManagedFields(std::move(entries), merged);
    return merged;
  }

 private:
  static void DropIgnoredMetadata(Json& config) {
    auto metadata = config.find("metadata");
    if (metadata == config.end() || !metadata->is_object()) return;
    for (std::string_view name : kIgnoredAppliedMetadata) metadata->erase(name);
  }

  // The live object's managers; an object that has none gets "before-first-apply" owning all.
  std::vector<ManagedFieldsEntry> CurrentEntries(const Json& live) const {
    if (request_.live == nullptr) return {};
    std::vector<ManagedFieldsEntry> entries = DecodeManagedFields(*request_.live);
    if (entries.empty()) {
      ManagedFieldsEntry before = NewEntry(kBeforeFirstApplyManager, kOperationUpdate,
                                           request_.api_version, request_.timestamp);
      before.fields = AppliedFieldSet(live, schema_).Difference(UntrackedFields());
      if (!before.fields.Empty()) entries.push_back(std::move(before));
    }
    return entries;
  }

  static FieldSet OthersFields(const std::vector<ManagedFieldsEntry>& entries,
                               const ManagedFieldsEntry* self) {
    FieldSet fields;
    for (const ManagedFieldsEntry& entry : entries) {
      if (&entry != self) fields = fields.Union(entry.fields);
    }
    return fields;
  }

  // Removes what the applier applied last time and omits now, unless someone owns it (or
  // something below it).
  void Prune(Json& merged, const FieldSet& dropped, const FieldSet& owned) const {
    std::vector<FieldPath> removable;
    for (FieldPath& path : dropped.Paths()) {
      if (owned.HasAtOrBelow(path) || IsKeyFieldOfItem(path)) continue;
      removable.push_back(std::move(path));
    }
    RemoveFields(merged, removable, schema_);
  }

  static std::vector<Conflict> FindConflicts(const std::vector<ManagedFieldsEntry>& entries,
                                             const ManagedFieldsEntry* self,
                                             const FieldSet& changed) {
    std::vector<Conflict> conflicts;
    for (const ManagedFieldsEntry& entry : entries) {
      if (&entry == self) continue;
      FieldSet overlap = entry.fields.Intersection(changed);
      if (!overlap.Empty()) conflicts.push_back({&entry, std::move(overlap)});
    }
    return conflicts;
  }

  const ApplyRequest& request_;
  const KindSchema& schema_;
};

// Moves metadata.managedFields out of `object` (null when it has none).
Json TakeManagedFields(Json& object) {
  auto metadata = object.find("metadata");
  if (metadata == object.end() || !metadata->is_object()) return nullptr;
  auto managed = metadata->find("managedFields");
  if (managed == metadata->end()) return nullptr;
  Json taken = std::move(*managed);
  metadata->erase(managed);
  return taken;
}

// `object` has had its own managedFields (`managed`, null if none) taken out.
void RecordOwnership(const Json* old_object, Json& object, const Json& managed,
                     std::string_view manager, std::string_view api_version,
                     std::string_view timestamp) {
  std::vector<ManagedFieldsEntry> entries = DecodeManagedFieldsList(managed);
  if (entries.empty() && old_object != nullptr) entries = DecodeManagedFields(*old_object);

  const KindSchema& schema = SchemaOf(object, old_object, api_version);
  Json before = old_object != nullptr ? WithoutManagedFields(*old_object) : Json::object();
  Comparison diff = CompareObjects(before, object, schema);
  FieldSet changed = std::move(diff.added);
  changed.Add(diff.modified);
  changed.Remove(UntrackedFields());
  for (ManagedFieldsEntry& entry : entries) {
    entry.fields.Remove(changed);
    entry.fields.Remove(diff.removed);
  }
  if (!changed.Empty()) {
    ManagedFieldsEntry wanted = NewEntry(manager, kOperationUpdate, api_version, timestamp);
    ManagedFieldsEntry* self = FindManager(entries, wanted);
    if (self == nullptr) {
      wanted.fields = std::move(changed);
      entries.push_back(std::move(wanted));
    } else {
      self->fields.Add(changed);
      self->time = std::string(timestamp);
    }
  }
  EncodeManagedFields(std::move(entries), object);
}

}  // namespace

kube::StatusOr<kube::Json> ServerSideApply(const ApplyRequest& request) {
  if (!request.applied.is_object()) {
    return kube::BadRequestError("the applied configuration must be a JSON object");
  }
  if (request.live != nullptr && !request.live->is_object()) {
    return kube::InternalError("server-side apply: the live object is not a JSON object");
  }
  try {
    return Applier(request).Run();
  } catch (const Json::exception& error) {
    return kube::InternalError(fmt::format("server-side apply: {}", error.what()));
  }
}

kube::Json RecordUpdateOwnership(const kube::Json* old_object, kube::Json new_object,
                                 std::string_view manager, std::string_view api_version,
                                 std::string_view timestamp) {
  if (!new_object.is_object()) return new_object;
  if (IsManagedFieldsReset(new_object)) {
    EncodeManagedFields({}, new_object);
    return new_object;
  }
  // The comparison must not see managedFields: they are taken out rather than copying the
  // object without them, and put back if the bookkeeping fails.
  Json managed = TakeManagedFields(new_object);
  try {
    RecordOwnership(old_object, new_object, managed, manager, api_version, timestamp);
  } catch (const Json::exception&) {
    // ownership is bookkeeping: never fail the write over it
    if (!managed.is_null()) new_object["metadata"]["managedFields"] = std::move(managed);
  }
  return new_object;
}

}  // namespace fakecluster
