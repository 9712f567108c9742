// OpenAPI v3 validation and pruning of custom objects against a CRD version's structural schema,
// in the order the real API server applies them: unknown fields are pruned, then non-nullable
// nulls dropped, then what is left validated. Causes carry the real server's field paths
// ("spec.target.volumeMounts[0].name") and messages (kube-openapi wording wrapped in
// apimachinery field errors, e.g. `Invalid value: "string": spec.x in body must be of type
// integer: "string"`).
//
// Supported keywords: type, nullable, required, enum, pattern, minLength, maxLength, minimum,
// maximum, exclusiveMinimum, exclusiveMaximum, minItems, maxItems, properties, items,
// additionalProperties (schema or bool), x-kubernetes-preserve-unknown-fields,
// x-kubernetes-int-or-string, x-kubernetes-embedded-resource. Ignored: format, default (nulls of
// fields with a default are kept, but no default is applied), allOf/anyOf/oneOf/not,
// multipleOf, uniqueItems, min/maxProperties, x-kubernetes-validations.
//
// `pattern` is matched with RE2 (kube::Regex, unanchored search), the engine of the real server.
// A pattern that does not compile is reported as a cause on the value, never thrown.
#pragma once

#include <string>
#include <vector>

#include "kube/object.h"
#include "kube/status.h"

namespace fakecluster {

struct SchemaCheck {
  std::vector<kube::StatusCause> causes;    // empty = valid
  std::vector<std::string> unknown_fields;  // paths pruned, e.g. "spec.foo", sorted
};

// Validates `object` (a whole custom object) against `schema` (a CRD version's openAPIV3Schema)
// and prunes, in place, fields not declared by the schema (unless under
// x-kubernetes-preserve-unknown-fields), as the apiserver does for structural schemas.
// apiVersion, kind and metadata at the root are neither validated nor pruned (metadata is handled
// elsewhere). Every cause is collected, in a deterministic order: depth first, object keys in
// sorted order, an object's missing required fields after its properties.
SchemaCheck ValidateAndPrune(kube::Json& object, const kube::Json& schema);

}  // namespace fakecluster
