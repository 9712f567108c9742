// Shell-pattern matching with the semantics of the `path` package that gomodules.xyz/envsubst
// vendors (a copy of Go's path.Match with one change: `*` and `?` also match '/').
#pragma once

#include <string_view>

namespace reference::internal {

enum class GlobResult { kNoMatch, kMatch, kBadPattern };

// Whether `pattern` matches all of `name`. Syntax: `*` any sequence, `?` any one rune,
// `[...]` / `[^...]` a class of runes or `lo-hi` ranges, `\c` the literal c. Like Go, a malformed
// pattern is only reported (kBadPattern) when matching reaches the malformed part.
GlobResult GlobMatch(std::string_view pattern, std::string_view name);

}  // namespace reference::internal
