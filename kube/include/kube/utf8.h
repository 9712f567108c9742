// UTF-8 decoding, encoding and validation, exactly as Go's unicode/utf8 does them (Kubernetes
// and Stash are Go programs, and what they accept or replace is what the suite checks): a
// "rune" is a Unicode code point; an invalid or truncated sequence (overlong forms and
// surrogates included) decodes as U+FFFD of width 1. The one UTF-8 codec of the project.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace kube {

inline constexpr char32_t kRuneError = 0xFFFD;

struct DecodedRune {
  char32_t rune;
  size_t width;  // bytes consumed: 1 to 4, or 0 for an empty input
};

// Go's utf8.DecodeRuneInString: the first rune of `text`; {kRuneError, 1} for an invalid or
// truncated sequence, {kRuneError, 0} for an empty input.
DecodedRune DecodeRune(std::string_view text);

// Go's string(rune): appends the UTF-8 form of `rune`; surrogates and values past U+10FFFF
// become U+FFFD.
void AppendRune(std::string& out, char32_t rune);

// Go's utf8.ValidString.
bool IsValidUtf8(std::string_view text);

// `text` with each byte that does not start a valid sequence replaced by U+FFFD, as Go's
// encoding/json writes a string holding invalid UTF-8.
std::string CoerceToValidUtf8(std::string_view text);

// The bytes of `text` that start a sequence (are not 10xxxxxx): the number of code points of
// valid UTF-8. Unlike utf8.RuneCountInString, a stray continuation byte counts for nothing.
size_t CountUtf8CodePoints(std::string_view text);

}  // namespace kube
