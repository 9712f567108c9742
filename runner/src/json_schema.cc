// JSON Schema subset: a compiler that turns a schema document into a flat vector of nodes
// ($defs get reserved slots first so $refs, even recursive ones, resolve to indices), and a
// validator that walks an instance against those nodes collecting errors.
#include "runner/json_schema.h"
#include "kube/json_pointer.h"
#include "kube/regex.h"
#include "kube/utf8.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cmath>
#include <exception>
#include <map>
#include <optional>
#include <set>
#include <string_view>
#include <tuple>
#include <utility>

namespace runner {

struct JsonSchema::Node {
  struct Pattern {
    std::string source;
    kube::Regex regex;
  };

  bool rejects_everything = false;  // the boolean schema `false`
  std::vector<std::string> types;   // empty: any type
  std::map<std::string, int> properties;
  std::vector<std::string> required;
  std::vector<std::pair<Pattern, int>> pattern_properties;
  std::optional<int> additional_properties;
  std::optional<int> items;
  std::optional<std::vector<kube::Json>> enum_values;
  std::optional<kube::Json> const_value;
  std::optional<Pattern> pattern;
  std::optional<double> minimum;
  std::optional<size_t> min_items;
  std::optional<size_t> min_length;
  std::vector<int> one_of;
  std::vector<int> any_of;
  std::optional<int> ref;
};

namespace {

using kube::Json;
using Node = JsonSchema::Node;

constexpr int kMaxValidationDepth = 256;
constexpr int kMaxRefHops = 32;

const std::set<std::string_view>& AnnotationKeywords() {
  static const std::set<std::string_view> kKeywords = {
      "$schema", "$id", "$comment", "title", "description", "default", "examples"};
  return kKeywords;
}

const std::set<std::string_view>& TypeNames() {
  static const std::set<std::string_view> kNames = {"null",   "boolean", "object", "array",
                                                    "number", "string",  "integer"};
  return kNames;
}

std::string Child(const std::string& pointer, std::string_view token) {
  return kube::ChildPointer(pointer, token);
}

bool IsIntegral(const Json& value) {
  if (value.is_number_integer()) return true;
  if (!value.is_number_float()) return false;
  double number = value.get<double>();
  return std::isfinite(number) && std::floor(number) == number;
}

bool HasType(const Json& value, std::string_view type) {
  if (type == "null") return value.is_null();
  if (type == "boolean") return value.is_boolean();
  if (type == "object") return value.is_object();
  if (type == "array") return value.is_array();
  if (type == "string") return value.is_string();
  if (type == "number") return value.is_number();
  if (type == "integer") return IsIntegral(value);
  return false;
}

std::string TypeOf(const Json& value) {
  if (value.is_null()) return "null";
  if (value.is_boolean()) return "boolean";
  if (value.is_object()) return "object";
  if (value.is_array()) return "array";
  if (value.is_string()) return "string";
  return IsIntegral(value) ? "integer" : "number";
}

// A short rendering of a value for messages.
std::string Describe(const Json& value) {
  constexpr size_t kMaxLength = 60;
  std::string text = value.dump(-1, ' ', false, Json::error_handler_t::replace);
  if (text.size() > kMaxLength) text = text.substr(0, kMaxLength) + "...";
  return text;
}

// "a", "a or b", "a, b or c".
std::string JoinWithOr(const std::vector<std::string>& words) {
  std::string text;
  for (size_t i = 0; i < words.size(); ++i) {
    if (i > 0) text += i + 1 == words.size() ? " or " : ", ";
    text += words[i];
  }
  return text;
}

std::string Quoted(std::string_view text) { return fmt::format("\"{}\"", text); }

std::string FormatNumber(double number) {
  if (std::floor(number) == number && std::fabs(number) < 1e15) {
    return fmt::format("{}", static_cast<long long>(number));
  }
  return fmt::format("{}", number);
}

bool Searches(const kube::Regex& regex, const std::string& text) { return regex.Search(text); }

// =============================================================================================
// Compilation.

class SchemaCompiler {
 public:
  explicit SchemaCompiler(const Json& root) : root_(root) {}

  kube::StatusOr<std::vector<Node>> Run() {
    if (!root_.is_object() && !root_.is_boolean()) return Error("", "a schema must be an object");
    nodes_.emplace_back();  // the root's slot
    KUBE_RETURN_IF_ERROR(ReserveDefinitions());
    for (const auto& [name, index] : definitions_) {
      std::string at = kube::ChildPointer("/$defs", name);
      KUBE_RETURN_IF_ERROR(CompileInto(root_.at("$defs").at(name), at, index));
    }
    KUBE_RETURN_IF_ERROR(CompileInto(root_, "", 0));
    return std::move(nodes_);
  }

 private:
  static kube::Status Error(const std::string& at, std::string_view problem) {
    return kube::BadRequestError(fmt::format("schema #{}: {}", at, problem));
  }

  kube::Status ReserveDefinitions() {
    if (!root_.is_object() || !root_.contains("$defs")) return kube::Status::Ok();
    const Json& definitions = root_.at("$defs");
    if (!definitions.is_object()) return Error("/$defs", "$defs must be an object");
    for (const auto& [name, definition] : definitions.items()) {
      definitions_[name] = static_cast<int>(nodes_.size());
      nodes_.emplace_back();
    }
    return kube::Status::Ok();
  }

  kube::StatusOr<int> CompileNew(const Json& schema, const std::string& at) {
    int index = static_cast<int>(nodes_.size());
    nodes_.emplace_back();
    KUBE_RETURN_IF_ERROR(CompileInto(schema, at, index));
    return index;
  }

  // Builds the node aside (nested compilation grows nodes_) and then stores it.
  kube::Status CompileInto(const Json& schema, const std::string& at, int index) {
    Node node;
    if (schema.is_boolean()) {
      node.rejects_everything = !schema.get<bool>();
    } else if (!schema.is_object()) {
      return Error(at, "a schema must be an object or a boolean");
    } else {
      for (const auto& [keyword, value] : schema.items()) {
        KUBE_RETURN_IF_ERROR(CompileKeyword(keyword, value, at, &node));
      }
    }
    nodes_[static_cast<size_t>(index)] = std::move(node);
    return kube::Status::Ok();
  }

  kube::Status CompileKeyword(const std::string& keyword, const Json& value,
                              const std::string& schema_at, Node* node) {
    const std::string at = Child(schema_at, keyword);
    if (AnnotationKeywords().count(keyword) > 0) return kube::Status::Ok();
    if (keyword == "$defs") {
      return schema_at.empty() ? kube::Status::Ok()
                               : Error(at, "$defs is only supported at the root");
    }
    if (keyword == "type") return CompileType(value, at, node);
    if (keyword == "properties") return CompileProperties(value, at, node);
    if (keyword == "required") return CompileRequired(value, at, node);
    if (keyword == "additionalProperties")
      return CompileSub(value, at, &node->additional_properties);
    if (keyword == "patternProperties") return CompilePatternProperties(value, at, node);
    if (keyword == "items") return CompileSub(value, at, &node->items);
    if (keyword == "enum") return CompileEnum(value, at, node);
    if (keyword == "const") {
      node->const_value = value;
      return kube::Status::Ok();
    }
    if (keyword == "pattern") return CompilePattern(value, at, &node->pattern);
    if (keyword == "minimum") return CompileMinimum(value, at, node);
    if (keyword == "minItems") return CompileCount(value, at, &node->min_items);
    if (keyword == "minLength") return CompileCount(value, at, &node->min_length);
    if (keyword == "oneOf") return CompileAlternatives(value, at, &node->one_of);
    if (keyword == "anyOf") return CompileAlternatives(value, at, &node->any_of);
    if (keyword == "$ref") return CompileRef(value, at, node);
    return Error(at, fmt::format("unsupported keyword \"{}\"", keyword));
  }

  kube::Status CompileType(const Json& value, const std::string& at, Node* node) {
    Json names = value.is_string() ? Json::array({value}) : value;
    if (!names.is_array() || names.empty()) {
      return Error(at, "type must be a type name or a non-empty list of them");
    }
    for (const Json& name : names) {
      if (!name.is_string() || TypeNames().count(name.get<std::string>()) == 0) {
        return Error(at, fmt::format("unknown type {}", Describe(name)));
      }
      node->types.push_back(name.get<std::string>());
    }
    return kube::Status::Ok();
  }

  kube::Status CompileProperties(const Json& value, const std::string& at, Node* node) {
    if (!value.is_object()) return Error(at, "properties must be an object");
    for (const auto& [name, schema] : value.items()) {
      KUBE_ASSIGN_OR_RETURN(int index, CompileNew(schema, Child(at, name)));
      node->properties[name] = index;
    }
    return kube::Status::Ok();
  }

  kube::Status CompileRequired(const Json& value, const std::string& at, Node* node) {
    if (!value.is_array()) return Error(at, "required must be a list of names");
    for (const Json& name : value) {
      if (!name.is_string()) return Error(at, "required must be a list of names");
      node->required.push_back(name.get<std::string>());
    }
    return kube::Status::Ok();
  }

  kube::Status CompileSub(const Json& value, const std::string& at, std::optional<int>* slot) {
    KUBE_ASSIGN_OR_RETURN(int index, CompileNew(value, at));
    *slot = index;
    return kube::Status::Ok();
  }

  kube::Status CompilePatternProperties(const Json& value, const std::string& at, Node* node) {
    if (!value.is_object()) return Error(at, "patternProperties must be an object");
    for (const auto& [source, schema] : value.items()) {
      std::optional<Node::Pattern> pattern;
      KUBE_RETURN_IF_ERROR(CompilePattern(source, Child(at, source), &pattern));
      KUBE_ASSIGN_OR_RETURN(int index, CompileNew(schema, Child(at, source)));
      node->pattern_properties.emplace_back(std::move(*pattern), index);
    }
    return kube::Status::Ok();
  }

  static kube::Status CompileEnum(const Json& value, const std::string& at, Node* node) {
    if (!value.is_array() || value.empty()) return Error(at, "enum must be a non-empty list");
    node->enum_values = std::vector<Json>(value.begin(), value.end());
    return kube::Status::Ok();
  }

  static kube::Status CompilePattern(const Json& value, const std::string& at,
                                     std::optional<Node::Pattern>* slot) {
    if (!value.is_string()) return Error(at, "a pattern must be a string");
    const std::string& source = value.get_ref<const std::string&>();
    auto regex = kube::Regex::Compile(source);
    if (!regex.ok()) {
      return Error(at, fmt::format("invalid pattern \"{}\": {}", source, regex.status().message()));
    }
    *slot = Node::Pattern{source, std::move(regex).value()};
    return kube::Status::Ok();
  }

  static kube::Status CompileMinimum(const Json& value, const std::string& at, Node* node) {
    if (!value.is_number()) return Error(at, "minimum must be a number");
    node->minimum = value.get<double>();
    return kube::Status::Ok();
  }

  static kube::Status CompileCount(const Json& value, const std::string& at,
                                   std::optional<size_t>* slot) {
    if (!IsIntegral(value) || value.get<double>() < 0) {
      return Error(at, "must be a non-negative integer");
    }
    *slot = static_cast<size_t>(value.get<double>());
    return kube::Status::Ok();
  }

  kube::Status CompileAlternatives(const Json& value, const std::string& at,
                                   std::vector<int>* branches) {
    if (!value.is_array() || value.empty()) return Error(at, "must be a non-empty list");
    for (size_t i = 0; i < value.size(); ++i) {
      KUBE_ASSIGN_OR_RETURN(int index, CompileNew(value[i], Child(at, std::to_string(i))));
      branches->push_back(index);
    }
    return kube::Status::Ok();
  }

  kube::Status CompileRef(const Json& value, const std::string& at, Node* node) {
    if (!value.is_string()) return Error(at, "$ref must be a string");
    const std::string& target = value.get_ref<const std::string&>();
    if (target == "#") {
      node->ref = 0;
      return kube::Status::Ok();
    }
    constexpr std::string_view kPrefix = "#/$defs/";
    std::string_view view = target;
    if (view.substr(0, kPrefix.size()) == kPrefix) {
      auto tokens = kube::ParsePointer(view.substr(kPrefix.size() - 1));
      auto found = tokens.ok() && tokens->size() == 1 ? definitions_.find(tokens->front())
                                                      : definitions_.end();
      if (found != definitions_.end()) {
        node->ref = found->second;
        return kube::Status::Ok();
      }
    }
    return Error(at, fmt::format("$ref \"{}\" does not resolve (only \"#\" and \"#/$defs/<name>\""
                                 " are supported)",
                                 target));
  }

  const Json& root_;
  std::vector<Node> nodes_;
  std::map<std::string, int> definitions_;
};

// =============================================================================================
// Validation.

// What an alternative of a oneOf/anyOf expects at its top level, through its $ref chain.
struct Shape {
  std::vector<std::string> types;
  std::set<std::string> required;
  std::set<std::string> properties;
};

class Validator {
 public:
  explicit Validator(const std::vector<Node>& nodes) : nodes_(nodes) {}

  void Check(int index, const Json& instance, const std::string& pointer, int depth,
             std::vector<SchemaError>* errors) const {
    if (depth > kMaxValidationDepth) {
      errors->push_back({pointer, "nested too deeply to validate"});
      return;
    }
    const Node& node = nodes_[static_cast<size_t>(index)];
    if (node.rejects_everything) {
      errors->push_back({pointer, "no value is allowed here"});
      return;
    }
    if (node.ref) Check(*node.ref, instance, pointer, depth + 1, errors);
    if (!CheckType(node, instance, pointer, errors)) return;
    CheckValue(node, instance, pointer, errors);
    if (instance.is_string())
      CheckString(node, instance.get_ref<const std::string&>(), pointer, errors);
    if (instance.is_number() && node.minimum && instance.get<double>() < *node.minimum) {
      errors->push_back({pointer, fmt::format("must be >= {}, got {}", FormatNumber(*node.minimum),
                                              Describe(instance))});
    }
    if (instance.is_object()) CheckObject(node, instance, pointer, depth, errors);
    if (instance.is_array()) CheckArray(node, instance, pointer, depth, errors);
    if (!node.one_of.empty())
      CheckAlternatives(node.one_of, true, instance, pointer, depth, errors);
    if (!node.any_of.empty()) {
      CheckAlternatives(node.any_of, false, instance, pointer, depth, errors);
    }
  }

 private:
  static bool MatchesTypes(const std::vector<std::string>& types, const Json& instance) {
    return types.empty() || std::any_of(types.begin(), types.end(), [&](const std::string& type) {
             return HasType(instance, type);
           });
  }

  // False (after reporting) when the type is wrong: the other keywords would only add noise.
  static bool CheckType(const Node& node, const Json& instance, const std::string& pointer,
                        std::vector<SchemaError>* errors) {
    if (MatchesTypes(node.types, instance)) return true;
    errors->push_back(
        {pointer, fmt::format("expected {}, got {}", JoinWithOr(node.types), TypeOf(instance))});
    return false;
  }

  static void CheckValue(const Node& node, const Json& instance, const std::string& pointer,
                         std::vector<SchemaError>* errors) {
    if (node.const_value && instance != *node.const_value) {
      errors->push_back({pointer, fmt::format("must be {}, got {}", Describe(*node.const_value),
                                              Describe(instance))});
    }
    if (node.enum_values && std::find(node.enum_values->begin(), node.enum_values->end(),
                                      instance) == node.enum_values->end()) {
      std::vector<std::string> allowed;
      for (const Json& value : *node.enum_values) allowed.push_back(Describe(value));
      errors->push_back(
          {pointer, fmt::format("must be {}; got {}", JoinWithOr(allowed), Describe(instance))});
    }
  }

  static void CheckString(const Node& node, const std::string& text, const std::string& pointer,
                          std::vector<SchemaError>* errors) {
    if (node.min_length && kube::CountUtf8CodePoints(text) < *node.min_length) {
      errors->push_back(
          {pointer, *node.min_length == 1
                        ? std::string("must not be empty")
                        : fmt::format("must be at least {} characters long", *node.min_length)});
    }
    if (node.pattern && !Searches(node.pattern->regex, text)) {
      errors->push_back({pointer, fmt::format("{} does not match the pattern {}",
                                              Describe(Json(text)), node.pattern->source)});
    }
  }

  void CheckObject(const Node& node, const Json& instance, const std::string& pointer, int depth,
                   std::vector<SchemaError>* errors) const {
    for (const std::string& name : node.required) {
      if (!instance.contains(name)) {
        errors->push_back({pointer, fmt::format("missing required field \"{}\"", name)});
      }
    }
    for (const auto& [name, value] : instance.items()) {
      CheckMember(node, name, value, Child(pointer, name), depth, errors);
    }
  }

  void CheckMember(const Node& node, const std::string& name, const Json& value,
                   const std::string& pointer, int depth, std::vector<SchemaError>* errors) const {
    bool declared = false;
    if (auto property = node.properties.find(name); property != node.properties.end()) {
      declared = true;
      Check(property->second, value, pointer, depth + 1, errors);
    }
    for (const auto& [pattern, index] : node.pattern_properties) {
      if (!Searches(pattern.regex, name)) continue;
      declared = true;
      Check(index, value, pointer, depth + 1, errors);
    }
    if (declared || !node.additional_properties) return;
    const Node& additional = nodes_[static_cast<size_t>(*node.additional_properties)];
    if (additional.rejects_everything) {
      errors->push_back({pointer, UnknownFieldMessage(node, name)});
      return;
    }
    Check(*node.additional_properties, value, pointer, depth + 1, errors);
  }

  static std::string UnknownFieldMessage(const Node& node, const std::string& name) {
    std::string message = fmt::format("unknown field \"{}\"", name);
    if (node.properties.empty()) return message;
    std::vector<std::string> known;
    for (const auto& [property, index] : node.properties) known.push_back(property);
    return message + fmt::format(" (known fields: {})", fmt::join(known, ", "));
  }

  void CheckArray(const Node& node, const Json& instance, const std::string& pointer, int depth,
                  std::vector<SchemaError>* errors) const {
    if (node.min_items && instance.size() < *node.min_items) {
      errors->push_back(
          {pointer, fmt::format("must have at least {} item{}, got {}", *node.min_items,
                                *node.min_items == 1 ? "" : "s", instance.size())});
    }
    if (!node.items) return;
    for (size_t i = 0; i < instance.size(); ++i) {
      Check(*node.items, instance[i], Child(pointer, std::to_string(i)), depth + 1, errors);
    }
  }

  void CheckAlternatives(const std::vector<int>& branches, bool exactly_one, const Json& instance,
                         const std::string& pointer, int depth,
                         std::vector<SchemaError>* errors) const {
    std::vector<std::vector<SchemaError>> results(branches.size());
    size_t matches = 0;
    for (size_t i = 0; i < branches.size(); ++i) {
      Check(branches[i], instance, pointer, depth + 1, &results[i]);
      if (results[i].empty()) ++matches;
    }
    if (matches == 1 || (matches > 1 && !exactly_one)) return;
    if (matches > 1) {
      errors->push_back({pointer, fmt::format("matches {} of the alternatives; it must match "
                                              "exactly one",
                                              matches)});
      return;
    }
    ReportBestAlternative(branches, results, instance, pointer, errors);
  }

  Shape ShapeOf(int index) const {
    Shape shape;
    std::optional<int> current = index;
    for (int hop = 0; current && hop < kMaxRefHops; ++hop) {
      const Node& node = nodes_[static_cast<size_t>(*current)];
      if (shape.types.empty()) shape.types = node.types;
      shape.required.insert(node.required.begin(), node.required.end());
      for (const auto& [name, property] : node.properties) shape.properties.insert(name);
      current = node.ref;
    }
    return shape;
  }

  void ReportBestAlternative(const std::vector<int>& branches,
                             const std::vector<std::vector<SchemaError>>& results,
                             const Json& instance, const std::string& pointer,
                             std::vector<SchemaError>* errors) const {
    std::vector<Shape> shapes;
    std::vector<size_t> candidates;  // branches whose type fits
    for (size_t i = 0; i < branches.size(); ++i) {
      shapes.push_back(ShapeOf(branches[i]));
      if (MatchesTypes(shapes[i].types, instance)) candidates.push_back(i);
    }
    if (candidates.empty()) {
      errors->push_back({pointer, fmt::format("expected {}, got {}", JoinWithOr(AllTypes(shapes)),
                                              TypeOf(instance))});
      return;
    }
    if (instance.is_object() && NoAlternativeRecognisesAField(shapes, candidates, instance)) {
      errors->push_back({pointer, MissingAlternativeMessage(shapes, candidates, instance)});
      return;
    }
    size_t best = candidates.front();
    for (size_t candidate : candidates) {
      if (Relevance(shapes[candidate], results[candidate], instance) >
          Relevance(shapes[best], results[best], instance)) {
        best = candidate;
      }
    }
    errors->insert(errors->end(), results[best].begin(), results[best].end());
  }

  // Higher is more relevant: all required fields present, then most known fields, then fewest
  // errors.
  static std::tuple<bool, size_t, long> Relevance(const Shape& shape,
                                                  const std::vector<SchemaError>& result,
                                                  const Json& instance) {
    bool has_required = true;
    size_t known = 0;
    if (instance.is_object()) {
      for (const std::string& name : shape.required) has_required &= instance.contains(name);
      for (const auto& [name, value] : instance.items()) known += shape.properties.count(name);
    }
    return {has_required, known, -static_cast<long>(result.size())};
  }

  static bool NoAlternativeRecognisesAField(const std::vector<Shape>& shapes,
                                            const std::vector<size_t>& candidates,
                                            const Json& instance) {
    for (size_t candidate : candidates) {
      const Shape& shape = shapes[candidate];
      if (shape.required.empty()) return false;
      for (const auto& [name, value] : instance.items()) {
        if (shape.properties.count(name) > 0) return false;
      }
    }
    return true;
  }

  static std::string MissingAlternativeMessage(const std::vector<Shape>& shapes,
                                               const std::vector<size_t>& candidates,
                                               const Json& instance) {
    std::vector<std::string> alternatives;
    for (size_t candidate : candidates) {
      std::vector<std::string> names;
      for (const std::string& name : shapes[candidate].required) names.push_back(Quoted(name));
      alternatives.push_back(fmt::format("{}", fmt::join(names, " with ")));
    }
    std::string message =
        alternatives.size() == 1
            ? fmt::format("expected the field {}", alternatives.front())
            : fmt::format("expected one of the fields {}", JoinWithOr(alternatives));
    if (instance.empty()) return message;
    std::vector<std::string> found;
    for (const auto& [name, value] : instance.items()) found.push_back(Quoted(name));
    return message + fmt::format("; found {}", fmt::join(found, ", "));
  }

  static std::vector<std::string> AllTypes(const std::vector<Shape>& shapes) {
    std::vector<std::string> types;
    for (const Shape& shape : shapes) {
      for (const std::string& type : shape.types) {
        if (std::find(types.begin(), types.end(), type) == types.end()) types.push_back(type);
      }
    }
    return types;
  }

  const std::vector<Node>& nodes_;
};

}  // namespace

JsonSchema::JsonSchema(std::shared_ptr<const std::vector<Node>> nodes) : nodes_(std::move(nodes)) {}

kube::StatusOr<JsonSchema> JsonSchema::Compile(const kube::Json& schema) {
  try {
    KUBE_ASSIGN_OR_RETURN(std::vector<Node> nodes, SchemaCompiler(schema).Run());
    return JsonSchema(std::make_shared<const std::vector<Node>>(std::move(nodes)));
  } catch (const std::exception& e) {
    return kube::InternalError(fmt::format("compiling a JSON Schema: {}", e.what()));
  }
}

std::vector<SchemaError> JsonSchema::Validate(const kube::Json& instance) const {
  std::vector<SchemaError> errors;
  try {
    Validator(*nodes_).Check(0, instance, "", 0, &errors);
  } catch (const std::exception& e) {
    errors.push_back({"", fmt::format("internal error while validating: {}", e.what())});
  }
  return errors;
}

}  // namespace runner
