// Go-compatible UTF-8 and Unicode helpers for the substitution engine: the exact behaviour of
// Go's utf8.DecodeRuneInString, string(rune), unicode.IsLetter/IsDigit and the simple case
// mappings of unicode.ToUpper/ToLower, which gomodules.xyz/envsubst relies on.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace reference::internal {

inline constexpr char32_t kRuneError = 0xFFFD;

struct DecodedRune {
  char32_t rune;
  size_t width;
};

// Go's utf8.DecodeRuneInString: {kRuneError, 1} for an invalid or truncated sequence
// (overlong forms and surrogates included), {kRuneError, 0} for an empty input.
DecodedRune DecodeRune(std::string_view text);

// Appends the UTF-8 form of `rune`; surrogates and values past U+10FFFF become U+FFFD (Go's
// string(rune)).
void AppendRune(std::string& out, char32_t rune);

// Go's []rune(s) then string(...): every invalid byte becomes U+FFFD.
std::string NormalizeUtf8(std::string_view text);

bool IsValidUtf8(std::string_view text);

// unicode.IsLetter(r) || unicode.IsDigit(r).
bool IsLetterOrDigit(char32_t rune);

// unicode.ToUpper / unicode.ToLower: simple (one-to-one) case mappings, Unicode 14 data.
char32_t ToUpper(char32_t rune);
char32_t ToLower(char32_t rune);

// strings.ToUpper / strings.ToLower: every rune mapped, invalid bytes become U+FFFD.
std::string ToUpperString(std::string_view text);
std::string ToLowerString(std::string_view text);

}  // namespace reference::internal
