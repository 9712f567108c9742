// The OpenAPI documents the fake API server publishes, as pure functions of the served kinds
// (no HTTP): /openapi/v2 as Swagger 2.0 JSON and as the protobuf encoding of gnostic's
// openapi_v2.Document that kubectl asks for, the /openapi/v3 index, and one OpenAPI 3.0
// document per group-version.
//
// Guarantees: the output depends only on the kinds passed in (same kinds, byte-identical
// documents); every "$ref" resolves inside its document; every PATCH and POST operation carries
// the kind's x-kubernetes-group-version-kind and the dryRun, fieldManager and fieldValidation
// query parameters, so kubectl 1.27+ leaves validation to the server. Custom kinds publish their
// CRD schema (converted for v2 the way the real server does: what Swagger 2.0 cannot say is
// dropped) with x-kubernetes-group-version-kind. Built-in kinds get permissive placeholder
// schemas *without* x-kubernetes-group-version-kind, so kubectl finds no schema for them: it
// skips client-side validation and computes strategic merge patches from its compiled-in types,
// exactly as it does for a kind a server does not describe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "kube/gvk.h"
#include "kube/object.h"

namespace fakecluster {

class FakeCluster;

// One served kind at one served version.
struct OpenApiKind {
  kube::ResourceInfo info;  // info.gvk.version is the served version
  kube::Json schema;        // the CRD's openAPIV3Schema for custom kinds; null when none
};

// Every kind `cluster` serves, one entry per served version, sorted by group, version, kind.
std::vector<OpenApiKind> CollectOpenApiKinds(const FakeCluster& cluster);

// Swagger 2.0 document: definitions for every kind (plus the shared meta types they reference)
// and paths for every resource path. Kinds may come in any order.
kube::Json BuildOpenApiV2(const std::vector<OpenApiKind>& kinds);

// The protobuf wire encoding of `swagger` (a document from BuildOpenApiV2) as gnostic's
// openapi_v2.Document: what /openapi/v2 answers to
// "Accept: application/com.github.proto-openapi.spec.v2@v1.0+protobuf". Members Swagger 2.0
// has no field for are left out; vendor extensions become NamedAny with the JSON text (which is
// also YAML) of their value.
std::string EncodeOpenApiV2Protobuf(const kube::Json& swagger);

// "api/v1" for the core group, "apis/<group>/<version>" otherwise: the key of a group-version
// in the /openapi/v3 index, and the path after /openapi/v3/ that serves its document.
std::string OpenApiV3GroupVersionPath(std::string_view group, std::string_view version);

// The /openapi/v3 index: {"paths": {"apis/apps/v1": {"serverRelativeURL":
// "/openapi/v3/apis/apps/v1?hash=<HEX>"}, ...}}; the hash is a digest of that group-version's
// document, so it changes exactly when the document does.
kube::Json BuildOpenApiV3Index(const std::vector<OpenApiKind>& kinds);

// The OpenAPI 3.0 document of one group-version, or null when no kind is served there.
kube::Json BuildOpenApiV3GroupVersion(const std::vector<OpenApiKind>& kinds, std::string_view group,
                                      std::string_view version);

}  // namespace fakecluster
