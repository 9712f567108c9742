// JSON Pointer token escaping.
#include "kube/json_pointer.h"

namespace kube {

std::string EscapePointerToken(std::string_view token) {
  std::string escaped;
  escaped.reserve(token.size());
  for (char c : token) {
    if (c == '~') {
      escaped += "~0";
    } else if (c == '/') {
      escaped += "~1";
    } else {
      escaped += c;
    }
  }
  return escaped;
}

std::string UnescapePointerToken(std::string_view token) {
  std::string text;
  text.reserve(token.size());
  for (size_t i = 0; i < token.size(); ++i) {
    if (token[i] == '~' && i + 1 < token.size() && (token[i + 1] == '0' || token[i + 1] == '1')) {
      text += token[i + 1] == '0' ? '~' : '/';
      ++i;
    } else {
      text += token[i];
    }
  }
  return text;
}

}  // namespace kube
