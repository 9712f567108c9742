#include "strategic_merge.h"

#include <fmt/format.h>

#include <algorithm>
#include <limits>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "strategic_schema.h"

namespace fakecluster {
namespace {

using kube::Json;
using kube::Status;
using kube::StatusOr;

constexpr std::string_view kDirectiveMarker = "$patch";
constexpr std::string_view kDeleteDirective = "delete";
constexpr std::string_view kReplaceDirective = "replace";
constexpr std::string_view kMergeDirective = "merge";
constexpr std::string_view kRetainKeysDirective = "$retainKeys";
constexpr std::string_view kDeleteFromPrimitiveListPrefix = "$deleteFromPrimitiveList";
constexpr std::string_view kSetElementOrderPrefix = "$setElementOrder";

// Where the merge is: the path shown in errors and the schema pattern of that place.
struct Location {
  std::string display;  // "spec.template.spec.containers[0]"
  std::string pattern;  // "spec.template.spec.containers[]"

  Location Field(std::string_view name) const {
    std::string path = display.empty() ? std::string(name) : display + "." + std::string(name);
    return {std::move(path), PatternChild(pattern, name)};
  }
  Location Item(size_t index) const {
    return {fmt::format("{}[{}]", display, index), PatternItem(pattern)};
  }
};

Status Malformed(const Location& at, std::string_view detail) {
  return kube::BadRequestError(fmt::format("strategic merge patch at {}: {}",
                                           at.display.empty() ? "<root>" : at.display, detail));
}

// JSON value types as Go's encoding/json decodes them (every number is a float64).
enum class Shape { kNull, kObject, kArray, kString, kBool, kNumber };

Shape ShapeOf(const Json& value) {
  if (value.is_object()) return Shape::kObject;
  if (value.is_array()) return Shape::kArray;
  if (value.is_string()) return Shape::kString;
  if (value.is_boolean()) return Shape::kBool;
  if (value.is_number()) return Shape::kNumber;
  return Shape::kNull;
}

bool HasDirectiveMarker(const Json& value) {
  return value.is_object() && value.contains(kDirectiveMarker);
}

bool IsDirective(const Json& value, std::string_view directive) {
  return value.is_string() && value.get_ref<const std::string&>() == directive;
}

// A patch value as it lands where the original has nothing to merge with: nulls and directive
// keys are dropped, and a map carrying `$patch` disappears (nullopt), as removeDirectives does.
std::optional<Json> CleanValue(const Json& value) {
  if (value.is_object()) {
    if (value.contains(kDirectiveMarker)) return std::nullopt;
    Json cleaned = Json::object();
    for (const auto& [key, child] : value.items()) {
      if (key.starts_with('$') || child.is_null()) continue;
      if (std::optional<Json> clean_child = CleanValue(child)) cleaned[key] = *clean_child;
    }
    return cleaned;
  }
  if (value.is_array()) {
    Json cleaned = Json::array();
    for (const Json& item : value) {
      if (std::optional<Json> clean_item = CleanValue(item)) cleaned.push_back(*clean_item);
    }
    return cleaned;
  }
  return value;
}

Json CleanList(const Json& list) { return CleanValue(list).value_or(Json::array()); }

// The common type of the items of two lists (Go's sliceElementType).
StatusOr<Shape> ElementShape(const Json& first, const Json& second, const Location& at) {
  std::optional<Shape> shape;
  for (const Json* list : {&first, &second}) {
    for (const Json& item : *list) {
      Shape item_shape = ShapeOf(item);
      if (item_shape == Shape::kArray) return Malformed(at, "lists of lists are not supported");
      if (shape && *shape != item_shape) {
        return Malformed(at, "list element types are not identical");
      }
      shape = item_shape;
    }
  }
  if (!shape) return Malformed(at, "no elements in any of the given lists");
  return *shape;
}

// Whether two items are the same list entry: by merge key for maps, by value otherwise.
bool SameItem(const Json& left, const Json& right, std::string_view merge_key) {
  if (merge_key.empty()) return left == right;
  if (!left.is_object() || !right.is_object()) return false;
  auto left_key = left.find(merge_key);
  auto right_key = right.find(merge_key);
  return left_key != left.end() && right_key != right.end() && *left_key == *right_key;
}

int IndexOf(const Json& list, const Json& item, std::string_view merge_key) {
  for (size_t i = 0; i < list.size(); ++i) {
    if (SameItem(list[i], item, merge_key)) return static_cast<int>(i);
  }
  return -1;
}

Status RequireMergeKey(const Json& item, std::string_view merge_key, const Location& at) {
  if (!item.is_object()) return Malformed(at, "list item is not a map");
  if (!item.contains(merge_key)) {
    return Malformed(at, fmt::format("map does not contain declared merge key: {}", merge_key));
  }
  return Status::Ok();
}

Status RequireMergeKeys(const std::vector<Json>& items, std::string_view merge_key,
                        const Location& at) {
  for (const Json& item : items) KUBE_RETURN_IF_ERROR(RequireMergeKey(item, merge_key, at));
  return Status::Ok();
}

Status RequireMergeKeys(const Json& list, std::string_view merge_key, const Location& at) {
  for (size_t i = 0; i < list.size(); ++i) {
    KUBE_RETURN_IF_ERROR(RequireMergeKey(list[i], merge_key, at.Item(i)));
  }
  return Status::Ok();
}

// Splits `merged` into the items present in `by` and the others, keeping their order.
std::pair<std::vector<Json>, std::vector<Json>> Partition(const std::vector<Json>& merged,
                                                          const Json& by,
                                                          std::string_view merge_key) {
  std::vector<Json> present;
  std::vector<Json> absent;
  for (const Json& item : merged) {
    (IndexOf(by, item, merge_key) >= 0 ? present : absent).push_back(item);
  }
  return {std::move(present), std::move(absent)};
}

void SortByOrder(std::vector<Json>& items, const Json& order, std::string_view merge_key) {
  std::vector<std::pair<int, Json>> ranked;
  ranked.reserve(items.size());
  for (Json& item : items) {
    int index = IndexOf(order, item, merge_key);
    ranked.emplace_back(index < 0 ? std::numeric_limits<int>::max() : index, std::move(item));
  }
  std::stable_sort(ranked.begin(), ranked.end(),
                   [](const auto& left, const auto& right) { return left.first < right.first; });
  items.clear();
  for (auto& [rank, item] : ranked) items.push_back(std::move(item));
}

// Interleaves the server-only items with the patch items, as mergeSortedSlice: a server-only item
// goes first only when both items are in the live list and it came first there.
Json MergeSorted(const std::vector<Json>& server_only, const std::vector<Json>& in_patch,
                 const Json& server_order, std::string_view merge_key) {
  Json merged = Json::array();
  size_t left = 0;
  size_t right = 0;
  while (left < server_only.size() || right < in_patch.size()) {
    bool take_left = right >= in_patch.size();
    if (left < server_only.size() && right < in_patch.size()) {
      int left_index = IndexOf(server_order, server_only[left], merge_key);
      int right_index = IndexOf(server_order, in_patch[right], merge_key);
      take_left = left_index >= 0 && right_index >= 0 && left_index < right_index;
    }
    merged.push_back(take_left ? server_only[left++] : in_patch[right++]);
  }
  return merged;
}

// The order of a merged list: patch items in patch order, live-only items in live order, then
// interleaved (normalizeElementOrder). Maps must all carry the merge key.
StatusOr<Json> NormalizeElementOrder(std::vector<Json> in_patch, std::vector<Json> server_only,
                                     const Json& patch_order, const Json& server_order,
                                     std::string_view merge_key, const Location& at) {
  if (!merge_key.empty()) {
    KUBE_RETURN_IF_ERROR(RequireMergeKeys(in_patch, merge_key, at));
    KUBE_RETURN_IF_ERROR(RequireMergeKeys(patch_order, merge_key, at));
    KUBE_RETURN_IF_ERROR(RequireMergeKeys(server_only, merge_key, at));
    KUBE_RETURN_IF_ERROR(RequireMergeKeys(server_order, merge_key, at));
  }
  SortByOrder(in_patch, patch_order, merge_key);
  SortByOrder(server_only, server_order, merge_key);
  return MergeSorted(server_only, in_patch, server_order, merge_key);
}

// Scalars of both lists without repeats (their final order is set by NormalizeElementOrder).
std::vector<Json> UniqueScalars(const Json& original, const Json& patch) {
  std::vector<Json> unique;
  for (const Json* list : {&original, &patch}) {
    for (const Json& item : *list) {
      if (std::find(unique.begin(), unique.end(), item) == unique.end()) unique.push_back(item);
    }
  }
  return unique;
}

Json DeleteScalars(const Json& original, const Json& to_delete) {
  Json kept = Json::array();
  for (const Json& item : original) {
    if (std::find(to_delete.begin(), to_delete.end(), item) == to_delete.end()) {
      kept.push_back(item);
    }
  }
  return kept;
}

void EraseByKey(Json& list, std::string_view merge_key, const Json& key_value) {
  Json kept = Json::array();
  for (Json& item : list) {
    auto value = item.find(merge_key);
    if (value == item.end() || *value != key_value) kept.push_back(std::move(item));
  }
  list = std::move(kept);
}

// The key of a directive field ("$setElementOrder/containers" -> "containers").
StatusOr<std::string> DirectiveTarget(std::string_view key, std::string_view prefix,
                                      std::string_view what, const Location& at) {
  if (key.size() <= prefix.size() + 1 || key[prefix.size()] != '/') {
    return Malformed(at, fmt::format("invalid patch format of {}: {}", what, key));
  }
  return std::string(key.substr(prefix.size() + 1));
}

class StrategicMerger {
 public:
  explicit StrategicMerger(const KindSchema& schema) : schema_(schema) {}

  StatusOr<Json> MergeMap(Json original, const Json& patch, const Location& at) const {
    if (patch.contains(kDirectiveMarker)) return HandleMapDirective(patch, at);
    if (!original.is_object()) original = Json::object();
    KUBE_RETURN_IF_ERROR(ApplyRetainKeys(original, patch, at));
    std::set<std::string> ordered;
    KUBE_RETURN_IF_ERROR(ApplyElementOrders(original, patch, at, ordered));
    std::vector<std::pair<std::string, const Json*>> deletion_lists;
    for (const auto& [key, value] : patch.items()) {
      if (ordered.contains(key) || key == kRetainKeysDirective ||
          key.starts_with(kSetElementOrderPrefix)) {
        continue;
      }
      if (key.starts_with(kDeleteFromPrimitiveListPrefix)) {
        deletion_lists.emplace_back(key, &value);
        continue;
      }
      if (key.starts_with('$')) continue;  // decoding into the typed object drops it
      KUBE_RETURN_IF_ERROR(MergeField(original, key, value, at.Field(key)));
    }
    // Deletions go last so that a patch adding and deleting the same value is deterministic.
    for (const auto& [key, value] : deletion_lists) {
      KUBE_RETURN_IF_ERROR(DeleteFromPrimitiveList(original, key, *value, at));
    }
    return original;
  }

 private:
  // `$patch` in a map: "replace" takes the patch as the new value, "delete" empties the map.
  StatusOr<Json> HandleMapDirective(const Json& patch, const Location& at) const {
    const Json& directive = patch.at(kDirectiveMarker);
    if (IsDirective(directive, kReplaceDirective)) {
      Json replacement = patch;
      replacement.erase(kDirectiveMarker);
      return CleanValue(replacement).value_or(Json::object());
    }
    if (IsDirective(directive, kDeleteDirective)) return Json::object();
    return Malformed(at, fmt::format("unknown patch type: {} in map", directive.dump()));
  }

  // `$retainKeys`: every other field of the patch must be listed; unlisted original fields go.
  Status ApplyRetainKeys(Json& original, const Json& patch, const Location& at) const {
    auto directive = patch.find(kRetainKeysDirective);
    if (directive == patch.end()) return Status::Ok();
    if (!directive->is_array()) {
      return Malformed(at, "invalid patch format of retainKeys: $retainKeys must be a list");
    }
    std::set<std::string, std::less<>> retained;
    for (const Json& key : *directive) {
      if (key.is_string()) retained.insert(key.get<std::string>());
    }
    for (const auto& [key, value] : patch.items()) {
      if (value.is_null() || key == kRetainKeysDirective ||
          key.starts_with(kDeleteFromPrimitiveListPrefix) ||
          key.starts_with(kSetElementOrderPrefix)) {
        continue;
      }
      if (!retained.contains(key)) {
        return Malformed(
            at, fmt::format("invalid patch format of retainKeys: {} is not in $retainKeys", key));
      }
    }
    Json kept = Json::object();
    for (auto& [key, value] : original.items()) {
      if (retained.contains(key)) kept[key] = std::move(value);
    }
    original = std::move(kept);
    return Status::Ok();
  }

  Status ApplyElementOrders(Json& original, const Json& patch, const Location& at,
                            std::set<std::string>& ordered) const {
    for (const auto& [key, order] : patch.items()) {
      if (!key.starts_with(kSetElementOrderPrefix)) continue;
      KUBE_ASSIGN_OR_RETURN(std::string field, DirectiveTarget(key, kSetElementOrderPrefix,
                                                               "setElementOrder list", at));
      KUBE_RETURN_IF_ERROR(ApplyElementOrder(original, patch, field, order, at.Field(field)));
      ordered.insert(field);
    }
    return Status::Ok();
  }

  // `$setElementOrder/<field>`: merges the list, then orders it: listed items in the listed
  // order, interleaved with the live-only items (mergePatchIntoOriginal).
  Status ApplyElementOrder(Json& original, const Json& patch, const std::string& field,
                           const Json& order, const Location& at) const {
    if (!order.is_array()) return Malformed(at, "$setElementOrder must be a list");
    auto original_list = original.find(field);
    auto patch_list = patch.find(field);
    bool in_original = original_list != original.end();
    bool in_patch = patch_list != patch.end();
    if (in_original && !original_list->is_array()) return Malformed(at, "the field is not a list");
    if (in_patch && !patch_list->is_array()) return Malformed(at, "the patch value is not a list");
    if (!in_original && !in_patch) return Status::Ok();

    const ListRule* rule = schema_.FindList(at.pattern);
    std::string_view merge_key = rule != nullptr ? rule->merge_key : std::string_view();
    const Json empty = Json::array();
    const Json& live = in_original ? *original_list : empty;
    const Json& patched = in_patch ? *patch_list : empty;
    KUBE_RETURN_IF_ERROR(ValidateAgainstOrder(patched, order, merge_key, at));

    Json merged;
    if (!in_patch) {
      merged = live;
    } else if (!in_original) {
      merged = CleanList(patched);
    } else {
      KUBE_ASSIGN_OR_RETURN(merged, MergeListField(live, patched, at));
    }
    if (merged.empty()) {
      original[field] = std::move(merged);
      return Status::Ok();
    }
    KUBE_ASSIGN_OR_RETURN(Shape shape, ElementShape(live, patched, at));
    if (shape == Shape::kObject && merge_key.empty()) {
      return Malformed(at, "cannot order a list of maps that has no merge key");
    }
    std::string_view order_key = shape == Shape::kObject ? merge_key : std::string_view();
    std::vector<Json> items(merged.begin(), merged.end());
    auto [listed, unlisted] = Partition(items, order, order_key);
    KUBE_ASSIGN_OR_RETURN(
        original[field],
        NormalizeElementOrder(std::move(listed), std::move(unlisted), order, live, order_key, at));
    return Status::Ok();
  }

  // The patch items (other than deletions) must appear in the $setElementOrder list, in order.
  Status ValidateAgainstOrder(const Json& patch_list, const Json& order, std::string_view merge_key,
                              const Location& at) const {
    if (order.empty() || patch_list.empty()) return Status::Ok();
    std::vector<const Json*> kept;
    for (const Json& item : patch_list) {
      if (!merge_key.empty()) {
        if (!item.is_object()) return Malformed(at, "list item is not a map");
        auto directive = item.find(kDirectiveMarker);
        if (directive != item.end() && IsDirective(*directive, kDeleteDirective)) continue;
      }
      kept.push_back(&item);
    }
    size_t patch_index = 0;
    size_t order_index = 0;
    while (patch_index < kept.size() && order_index < order.size()) {
      if (HasDirectiveMarker(*kept[patch_index])) {
        ++patch_index;
        continue;
      }
      if (!merge_key.empty()) {
        KUBE_RETURN_IF_ERROR(RequireMergeKey(*kept[patch_index], merge_key, at));
        KUBE_RETURN_IF_ERROR(RequireMergeKey(order[order_index], merge_key, at));
      }
      if (SameItem(*kept[patch_index], order[order_index], merge_key)) ++patch_index;
      ++order_index;
    }
    if (patch_index < kept.size()) {
      return Malformed(at, "the order in the patch list doesn't match the $setElementOrder list");
    }
    return Status::Ok();
  }

  Status MergeField(Json& original, const std::string& key, const Json& patch_value,
                    const Location& at) const {
    if (patch_value.is_null()) {
      original.erase(key);
      return Status::Ok();
    }
    auto current = original.find(key);
    if (current == original.end() || ShapeOf(*current) != ShapeOf(patch_value)) {
      if (std::optional<Json> cleaned = CleanValue(patch_value)) {
        original[key] = std::move(*cleaned);
      } else {
        original.erase(key);
      }
      return Status::Ok();
    }
    if (patch_value.is_object()) {
      KUBE_ASSIGN_OR_RETURN(Json merged, MergeMap(std::move(*current), patch_value, at));
      original[key] = std::move(merged);
    } else if (patch_value.is_array()) {
      KUBE_ASSIGN_OR_RETURN(Json merged, MergeListField(*current, patch_value, at));
      original[key] = std::move(merged);
    } else {
      *current = patch_value;
    }
    return Status::Ok();
  }

  // `$deleteFromPrimitiveList/<field>`: removes the listed values from the field's list.
  Status DeleteFromPrimitiveList(Json& original, const std::string& directive_key,
                                 const Json& to_delete, const Location& at) const {
    KUBE_ASSIGN_OR_RETURN(
        std::string field,
        DirectiveTarget(directive_key, kDeleteFromPrimitiveListPrefix, "primitive list", at));
    if (to_delete.is_null()) {
      original.erase(field);
      return Status::Ok();
    }
    auto current = original.find(field);
    if (current == original.end() || !current->is_array() || !to_delete.is_array()) {
      return Status::Ok();
    }
    const ListRule* rule = schema_.FindList(at.Field(field).pattern);
    std::string_view merge_key = rule != nullptr ? rule->merge_key : std::string_view();
    KUBE_ASSIGN_OR_RETURN(Json merged, MergeSlice(*current, to_delete, merge_key, at.Field(field),
                                                  /*deletion_list=*/true));
    original[field] = std::move(merged);
    return Status::Ok();
  }

  // A list field present in both: merged when the schema says patchStrategy "merge",
  // replaced by the patch otherwise.
  StatusOr<Json> MergeListField(const Json& original, const Json& patch, const Location& at) const {
    const ListRule* rule = schema_.FindList(at.pattern);
    if (rule == nullptr || !rule->merge) return CleanList(patch);
    return MergeSlice(original, patch, rule->merge_key, at, /*deletion_list=*/false);
  }

  StatusOr<Json> MergeSlice(Json original, const Json& patch, std::string_view merge_key,
                            const Location& at, bool deletion_list) const {
    if (original.empty() && patch.empty()) return original;
    KUBE_ASSIGN_OR_RETURN(Shape shape, ElementShape(original, patch, at));
    if (shape != Shape::kObject) {
      if (deletion_list) return DeleteScalars(original, patch);
      std::vector<Json> merged = UniqueScalars(original, patch);
      auto [in_patch, server_only] = Partition(merged, patch, "");
      return NormalizeElementOrder(std::move(in_patch), std::move(server_only), patch, original, "",
                                   at);
    }
    if (merge_key.empty()) return Malformed(at, "cannot merge lists without merge key");
    Json plain_patch = Json::array();
    KUBE_RETURN_IF_ERROR(ApplySpecialItems(original, patch, merge_key, at, plain_patch));
    KUBE_ASSIGN_OR_RETURN(std::vector<Json> merged,
                          MergeItems(original, plain_patch, merge_key, at));
    auto [in_patch, server_only] = Partition(merged, plain_patch, merge_key);
    return NormalizeElementOrder(std::move(in_patch), std::move(server_only), plain_patch, original,
                                 merge_key, at);
  }

  // Items carrying `$patch`: "delete" removes the live items with that key, "replace" makes the
  // other items the whole list. `plain_patch` receives the items left to merge.
  Status ApplySpecialItems(Json& original, const Json& patch, std::string_view merge_key,
                           const Location& at, Json& plain_patch) const {
    bool replace = false;
    for (size_t i = 0; i < patch.size(); ++i) {
      const Json& item = patch[i];
      auto directive = item.find(kDirectiveMarker);
      if (directive == item.end()) {
        plain_patch.push_back(item);
      } else if (IsDirective(*directive, kDeleteDirective)) {
        KUBE_RETURN_IF_ERROR(RequireMergeKey(item, merge_key, at.Item(i)));
        EraseByKey(original, merge_key, item.at(merge_key));
      } else if (IsDirective(*directive, kReplaceDirective)) {
        replace = true;
      } else if (IsDirective(*directive, kMergeDirective)) {
        return Malformed(at.Item(i), "merging lists cannot yet be specified in the patch");
      } else {
        return Malformed(at.Item(i), fmt::format("unknown patch type: {}", directive->dump()));
      }
    }
    if (replace) {
      original = CleanList(plain_patch);
      plain_patch = Json::array();
    }
    return Status::Ok();
  }

  // Merges each patch item into the live item with the same key, or appends it.
  StatusOr<std::vector<Json>> MergeItems(const Json& original, const Json& plain_patch,
                                         std::string_view merge_key, const Location& at) const {
    std::vector<Json> items(original.begin(), original.end());
    for (size_t i = 0; i < plain_patch.size(); ++i) {
      const Json& item = plain_patch[i];
      KUBE_RETURN_IF_ERROR(RequireMergeKey(item, merge_key, at.Item(i)));
      const Json& key_value = item.at(merge_key);
      auto match = std::find_if(items.begin(), items.end(), [&](const Json& live) {
        auto live_key = live.find(merge_key);
        return live_key != live.end() && *live_key == key_value;
      });
      if (match != items.end()) {
        KUBE_ASSIGN_OR_RETURN(*match, MergeMap(std::move(*match), item, at.Item(i)));
      } else {
        items.push_back(CleanValue(item).value_or(Json::object()));
      }
    }
    return items;
  }

  const KindSchema& schema_;
};

}  // namespace

kube::StatusOr<kube::Json> ApplyStrategicMergePatch(const kube::Json& original,
                                                    const kube::Json& patch,
                                                    std::string_view kind) {
  if (!patch.is_object()) {
    return kube::BadRequestError(
        "invalid JSON document: a strategic merge patch must be a JSON object");
  }
  try {
    StrategicMerger merger(KindSchema::ForKind(kind));
    return merger.MergeMap(original.is_object() ? original : Json::object(), patch, Location{});
  } catch (const Json::exception& error) {
    return kube::InternalError(fmt::format("strategic merge patch: {}", error.what()));
  }
}

}  // namespace fakecluster
