// /openapi/v2: the Swagger 2.0 document of the served kinds.
#include <fmt/format.h>

#include <string>
#include <utility>

#include "fakecluster/openapi.h"
#include "openapi_shared.h"

namespace fakecluster {

namespace {

using namespace openapi_internal;  // NOLINT(build/namespaces): this file renders those types.

constexpr std::string_view kRefPrefix = "#/definitions/";

bool IsVendorExtension(std::string_view key) { return key.starts_with("x-"); }

// Schema keywords Swagger 2.0 shares with OpenAPI v3 that are kept as they are.
bool IsPlainSwaggerKeyword(std::string_view key) {
  static constexpr std::string_view kKeywords[] = {
      "$ref",       "description",      "default",          "enum",
      "example",    "exclusiveMaximum", "exclusiveMinimum", "format",
      "maxItems",   "maxLength",        "maxProperties",    "maximum",
      "minItems",   "minLength",        "minProperties",    "minimum",
      "multipleOf", "pattern",          "readOnly",         "title",
      "uniqueItems"};
  for (std::string_view keyword : kKeywords) {
    if (key == keyword) return true;
  }
  return false;
}

bool IsNullable(const kube::Json& schema) {
  return schema.is_object() && schema.value("nullable", false) == true;
}

// One CRD (OpenAPI v3, structural) schema converted to Swagger 2.0 the way the real server
// publishes CRDs in v2: oneOf/anyOf/allOf/not and nullable are dropped; a nullable value loses
// its type, items and properties; a value preserving unknown fields loses its items and
// properties; an array left without items loses its type; nullable properties are not required.
kube::Json ToSwaggerSchema(const kube::Json& schema) {
  if (!schema.is_object()) return schema;
  const bool nullable = IsNullable(schema);
  const bool open = nullable || schema.value("x-kubernetes-preserve-unknown-fields", false) == true;
  kube::Json out = kube::Json::object();
  for (const auto& [key, value] : schema.items()) {
    if (IsVendorExtension(key) || IsPlainSwaggerKeyword(key) || key == "required") {
      out[key] = value;
    } else if (key == "type") {
      if (!nullable) out[key] = value;
    } else if (key == "properties") {
      if (open || !value.is_object() || value.empty()) continue;
      for (const auto& [name, property] : value.items()) {
        out["properties"][name] = ToSwaggerSchema(property);
      }
    } else if (key == "items") {
      if (!open) out["items"] = ToSwaggerSchema(value);
    } else if (key == "additionalProperties") {
      out[key] = value.is_object() ? ToSwaggerSchema(value) : value;
    }
    // Everything else (oneOf, anyOf, allOf, not, nullable, ...) has no v2 form kubectl copes with.
  }
  if (out.value("type", "") == "array" && !out.contains("items")) out.erase("type");
  if (out.contains("required") && out["required"].is_array()) {
    kube::Json required = kube::Json::array();
    const kube::Json additional = schema.value("additionalProperties", kube::Json());
    if (!IsNullable(additional)) {
      const kube::Json properties = schema.value("properties", kube::Json::object());
      for (const auto& name : out["required"]) {
        if (name.is_string() && properties.is_object() &&
            properties.contains(name.get<std::string>()) &&
            IsNullable(properties[name.get<std::string>()])) {
          continue;
        }
        required.push_back(name);
      }
    }
    if (required.empty()) {
      out.erase("required");
    } else {
      out["required"] = std::move(required);
    }
  }
  return out;
}

kube::Json PayloadSchema(Payload payload, const kube::ResourceInfo& info) {
  return PayloadRef(payload, info, kRefPrefix);
}

kube::Json PathParameter(std::string_view name, std::string_view description) {
  return {{"name", name},     {"in", "path"},        {"required", true},
          {"type", "string"}, {"uniqueItems", true}, {"description", description}};
}

kube::Json RenderOperation(const OperationSpec& spec, const kube::ResourceInfo& info) {
  kube::Json parameters = kube::Json::array();
  if (spec.body != Payload::kNone) {
    parameters.push_back({{"name", "body"},
                          {"in", "body"},
                          {"required", spec.body != Payload::kDeleteOptions},
                          {"schema", PayloadSchema(spec.body, info)}});
  }
  for (const QueryParameter& query : spec.query) {
    parameters.push_back({{"name", query.name},
                          {"in", "query"},
                          {"type", query.type},
                          {"uniqueItems", true},
                          {"description", query.description}});
  }
  kube::Json responses = {
      {"200", {{"description", "OK"}, {"schema", PayloadSchema(spec.response, info)}}},
      {"401", {{"description", "Unauthorized"}}}};
  if (spec.method == "post") {
    responses["201"] = {{"description", "Created"}, {"schema", PayloadSchema(spec.response, info)}};
  }
  kube::Json operation = {
      {"description", spec.description},
      {"operationId", spec.operation_id},
      {"consumes", spec.consumes.empty() ? kube::Json{"*/*"} : kube::Json(spec.consumes)},
      {"produces", {"application/json", "application/yaml"}},
      {"schemes", {"https"}},
      {"responses", std::move(responses)},
      {"x-kubernetes-action", spec.action},
      {std::string(kGvkExtension), GvkValue(info.gvk)}};
  if (!parameters.empty()) operation["parameters"] = std::move(parameters);
  return operation;
}

kube::Json RenderPathItem(const ResourcePath& path, const kube::ResourceInfo& info) {
  kube::Json item = kube::Json::object();
  kube::Json parameters = kube::Json::array();
  if (path.scope == PathScope::kItem || path.scope == PathScope::kStatus) {
    parameters.push_back(PathParameter("name", fmt::format("name of the {}", info.gvk.kind)));
  }
  if (path.namespaced) {
    parameters.push_back(PathParameter("namespace", "object name and auth scope"));
  }
  parameters.push_back({{"name", "pretty"},
                        {"in", "query"},
                        {"type", "string"},
                        {"uniqueItems", true},
                        {"description", "If 'true', the output is pretty printed."}});
  item["parameters"] = std::move(parameters);
  for (const OperationSpec& spec : OperationsOn(info, path)) {
    item[spec.method] = RenderOperation(spec, info);
  }
  return item;
}

}  // namespace

kube::Json BuildOpenApiV2(const std::vector<OpenApiKind>& kinds) {
  kube::Json definitions = MetaDefinitions();
  kube::Json paths = kube::Json::object();
  for (const OpenApiKind& kind : SortedKinds(kinds)) {
    definitions[DefinitionName(kind.info)] = ToSwaggerSchema(KindSchema(kind, kRefPrefix));
    definitions[ListDefinitionName(kind.info)] = ListSchema(kind, kRefPrefix);
    for (const ResourcePath& path : ResourcePathsOf(kind.info)) {
      paths[path.path] = RenderPathItem(path, kind.info);
    }
  }
  return {{"swagger", "2.0"},
          {"info", {{"title", "Kubernetes"}, {"version", "unversioned"}}},
          {"paths", std::move(paths)},
          {"definitions", std::move(definitions)}};
}

}  // namespace fakecluster
