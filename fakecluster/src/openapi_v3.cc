// /openapi/v3: the index of group-versions and one OpenAPI 3.0 document per group-version.
#include <fmt/format.h>

#include <cstdint>
#include <set>
#include <string>
#include <utility>

#include "fakecluster/openapi.h"
#include "openapi_shared.h"

namespace fakecluster {

namespace {

using namespace openapi_internal;  // NOLINT(build/namespaces): this file renders those types.

constexpr std::string_view kRefPrefix = "#/components/schemas/";

// FNV-1a, 64 bits, as 16 upper-case hex digits: stable on every platform.
std::string StableHash(std::string_view text) {
  uint64_t hash = 0xcbf29ce484222325ULL;
  for (char c : text) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 0x100000001b3ULL;
  }
  return fmt::format("{:016X}", hash);
}

kube::Json PayloadSchema(Payload payload, const kube::ResourceInfo& info) {
  return PayloadRef(payload, info, kRefPrefix);
}

kube::Json Parameter(std::string_view name, std::string_view in, std::string_view type,
                     std::string_view description) {
  kube::Json parameter = {{"name", name},
                          {"in", in},
                          {"description", description},
                          {"schema", {{"type", type}, {"uniqueItems", true}}}};
  if (in == "path") parameter["required"] = true;
  return parameter;
}

kube::Json RequestBody(const OperationSpec& spec, const kube::ResourceInfo& info) {
  kube::Json content = kube::Json::object();
  kube::Json schema = PayloadSchema(spec.body, info);
  if (spec.consumes.empty()) {
    content["*/*"] = {{"schema", schema}};
  } else {
    for (const std::string& media_type : spec.consumes) content[media_type] = {{"schema", schema}};
  }
  return {{"content", std::move(content)}, {"required", spec.body != Payload::kDeleteOptions}};
}

kube::Json Response(std::string_view description, const kube::Json& schema) {
  return {
      {"description", description},
      {"content",
       {{"application/json", {{"schema", schema}}}, {"application/yaml", {{"schema", schema}}}}}};
}

kube::Json RenderOperation(const OperationSpec& spec, const kube::ResourceInfo& info) {
  kube::Json schema = PayloadSchema(spec.response, info);
  kube::Json responses = {{"200", Response("OK", schema)},
                          {"401", {{"description", "Unauthorized"}}}};
  if (spec.method == "post") responses["201"] = Response("Created", schema);
  kube::Json operation = {{"description", spec.description},
                          {"operationId", spec.operation_id},
                          {"responses", std::move(responses)},
                          {"x-kubernetes-action", spec.action},
                          {std::string(kGvkExtension), GvkValue(info.gvk)}};
  if (spec.body != Payload::kNone) operation["requestBody"] = RequestBody(spec, info);
  if (!spec.query.empty()) {
    kube::Json parameters = kube::Json::array();
    for (const QueryParameter& query : spec.query) {
      parameters.push_back(Parameter(query.name, "query", query.type, query.description));
    }
    operation["parameters"] = std::move(parameters);
  }
  return operation;
}

kube::Json RenderPathItem(const ResourcePath& path, const kube::ResourceInfo& info) {
  kube::Json parameters = kube::Json::array();
  if (path.scope == PathScope::kItem || path.scope == PathScope::kStatus) {
    parameters.push_back(
        Parameter("name", "path", "string", fmt::format("name of the {}", info.gvk.kind)));
  }
  if (path.namespaced) {
    parameters.push_back(Parameter("namespace", "path", "string", "object name and auth scope"));
  }
  parameters.push_back(
      Parameter("pretty", "query", "string", "If 'true', the output is pretty printed."));
  kube::Json item = {{"parameters", std::move(parameters)}};
  for (const OperationSpec& spec : OperationsOn(info, path)) {
    item[spec.method] = RenderOperation(spec, info);
  }
  return item;
}

}  // namespace

std::string OpenApiV3GroupVersionPath(std::string_view group, std::string_view version) {
  return group.empty() ? fmt::format("api/{}", version) : fmt::format("apis/{}/{}", group, version);
}

kube::Json BuildOpenApiV3GroupVersion(const std::vector<OpenApiKind>& kinds, std::string_view group,
                                      std::string_view version) {
  kube::Json schemas = MetaDefinitions();
  kube::Json paths = kube::Json::object();
  bool served = false;
  for (const OpenApiKind& kind : SortedKinds(kinds)) {
    if (kind.info.gvk.group != group || kind.info.gvk.version != version) continue;
    served = true;
    schemas[DefinitionName(kind.info)] = KindSchema(kind, kRefPrefix);
    schemas[ListDefinitionName(kind.info)] = ListSchema(kind, kRefPrefix);
    for (const ResourcePath& path : ResourcePathsOf(kind.info)) {
      paths[path.path] = RenderPathItem(path, kind.info);
    }
  }
  if (!served) return nullptr;
  return {{"openapi", "3.0.0"},
          {"info", {{"title", "Kubernetes"}, {"version", "unversioned"}}},
          {"paths", std::move(paths)},
          {"components", {{"schemas", std::move(schemas)}}}};
}

kube::Json BuildOpenApiV3Index(const std::vector<OpenApiKind>& kinds) {
  std::set<std::pair<std::string, std::string>> group_versions;
  for (const OpenApiKind& kind : kinds) {
    group_versions.emplace(kind.info.gvk.group, kind.info.gvk.version);
  }
  kube::Json paths = kube::Json::object();
  for (const auto& [group, version] : group_versions) {
    std::string key = OpenApiV3GroupVersionPath(group, version);
    std::string hash = StableHash(BuildOpenApiV3GroupVersion(kinds, group, version).dump());
    paths[key] = {{"serverRelativeURL", fmt::format("/openapi/v3/{}?hash={}", key, hash)}};
  }
  return {{"paths", std::move(paths)}};
}

}  // namespace fakecluster
