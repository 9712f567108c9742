// Parser for the ${...} template language of gomodules.xyz/envsubst v0.1.0 (the version Stash
// vendored). It reproduces the upstream scanner's decisions token for token, quirks included, so
// that every input is accepted or rejected ("bad substitution") exactly as upstream does.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "kube/status.h"

namespace reference::internal {

enum class SubstOp {
  kValue,                 // ${VAR}
  kLength,                // ${#VAR}
  kUpperFirst,            // ${VAR^}
  kUpperAll,              // ${VAR^^}
  kLowerFirst,            // ${VAR,}
  kLowerAll,              // ${VAR,,}
  kMixedCase,             // ${VAR,^}, ${VAR^,}: upstream has no function for them: the value
  kSubstring,             // ${VAR:pos}, ${VAR:pos:len}
  kRemoveShortestPrefix,  // ${VAR#p}
  kRemoveLongestPrefix,   // ${VAR##p}
  kRemoveShortestSuffix,  // ${VAR%p}
  kRemoveLongestSuffix,   // ${VAR%%p}
  kReplaceFirst,          // ${VAR/a/b}
  kReplaceAll,            // ${VAR//a/b}
  kReplacePrefix,         // ${VAR/#a/b}
  kReplaceSuffix,         // ${VAR/%a/b}
  kDefault,               // ${VAR=d}, ${VAR:=d}, ${VAR:-d}
  kNonEmptyOr,            // ${VAR:?x}, ${VAR:+x}: VAR must be supplied; x replaces an empty value
};

// A template piece: literal text, or a substitution of variable `text` with arguments that are
// themselves pieces (literal or nested substitutions). Each argument is exactly one piece.
struct SubstNode {
  bool is_substitution = false;
  std::string text;
  SubstOp op = SubstOp::kValue;
  std::vector<SubstNode> args;
};

struct ParseOptions {
  // Upstream also drops the '\' of "\\" and "\/" in literal text; JSON mode keeps it.
  bool unescape_backslashes_in_text = true;
};

// Nested ${...} deeper than this is rejected (upstream has no limit; it would recurse on).
inline constexpr int kMaxSubstitutionDepth = 64;

// Parses `text`. Errors (reason kBadRequest): "bad substitution" exactly as upstream, or
// "bad substitution: ..." for nesting beyond kMaxSubstitutionDepth.
kube::StatusOr<std::vector<SubstNode>> ParseTemplate(std::string_view text,
                                                     const ParseOptions& options);

}  // namespace reference::internal
