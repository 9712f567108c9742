// Where an unclosed YAML flow collection starts. yaml-cpp reports "end of sequence flow not
// found" (or "map") where it gave up, at the next line or the end of the input; the useful place
// is the '[' or '{' that was never closed. Pure; a heuristic scanner (quotes, comments, nesting),
// good for the inputs yaml-cpp rejects this way.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

namespace kube::internal {

struct TextPosition {
  int line = 1;    // 1-based
  int column = 1;  // 1-based, in bytes
};

// The position of the innermost `open` ('[' or '{') left unclosed in text[0, end), if any.
std::optional<TextPosition> UnclosedFlowStart(std::string_view text, size_t end, char open);

// Whether a quote at text[i] starts a quoted scalar: at the start of a line's content, or after
// an indicator that begins a value (`[`, `{`, `,`, `:`, `-`, `?`) and optional blanks.
bool StartsQuotedScalar(std::string_view text, size_t i);

}  // namespace kube::internal
