// JSON Pointer of the end of a JSON text prefix; see json_text_position.h.
#include "json_text_position.h"

#include <vector>

#include "kube/json_pointer.h"

namespace reference::internal {
namespace {

struct Frame {
  bool is_object = false;
  bool expecting_name = false;  // objects: the next string is a member name
  std::string name;             // objects: the current member name
  size_t index = 0;             // arrays: the current element
};

// The one-character escapes of JSON; \uXXXX is kept as written (good enough to name a field).
char Unescaped(char c) {
  switch (c) {
    case 'n':
      return '\n';
    case 't':
      return '\t';
    case 'r':
      return '\r';
    case 'b':
      return '\b';
    case 'f':
      return '\f';
    default:
      return c;
  }
}

std::string PointerOf(const std::vector<Frame>& frames, size_t count) {
  std::string pointer;
  for (size_t i = 0; i < count; ++i) {
    pointer += '/';
    pointer += frames[i].is_object ? kube::EscapePointerToken(frames[i].name)
                                   : std::to_string(frames[i].index);
  }
  return pointer;
}

}  // namespace

JsonTextPosition PositionAtEndOf(std::string_view json_prefix) {
  std::vector<Frame> frames;
  bool in_string = false;
  bool string_is_name = false;
  std::string name;
  for (size_t i = 0; i < json_prefix.size(); ++i) {
    char c = json_prefix[i];
    if (in_string) {
      if (c == '"') {
        in_string = false;
        if (string_is_name && !frames.empty()) frames.back().name = name;
      } else if (string_is_name) {
        if (c == '\\' && i + 1 < json_prefix.size()) c = Unescaped(json_prefix[++i]);
        name += c;
      } else if (c == '\\') {
        ++i;  // skip the escaped character
      }
      continue;
    }
    switch (c) {
      case '"':
        in_string = true;
        string_is_name = !frames.empty() && frames.back().is_object && frames.back().expecting_name;
        name.clear();
        break;
      case '{':
        frames.emplace_back();
        frames.back().is_object = true;
        frames.back().expecting_name = true;
        break;
      case '[':
        frames.emplace_back();
        break;
      case '}':
      case ']':
        if (!frames.empty()) frames.pop_back();
        break;
      case ':':
        if (!frames.empty()) frames.back().expecting_name = false;
        break;
      case ',':
        if (!frames.empty() && frames.back().is_object) frames.back().expecting_name = true;
        if (!frames.empty() && !frames.back().is_object) ++frames.back().index;
        break;
      default:
        break;
    }
  }
  if (in_string && string_is_name) return {PointerOf(frames, frames.size() - 1), true};
  return {PointerOf(frames, frames.size()), false};
}

}  // namespace reference::internal
