// The kinds the OpenAPI tests build documents from: a custom kind whose CRD schema uses what
// Swagger 2.0 cannot say (nullable, oneOf, preserved unknown fields), and built-in kinds.
#pragma once

#include <utility>
#include <vector>

#include "fakecluster/openapi.h"
#include "kube/gvk.h"
#include "kube/object.h"

namespace fakecluster_test {

inline kube::Json GadgetSchema() {
  return kube::Json::parse(R"({
    "type": "object",
    "properties": {
      "spec": {
        "type": "object",
        "required": ["size", "note"],
        "properties": {
          "size": {"type": "integer", "minimum": 1, "maximum": 9, "default": 3},
          "name": {"type": "string", "maxLength": 63, "pattern": "^[a-z]+$"},
          "color": {"type": "string", "enum": ["red", "blue"]},
          "note": {"type": "string", "nullable": true},
          "choice": {"type": "object", "oneOf": [{"required": ["a"]}, {"required": ["b"]}],
                     "properties": {"a": {"type": "string"}, "b": {"type": "string"}}},
          "config": {"type": "object", "x-kubernetes-preserve-unknown-fields": true,
                     "properties": {"known": {"type": "string"}}},
          "tags": {"type": "array", "items": {"type": "string"}},
          "labels": {"type": "object", "additionalProperties": {"type": "string"}}
        }
      }
    }
  })");
}

inline fakecluster::OpenApiKind GadgetKind(kube::Json schema = GadgetSchema()) {
  kube::ResourceInfo info;
  info.gvk = {"example.com", "v1", "Gadget"};
  info.plural = "gadgets";
  info.singular = "gadget";
  info.namespaced = true;
  info.has_status = true;
  info.built_in = false;
  return {info, std::move(schema)};
}

inline fakecluster::OpenApiKind BuiltInKind(const kube::GroupVersionKind& gvk) {
  return {*kube::KindRegistry::WithBuiltIns().Find(gvk), nullptr};
}

inline std::vector<fakecluster::OpenApiKind> TestKinds() {
  return {GadgetKind(), BuiltInKind({"", "v1", "ConfigMap"}),
          BuiltInKind({"apps", "v1", "Deployment"}), BuiltInKind({"", "v1", "Namespace"})};
}

}  // namespace fakecluster_test
