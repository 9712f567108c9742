// Field selectors: the grammar and matching rules of the API server's field selector parser
// (k8s.io/apimachinery/pkg/fields) for the fields every kind supports, with error messages
// worded like the server's.
#include <fmt/format.h>

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "kube/selector.h"

namespace kube {
namespace {

constexpr std::string_view kFieldName = "metadata.name";
constexpr std::string_view kFieldNamespace = "metadata.namespace";

// Splits on commas that are not escaped by a backslash (the backslashes stay in the terms).
std::vector<std::string> SplitFieldTerms(std::string_view text) {
  std::vector<std::string> terms;
  if (text.empty()) return terms;
  size_t start = 0;
  bool escaped = false;
  for (size_t i = 0; i < text.size(); ++i) {
    if (escaped) {
      escaped = false;
    } else if (text[i] == '\\') {
      escaped = true;
    } else if (text[i] == ',') {
      terms.emplace_back(text.substr(start, i - start));
      start = i + 1;
    }
  }
  terms.emplace_back(text.substr(start));
  return terms;
}

struct FieldTerm {
  std::string field;
  std::string op;
  std::string value;
};

// The first position where "!=", "==" or "=" starts splits the term.
std::optional<FieldTerm> SplitFieldTerm(std::string_view term) {
  for (size_t i = 0; i < term.size(); ++i) {
    for (std::string_view op : {"!=", "==", "="}) {
      if (term.substr(i, op.size()) == op) {
        return FieldTerm{std::string(term.substr(0, i)), std::string(op),
                         std::string(term.substr(i + op.size()))};
      }
    }
  }
  return std::nullopt;
}

// `\\`, `\,` and `\=` stand for the character; any other escape or a bare ',' or '=' is an error.
StatusOr<std::string> UnescapeFieldValue(std::string_view value) {
  std::string unescaped;
  bool escaped = false;
  for (char c : value) {
    if (escaped) {
      if (c != '\\' && c != ',' && c != '=') {
        return BadRequestError(
            fmt::format("invalid field selector: invalid escape sequence: \\{}", c));
      }
      unescaped += c;
      escaped = false;
    } else if (c == '\\') {
      escaped = true;
    } else if (c == ',' || c == '=') {
      return BadRequestError(
          fmt::format("invalid field selector: unescaped character in value: {}", c));
    } else {
      unescaped += c;
    }
  }
  if (escaped) return BadRequestError("invalid field selector: invalid escape sequence: \\");
  return unescaped;
}

}  // namespace

StatusOr<FieldSelector> FieldSelector::Parse(std::string_view text) {
  std::vector<std::string> terms = SplitFieldTerms(text);
  std::sort(terms.begin(), terms.end());
  std::vector<Requirement> requirements;
  for (const std::string& term : terms) {
    if (term.empty()) continue;
    std::optional<FieldTerm> parts = SplitFieldTerm(term);
    if (!parts.has_value()) {
      return BadRequestError(
          fmt::format("invalid selector: '{}'; can't understand '{}'", text, term));
    }
    KUBE_ASSIGN_OR_RETURN(std::string value, UnescapeFieldValue(parts->value));
    requirements.push_back({parts->field, parts->op == "!=", std::move(value)});
  }
  for (const Requirement& requirement : requirements) {
    if (requirement.field != kFieldName && requirement.field != kFieldNamespace) {
      return BadRequestError(fmt::format("field label not supported: {}", requirement.field));
    }
  }
  FieldSelector selector;
  selector.requirements_ = std::move(requirements);
  return selector;
}

bool FieldSelector::Matches(std::string_view name, std::string_view ns) const {
  return std::all_of(requirements_.begin(), requirements_.end(), [&](const Requirement& r) {
    std::string_view actual = r.field == kFieldName ? name : ns;
    return (actual == r.value) != r.negated;
  });
}

}  // namespace kube
