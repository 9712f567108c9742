// Field sets of server-side apply: sets of paths into an object, their FieldsV1 encoding and
// their printed form, as sigs.k8s.io/structured-merge-diff/fieldpath defines them. A path element
// is a field (`f:name`), a keyed list item (`k:{"name":"x"}`), a set item (`v:"x"`) or a list
// index (`i:0`); in FieldsV1 a node that is both a member and a parent lists itself as `.`.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kube/object.h"

namespace fakecluster {

class PathElement {
 public:
  // Declaration order is the sort order (fields first, then keys, values, indexes).
  enum class Type { kField, kKey, kValue, kIndex };

  static PathElement Field(std::string name);
  static PathElement Key(kube::Json key_fields);  // an object: key field name -> scalar
  static PathElement Value(kube::Json value);
  static PathElement Index(int index);
  // Parses a FieldsV1 key ("f:spec", `k:{"name":"a"}`, `v:"x"`, "i:3").
  static std::optional<PathElement> Parse(std::string_view text);

  Type type() const { return type_; }
  const std::string& field() const { return field_; }
  const kube::Json& value() const { return value_; }  // key fields, or the set item
  int index() const { return index_; }

  // The FieldsV1 key.
  std::string Serialize() const;
  // The printed form used in conflict messages: ".name", `[name="x"]`, `[="x"]`, "[0]".
  std::string ToString() const;

  // Total order of fieldpath.PathElement.Compare.
  friend int Compare(const PathElement& left, const PathElement& right);
  bool operator<(const PathElement& other) const { return Compare(*this, other) < 0; }
  bool operator==(const PathElement& other) const { return Compare(*this, other) == 0; }

 private:
  Type type_ = Type::kField;
  std::string field_;
  kube::Json value_;
  int index_ = 0;
};

using FieldPath = std::vector<PathElement>;

// ".spec.template.spec.containers[name=\"app\"].image".
std::string FieldPathString(const FieldPath& path);

// A set of paths, stored as a tree: each node is a member (the path itself is in the set) and/or
// the parent of longer paths.
class FieldSet {
 public:
  void Insert(const FieldPath& path);
  // For building a set while walking an object, without a path per member: the node of
  // `element` below this one (created hollow if absent), the node at `path`, and marking a node
  // (not the root) as a member.
  FieldSet& ChildNode(const PathElement& element) { return children_[element]; }
  FieldSet& NodeAt(const FieldPath& path);
  void MarkMember() { member_ = true; }
  bool Has(const FieldPath& path) const;
  // Whether the set holds `path` or any path below it.
  bool HasAtOrBelow(const FieldPath& path) const;
  bool Empty() const { return children_.empty(); }

  FieldSet Union(const FieldSet& other) const;
  FieldSet Intersection(const FieldSet& other) const;
  FieldSet Difference(const FieldSet& other) const;
  // In place: this = Union(other), this = Difference(other), without copying this set.
  void Add(const FieldSet& other);
  void Remove(const FieldSet& other);

  // Every member, each level's members before the deeper ones, in path element order.
  std::vector<FieldPath> Paths() const;

  // FieldsV1: {"f:spec": {"f:replicas": {}}, ...}.
  kube::Json ToFieldsV1() const;
  // nullopt when `fields` is not a FieldsV1 object; unknown element kinds are skipped.
  static std::optional<FieldSet> FromFieldsV1(const kube::Json& fields);

  bool operator==(const FieldSet& other) const;

 private:
  bool Hollow() const { return !member_ && children_.empty(); }
  const FieldSet* Find(const FieldPath& path) const;
  void CollectPaths(FieldPath& prefix, std::vector<FieldPath>& out) const;
  bool ReadFieldsV1(const kube::Json& fields);

  bool member_ = false;  // for child nodes: the path leading here is in the set
  std::map<PathElement, FieldSet> children_;
};

}  // namespace fakecluster
