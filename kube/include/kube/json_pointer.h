// JSON Pointer (RFC 6901), the one home for building, parsing and resolving pointers: token
// escaping ("~" <-> "~0", "/" <-> "~1"), a child pointer from a parent and a member name or
// index, strict parsing into tokens, array-index tokens, and finding the value a pointer names.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kube/object.h"
#include "kube/status.h"

namespace kube {

using PointerTokens = std::vector<std::string>;

std::string EscapePointerToken(std::string_view token);

// `parent` followed by one more reference token: ChildPointer("/a", "b/c") is "/a/b~1c".
std::string ChildPointer(std::string_view parent, std::string_view member);
std::string ChildPointer(std::string_view parent, size_t index);

// Splits "/a/b~1c" into {"a", "b/c"}; "" is the whole document (no tokens). A pointer that does
// not start with '/' or has a '~' not followed by '0' or '1' is a BadRequest naming the fault.
StatusOr<PointerTokens> ParsePointer(std::string_view pointer);

// An RFC 6901 array index: "0" or digits without a leading zero (nullopt otherwise, "-" too).
std::optional<size_t> ParseArrayIndex(std::string_view token);

// The value the first `count` tokens name inside `document`, or nullptr when there is none.
const Json* FindPointer(const Json& document, const PointerTokens& tokens, size_t count);
Json* FindPointer(Json& document, const PointerTokens& tokens, size_t count);
inline const Json* FindPointer(const Json& document, const PointerTokens& tokens) {
  return FindPointer(document, tokens, tokens.size());
}
inline Json* FindPointer(Json& document, const PointerTokens& tokens) {
  return FindPointer(document, tokens, tokens.size());
}

}  // namespace kube
