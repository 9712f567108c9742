#include "apply_managed_fields.h"

#include <fmt/format.h>

#include <algorithm>
#include <optional>
#include <tuple>
#include <utility>

namespace fakecluster {
namespace {

using kube::Json;

constexpr std::string_view kFieldsTypeV1 = "FieldsV1";

std::string StringField(const Json& entry, std::string_view name) {
  auto value = entry.find(name);
  return value != entry.end() && value->is_string() ? value->get<std::string>() : "";
}

std::optional<ManagedFieldsEntry> DecodeEntry(const Json& encoded) {
  if (!encoded.is_object()) return std::nullopt;
  ManagedFieldsEntry entry;
  entry.manager = StringField(encoded, "manager");
  entry.operation = StringField(encoded, "operation");
  entry.api_version = StringField(encoded, "apiVersion");
  entry.time = StringField(encoded, "time");
  entry.subresource = StringField(encoded, "subresource");
  if (entry.operation != kOperationApply && entry.operation != kOperationUpdate) {
    return std::nullopt;
  }
  auto fields = encoded.find("fieldsV1");
  if (fields == encoded.end()) return entry;  // no fields: dropped when encoding
  if (StringField(encoded, "fieldsType") != kFieldsTypeV1) return std::nullopt;
  std::optional<FieldSet> set = FieldSet::FromFieldsV1(*fields);
  if (!set) return std::nullopt;
  entry.fields = std::move(*set);
  return entry;
}

Json EncodeEntry(const ManagedFieldsEntry& entry) {
  Json encoded = Json::object();
  if (!entry.manager.empty()) encoded["manager"] = entry.manager;
  encoded["operation"] = entry.operation;
  if (!entry.api_version.empty()) encoded["apiVersion"] = entry.api_version;
  if (!entry.time.empty()) encoded["time"] = entry.time;
  encoded["fieldsType"] = kFieldsTypeV1;
  encoded["fieldsV1"] = entry.fields.ToFieldsV1();
  if (!entry.subresource.empty()) encoded["subresource"] = entry.subresource;
  return encoded;
}

auto SortKey(const ManagedFieldsEntry& entry) {
  return std::tie(entry.operation, entry.time, entry.manager, entry.api_version, entry.subresource);
}

}  // namespace

bool ManagedFieldsEntry::SameManagerAs(const ManagedFieldsEntry& other) const {
  if (manager != other.manager || operation != other.operation ||
      subresource != other.subresource) {
    return false;
  }
  return IsApply() || api_version == other.api_version;
}

std::string ManagedFieldsEntry::Describe() const {
  if (IsApply()) return fmt::format("\"{}\"", manager);
  return fmt::format("\"{}\" using {}", manager, api_version);
}

std::vector<ManagedFieldsEntry> DecodeManagedFields(const kube::Json& object) {
  auto metadata = object.find("metadata");
  if (metadata == object.end() || !metadata->is_object()) return {};
  auto managed = metadata->find("managedFields");
  if (managed == metadata->end()) return {};
  return DecodeManagedFieldsList(*managed);
}

std::vector<ManagedFieldsEntry> DecodeManagedFieldsList(const kube::Json& managed) {
  std::vector<ManagedFieldsEntry> entries;
  if (!managed.is_array()) return entries;
  for (const Json& encoded : managed) {
    std::optional<ManagedFieldsEntry> entry = DecodeEntry(encoded);
    if (!entry) continue;
    auto same = std::find_if(entries.begin(), entries.end(),
                             [&](const ManagedFieldsEntry& e) { return e.SameManagerAs(*entry); });
    if (same == entries.end()) {
      entries.push_back(std::move(*entry));
    } else {
      same->fields = same->fields.Union(entry->fields);
    }
  }
  return entries;
}

void EncodeManagedFields(std::vector<ManagedFieldsEntry> entries, kube::Json& object) {
  std::erase_if(entries, [](const ManagedFieldsEntry& entry) { return entry.fields.Empty(); });
  std::sort(entries.begin(), entries.end(),
            [](const ManagedFieldsEntry& left, const ManagedFieldsEntry& right) {
              return SortKey(left) < SortKey(right);
            });
  if (!object.is_object()) return;
  Json& metadata = object["metadata"];
  if (!metadata.is_object()) metadata = Json::object();
  if (entries.empty()) {
    metadata.erase("managedFields");
    return;
  }
  Json encoded = Json::array();
  for (const ManagedFieldsEntry& entry : entries) encoded.push_back(EncodeEntry(entry));
  metadata["managedFields"] = std::move(encoded);
}

}  // namespace fakecluster
