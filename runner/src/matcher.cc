// Subset / exact matching with list modes and field matchers.
#include "runner/matcher.h"

#include <algorithm>
#include <vector>

#include <fmt/format.h>

#include "kube/json_equals.h"
#include "kube/json_pointer.h"
#include "kube/regex.h"
#include "kube/yaml.h"
#include "runner/diff.h"

namespace runner {
namespace {

// "/spec/target/volumeMounts/0/name" -> "/spec/target/volumeMounts/name": the form list modes
// are declared in (indexes of enclosing lists dropped).
std::string WithoutIndexes(const std::string& pointer) {
  std::string out;
  size_t start = 1;
  while (start <= pointer.size()) {
    size_t slash = pointer.find('/', start);
    std::string token =
        pointer.substr(start, slash == std::string::npos ? std::string::npos : slash - start);
    bool numeric = !token.empty() && token.find_first_not_of("0123456789") == std::string::npos;
    if (!numeric) out += "/" + token;
    if (slash == std::string::npos) break;
    start = slash + 1;
  }
  return out;
}

class Comparer {
 public:
  Comparer(const ObjectExpectation& expectation, bool exact)
      : expectation_(expectation), exact_(exact) {}

  // Returns the first differing path, or nullopt. Fills `message`.
  std::optional<std::string> Compare(const kube::Json& expected, const kube::Json& actual,
                                     const std::string& path) {
    if (expected.is_object()) {
      if (!actual.is_object()) return Differ(path, "expected an object");
      for (const auto& [key, value] : expected.items()) {
        std::string child = kube::ChildPointer(path, key);
        auto it = actual.find(key);
        if (it == actual.end()) return Differ(child, "missing");
        if (auto diff = Compare(value, *it, child)) return diff;
      }
      if (exact_) {
        for (const auto& [key, value] : actual.items()) {
          if (!expected.contains(key)) {
            return Differ(kube::ChildPointer(path, key), "unexpected field");
          }
        }
      }
      return std::nullopt;
    }
    if (expected.is_array()) {
      if (!actual.is_array()) return Differ(path, "expected a list");
      if (expected.size() != actual.size()) {
        return Differ(path,
                      fmt::format("expected {} items, found {}", expected.size(), actual.size()));
      }
      ListMode mode;
      if (auto it = expectation_.lists.find(WithoutIndexes(path)); it != expectation_.lists.end()) {
        mode = it->second;
      }
      switch (mode.kind) {
        case ListMode::Kind::kOrdered:
          for (size_t i = 0; i < expected.size(); ++i) {
            if (auto diff = Compare(expected[i], actual[i], kube::ChildPointer(path, i))) {
              return diff;
            }
          }
          return std::nullopt;
        case ListMode::Kind::kUnordered:
          return CompareUnordered(expected, actual, path);
        case ListMode::Kind::kByKey:
          return CompareByKey(expected, actual, path, mode.key);
      }
    }
    if (!kube::JsonEquals(expected, actual)) {
      return Differ(path, fmt::format("expected {}, found {}", expected.dump(), actual.dump()));
    }
    return std::nullopt;
  }

  const std::string& message() const { return message_; }

 private:
  std::optional<std::string> Differ(const std::string& path, std::string message) {
    message_ = std::move(message);
    return path.empty() ? "/" : path;
  }

  std::optional<std::string> CompareUnordered(const kube::Json& expected, const kube::Json& actual,
                                              const std::string& path) {
    // A loose expected item (subset mode) may match several actual items, so taking the first
    // one free could starve a later, stricter item: pair them as a bipartite matching instead.
    std::vector<std::vector<bool>> matches(expected.size(),
                                           std::vector<bool>(actual.size(), false));
    for (size_t i = 0; i < expected.size(); ++i) {
      for (size_t j = 0; j < actual.size(); ++j) {
        Comparer probe(expectation_, exact_);
        matches[i][j] = !probe.Compare(expected[i], actual[j], kube::ChildPointer(path, j));
      }
    }
    std::vector<size_t> owner(actual.size(), kUnpaired);
    for (size_t i = 0; i < expected.size(); ++i) {
      std::vector<bool> visited(actual.size(), false);
      if (Augment(i, matches, visited, owner)) continue;
      bool matches_any = std::find(matches[i].begin(), matches[i].end(), true) != matches[i].end();
      return Differ(kube::ChildPointer(path, i),
                    matches_any ? fmt::format("no item left for {}: each item it matches pairs "
                                              "with another expected item",
                                              expected[i].dump())
                                : fmt::format("no item matches {}", expected[i].dump()));
    }
    return std::nullopt;
  }

  // Kuhn's augmenting path: pairs expected item `i` with an actual item it matches, moving the
  // items paired before to other actual items they also match where needed. `owner[j]` is the
  // expected item paired with actual item j (kUnpaired if none).
  static bool Augment(size_t i, const std::vector<std::vector<bool>>& matches,
                      std::vector<bool>& visited, std::vector<size_t>& owner) {
    for (size_t j = 0; j < owner.size(); ++j) {
      if (!matches[i][j] || visited[j]) continue;
      visited[j] = true;
      if (owner[j] == kUnpaired || Augment(owner[j], matches, visited, owner)) {
        owner[j] = i;
        return true;
      }
    }
    return false;
  }

  std::optional<std::string> CompareByKey(const kube::Json& expected, const kube::Json& actual,
                                          const std::string& path, const std::string& key) {
    // Expected keys are distinct, so each expected item pairs with its own actual item; the
    // lists have the same length, so every actual item is paired and checked too.
    for (size_t i = 0; i < expected.size(); ++i) {
      const kube::Json& item = expected[i];
      if (!item.is_object() || !item.contains(key)) {
        return Differ(kube::ChildPointer(path, i), fmt::format("item has no key \"{}\"", key));
      }
      for (size_t k = 0; k < i; ++k) {
        if (kube::JsonEquals(expected[k][key], item[key])) {
          return Differ(kube::ChildPointer(path, i),
                        fmt::format("expected items {} and {} both have {} = {}", k, i, key,
                                    item[key].dump()));
        }
      }
      bool found = false;
      for (size_t j = 0; j < actual.size(); ++j) {
        if (actual[j].is_object() && actual[j].contains(key) &&
            kube::JsonEquals(actual[j][key], item[key])) {
          if (auto diff = Compare(item, actual[j], kube::ChildPointer(path, j))) return diff;
          found = true;
          break;
        }
      }
      if (!found) {
        return Differ(kube::ChildPointer(path, i),
                      fmt::format("no item with {} = {}", key, item[key].dump()));
      }
    }
    return std::nullopt;
  }

  static constexpr size_t kUnpaired = static_cast<size_t>(-1);

  const ObjectExpectation& expectation_;
  bool exact_;
  std::string message_;
};

// The part of `actual` shaped like `expected` (same keys; lists kept whole), for readable diffs.
kube::Json Project(const kube::Json& expected, const kube::Json& actual) {
  if (!expected.is_object() || !actual.is_object()) return actual;
  kube::Json out = kube::Json::object();
  for (const auto& [key, value] : expected.items()) {
    if (auto it = actual.find(key); it != actual.end()) out[key] = Project(value, *it);
  }
  return out;
}

void ErasePointer(kube::Json& document, const std::string& pointer) {
  // A malformed pointer is a lint error; here it simply removes nothing.
  auto tokens = kube::ParsePointer(pointer);
  if (!tokens.ok() || tokens->empty()) return;
  kube::Json* container = kube::FindPointer(document, *tokens, tokens->size() - 1);
  if (container == nullptr) return;
  const std::string& last = tokens->back();
  if (container->is_object()) {
    container->erase(last);
  } else if (container->is_array()) {
    std::optional<size_t> index = kube::ParseArrayIndex(last);
    if (index.has_value() && *index < container->size()) container->erase(*index);
  }
}

}  // namespace

std::optional<Mismatch> MatchFields(const std::map<std::string, FieldMatcher>& fields,
                                    const kube::Json& actual) {
  for (const auto& [pointer, matcher] : fields) {
    auto tokens = kube::ParsePointer(pointer);
    if (!tokens.ok()) return Mismatch{pointer, "malformed JSON Pointer", ""};
    const kube::Json* value = kube::FindPointer(actual, *tokens);
    switch (matcher.kind) {
      case FieldMatcher::Kind::kAbsent:
        if (value) {
          return Mismatch{pointer, fmt::format("expected absent, found {}", value->dump()), ""};
        }
        break;
      case FieldMatcher::Kind::kPresent:
        if (!value) return Mismatch{pointer, "expected present, missing", ""};
        break;
      case FieldMatcher::Kind::kRegex: {
        if (!value || !value->is_string()) {
          return Mismatch{pointer, "expected a string matching /" + matcher.regex + "/", ""};
        }
        auto regex = kube::Regex::Compile(matcher.regex);
        if (!regex.ok()) return Mismatch{pointer, regex.status().message(), ""};
        bool matched = regex->Search(value->get_ref<const std::string&>());
        if (!matched) {
          return Mismatch{pointer,
                          fmt::format("{} does not match /{}/", value->dump(), matcher.regex), ""};
        }
        break;
      }
      case FieldMatcher::Kind::kEquals:
        // The same exact equality as the value comparison (1 equals 1.0; 2^53 + 1 stays apart).
        if (!value || !kube::JsonEquals(*value, matcher.value)) {
          return Mismatch{pointer,
                          fmt::format("expected {}, found {}", matcher.value.dump(),
                                      value ? value->dump() : "nothing"),
                          ""};
        }
        break;
    }
  }
  return std::nullopt;
}

kube::Json WithoutVolatileMetadata(const kube::Json& object) {
  kube::Json out = object;
  if (out.contains("metadata") && out["metadata"].is_object()) {
    for (const char* field :
         {"uid", "resourceVersion", "creationTimestamp", "generation", "managedFields"}) {
      out["metadata"].erase(field);
    }
    if (out["metadata"].empty()) out.erase("metadata");
  }
  return out;
}

kube::Json NormalizeForComparison(const kube::Json& object) {
  kube::Json out = object;
  if (out.is_object() && out.value("kind", "") == "BackupConfiguration" && out.contains("spec") &&
      out["spec"].is_object()) {
    for (const char* field : {"task", "runtimeSettings", "tempDir"}) {
      auto it = out["spec"].find(field);
      if (it != out["spec"].end() && it->is_object() && it->empty()) out["spec"].erase(field);
    }
  }
  return out;
}

std::optional<Mismatch> MatchObject(const ObjectExpectation& expectation,
                                    const kube::Json& actual_object) {
  if (auto mismatch = MatchFields(expectation.fields, actual_object)) return mismatch;
  if (!expectation.value) return std::nullopt;
  // The fuzz target matches a scenario's own inputs, which need not be objects with object
  // metadata the way stored objects are; erasing members of a non-object threw (fuzz_scenario).
  if (!actual_object.is_object() || !expectation.value->is_object()) {
    return Mismatch{"", "expected and actual must both be JSON objects",
                    UnifiedDiff(kube::ToYaml(*expectation.value), kube::ToYaml(actual_object))};
  }
  bool exact = expectation.mode == MatchMode::kExact;
  kube::Json expected = *expectation.value;
  if (!expected.contains("kind")) expected["kind"] = expectation.ref.kind;
  expected = NormalizeForComparison(expected);
  kube::Json actual = NormalizeForComparison(actual_object);
  if (exact) {
    actual = WithoutVolatileMetadata(actual);
    expected = WithoutVolatileMetadata(expected);
    if (!expectation.value->contains("apiVersion")) actual.erase("apiVersion");
    if (!expectation.value->contains("kind")) expected["kind"] = actual.value("kind", "");
    // The ref already names the object: name and namespace need not be restated.
    if (actual.contains("metadata") && actual["metadata"].is_object()) {
      const kube::Json expected_metadata = expected.value("metadata", kube::Json::object());
      kube::Json& metadata = actual["metadata"];
      for (const char* field : {"name", "namespace"}) {
        if (!expected_metadata.contains(field)) metadata.erase(field);
      }
      if (metadata.empty() && !expected.contains("metadata")) actual.erase("metadata");
    }
  }
  for (const auto& pointer : expectation.ignore) {
    ErasePointer(expected, pointer);
    ErasePointer(actual, pointer);
  }
  // Ignoring the last field of metadata must not leave an "unexpected" empty metadata behind.
  if (exact && !expected.contains("metadata") && actual.contains("metadata") &&
      actual["metadata"].is_object() && actual["metadata"].empty()) {
    actual.erase("metadata");
  }
  Comparer comparer(expectation, exact);
  auto path = comparer.Compare(expected, actual, "");
  if (!path) return std::nullopt;
  kube::Json shown = exact ? actual : Project(expected, actual);
  return Mismatch{*path, comparer.message(),
                  UnifiedDiff(kube::ToYaml(expected), kube::ToYaml(shown))};
}

}  // namespace runner
