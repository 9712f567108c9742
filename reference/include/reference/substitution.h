// Variable substitution for templates (spec section 3): a re-implementation of the behaviour of
// gomodules.xyz/envsubst v0.1.0 (the drone/envsubst fork Stash vendored), plus the whole-object
// JSON mechanism with a safety check upstream lacked.
//
// Guarantees: pure functions (no global state, no clock, no randomness), nothing throws, output
// is deterministic. Every error is a kube::Status with reason kBadRequest (the template, not the
// target, is at fault). Messages are exactly upstream's where the spec gives them:
// "input/default value not found for key VAR" and "bad substitution". The reference's own errors
// (nesting deeper than 64, a negative substring length where upstream panics, JSON-unsafe
// results) start with "bad substitution: " or name the variable responsible; a result over the
// size limit (SubstitutionLimits) starts with "substitution too large: ".
#pragma once

#include <cstddef>
#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "kube/object.h"
#include "kube/status.h"

namespace reference {

// Supplied variables. A variable present with an empty value counts as supplied.
using Variables = std::map<std::string, std::string>;

// Upstream has no limit: nested replacements such as ${TARGET_NAME//a/${TARGET_NAME//a/...}}
// multiply the length at every level (four levels reach gigabytes). Here:
//  - every substitution result, nested ones included, and every field holding substitutions (a
//    JSON string of the template; for Substitute() the whole text) may be at most
//    max_field_bytes long;
//  - the whole substituted template may be at most 8 * max_field_bytes longer than the template.
// Beyond either the answer is an error (reason kBadRequest) "substitution too large: ..." naming
// the variable, and for SubstituteJson() the field (a JSON Pointer) and the template (its kind
// and metadata.name when the document has them). No result is built beyond the limit.
inline constexpr size_t kDefaultMaxSubstitutionFieldBytes = size_t{1} << 20;  // 1 MiB

struct SubstitutionLimits {
  size_t max_field_bytes = kDefaultMaxSubstitutionFieldBytes;
  size_t MaxGrowthBytes() const { return 8 * max_field_bytes; }
};

// Substitutes every ${...} in `text` exactly as upstream does: the table of spec section 3 and,
// where the spec is silent, upstream's behaviour (documented in substitution.cc), e.g. "$$" is
// "$", "\\" and "\/" in text lose their backslash, lengths and positions count bytes.
// The whole text is parsed first, so a syntax error anywhere wins over a missing variable.
kube::StatusOr<std::string> Substitute(std::string_view text, const Variables& vars,
                                       const SubstitutionLimits& limits = {});

// The whole-object mechanism of spec section 3: serialises `document` to JSON text, substitutes
// (keys included: every ${...} anywhere must resolve), and parses the result back. Differences
// from Substitute(), both so that the JSON cannot be corrupted:
//  - backslashes in literal text are kept (upstream turned a JSON "\\" into "\");
//  - a substitution whose result contains '"', '\', a control character or invalid UTF-8 is an
//    error naming the variable responsible, instead of corrupt output.
kube::StatusOr<kube::Json> SubstituteJson(const kube::Json& document, const Variables& vars,
                                          const SubstitutionLimits& limits = {});

// A document prepared once for SubstituteJson with many sets of variables: serialised and
// parsed for ${...} once, so that each Render only evaluates and parses the result.
// Render(vars, limits) answers exactly what SubstituteJson(document, vars, limits) answers.
// Cheap to copy (the prepared parts are shared and immutable).
class CompiledJsonTemplate {
 public:
  explicit CompiledJsonTemplate(const kube::Json& document);
  kube::StatusOr<kube::Json> Render(const Variables& vars,
                                    const SubstitutionLimits& limits = {}) const;

 private:
  struct Parts;
  std::shared_ptr<const Parts> parts_;
};

}  // namespace reference
