// ObjectStore: the versioned object storage behind the fake cluster. One table per served
// resource (group + plural); each object kept once, encoded as MessagePack (a few hundred bytes
// instead of a several-KB JSON tree), plus the few decoded fields that selection, namespace
// checks and garbage collection need, so that none of them decodes the object. Tables are
// ordered by "<namespace>/<name>", the real server's etcd key order.
// Not thread-safe: the cluster's mutex guards it.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "kube/gvk.h"
#include "kube/object.h"

namespace fakecluster {

using Blob = std::shared_ptr<const std::string>;

Blob EncodeObject(const kube::Json& object);
kube::Json DecodeObject(const std::string& blob);

// "<namespace>/<name>" or "<name>".
std::string StoreKey(std::string_view ns, std::string_view name);

// One metadata.ownerReferences entry as the garbage collector reads it.
struct StoredOwnerRef {
  std::string api_version;
  std::string kind;
  std::string name;
  std::string uid;
};

struct StoredRecord {
  Blob blob;
  uint64_t resource_version = 0;
  std::string uid;
  std::vector<std::pair<std::string, std::string>> labels;  // sorted by key
  std::vector<std::string> owner_uids;     // sorted, unique: the dependents index's keys
  std::vector<StoredOwnerRef> owner_refs;  // in the object's order
  std::vector<std::string> finalizers;     // the string entries, in order
  bool deleting = false;                   // metadata.deletionTimestamp is set

  bool HasFinalizer(std::string_view finalizer) const {
    for (const auto& f : finalizers) {
      if (f == finalizer) return true;
    }
    return false;
  }

  std::map<std::string, std::string> LabelMap() const { return {labels.begin(), labels.end()}; }
};

// Identifies a stored object across tables.
struct ObjectLocator {
  size_t table = 0;
  std::string key;
  bool operator==(const ObjectLocator&) const = default;
  bool operator<(const ObjectLocator& o) const {
    return table != o.table ? table < o.table : key < o.key;
  }
};

using StoredEntry = std::pair<const std::string, StoredRecord>;

// Orders entries of one table by key; also compares with a key, for lower_bound.
struct EntryKeyLess {
  using is_transparent = void;
  bool operator()(const StoredEntry* a, const StoredEntry* b) const { return a->first < b->first; }
  bool operator()(const StoredEntry* a, std::string_view key) const { return a->first < key; }
  bool operator()(std::string_view key, const StoredEntry* b) const { return key < b->first; }
};

// The entries of one table that carry one label key=value, in key order.
using LabelPostings = std::set<const StoredEntry*, EntryKeyLess>;

struct ResourceTable {
  kube::ResourceInfo info;            // the storage version's info
  std::vector<std::string> versions;  // every served version (CRDs may serve several)
  kube::Json schema;                  // openAPIV3Schema for custom kinds, null for built-ins
  std::map<std::string, StoredRecord> objects;
  // "<key>\0<value>" -> the objects carrying that label (NUL cannot occur in either).
  std::unordered_map<std::string, LabelPostings> by_label;
};

class ObjectStore {
 public:
  // Returns the table index for a new resource (or the existing one for the same group+plural).
  size_t AddTable(kube::ResourceInfo info, kube::Json schema);
  void RemoveTable(size_t index);  // keeps indexes stable; the table becomes empty & unserved
  std::optional<size_t> FindTable(const kube::GroupVersionKind& gvk) const;
  ResourceTable& Table(size_t index) { return tables_[index]; }
  const ResourceTable& Table(size_t index) const { return tables_[index]; }
  size_t TableCount() const { return tables_.size(); }
  bool TableServed(size_t index) const { return served_[index]; }

  const StoredRecord* Find(size_t table, const std::string& key) const;
  // Stores (inserting or replacing) and keeps the owner index in step.
  void Put(size_t table, const std::string& key, const kube::Json& object, Blob blob,
           uint64_t resource_version);
  void Erase(size_t table, const std::string& key);

  // The objects of `table` carrying the label `key`=`value` (null when none do).
  const LabelPostings* WithLabel(size_t table, std::string_view key, std::string_view value) const;

  // Objects whose ownerReferences name `owner_uid`.
  std::vector<ObjectLocator> DependentsOf(const std::string& owner_uid) const;

  size_t ObjectCount() const;
  size_t EncodedBytes() const;
  size_t EstimatedIndexBytes() const;

 private:
  std::vector<ResourceTable> tables_;
  std::vector<bool> served_;
  std::map<std::pair<std::string, std::string>, size_t> table_by_group_kind_;
  std::unordered_map<std::string, std::vector<ObjectLocator>> dependents_;
};

}  // namespace fakecluster
