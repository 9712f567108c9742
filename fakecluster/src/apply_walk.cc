#include "apply_walk.h"

#include <map>
#include <set>
#include <string>
#include <utility>

namespace fakecluster {
namespace {

using kube::Json;

bool IsAbsent(const Json* value) { return value == nullptr || value->is_null(); }

bool IsScalar(const Json& value) {
  return value.is_string() || value.is_number() || value.is_boolean();
}

FieldPath Child(const FieldPath& path, PathElement element) {
  FieldPath child = path;
  child.push_back(std::move(element));
  return child;
}

// The key of one associative list item, or nullopt when it lacks a key field without default.
std::optional<PathElement> ItemKey(const Json& item, const ListRule& rule) {
  if (!item.is_object()) return std::nullopt;
  Json key_fields = Json::object();
  for (const ListKeyField& key : rule.apply_keys) {
    auto value = item.find(key.name);
    if (value != item.end() && IsScalar(*value)) {
      key_fields[std::string(key.name)] = *value;
    } else if (!key.default_value.empty()) {
      key_fields[std::string(key.name)] = std::string(key.default_value);
    } else {
      return std::nullopt;
    }
  }
  return PathElement::Key(std::move(key_fields));
}

// The path elements of a list's items; nullopt when the list is atomic: by schema, or because
// an item cannot be identified or is identified twice.
std::optional<std::vector<PathElement>> ItemElements(const Json& list, const ListRule* rule) {
  if (rule == nullptr || rule->apply_type == ApplyListType::kAtomic) return std::nullopt;
  std::vector<PathElement> elements;
  std::set<PathElement> seen;
  for (const Json& item : list) {
    std::optional<PathElement> element;
    if (rule->apply_type == ApplyListType::kSet) {
      if (IsScalar(item)) element = PathElement::Value(item);
    } else {
      element = ItemKey(item, *rule);
    }
    if (!element || !seen.insert(*element).second) return std::nullopt;
    elements.push_back(std::move(*element));
  }
  return elements;
}

Json WithoutNulls(const Json& value) {
  if (value.is_object()) {
    Json out = Json::object();
    for (const auto& [key, child] : value.items()) {
      if (!child.is_null()) out[key] = WithoutNulls(child);
    }
    return out;
  }
  if (value.is_array()) {
    Json out = Json::array();
    for (const Json& item : value) out.push_back(WithoutNulls(item));
    return out;
  }
  return value;
}

class Walker {
 public:
  explicit Walker(const KindSchema& schema) : schema_(schema) {}

  // The fields `value` at `path` sets. With `record_map_nodes`, a map of user keys counts as a
  // node of its own (how Compare reports a new labels map; Apply never owns it).
  // Adds the fields of `value` to `node`, the set's node for the path of `value` (the root when
  // `at_root`, which is never a member itself).
  void CollectFields(const Json& value, const std::string& pattern, FieldSet& node, bool at_root,
                     bool record_map_nodes) const {
    if (value.is_object()) {
      if (!at_root && (value.empty() || schema_.IsAtomicMap(pattern))) {
        node.MarkMember();
        return;
      }
      if (record_map_nodes && !at_root && schema_.IsGranularMap(pattern)) node.MarkMember();
      CollectMapFields(value, pattern, node, record_map_nodes);
      return;
    }
    if (value.is_array()) {
      std::optional<std::vector<PathElement>> items =
          ItemElements(value, schema_.FindList(pattern));
      if (!items || value.empty()) {
        if (!at_root) node.MarkMember();
        return;
      }
      for (size_t i = 0; i < value.size(); ++i) {
        FieldSet& item = node.ChildNode((*items)[i]);
        item.MarkMember();
        if (value[i].is_object()) {
          CollectMapFields(value[i], PatternItem(pattern), item, record_map_nodes);
        }
      }
      return;
    }
    if (!at_root) node.MarkMember();
  }

  void CollectMapFields(const Json& map, const std::string& pattern, FieldSet& node,
                        bool record_map_nodes) const {
    for (const auto& [key, child] : map.items()) {
      CollectFields(child, PatternChild(pattern, key), node.ChildNode(PathElement::Field(key)),
                    /*at_root=*/false, record_map_nodes);
    }
  }

  // CollectFields for the value at `path` of `out`.
  void CollectFieldsAt(const Json& value, const std::string& pattern, const FieldPath& path,
                       FieldSet& out) const {
    CollectFields(value, pattern, out.NodeAt(path), path.empty(), /*record_map_nodes=*/true);
  }

  void Compare(const Json* before, const Json* after, const std::string& pattern,
               const FieldPath& path, Comparison& out) const {
    if (IsAbsent(before) && IsAbsent(after)) return;
    if (IsAbsent(before)) return CollectFieldsAt(*after, pattern, path, out.added);
    if (IsAbsent(after)) return CollectFieldsAt(*before, pattern, path, out.removed);
    if (before->is_object() && after->is_object()) {
      if (schema_.IsAtomicMap(pattern) || (before->empty() && after->empty())) {
        if (*before != *after) out.modified.Insert(path);
        return;
      }
      return CompareMaps(*before, *after, pattern, path, out);
    }
    if (before->is_array() && after->is_array())
      return CompareLists(*before, *after, pattern, path, out);
    if (*before == *after) return;
    out.modified.Insert(path);
    if (after->is_structured()) CollectFieldsAt(*after, pattern, path, out.added);
    if (before->is_structured()) CollectFieldsAt(*before, pattern, path, out.removed);
  }

  void CompareMaps(const Json& before, const Json& after, const std::string& pattern,
                   const FieldPath& path, Comparison& out) const {
    for (const auto& [key, value] : before.items()) {
      auto other = after.find(key);
      Compare(&value, other == after.end() ? nullptr : &*other, PatternChild(pattern, key),
              Child(path, PathElement::Field(key)), out);
    }
    for (const auto& [key, value] : after.items()) {
      if (before.contains(key)) continue;
      Compare(nullptr, &value, PatternChild(pattern, key), Child(path, PathElement::Field(key)),
              out);
    }
  }

  void CompareLists(const Json& before, const Json& after, const std::string& pattern,
                    const FieldPath& path, Comparison& out) const {
    const ListRule* rule = schema_.FindList(pattern);
    std::optional<std::vector<PathElement>> before_items = ItemElements(before, rule);
    std::optional<std::vector<PathElement>> after_items = ItemElements(after, rule);
    if (!before_items || !after_items || (before.empty() && after.empty())) {
      if (before != after) out.modified.Insert(path);
      return;
    }
    std::map<PathElement, std::pair<const Json*, const Json*>> items;
    for (size_t i = 0; i < before.size(); ++i) items[(*before_items)[i]].first = &before[i];
    for (size_t i = 0; i < after.size(); ++i) items[(*after_items)[i]].second = &after[i];
    std::string item_pattern = PatternItem(pattern);
    for (const auto& [element, pair] : items) {
      FieldPath item_path = Child(path, element);
      const auto& [old_item, new_item] = pair;
      if (old_item == nullptr || new_item == nullptr) {
        FieldSet& target = old_item == nullptr ? out.added : out.removed;
        const Json& item = old_item == nullptr ? *new_item : *old_item;
        FieldSet& node = target.NodeAt(item_path);
        node.MarkMember();
        if (item.is_object()) CollectMapFields(item, item_pattern, node, true);
      } else if (old_item->is_object() && new_item->is_object()) {
        CompareMaps(*old_item, *new_item, item_pattern, item_path, out);
      }
    }
  }

  Json Merge(const Json& live, const Json& config, const std::string& pattern) const {
    if (live.is_object() && config.is_object() && !schema_.IsAtomicMap(pattern)) {
      Json merged = live;
      for (const auto& [key, value] : config.items()) {
        if (value.is_null()) {
          merged.erase(key);
          continue;
        }
        auto current = merged.find(key);
        merged[key] = current == merged.end() ? WithoutNulls(value)
                                              : Merge(*current, value, PatternChild(pattern, key));
      }
      return merged;
    }
    if (live.is_array() && config.is_array()) {
      const ListRule* rule = schema_.FindList(pattern);
      std::optional<std::vector<PathElement>> live_items = ItemElements(live, rule);
      std::optional<std::vector<PathElement>> config_items = ItemElements(config, rule);
      if (live_items && config_items) {
        return MergeItems(live, *live_items, config, *config_items, PatternItem(pattern));
      }
    }
    return WithoutNulls(config);
  }

  Json MergeItems(const Json& live, const std::vector<PathElement>& live_items, const Json& config,
                  const std::vector<PathElement>& config_items,
                  const std::string& item_pattern) const {
    std::map<PathElement, size_t> config_index;
    for (size_t i = 0; i < config_items.size(); ++i) config_index[config_items[i]] = i;
    std::set<PathElement> in_live(live_items.begin(), live_items.end());
    Json merged = Json::array();
    for (size_t i = 0; i < live.size(); ++i) {
      auto match = config_index.find(live_items[i]);
      merged.push_back(match == config_index.end()
                           ? live[i]
                           : Merge(live[i], config[match->second], item_pattern));
    }
    for (size_t i = 0; i < config.size(); ++i) {
      if (!in_live.contains(config_items[i])) merged.push_back(WithoutNulls(config[i]));
    }
    return merged;
  }

  // Removes the value at path[depth..] below `node` (whose type pattern is `pattern`).
  bool Remove(Json& node, const FieldPath& path, size_t depth, const std::string& pattern) const {
    const PathElement& element = path[depth];
    bool last = depth + 1 == path.size();
    if (element.type() == PathElement::Type::kField) {
      if (!node.is_object()) return false;
      auto child = node.find(element.field());
      if (child == node.end()) return false;
      if (last) {
        node.erase(child);
        return true;
      }
      std::string child_pattern = PatternChild(pattern, element.field());
      bool removed = Remove(*child, path, depth + 1, child_pattern);
      if (removed && child->is_object() && child->empty() && schema_.IsGranularMap(child_pattern)) {
        node.erase(child);
      }
      return removed;
    }
    if (!node.is_array()) return false;
    std::optional<std::vector<PathElement>> items = ItemElements(node, schema_.FindList(pattern));
    if (!items) return false;
    for (size_t i = 0; i < items->size(); ++i) {
      if (!((*items)[i] == element)) continue;
      if (last) {
        node.erase(i);
        return true;
      }
      return Remove(node[i], path, depth + 1, PatternItem(pattern));
    }
    return false;
  }

 private:
  const KindSchema& schema_;
};

}  // namespace

FieldSet AppliedFieldSet(const kube::Json& config, const KindSchema& schema) {
  FieldSet fields;
  if (config.is_object()) {
    Walker(schema).CollectMapFields(config, "", fields, /*record_map_nodes=*/false);
  }
  return fields;
}

Comparison CompareObjects(const kube::Json& before, const kube::Json& after,
                          const KindSchema& schema) {
  Comparison comparison;
  Walker(schema).Compare(&before, &after, "", {}, comparison);
  return comparison;
}

kube::Json MergeConfig(const kube::Json& live, const kube::Json& config, const KindSchema& schema) {
  return Walker(schema).Merge(live, config, "");
}

void RemoveFields(kube::Json& object, const std::vector<FieldPath>& paths,
                  const KindSchema& schema) {
  Walker walker(schema);
  for (const FieldPath& path : paths) {
    if (!path.empty()) walker.Remove(object, path, 0, "");
  }
}

std::vector<std::string> KeyFieldNames(const PathElement& element) {
  std::vector<std::string> names;
  if (element.type() != PathElement::Type::kKey) return names;
  for (auto it = element.value().begin(); it != element.value().end(); ++it) {
    names.push_back(it.key());
  }
  return names;
}

}  // namespace fakecluster
