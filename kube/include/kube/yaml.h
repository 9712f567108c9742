// YAML and JSON documents at the input boundary: multi-document YAML (or JSON, which is YAML)
// parsed into JSON values, with the line of each document and error messages that name the
// source and line. Scalars are typed the way Kubernetes reads YAML (YAML 1.1-ish core schema:
// unquoted true/false/null, integers and floats become JSON types; quoted stay strings).
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "kube/object.h"
#include "kube/status.h"

namespace kube {

struct YamlDocument {
  Json value;
  int line = 1;  // 1-based line where the document starts in the source
  // 1-based source line of every node, keyed by JSON Pointer ("" is the document root,
  // "/steps/0/apply" a nested one), so later validation can name the line of a field.
  std::map<std::string, int> lines;

  // Line of `pointer`, or of its nearest ancestor present in `lines`.
  int LineOf(std::string_view pointer) const;
};

// Parses every document in `text` (separated by `---`); empty documents are skipped (an
// explicit `null` document is kept). As in Kubernetes, unquoted `y`/`n`/`on`/`off`... are
// booleans even as keys (`on: x` becomes the member "true"); duplicate keys are errors.
// `source` names the input in errors: "<source>:<line>:<column>: <problem>".
StatusOr<std::vector<YamlDocument>> ParseYamlDocuments(std::string_view text,
                                                       std::string_view source);
// Exactly one document (error if none or several).
StatusOr<Json> ParseYamlDocument(std::string_view text, std::string_view source);

// Serialises JSON as block-style YAML with keys in their JSON order (nlohmann keeps them
// sorted), strings quoted where plain YAML would change their meaning.
std::string ToYaml(const Json& value);

}  // namespace kube
