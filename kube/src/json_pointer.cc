// JSON Pointer (RFC 6901): escaping, building, parsing and resolving.
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

std::string ChildPointer(std::string_view parent, std::string_view member) {
  std::string pointer;
  pointer.reserve(parent.size() + 1 + member.size());
  pointer.append(parent);
  pointer += '/';
  pointer += EscapePointerToken(member);
  return pointer;
}

std::string ChildPointer(std::string_view parent, size_t index) {
  std::string pointer(parent);
  pointer += '/';
  pointer += std::to_string(index);
  return pointer;
}

namespace {

// "~0" is '~' and "~1" is '/'; any other '~' is an error.
StatusOr<std::string> UnescapePointerToken(std::string_view escaped) {
  std::string token;
  token.reserve(escaped.size());
  for (size_t i = 0; i < escaped.size(); ++i) {
    if (escaped[i] != '~') {
      token += escaped[i];
      continue;
    }
    char next = i + 1 < escaped.size() ? escaped[i + 1] : '\0';
    if (next != '0' && next != '1') {
      return BadRequestError("'~' in a JSON pointer must be followed by '0' or '1'");
    }
    token += next == '0' ? '~' : '/';
    ++i;
  }
  return token;
}

template <typename JsonT>
JsonT* Find(JsonT& document, const PointerTokens& tokens, size_t count) {
  JsonT* current = &document;
  for (size_t i = 0; i < count && i < tokens.size(); ++i) {
    const std::string& token = tokens[i];
    if (current->is_object()) {
      auto it = current->find(token);
      if (it == current->end()) return nullptr;
      current = &*it;
    } else if (current->is_array()) {
      std::optional<size_t> index = ParseArrayIndex(token);
      if (!index.has_value() || *index >= current->size()) return nullptr;
      current = &(*current)[*index];
    } else {
      return nullptr;
    }
  }
  return current;
}

}  // namespace

StatusOr<PointerTokens> ParsePointer(std::string_view pointer) {
  PointerTokens tokens;
  if (pointer.empty()) return tokens;
  if (pointer.front() != '/') {
    return BadRequestError("a JSON pointer must be empty or start with '/'");
  }
  std::string_view rest = pointer.substr(1);
  while (true) {
    size_t slash = rest.find('/');
    KUBE_ASSIGN_OR_RETURN(std::string token, UnescapePointerToken(rest.substr(0, slash)));
    tokens.push_back(std::move(token));
    if (slash == std::string_view::npos) return tokens;
    rest.remove_prefix(slash + 1);
  }
}

std::optional<size_t> ParseArrayIndex(std::string_view token) {
  if (token.empty() || token.size() > 18) return std::nullopt;
  if (token.size() > 1 && token.front() == '0') return std::nullopt;
  size_t index = 0;
  for (char c : token) {
    if (c < '0' || c > '9') return std::nullopt;
    index = index * 10 + static_cast<size_t>(c - '0');
  }
  return index;
}

const Json* FindPointer(const Json& document, const PointerTokens& tokens, size_t count) {
  return Find(document, tokens, count);
}

Json* FindPointer(Json& document, const PointerTokens& tokens, size_t count) {
  return Find(document, tokens, count);
}

}  // namespace kube
