// Locating an unclosed flow collection; see yaml_flow.h.
#include "yaml_flow.h"

#include <string_view>
#include <vector>

namespace kube::internal {
namespace {

TextPosition PositionOf(std::string_view text, size_t offset) {
  TextPosition position;
  for (size_t i = 0; i < offset; ++i) {
    if (text[i] == '\n') {
      ++position.line;
      position.column = 1;
    } else {
      ++position.column;
    }
  }
  return position;
}

}  // namespace

bool StartsQuotedScalar(std::string_view text, size_t i) {
  while (i > 0 && (text[i - 1] == ' ' || text[i - 1] == '\t')) --i;
  return i == 0 || std::string_view("\n[{,:-?").find(text[i - 1]) != std::string_view::npos;
}

std::optional<TextPosition> UnclosedFlowStart(std::string_view text, size_t end, char open) {
  if (end > text.size()) end = text.size();
  std::vector<size_t> openers;
  for (size_t i = 0; i < end; ++i) {
    char c = text[i];
    if (c == '#' && (i == 0 || text[i - 1] == ' ' || text[i - 1] == '\t' || text[i - 1] == '\n')) {
      while (i < end && text[i] != '\n') ++i;  // a comment, to the end of its line
    } else if ((c == '"' || c == '\'') && StartsQuotedScalar(text, i)) {
      for (++i; i < end; ++i) {
        if (c == '"' && text[i] == '\\') {
          ++i;
        } else if (text[i] == c) {
          if (c == '\'' && i + 1 < end && text[i + 1] == '\'') {
            ++i;  // '' is a quote inside a single-quoted scalar
          } else {
            break;
          }
        }
      }
    } else if (c == '[' || c == '{') {
      openers.push_back(i);
    } else if ((c == ']' || c == '}') && !openers.empty()) {
      openers.pop_back();
    }
  }
  for (auto it = openers.rbegin(); it != openers.rend(); ++it) {
    if (text[*it] == open) return PositionOf(text, *it);
  }
  return std::nullopt;
}

}  // namespace kube::internal
