// Go-compatible Unicode helpers for the substitution engine: the exact behaviour of Go's
// unicode.IsLetter/IsDigit and the simple case mappings of unicode.ToUpper/ToLower, which
// gomodules.xyz/envsubst relies on, over kube's Go-exact UTF-8 (kube/utf8.h).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "kube/utf8.h"

namespace reference::internal {

// UTF-8 itself is kube's (kube/utf8.h, Go's unicode/utf8); these names keep the engine's code
// reading as the Go it mirrors.
using kube::AppendRune;
using kube::DecodedRune;
using kube::DecodeRune;
using kube::IsValidUtf8;
using kube::kRuneError;

// Go's []rune(s) then string(...): every invalid byte becomes U+FFFD.
std::string NormalizeUtf8(std::string_view text);

// unicode.IsLetter(r) || unicode.IsDigit(r).
bool IsLetterOrDigit(char32_t rune);

// unicode.ToUpper / unicode.ToLower: simple (one-to-one) case mappings, Unicode 14 data.
char32_t ToUpper(char32_t rune);
char32_t ToLower(char32_t rune);

// strings.ToUpper / strings.ToLower: every rune mapped, invalid bytes become U+FFFD.
std::string ToUpperString(std::string_view text);
std::string ToLowerString(std::string_view text);

}  // namespace reference::internal
