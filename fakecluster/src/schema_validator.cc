#include "schema_validator.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <limits>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string_view>
#include <utility>

#include "go_values.h"
#include "kube/regex.h"

namespace fakecluster {
namespace {

using go_values::AsInt64;
using go_values::BadValueText;
using go_values::GoFloat;
using go_values::GoQuote;
using go_values::GoSyntax;
using go_values::IsWholeJsonNumber;
using go_values::RuneCount;
using go_values::TypeName;
using kube::Json;
using kube::StatusCause;

constexpr const char* kPreserveUnknownFields = "x-kubernetes-preserve-unknown-fields";
constexpr const char* kEmbeddedResource = "x-kubernetes-embedded-resource";
constexpr const char* kIntOrString = "x-kubernetes-int-or-string";

// metav1.CauseType values (apimachinery field.ErrorType).
constexpr const char* kCauseTypeInvalid = "FieldValueTypeInvalid";
constexpr const char* kCauseInvalid = "FieldValueInvalid";
constexpr const char* kCauseRequired = "FieldValueRequired";
constexpr const char* kCauseNotSupported = "FieldValueNotSupported";
constexpr const char* kCauseTooLong = "FieldValueTooLong";
constexpr const char* kCauseTooMany = "FieldValueTooMany";

// ---------------------------------------------------------------------------------------------
// Schema access. A null `const Json*` stands for "no schema" (the Go code's nil *Structural).

bool IsMetaField(std::string_view key) {
  return key == "apiVersion" || key == "kind" || key == "metadata";
}

bool FlagSet(const Json& schema, const char* key) {
  auto it = schema.find(key);
  return it != schema.end() && it->is_boolean() && it->get<bool>();
}

const Json* PropertySchema(const Json& schema, const std::string& key) {
  auto properties = schema.find("properties");
  if (properties == schema.end() || !properties->is_object()) return nullptr;
  auto it = properties->find(key);
  return it == properties->end() || !it->is_object() ? nullptr : &*it;
}

const Json* ItemsSchema(const Json* schema) {
  if (schema == nullptr) return nullptr;
  auto it = schema->find("items");
  return it == schema->end() || !it->is_object() ? nullptr : &*it;
}

// additionalProperties: absent, a schema, or a bool (present without a schema).
struct AdditionalProperties {
  bool present = false;
  bool allows = true;
  const Json* schema = nullptr;
};

AdditionalProperties AdditionalPropertiesOf(const Json& schema) {
  auto it = schema.find("additionalProperties");
  if (it == schema.end()) return {};
  if (it->is_object()) return {true, true, &*it};
  if (it->is_boolean()) return {true, it->get<bool>(), nullptr};
  return {};
}

// The schema of a map entry: its property, else the additionalProperties schema.
const Json* FieldSchema(const Json* schema, const std::string& key) {
  if (schema == nullptr) return nullptr;
  if (const Json* property = PropertySchema(*schema, key)) return property;
  return AdditionalPropertiesOf(*schema).schema;
}

std::optional<double> NumberKeyword(const Json& schema, const char* key) {
  auto it = schema.find(key);
  if (it == schema.end() || !it->is_number()) return std::nullopt;
  return it->get<double>();
}

std::optional<int64_t> IntegerKeyword(const Json& schema, const char* key) {
  std::optional<double> number = NumberKeyword(schema, key);
  if (!number) return std::nullopt;
  return static_cast<int64_t>(*number);
}

std::string ChildPath(const std::string& parent, std::string_view key) {
  if (parent.empty()) return std::string(key);
  std::string path = parent;
  path += '.';
  path += key;
  return path;
}

std::string IndexPath(const std::string& parent, size_t index) {
  return parent + "[" + std::to_string(index) + "]";
}

// ---------------------------------------------------------------------------------------------
// Patterns, compiled once per distinct pattern text.

struct CompiledPattern {
  std::optional<kube::Regex> regex;
  std::string error;  // why it does not compile
};

const CompiledPattern& CompilePattern(const std::string& pattern) {
  static std::mutex mutex;
  static std::map<std::string, std::unique_ptr<CompiledPattern>, std::less<>> cache;
  std::lock_guard<std::mutex> lock(mutex);
  auto it = cache.find(pattern);
  if (it != cache.end()) return *it->second;
  auto compiled = std::make_unique<CompiledPattern>();
  auto regex = kube::Regex::Compile(pattern);
  if (regex.ok()) {
    compiled->regex = std::move(regex).value();
  } else {
    compiled->error = regex.status().message();
  }
  return *cache.emplace(pattern, std::move(compiled)).first->second;
}

// ---------------------------------------------------------------------------------------------
// Pruning (apiextensions-apiserver's structural pruning algorithm).

class Pruner {
 public:
  explicit Pruner(std::vector<std::string>* unknown_fields) : unknown_fields_(unknown_fields) {}

  // Drops fields `schema` does not declare. `resource_root` keeps apiVersion, kind, metadata.
  void Prune(Json& value, const Json* schema, const std::string& path, bool resource_root) {
    if (schema != nullptr && FlagSet(*schema, kPreserveUnknownFields)) {
      SkipPrune(value, schema, path, resource_root);
      return;
    }
    if (value.is_object()) {
      if (schema == nullptr) {
        for (const auto& [key, member] : value.items()) {
          unknown_fields_->push_back(ChildPath(path, key));
        }
        value = Json::object();
        return;
      }
      bool keep_meta = resource_root || FlagSet(*schema, kEmbeddedResource);
      AdditionalProperties additional = AdditionalPropertiesOf(*schema);
      for (auto it = value.begin(); it != value.end();) {
        const std::string key = it.key();
        if (keep_meta && IsMetaField(key)) {
          ++it;
        } else if (const Json* property = PropertySchema(*schema, key)) {
          Prune(*it, property, ChildPath(path, key), false);
          ++it;
        } else if (additional.present) {
          Prune(*it, additional.schema, ChildPath(path, key), false);
          ++it;
        } else {
          unknown_fields_->push_back(ChildPath(path, key));
          it = value.erase(it);
        }
      }
    } else if (value.is_array()) {
      const Json* items = ItemsSchema(schema);
      for (size_t i = 0; i < value.size(); ++i) Prune(value[i], items, IndexPath(path, i), false);
    }
  }

 private:
  // Under x-kubernetes-preserve-unknown-fields: unknown fields stay, known ones are pruned.
  void SkipPrune(Json& value, const Json* schema, const std::string& path, bool resource_root) {
    if (schema == nullptr) return;
    if (value.is_object()) {
      bool keep_meta = resource_root || FlagSet(*schema, kEmbeddedResource);
      AdditionalProperties additional = AdditionalPropertiesOf(*schema);
      for (auto& [key, member] : value.items()) {
        if (keep_meta && IsMetaField(key)) continue;
        if (const Json* property = PropertySchema(*schema, key)) {
          Prune(member, property, ChildPath(path, key), false);
        } else if (additional.present) {
          Prune(member, additional.schema, ChildPath(path, key), false);
        }
      }
    } else if (value.is_array()) {
      const Json* items = ItemsSchema(schema);
      for (size_t i = 0; i < value.size(); ++i) {
        SkipPrune(value[i], items, IndexPath(path, i), false);
      }
    }
  }

  std::vector<std::string>* unknown_fields_;
};

// Removes null map entries whose schema is neither nullable nor defaulted (the apiserver's
// PruneNonNullableNullsWithoutDefaults). Null array items are kept, and fail validation.
void DropNonNullableNulls(Json& value, const Json* schema, bool resource_root) {
  if (value.is_object()) {
    for (auto it = value.begin(); it != value.end();) {
      const std::string key = it.key();
      if (resource_root && IsMetaField(key)) {
        ++it;
        continue;
      }
      const Json* field_schema = FieldSchema(schema, key);
      if (it->is_null() && field_schema != nullptr && !FlagSet(*field_schema, "nullable") &&
          !field_schema->contains("default")) {
        it = value.erase(it);
      } else {
        DropNonNullableNulls(*it, field_schema, false);
        ++it;
      }
    }
  } else if (value.is_array()) {
    const Json* items = ItemsSchema(schema);
    for (Json& item : value) DropNonNullableNulls(item, items, false);
  }
}

// ---------------------------------------------------------------------------------------------
// Validation (kube-openapi's schema validator, errors converted as apiextensions-apiserver does).

class Validator {
 public:
  std::vector<StatusCause> TakeCauses() { return std::move(causes_); }

  void Validate(const Json& value, const Json& schema, const std::string& path,
                bool resource_root) {
    if (!schema.is_object()) return;
    std::string types = DeclaredTypes(schema);
    if (value.is_null()) {
      if (!types.empty() && !FlagSet(schema, "nullable")) AddTypeInvalid(path, types, "null");
      CheckEnum(value, schema, path);
      return;
    }
    std::string_view actual = TypeName(value);
    if (!types.empty() && !TypeAccepts(types, value, actual)) AddTypeInvalid(path, types, actual);
    if (value.is_string()) CheckString(value.get_ref<const std::string&>(), schema, path);
    if (value.is_number()) CheckNumber(value, schema, path);
    if (value.is_array()) CheckArray(value, schema, path);
    CheckEnum(value, schema, path);
    if (value.is_object()) CheckObject(value, schema, path, resource_root);
  }

 private:
  // "integer", or "integer,string" for x-kubernetes-int-or-string; "" when untyped.
  static std::string DeclaredTypes(const Json& schema) {
    if (FlagSet(schema, kIntOrString)) return "integer,string";
    auto it = schema.find("type");
    return it != schema.end() && it->is_string() ? it->get<std::string>() : "";
  }

  static bool TypeAccepts(std::string_view types, const Json& value, std::string_view actual) {
    auto declares = [&](std::string_view type) {
      size_t start = 0;
      while (start <= types.size()) {
        size_t comma = types.find(',', start);
        if (comma == std::string_view::npos) comma = types.size();
        if (types.substr(start, comma - start) == type) return true;
        start = comma + 1;
      }
      return false;
    };
    if (declares(actual)) return true;
    if (actual == "integer" && declares("number")) return true;
    return actual == "number" && declares("integer") && IsWholeJsonNumber(value.get<double>());
  }

  void Add(const char* type, std::string message, const std::string& path) {
    causes_.push_back(StatusCause{type, std::move(message), path});
  }

  void AddInvalid(const std::string& path, const std::string& bad_value,
                  const std::string& detail) {
    Add(kCauseInvalid, "Invalid value: " + bad_value + ": " + detail, path);
  }

  void AddTypeInvalid(const std::string& path, const std::string& types, std::string_view actual) {
    std::string quoted = GoQuote(actual);
    Add(kCauseTypeInvalid,
        "Invalid value: " + quoted + ": " + path + " in body must be of type " + types + ": " +
            quoted,
        path);
  }

  void CheckString(const std::string& text, const Json& schema, const std::string& path) {
    if (std::optional<int64_t> max_length = IntegerKeyword(schema, "maxLength")) {
      if (RuneCount(text) > *max_length) {
        Add(kCauseTooLong, "Too long: may not be longer than " + std::to_string(*max_length), path);
        return;
      }
    }
    if (std::optional<int64_t> min_length = IntegerKeyword(schema, "minLength")) {
      if (RuneCount(text) < *min_length) {
        AddInvalid(
            path, GoQuote(text),
            path + " in body should be at least " + std::to_string(*min_length) + " chars long");
        return;
      }
    }
    auto pattern = schema.find("pattern");
    if (pattern == schema.end() || !pattern->is_string() ||
        pattern->get_ref<const std::string&>().empty()) {
      return;
    }
    const std::string& pattern_text = pattern->get_ref<const std::string&>();
    const CompiledPattern& compiled = CompilePattern(pattern_text);
    std::string failure;
    if (compiled.regex) {
      if (!compiled.regex->Search(text)) failure = pattern_text;
    } else {
      failure = pattern_text + ", but pattern is invalid: " + compiled.error;
    }
    if (!failure.empty()) {
      AddInvalid(path, GoQuote(text), path + " in body should match '" + failure + "'");
    }
  }

  void CheckNumber(const Json& value, const Json& schema, const std::string& path) {
    std::optional<int64_t> integer = AsInt64(value);
    double number = value.get<double>();
    std::string bad_value = BadValueText(value);
    // Integers are compared with the bound truncated to an integer, as kube-openapi does.
    auto bound_text = [&](double bound) {
      return integer ? std::to_string(static_cast<int64_t>(bound)) : GoFloat(bound);
    };
    auto below = [&](double bound, bool exclusive) {
      if (integer) {
        auto limit = static_cast<int64_t>(bound);
        return exclusive ? *integer <= limit : *integer < limit;
      }
      return exclusive ? number <= bound : number < bound;
    };
    auto above = [&](double bound, bool exclusive) {
      if (integer) {
        auto limit = static_cast<int64_t>(bound);
        return exclusive ? *integer >= limit : *integer > limit;
      }
      return exclusive ? number >= bound : number > bound;
    };
    if (std::optional<double> minimum = NumberKeyword(schema, "minimum")) {
      bool exclusive = FlagSet(schema, "exclusiveMinimum");
      if (below(*minimum, exclusive)) {
        AddInvalid(path, bad_value,
                   path + " in body should be greater than " + (exclusive ? "" : "or equal to ") +
                       bound_text(*minimum));
      }
    }
    if (std::optional<double> maximum = NumberKeyword(schema, "maximum")) {
      bool exclusive = FlagSet(schema, "exclusiveMaximum");
      if (above(*maximum, exclusive)) {
        AddInvalid(path, bad_value,
                   path + " in body should be less than " + (exclusive ? "" : "or equal to ") +
                       bound_text(*maximum));
      }
    }
  }

  void CheckArray(const Json& value, const Json& schema, const std::string& path) {
    if (const Json* items = ItemsSchema(&schema)) {
      for (size_t i = 0; i < value.size(); ++i) {
        Validate(value[i], *items, IndexPath(path, i), false);
      }
    }
    auto size = static_cast<int64_t>(value.size());
    if (std::optional<int64_t> min_items = IntegerKeyword(schema, "minItems")) {
      if (size < *min_items) {
        AddInvalid(path, std::to_string(size),
                   path + " in body should have at least " + std::to_string(*min_items) + " items");
      }
    }
    if (std::optional<int64_t> max_items = IntegerKeyword(schema, "maxItems")) {
      if (size > *max_items) {
        Add(kCauseTooMany,
            "Too many: " + std::to_string(size) + ": must have at most " +
                std::to_string(*max_items) + " items",
            path);
      }
    }
  }

  void CheckEnum(const Json& value, const Json& schema, const std::string& path) {
    auto allowed = schema.find("enum");
    if (allowed == schema.end() || !allowed->is_array() || allowed->empty()) return;
    if (!value.is_null()) {
      for (const Json& candidate : *allowed) {
        if (candidate.is_null()) continue;
        if (value.is_number() && candidate.is_number()) {
          if (value.get<double>() == candidate.get<double>()) return;
        } else if (value == candidate) {
          return;
        }
      }
    }
    std::string supported;
    for (const Json& candidate : *allowed) {
      if (!supported.empty()) supported += ", ";
      supported += GoQuote(candidate.is_string() ? candidate.get<std::string>() : candidate.dump());
    }
    Add(kCauseNotSupported,
        "Unsupported value: " + BadValueText(value) + ": supported values: " + supported, path);
  }

  void CheckObject(const Json& value, const Json& schema, const std::string& path,
                   bool resource_root) {
    AdditionalProperties additional = AdditionalPropertiesOf(schema);
    if (additional.present && !additional.allows) {
      for (const auto& [key, member] : value.items()) {
        if ((resource_root && IsMetaField(key)) || PropertySchema(schema, key) != nullptr) continue;
        std::string detail = path;
        detail.append(".").append(key).append(" in body is a forbidden property");
        AddInvalid(path, GoQuote(key), detail);
      }
    }
    for (const auto& [key, member] : value.items()) {
      if (resource_root && IsMetaField(key)) continue;
      if (const Json* property = PropertySchema(schema, key)) {
        Validate(member, *property, ChildPath(path, key), false);
      } else if (additional.schema != nullptr) {
        Validate(member, *additional.schema, ChildPath(path, key), false);
      }
    }
    auto required = schema.find("required");
    if (required == schema.end() || !required->is_array()) return;
    for (const Json& name : *required) {
      if (!name.is_string()) continue;
      const std::string& key = name.get_ref<const std::string&>();
      if (resource_root && IsMetaField(key)) continue;
      if (!value.contains(key)) Add(kCauseRequired, "Required value", ChildPath(path, key));
    }
  }

  std::vector<StatusCause> causes_;
};

}  // namespace

SchemaCheck ValidateAndPrune(Json& object, const Json& schema) {
  SchemaCheck check;
  if (!schema.is_object()) return check;
  Pruner pruner(&check.unknown_fields);
  pruner.Prune(object, &schema, "", /*resource_root=*/true);
  std::sort(check.unknown_fields.begin(), check.unknown_fields.end());
  DropNonNullableNulls(object, &schema, /*resource_root=*/true);
  Validator validator;
  validator.Validate(object, schema, "", /*resource_root=*/true);
  check.causes = validator.TakeCauses();
  return check;
}

}  // namespace fakecluster
