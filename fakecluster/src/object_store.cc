// ObjectStore implementation: MessagePack blobs plus selection and ownership indexes.
#include "object_store.h"

#include <algorithm>

#include "kube/msgpack.h"

namespace fakecluster {

Blob EncodeObject(const kube::Json& object) {
  auto bytes = std::make_shared<std::string>();
  kube::EncodeMessagePack(object, *bytes);
  return bytes;
}

kube::Json DecodeObject(const std::string& blob) {
  // Blobs are produced by EncodeObject only, so decoding cannot fail on valid input.
  return kube::DecodeMessagePack(blob);
}

std::string StoreKey(std::string_view ns, std::string_view name) {
  std::string key;
  key.reserve(ns.size() + name.size() + 1);
  if (!ns.empty()) {
    key.append(ns);
    key.push_back('/');
  }
  key.append(name);
  return key;
}

namespace {

std::vector<std::pair<std::string, std::string>> LabelsOf(const kube::Json& object) {
  std::vector<std::pair<std::string, std::string>> labels;
  auto metadata = object.find("metadata");
  if (metadata == object.end()) return labels;
  auto it = metadata->find("labels");
  if (it == metadata->end() || !it->is_object()) return labels;
  for (const auto& [k, v] : it->items()) {
    if (v.is_string()) labels.emplace_back(k, v.get<std::string>());
  }
  return labels;  // nlohmann objects iterate in key order
}

std::string StringField(const kube::Json& object, std::string_view name) {
  auto it = object.find(name);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// The entries as kube::Object::OwnerReferences reads them (missing fields read as empty).
std::vector<StoredOwnerRef> OwnerRefsOf(const kube::Json& metadata) {
  std::vector<StoredOwnerRef> refs;
  auto it = metadata.find("ownerReferences");
  if (it == metadata.end() || !it->is_array()) return refs;
  for (const auto& ref : *it) {
    if (!ref.is_object()) {
      refs.push_back({});
      continue;
    }
    refs.push_back({StringField(ref, "apiVersion"), StringField(ref, "kind"),
                    StringField(ref, "name"), StringField(ref, "uid")});
  }
  return refs;
}

std::vector<std::string> OwnerUidsOf(const kube::Json& metadata) {
  std::vector<std::string> uids;
  auto it = metadata.find("ownerReferences");
  if (it == metadata.end() || !it->is_array()) return uids;
  for (const auto& ref : *it) {
    if (ref.is_object() && ref.contains("uid") && ref["uid"].is_string()) {
      uids.push_back(ref["uid"].get<std::string>());
    }
  }
  std::sort(uids.begin(), uids.end());
  uids.erase(std::unique(uids.begin(), uids.end()), uids.end());
  return uids;
}

std::string LabelIndexKey(std::string_view key, std::string_view value) {
  std::string out;
  out.reserve(key.size() + value.size() + 1);
  out.append(key);
  out.push_back('\0');
  out.append(value);
  return out;
}

void IndexLabels(ResourceTable& table, const StoredEntry& entry) {
  for (const auto& [key, value] : entry.second.labels) {
    table.by_label[LabelIndexKey(key, value)].insert(&entry);
  }
}

void UnindexLabels(ResourceTable& table, const StoredEntry& entry) {
  for (const auto& [key, value] : entry.second.labels) {
    auto it = table.by_label.find(LabelIndexKey(key, value));
    if (it == table.by_label.end()) continue;
    it->second.erase(&entry);
    if (it->second.empty()) table.by_label.erase(it);
  }
}

std::vector<std::string> FinalizersOf(const kube::Json& metadata) {
  std::vector<std::string> finalizers;
  auto it = metadata.find("finalizers");
  if (it == metadata.end() || !it->is_array()) return finalizers;
  for (const auto& f : *it) {
    if (f.is_string()) finalizers.push_back(f.get<std::string>());
  }
  return finalizers;
}

}  // namespace

size_t ObjectStore::AddTable(kube::ResourceInfo info, kube::Json schema) {
  auto group_kind = std::make_pair(info.gvk.group, info.gvk.kind);
  if (auto it = table_by_group_kind_.find(group_kind); it != table_by_group_kind_.end()) {
    ResourceTable& table = tables_[it->second];
    if (std::find(table.versions.begin(), table.versions.end(), info.gvk.version) ==
        table.versions.end()) {
      table.versions.push_back(info.gvk.version);
    }
    served_[it->second] = true;
    table.info = std::move(info);
    table.schema = std::move(schema);
    return it->second;
  }
  ResourceTable table;
  table.versions.push_back(info.gvk.version);
  table.info = std::move(info);
  table.schema = std::move(schema);
  tables_.push_back(std::move(table));
  served_.push_back(true);
  table_by_group_kind_[group_kind] = tables_.size() - 1;
  return tables_.size() - 1;
}

void ObjectStore::RemoveTable(size_t index) {
  served_[index] = false;
  for (const auto& [key, record] : tables_[index].objects) {
    for (const auto& uid : record.owner_uids) {
      auto& deps = dependents_[uid];
      std::erase(deps, ObjectLocator{index, key});
      if (deps.empty()) dependents_.erase(uid);
    }
  }
  tables_[index].by_label.clear();
  tables_[index].objects.clear();
}

const LabelPostings* ObjectStore::WithLabel(size_t table, std::string_view key,
                                            std::string_view value) const {
  const auto& index = tables_[table].by_label;
  auto it = index.find(LabelIndexKey(key, value));
  return it == index.end() ? nullptr : &it->second;
}

std::optional<size_t> ObjectStore::FindTable(const kube::GroupVersionKind& gvk) const {
  auto it = table_by_group_kind_.find({gvk.group, gvk.kind});
  if (it == table_by_group_kind_.end() || !served_[it->second]) return std::nullopt;
  const auto& versions = tables_[it->second].versions;
  if (std::find(versions.begin(), versions.end(), gvk.version) == versions.end()) {
    return std::nullopt;
  }
  return it->second;
}

const StoredRecord* ObjectStore::Find(size_t table, const std::string& key) const {
  const auto& objects = tables_[table].objects;
  auto it = objects.find(key);
  return it == objects.end() ? nullptr : &it->second;
}

void ObjectStore::Put(size_t table, const std::string& key, const kube::Json& object, Blob blob,
                      uint64_t resource_version) {
  ResourceTable& resource_table = tables_[table];
  auto [entry, inserted] = resource_table.objects.try_emplace(key);
  StoredRecord& record = entry->second;
  static const kube::Json kNoMetadata = kube::Json::object();
  auto found = object.find("metadata");
  const kube::Json& metadata = found != object.end() && found->is_object() ? *found : kNoMetadata;
  std::vector<std::string> new_owners = OwnerUidsOf(metadata);
  if (new_owners != record.owner_uids) {
    for (const auto& uid : record.owner_uids) {
      auto& deps = dependents_[uid];
      std::erase(deps, ObjectLocator{table, key});
      if (deps.empty()) dependents_.erase(uid);
    }
    for (const auto& uid : new_owners) dependents_[uid].push_back({table, key});
    record.owner_uids = std::move(new_owners);
  }
  record.blob = std::move(blob);
  record.resource_version = resource_version;
  record.uid = StringField(metadata, "uid");
  std::vector<std::pair<std::string, std::string>> labels = LabelsOf(object);
  if (inserted || labels != record.labels) {
    if (!inserted) UnindexLabels(resource_table, *entry);
    record.labels = std::move(labels);
    IndexLabels(resource_table, *entry);
  }
  record.owner_refs = OwnerRefsOf(metadata);
  record.finalizers = FinalizersOf(metadata);
  record.deleting = metadata.contains("deletionTimestamp");
}

void ObjectStore::Erase(size_t table, const std::string& key) {
  auto& objects = tables_[table].objects;
  auto it = objects.find(key);
  if (it == objects.end()) return;
  UnindexLabels(tables_[table], *it);
  for (const auto& uid : it->second.owner_uids) {
    auto& deps = dependents_[uid];
    std::erase(deps, ObjectLocator{table, key});
    if (deps.empty()) dependents_.erase(uid);
  }
  objects.erase(it);
}

std::vector<ObjectLocator> ObjectStore::DependentsOf(const std::string& owner_uid) const {
  auto it = dependents_.find(owner_uid);
  if (it == dependents_.end()) return {};
  std::vector<ObjectLocator> out = it->second;
  std::sort(out.begin(), out.end());
  return out;
}

size_t ObjectStore::ObjectCount() const {
  size_t n = 0;
  for (const auto& table : tables_) n += table.objects.size();
  return n;
}

size_t ObjectStore::EncodedBytes() const {
  size_t n = 0;
  for (const auto& table : tables_) {
    for (const auto& [key, record] : table.objects) n += record.blob->size();
  }
  return n;
}

size_t ObjectStore::EstimatedIndexBytes() const {
  // std::map node (~48 bytes of links and colour) + key + record + heap parts of strings,
  // plus the shared_ptr control block of the blob.
  auto heap = [](const std::string& s) { return s.capacity() > 15 ? s.capacity() + 1 : 0; };
  size_t n = 0;
  for (const auto& table : tables_) {
    for (const auto& [key, record] : table.objects) {
      n += 48 + sizeof(std::string) + heap(key) + sizeof(StoredRecord) + 32 + heap(record.uid);
      for (const auto& [k, v] : record.labels) n += 2 * sizeof(std::string) + heap(k) + heap(v);
      for (const auto& uid : record.owner_uids) n += sizeof(std::string) + heap(uid);
      for (const auto& ref : record.owner_refs) {
        n += sizeof(StoredOwnerRef) + heap(ref.api_version) + heap(ref.kind) + heap(ref.name) +
             heap(ref.uid);
      }
      for (const auto& f : record.finalizers) n += sizeof(std::string) + heap(f);
    }
    // The label index: a hash node per distinct label, a set node per (object, label).
    for (const auto& [label, postings] : table.by_label) {
      n += 64 + heap(label) + postings.size() * 40;
    }
  }
  for (const auto& [uid, deps] : dependents_) {
    n += 64 + heap(uid) + deps.capacity() * sizeof(ObjectLocator);
    for (const auto& d : deps) n += heap(d.key);
  }
  return n;
}

}  // namespace fakecluster
