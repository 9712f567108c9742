// Where in a JSON document a position of its text lies: given the text of a document up to some
// byte (a prefix of valid JSON), the JSON Pointer of the value being written there. Used to name
// the field of a whole-template substitution that fails. Pure; tolerant of whitespace; never
// throws; a prefix that is not JSON gives the best guess ("" at worst).
#pragma once

#include <string>
#include <string_view>

namespace reference::internal {

struct JsonTextPosition {
  std::string pointer;          // JSON Pointer of the value (or of the object whose member name)
  bool in_member_name = false;  // the position is inside a member name of that object
};

JsonTextPosition PositionAtEndOf(std::string_view json_prefix);

}  // namespace reference::internal
