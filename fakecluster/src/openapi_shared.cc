// Definition names, meta definitions, resource paths and operations shared by both OpenAPI
// versions.
#include "openapi_shared.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

namespace fakecluster::openapi_internal {

namespace {

std::vector<std::string> SplitOnDots(std::string_view text) {
  std::vector<std::string> parts;
  size_t start = 0;
  while (start <= text.size()) {
    size_t dot = text.find('.', start);
    if (dot == std::string_view::npos) dot = text.size();
    parts.emplace_back(text.substr(start, dot - start));
    start = dot + 1;
  }
  return parts;
}

// "stash.appscode.com" -> "StashAppscodeCom"; "" -> "Core".
std::string CamelGroup(std::string_view group) {
  if (group.empty()) return "Core";
  std::string camel;
  for (const std::string& part : SplitOnDots(group)) {
    if (part.empty()) continue;
    camel += static_cast<char>(std::toupper(static_cast<unsigned char>(part[0])));
    camel += part.substr(1);
  }
  return camel;
}

std::string CamelVersion(std::string_view version) {
  std::string camel(version);
  if (!camel.empty())
    camel[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(camel[0])));
  return camel;
}

kube::Json TypedField(std::string_view type, std::string_view description) {
  return {{"type", type}, {"description", description}};
}

kube::Json OpenObject(std::string_view description) {
  return {{"type", "object"}, {"description", description}};
}

kube::Json StringMap(std::string_view description) {
  return {{"type", "object"},
          {"description", description},
          {"additionalProperties", {{"type", "string"}}}};
}

kube::Json ArrayOf(kube::Json items, std::string_view description) {
  return {{"type", "array"}, {"description", description}, {"items", std::move(items)}};
}

kube::Json ObjectMetaSchema() {
  kube::Json properties = {
      {"annotations", StringMap("Unstructured key value map set by external tools.")},
      {"clusterName", TypedField("string", "Name of the cluster the object belongs to.")},
      {"creationTimestamp",
       {{"type", "string"}, {"format", "date-time"}, {"description", "Set by the server."}}},
      {"deletionGracePeriodSeconds",
       {{"type", "integer"}, {"format", "int64"}, {"description", "Set by the server."}}},
      {"deletionTimestamp",
       {{"type", "string"}, {"format", "date-time"}, {"description", "Set by the server."}}},
      {"finalizers", ArrayOf({{"type", "string"}}, "Must be empty before deletion completes.")},
      {"generateName", TypedField("string", "Prefix of a server-generated name.")},
      {"generation",
       {{"type", "integer"}, {"format", "int64"}, {"description", "Set by the server."}}},
      {"labels", StringMap("Key value map used to select objects.")},
      {"managedFields", ArrayOf(OpenObject("One field manager's fields."), "Field ownership.")},
      {"name", TypedField("string", "Unique within a namespace.")},
      {"namespace", TypedField("string", "The namespace of a namespaced object.")},
      {"ownerReferences", ArrayOf(OpenObject("One owner."), "Objects this object depends on.")},
      {"resourceVersion", TypedField("string", "Opaque version, set by the server.")},
      {"selfLink", TypedField("string", "Deprecated; not set.")},
      {"uid", TypedField("string", "Set by the server.")},
  };
  return {{"type", "object"},
          {"description", "Standard object metadata."},
          {"properties", std::move(properties)}};
}

}  // namespace

std::vector<OpenApiKind> SortedKinds(const std::vector<OpenApiKind>& kinds) {
  std::vector<OpenApiKind> sorted = kinds;
  std::sort(sorted.begin(), sorted.end(),
            [](const OpenApiKind& a, const OpenApiKind& b) { return a.info.gvk < b.info.gvk; });
  return sorted;
}

std::string DefinitionName(const kube::ResourceInfo& info) {
  const kube::GroupVersionKind& gvk = info.gvk;
  if (info.built_in) {
    if (gvk.group == "apiextensions.k8s.io") {
      return fmt::format("io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.{}.{}", gvk.version,
                         gvk.kind);
    }
    std::string short_group = gvk.group.empty() ? "core" : SplitOnDots(gvk.group).front();
    return fmt::format("io.k8s.api.{}.{}.{}", short_group, gvk.version, gvk.kind);
  }
  std::vector<std::string> parts = SplitOnDots(gvk.group);
  std::reverse(parts.begin(), parts.end());
  std::string name;
  for (const std::string& part : parts) name += part + ".";
  return name + gvk.version + "." + gvk.kind;
}

std::string ListDefinitionName(const kube::ResourceInfo& info) {
  return DefinitionName(info) + "List";
}

kube::Json GvkValue(const kube::GroupVersionKind& gvk) {
  return {{"group", gvk.group}, {"kind", gvk.kind}, {"version", gvk.version}};
}

kube::Json MetaDefinitions() {
  return {
      {std::string(kObjectMetaName), ObjectMetaSchema()},
      {std::string(kListMetaName), OpenObject("Standard list metadata.")},
      {std::string(kPatchName), OpenObject("A patch body; its form depends on Content-Type.")},
      {std::string(kDeleteOptionsName), OpenObject("Options for a deletion.")},
      {std::string(kStatusName), OpenObject("The result of an operation that returns no object.")},
  };
}

namespace {

kube::Json RefTo(std::string_view ref_prefix, std::string_view name) {
  return {{"$ref", fmt::format("{}{}", ref_prefix, name)}};
}

kube::Json WithTypeMeta(const kube::Json& schema, std::string_view ref_prefix) {
  if (!schema.is_object()) {
    // No schema: anything goes, as on the real server.
    return {{"type", "object"}, {"x-kubernetes-preserve-unknown-fields", true}};
  }
  kube::Json published = schema;
  if (published.value("x-kubernetes-preserve-unknown-fields", false) == true &&
      !published.contains("properties")) {
    return published;
  }
  kube::Json& properties = published["properties"];
  properties["apiVersion"] = TypedField("string", "The versioned schema of this representation.");
  properties["kind"] = TypedField("string", "The REST resource this object represents.");
  properties["metadata"] = RefTo(ref_prefix, kObjectMetaName);
  if (!published.contains("type")) published["type"] = "object";
  return published;
}

}  // namespace

kube::Json KindSchema(const OpenApiKind& kind, std::string_view ref_prefix) {
  if (kind.info.built_in) {
    return {{"type", "object"},
            {"description",
             fmt::format("{} (schema not published: clients skip client-side validation)",
                         kind.info.gvk.kind)},
            {"x-kubernetes-preserve-unknown-fields", true}};
  }
  kube::Json schema = WithTypeMeta(kind.schema, ref_prefix);
  schema[std::string(kGvkExtension)] = kube::Json::array({GvkValue(kind.info.gvk)});
  return schema;
}

kube::Json ListSchema(const OpenApiKind& kind, std::string_view ref_prefix) {
  kube::Json schema = {
      {"type", "object"},
      {"description", fmt::format("A list of {}.", kind.info.gvk.kind)},
      {"required", {"items"}},
      {"properties",
       {{"apiVersion", TypedField("string", "The versioned schema of this representation.")},
        {"kind", TypedField("string", "The REST resource this object represents.")},
        {"items", ArrayOf(RefTo(ref_prefix, DefinitionName(kind.info)), "The listed objects.")},
        {"metadata", RefTo(ref_prefix, kListMetaName)}}}};
  if (!kind.info.built_in) {
    kube::GroupVersionKind list_gvk = kind.info.gvk;
    list_gvk.kind += "List";
    schema[std::string(kGvkExtension)] = kube::Json::array({GvkValue(list_gvk)});
  }
  return schema;
}

kube::Json PayloadRef(Payload payload, const kube::ResourceInfo& info,
                      std::string_view ref_prefix) {
  switch (payload) {
    case Payload::kKind:
      return RefTo(ref_prefix, DefinitionName(info));
    case Payload::kList:
      return RefTo(ref_prefix, ListDefinitionName(info));
    case Payload::kPatch:
      return RefTo(ref_prefix, kPatchName);
    case Payload::kDeleteOptions:
      return RefTo(ref_prefix, kDeleteOptionsName);
    case Payload::kStatus:
      return RefTo(ref_prefix, kStatusName);
    case Payload::kNone:
      break;
  }
  return nullptr;
}

std::vector<ResourcePath> ResourcePathsOf(const kube::ResourceInfo& info) {
  const kube::GroupVersionKind& gvk = info.gvk;
  std::string root = gvk.group.empty() ? fmt::format("/api/{}", gvk.version)
                                       : fmt::format("/apis/{}/{}", gvk.group, gvk.version);
  std::string collection = info.namespaced
                               ? fmt::format("{}/namespaces/{{namespace}}/{}", root, info.plural)
                               : fmt::format("{}/{}", root, info.plural);
  std::vector<ResourcePath> paths;
  paths.push_back({collection, PathScope::kCollection, info.namespaced});
  if (info.namespaced) {
    paths.push_back({fmt::format("{}/{}", root, info.plural), PathScope::kAllNamespaces, false});
  }
  paths.push_back({collection + "/{name}", PathScope::kItem, info.namespaced});
  if (info.has_status) {
    paths.push_back({collection + "/{name}/status", PathScope::kStatus, info.namespaced});
  }
  return paths;
}

namespace {

const QueryParameter kDryRun{"dryRun", "string",
                             "When present (All), the request is validated but not persisted."};
const QueryParameter kFieldManager{"fieldManager", "string",
                                   "The name of the actor making the change."};
const QueryParameter kFieldValidation{
    "fieldValidation", "string",
    "How the server treats unknown and duplicate fields: Ignore, Warn or Strict."};
const QueryParameter kForce{"force", "boolean",
                            "Apply requests only: take over fields other managers own."};
const QueryParameter kLabelSelector{"labelSelector", "string", "Selects objects by label."};
const QueryParameter kFieldSelector{"fieldSelector", "string", "Selects objects by field."};
const QueryParameter kLimit{"limit", "integer", "The most objects one list response returns."};
const QueryParameter kContinue{"continue", "string", "The token of the next list page."};
const QueryParameter kResourceVersion{"resourceVersion", "string",
                                      "The resourceVersion a list or watch starts from."};
const QueryParameter kWatch{"watch", "boolean", "Stream changes instead of listing."};
const QueryParameter kGracePeriod{"gracePeriodSeconds", "integer",
                                  "Seconds before the object is deleted."};
const QueryParameter kPropagation{"propagationPolicy", "string",
                                  "Orphan, Background or Foreground garbage collection."};

std::vector<QueryParameter> WriteParameters() { return {kDryRun, kFieldManager, kFieldValidation}; }

std::vector<QueryParameter> ListParameters() {
  return {kContinue, kFieldSelector, kLabelSelector, kLimit, kResourceVersion, kWatch};
}

std::vector<std::string> PatchMediaTypes(const kube::ResourceInfo& info) {
  std::vector<std::string> types = {"application/json-patch+json", "application/merge-patch+json"};
  // Custom kinds do not accept strategic merge patches.
  if (info.built_in) types.push_back("application/strategic-merge-patch+json");
  types.push_back("application/apply-patch+yaml");
  return types;
}

}  // namespace

std::vector<OperationSpec> OperationsOn(const kube::ResourceInfo& info, const ResourcePath& path) {
  const std::string id_middle = CamelGroup(info.gvk.group) + CamelVersion(info.gvk.version) +
                                (path.namespaced ? "Namespaced" : "");
  const std::string& kind = info.gvk.kind;
  std::vector<OperationSpec> ops;
  auto add = [&](std::string method, std::string action, std::string id_verb, std::string id_suffix,
                 std::string description) -> OperationSpec& {
    OperationSpec op;
    op.method = std::move(method);
    op.action = std::move(action);
    op.operation_id = id_verb + id_middle + kind + id_suffix;
    op.description = std::move(description);
    ops.push_back(std::move(op));
    return ops.back();
  };
  switch (path.scope) {
    case PathScope::kAllNamespaces: {
      OperationSpec& list = add("get", "list", "list", "ForAllNamespaces",
                                fmt::format("list or watch objects of kind {}", kind));
      list.response = Payload::kList;
      list.query = ListParameters();
      break;
    }
    case PathScope::kCollection: {
      OperationSpec& list =
          add("get", "list", "list", "", fmt::format("list or watch objects of kind {}", kind));
      list.response = Payload::kList;
      list.query = ListParameters();
      OperationSpec& create = add("post", "post", "create", "", fmt::format("create a {}", kind));
      create.body = Payload::kKind;
      create.query = WriteParameters();
      OperationSpec& remove = add("delete", "deletecollection", "deleteCollection", "",
                                  fmt::format("delete collection of {}", kind));
      remove.body = Payload::kDeleteOptions;
      remove.response = Payload::kStatus;
      remove.query = {kContinue,      kDryRun, kFieldSelector, kGracePeriod,
                      kLabelSelector, kLimit,  kPropagation};
      break;
    }
    case PathScope::kItem:
    case PathScope::kStatus: {
      const bool status = path.scope == PathScope::kStatus;
      const std::string suffix = status ? "Status" : "";
      const std::string what = status ? "status of the specified " + kind : "the specified " + kind;
      add("get", "get", "read", suffix, "read " + what);
      OperationSpec& replace = add("put", "put", "replace", suffix, "replace " + what);
      replace.body = Payload::kKind;
      replace.query = WriteParameters();
      OperationSpec& patch = add("patch", "patch", "patch", suffix, "partially update " + what);
      patch.body = Payload::kPatch;
      patch.query = {kDryRun, kFieldManager, kFieldValidation, kForce};
      patch.consumes = PatchMediaTypes(info);
      if (!status) {
        OperationSpec& remove = add("delete", "delete", "delete", "", "delete a " + kind);
        remove.body = Payload::kDeleteOptions;
        remove.response = Payload::kStatus;
        remove.query = {kDryRun, kGracePeriod, kPropagation};
      }
      break;
    }
  }
  return ops;
}

}  // namespace fakecluster::openapi_internal
