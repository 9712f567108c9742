// A small JSON Schema validator for the subset of draft 2020-12 the scenario schema uses: type,
// properties, required, additionalProperties, patternProperties, items, enum, const, pattern,
// minimum, minItems, minLength, oneOf, anyOf and $ref to "#" or "#/$defs/<name>". Annotations
// ($schema, $id, $comment, title, description, default, examples) are accepted and ignored;
// any other keyword is a compile error, so a schema never silently means less than it says.
// Nothing here throws.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "kube/object.h"
#include "kube/status.h"

namespace runner {

// One violation: where in the instance (a JSON Pointer, "" for the root) and what is wrong.
struct SchemaError {
  std::string pointer;
  std::string message;
  bool operator==(const SchemaError&) const = default;
};

class JsonSchema {
 public:
  // Compiles `schema`. Fails (BadRequest, naming the schema location) on an unsupported
  // keyword, an ill-typed keyword value, a pattern that is not an RE2 regex, or a $ref
  // that does not resolve.
  static kube::StatusOr<JsonSchema> Compile(const kube::Json& schema);

  // Every violation in `instance`; empty when it conforms. Where oneOf/anyOf fails, only the
  // errors of the most relevant alternative are reported (for objects, the one whose required
  // and known fields the instance has); an unknown property reads `unknown field "x"`.
  std::vector<SchemaError> Validate(const kube::Json& instance) const;

  struct Node;  // a compiled schema; defined in json_schema.cc

 private:
  explicit JsonSchema(std::shared_ptr<const std::vector<Node>> nodes);

  std::shared_ptr<const std::vector<Node>> nodes_;  // index 0 is the root
};

}  // namespace runner
