// Patch metadata of the built-in kinds, kept as data: which lists a strategic merge patch merges
// (and by which key), how server-side apply treats each list (associative by key fields, a set
// of scalars, or atomic) and which maps it treats as atomic or as maps of user keys. Transcribed
// from the patchStrategy/patchMergeKey and listType/listMapKey/structType markers of
// k8s.io/api core/v1 and apps/v1 and k8s.io/apimachinery meta/v1 (ObjectMeta).
//
// Fields are named by type patterns: the dotted path from the object root with "[]" after a list
// for its items, e.g. "spec.template.spec.containers[].env". Unknown patterns mean: a list is
// atomic (replaced whole), a map is a struct merged field by field.
#pragma once

#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace fakecluster {

enum class ApplyListType {
  kAtomic,       // replaced and owned as a whole
  kAssociative,  // items identified by key fields: fieldsV1 `k:{"name":"x"}`
  kSet,          // scalar items identified by value: fieldsV1 `v:"x"`
};

struct ListKeyField {
  std::string_view name;
  std::string_view default_value;  // the value assumed when an item omits the field; "" = none
};

struct ListRule {
  // Strategic merge patch: patchStrategy "merge" and its patchMergeKey ("" for scalar lists).
  bool merge = false;
  std::string_view merge_key;
  // Server-side apply: listType and listMapKey(s).
  ApplyListType apply_type = ApplyListType::kAtomic;
  std::vector<ListKeyField> apply_keys;
};

class KindSchema {
 public:
  // The schema of `kind` at `api_version`; kinds that are not built in (custom resources) get
  // only the ObjectMeta rules (metadata.ownerReferences, metadata.finalizers, labels, ...).
  static const KindSchema& For(std::string_view api_version, std::string_view kind);
  // The same for a built-in kind named without its group (strategic merge patch callers).
  static const KindSchema& ForKind(std::string_view kind);

  // nullptr when the list at `pattern` is atomic and not merged by strategic merge patch.
  const ListRule* FindList(std::string_view pattern) const;
  // A map owned and replaced as a whole by server-side apply (structType=atomic).
  bool IsAtomicMap(std::string_view pattern) const;
  // A map whose keys are data (labels, ConfigMap data) rather than schema fields.
  bool IsGranularMap(std::string_view pattern) const;

 private:
  std::map<std::string, ListRule, std::less<>> lists_;
  std::set<std::string, std::less<>> atomic_maps_;
  std::set<std::string, std::less<>> granular_maps_;  // exact patterns
  std::vector<std::string> granular_map_suffixes_;    // matched at any depth

  friend class KindSchemaBuilder;
};

// Appends one path element to a type pattern: a field name, or "[]" for a list item.
std::string PatternChild(std::string_view pattern, std::string_view field);
std::string PatternItem(std::string_view pattern);

}  // namespace fakecluster
