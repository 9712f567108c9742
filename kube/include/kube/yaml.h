// YAML and JSON documents at the input boundary: multi-document YAML (or JSON, which is YAML)
// parsed into JSON values, with the line of each document and error messages that name the
// source and line. Scalars are typed the way Kubernetes reads YAML (YAML 1.1-ish core schema:
// unquoted true/false/null, integers and floats become JSON types; quoted stay strings).
#pragma once

#include <cstddef>
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

// Bounds on what aliases may expand a stream to. Aliases are expanded into the JSON values, so
// a small file can name one large string thousands of times; besides the count of nodes (16 per
// input byte, at least 100000), the bytes of scalars (values and member names) are counted
// across every document of a stream once aliases are expanded. A stream may always reach twice
// its own size, so only aliases can hit the limit.
inline constexpr size_t kDefaultMaxYamlExpandedBytes = size_t{64} << 20;  // 64 MiB

struct YamlLimits {
  size_t max_expanded_bytes = kDefaultMaxYamlExpandedBytes;
};

// The limits used where none are given: the defaults until SetDefaultYamlLimits() (meant for
// start-up, e.g. from the command line; safe to call from any thread).
YamlLimits DefaultYamlLimits();
void SetDefaultYamlLimits(const YamlLimits& limits);

// Parses every document in `text` (separated by `---`); empty documents are skipped (an
// explicit `null` document is kept). As in Kubernetes, unquoted `y`/`n`/`on`/`off`... are
// booleans even as keys (`on: x` becomes the member "true"); duplicate keys are errors.
// `source` names the input in errors: "<source>:<line>:<column>: <problem>".
// Beyond `limits`: "<source>:<line>:<column>: the document is larger than N bytes once its
// aliases are expanded ...".
StatusOr<std::vector<YamlDocument>> ParseYamlDocuments(
    std::string_view text, std::string_view source, const YamlLimits& limits = DefaultYamlLimits());
// Exactly one document (error if none or several).
StatusOr<Json> ParseYamlDocument(std::string_view text, std::string_view source,
                                 const YamlLimits& limits = DefaultYamlLimits());

// Serialises JSON as block-style YAML with keys in their JSON order (nlohmann keeps them
// sorted), strings quoted where plain YAML would change their meaning.
std::string ToYaml(const Json& value);

}  // namespace kube
