// What the v2 and v3 OpenAPI documents share: definition names, the meta types every kind
// references, the resource paths of a kind and the operations on each path (format-neutral;
// openapi_v2.cc and openapi_v3.cc render them).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "fakecluster/openapi.h"

namespace fakecluster::openapi_internal {

inline constexpr std::string_view kObjectMetaName =
    "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta";
inline constexpr std::string_view kListMetaName = "io.k8s.apimachinery.pkg.apis.meta.v1.ListMeta";
inline constexpr std::string_view kPatchName = "io.k8s.apimachinery.pkg.apis.meta.v1.Patch";
inline constexpr std::string_view kDeleteOptionsName =
    "io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions";
inline constexpr std::string_view kStatusName = "io.k8s.apimachinery.pkg.apis.meta.v1.Status";
inline constexpr std::string_view kGvkExtension = "x-kubernetes-group-version-kind";

// The kinds sorted by group, version, kind (the order every document lists them in).
std::vector<OpenApiKind> SortedKinds(const std::vector<OpenApiKind>& kinds);

// "io.k8s.api.apps.v1.Deployment" for built-ins; the reversed group for custom kinds
// ("com.example.v1.Widget"), as the real server names definitions.
std::string DefinitionName(const kube::ResourceInfo& info);
std::string ListDefinitionName(const kube::ResourceInfo& info);

// {"group": .., "kind": .., "version": ..}: the value operations carry; definitions carry a
// list of these.
kube::Json GvkValue(const kube::GroupVersionKind& gvk);

// The shared meta definitions (ObjectMeta, ListMeta, Patch, DeleteOptions, Status), keyed by the
// names above; they reference nothing. ObjectMeta lists its fields (kubectl skips null field values
// of a listed object, which "creationTimestamp: null" in generated manifests needs); the others are
// open objects.
kube::Json MetaDefinitions();

// References inside the schemas below start with `ref_prefix` ("#/definitions/" in v2,
// "#/components/schemas/" in v3).

// The schema of a kind. Custom kinds: the CRD schema (OpenAPI v3 form) with apiVersion, kind
// and metadata set the way the real server publishes them (metadata references ObjectMeta) and
// x-kubernetes-group-version-kind; an open object when the CRD has no schema. Built-in kinds: an
// open placeholder without x-kubernetes-group-version-kind (see fakecluster/openapi.h).
kube::Json KindSchema(const OpenApiKind& kind, std::string_view ref_prefix);

// The schema of a kind's list ("<Kind>List"): items referencing the kind's definition; custom
// kinds' lists carry x-kubernetes-group-version-kind with kind "<Kind>List".
kube::Json ListSchema(const OpenApiKind& kind, std::string_view ref_prefix);

enum class PathScope { kCollection, kAllNamespaces, kItem, kStatus };

struct ResourcePath {
  std::string path;  // "/apis/apps/v1/namespaces/{namespace}/deployments/{name}"
  PathScope scope;
  bool namespaced;  // has the {namespace} path parameter
};

// Every path of a kind: collection, all-namespaces list (namespaced kinds), item, status.
std::vector<ResourcePath> ResourcePathsOf(const kube::ResourceInfo& info);

enum class Payload { kNone, kKind, kList, kPatch, kDeleteOptions, kStatus };

struct QueryParameter {
  std::string name;
  std::string type;  // "string", "integer", "boolean"
  std::string description;
};

struct OperationSpec {
  std::string method;  // "get", "put", "post", "patch", "delete"
  std::string action;  // x-kubernetes-action: list, get, create, update, patch, delete, ...
  std::string operation_id;
  std::string description;
  Payload body = Payload::kNone;
  Payload response = Payload::kKind;
  std::vector<QueryParameter> query;
  std::vector<std::string> consumes;  // PATCH only: the accepted patch media types
};

// A reference to the schema an operation sends or receives (null for kNone).
kube::Json PayloadRef(Payload payload, const kube::ResourceInfo& info, std::string_view ref_prefix);

// The operations on one path of `info`.
std::vector<OperationSpec> OperationsOn(const kube::ResourceInfo& info, const ResourcePath& path);

}  // namespace fakecluster::openapi_internal
