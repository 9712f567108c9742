// The string functions behind each ${...} operator of gomodules.xyz/envsubst v0.1.0 (funcs.go),
// with Go's semantics: lengths and positions count bytes, case mapping and pattern classes work on
// runes, patterns are glob_match.h patterns, replacements are literal (not patterns).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace reference::internal {

// ${#VAR}: the byte length, in decimal.
std::string ByteLength(std::string_view value);

// ${VAR^} / ${VAR,}: the first rune upper/lower-cased (an invalid first byte becomes U+FFFD).
std::string UpperFirst(std::string_view value);
std::string LowerFirst(std::string_view value);

// ${VAR:pos} / ${VAR:pos:len} with args {pos} or {pos, len}. An argument that is not a Go integer
// gives the whole value; a negative pos counts from the end (clamped at 0); positions past the end
// give "". nullopt where upstream panics (a negative length reaching before pos).
std::optional<std::string> Substring(std::string_view value, const std::vector<std::string>& args);

// ${VAR#p} / ${VAR##p}: removes the shortest/longest non-empty prefix matching `pattern`.
// A malformed pattern leaves the value unchanged.
std::string RemovePrefix(std::string_view value, std::string_view pattern, bool longest);

// ${VAR%p} / ${VAR%%p}: upstream reverses value and pattern (by runes) and removes a prefix, so
// patterns are read backwards: "%.*" works, but a class must be written reversed ("]a[").
// The result is always re-encoded, so invalid UTF-8 bytes become U+FFFD.
std::string RemoveSuffix(std::string_view value, std::string_view pattern, bool longest);

// Go's strings.Replace: the first `n` (all if n < 0) non-overlapping occurrences of `from`; an
// empty `from` matches before every rune and at the end.
std::string GoReplace(std::string_view value, std::string_view from, std::string_view to,
                      int64_t n);
// The byte length GoReplace(value, from, to, n) would have, computed without building it.
size_t GoReplaceSize(std::string_view value, std::string_view from, std::string_view to, int64_t n);

// ${VAR/#a/b} / ${VAR/%a/b}: replaces `from` when the value starts/ends with it.
std::string ReplacePrefix(std::string_view value, std::string_view from, std::string_view to);
std::string ReplaceSuffix(std::string_view value, std::string_view from, std::string_view to);

}  // namespace reference::internal
