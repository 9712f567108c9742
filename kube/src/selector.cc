// Label selectors: the grammar, validation and matching rules of the API server's label selector
// parser (k8s.io/apimachinery/pkg/labels), with error messages worded like the server's. Field
// selectors are in field_selector.cc.
#include "kube/selector.h"

#include <fmt/format.h>

#include <algorithm>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "kube/validation.h"

namespace kube {
namespace {

using Op = LabelSelector::Op;
using LabelRequirement = LabelSelector::Requirement;

// Go's %q for the characters a selector can carry: quotes and backslashes escaped.
std::string Quote(std::string_view text) {
  std::string quoted = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') quoted += '\\';
    quoted += c;
  }
  return quoted + "\"";
}

std::string Join(const std::vector<std::string>& parts, std::string_view separator) {
  std::string joined;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) joined += separator;
    joined += parts[i];
  }
  return joined;
}

// `<field>: Invalid value: "<value>": <problems>` like field.Invalid(...).Error().
std::string InvalidValue(std::string_view field, std::string_view value_text,
                         const std::vector<std::string>& problems) {
  return fmt::format("{}: Invalid value: {}: {}", field, value_text, Join(problems, "; "));
}

std::string GoStringSlice(const std::vector<std::string>& values) {
  std::vector<std::string> quoted;
  quoted.reserve(values.size());
  for (const std::string& value : values) quoted.push_back(Quote(value));
  return "[]string{" + Join(quoted, ", ") + "}";
}

// Like utilerrors.NewAggregate(...).Error(): one message alone, several in brackets.
std::string Aggregate(const std::vector<std::string>& errors) {
  if (errors.size() == 1) return errors.front();
  return "[" + Join(errors, ", ") + "]";
}

std::vector<std::string> ValueCountErrors(const LabelRequirement& requirement) {
  const std::vector<std::string>& values = requirement.values;
  switch (requirement.op) {
    case Op::kIn:
    case Op::kNotIn:
      if (values.empty()) {
        return {InvalidValue("values", GoStringSlice(values),
                             {"for 'in', 'notin' operators, values set can't be empty"})};
      }
      break;
    case Op::kEquals:
    case Op::kNotEquals:
      if (values.size() != 1) {
        return {InvalidValue("values", GoStringSlice(values),
                             {"exact-match compatibility requires one single value"})};
      }
      break;
    case Op::kExists:
    case Op::kDoesNotExist:
      if (!values.empty()) {
        return {InvalidValue("values", GoStringSlice(values),
                             {"values set must be empty for exists and does not exist"})};
      }
      break;
  }
  return {};
}

// The checks of labels.NewRequirement: key syntax, value count for the operator, value syntax.
Status ValidateRequirement(const LabelRequirement& requirement) {
  std::vector<std::string> errors;
  if (std::vector<std::string> key_errors = CheckQualifiedName(requirement.key);
      !key_errors.empty()) {
    errors.push_back(InvalidValue("key", Quote(requirement.key), key_errors));
  }
  std::vector<std::string> count_errors = ValueCountErrors(requirement);
  errors.insert(errors.end(), count_errors.begin(), count_errors.end());
  for (size_t i = 0; i < requirement.values.size(); ++i) {
    const std::string& value = requirement.values[i];
    if (std::vector<std::string> problems = CheckLabelValue(value); !problems.empty()) {
      errors.push_back(
          InvalidValue(fmt::format("values[{}][{}]", i, requirement.key), Quote(value), problems));
    }
  }
  if (errors.empty()) return Status::Ok();
  return BadRequestError(Aggregate(errors));
}

void SortAndDeduplicate(std::vector<std::string>* values) {
  std::sort(values->begin(), values->end());
  values->erase(std::unique(values->begin(), values->end()), values->end());
}

void SortByKey(std::vector<LabelRequirement>* requirements) {
  std::stable_sort(
      requirements->begin(), requirements->end(),
      [](const LabelRequirement& a, const LabelRequirement& b) { return a.key < b.key; });
}

// ---------------------------------------------------------------------------------------------
// Label selector lexer.

enum class TokenKind {
  kEndOfString,
  kIdentifier,
  kIn,
  kNotIn,
  kOpenParen,
  kCloseParen,
  kComma,
  kBang,
  kEquals,
  kDoubleEquals,
  kNotEquals,
  kGreaterThan,
  kLessThan,
};

struct Token {
  TokenKind kind;
  std::string text;
};

bool IsSelectorWhitespace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

bool IsSpecialSymbol(char c) {
  return c == '=' || c == '!' || c == '(' || c == ')' || c == ',' || c == '>' || c == '<';
}

TokenKind SingleSymbolKind(char c) {
  switch (c) {
    case '=':
      return TokenKind::kEquals;
    case '!':
      return TokenKind::kBang;
    case '(':
      return TokenKind::kOpenParen;
    case ')':
      return TokenKind::kCloseParen;
    case ',':
      return TokenKind::kComma;
    case '>':
      return TokenKind::kGreaterThan;
    default:
      return TokenKind::kLessThan;
  }
}

// Operators are the longest run of special characters that is a known symbol ("==", "!=").
Token ScanSymbol(std::string_view text, size_t* pos) {
  std::string_view rest = text.substr(*pos);
  if (rest.substr(0, 2) == "==" || rest.substr(0, 2) == "!=") {
    *pos += 2;
    return {rest[0] == '=' ? TokenKind::kDoubleEquals : TokenKind::kNotEquals,
            std::string(rest.substr(0, 2))};
  }
  *pos += 1;
  return {SingleSymbolKind(rest[0]), std::string(1, rest[0])};
}

// A NUL byte ends the input, as in the server's lexer.
bool AtEnd(std::string_view text, size_t pos) { return pos >= text.size() || text[pos] == '\0'; }

Token ScanWord(std::string_view text, size_t* pos) {
  size_t start = *pos;
  while (!AtEnd(text, *pos) && !IsSpecialSymbol(text[*pos]) && !IsSelectorWhitespace(text[*pos])) {
    ++*pos;
  }
  std::string word(text.substr(start, *pos - start));
  if (word == "in") return {TokenKind::kIn, word};
  if (word == "notin") return {TokenKind::kNotIn, word};
  return {TokenKind::kIdentifier, word};
}

std::vector<Token> LexLabelSelector(std::string_view text) {
  std::vector<Token> tokens;
  size_t pos = 0;
  while (true) {
    while (!AtEnd(text, pos) && IsSelectorWhitespace(text[pos])) ++pos;
    if (AtEnd(text, pos)) {
      tokens.push_back({TokenKind::kEndOfString, ""});
      return tokens;
    }
    tokens.push_back(IsSpecialSymbol(text[pos]) ? ScanSymbol(text, &pos) : ScanWord(text, &pos));
  }
}

// ---------------------------------------------------------------------------------------------
// Label selector parser: recursive descent over the token list, as labels.Parse does.

class LabelSelectorParser {
 public:
  explicit LabelSelectorParser(std::string_view text) : tokens_(LexLabelSelector(text)) {}

  StatusOr<std::vector<LabelRequirement>> Parse() {
    std::vector<LabelRequirement> requirements;
    while (true) {
      const Token& next = Peek(kValue);
      if (next.kind == TokenKind::kEndOfString) return requirements;
      if (next.kind != TokenKind::kIdentifier && next.kind != TokenKind::kBang) {
        return Error(
            fmt::format("found '{}', expected: !, identifier, or 'end of string'", next.text));
      }
      StatusOr<LabelRequirement> requirement = ParseRequirement();
      if (!requirement.ok()) {
        return Error("unable to parse requirement: " + requirement.status().message());
      }
      requirements.push_back(std::move(requirement).value());
      Status separator = ConsumeSeparator();
      if (!separator.ok()) return separator;
      if (tokens_[position_ - 1].kind == TokenKind::kEndOfString) return requirements;
    }
  }

 private:
  // In a value position the keywords `in` and `notin` are plain identifiers.
  static constexpr bool kValue = true;
  static constexpr bool kOperator = false;

  static Token AsContext(const Token& token, bool value_context) {
    if (value_context && (token.kind == TokenKind::kIn || token.kind == TokenKind::kNotIn)) {
      return {TokenKind::kIdentifier, token.text};
    }
    return token;
  }
  Token Peek(bool value_context) const { return AsContext(tokens_[position_], value_context); }
  Token Consume(bool value_context) { return AsContext(tokens_[position_++], value_context); }

  static Status Error(std::string message) { return BadRequestError(std::move(message)); }

  // After a requirement: the end, or a comma followed by another requirement.
  Status ConsumeSeparator() {
    Token separator = Consume(kValue);
    if (separator.kind == TokenKind::kEndOfString) return Status::Ok();
    if (separator.kind != TokenKind::kComma) {
      return Error(fmt::format("found '{}', expected: ',' or 'end of string'", separator.text));
    }
    Token next = Peek(kValue);
    if (next.kind != TokenKind::kIdentifier && next.kind != TokenKind::kBang) {
      return Error(fmt::format("found '{}', expected: identifier after ','", next.text));
    }
    return Status::Ok();
  }

  StatusOr<LabelRequirement> ParseRequirement() {
    LabelRequirement requirement;
    std::optional<Op> unary;
    KUBE_RETURN_IF_ERROR(ParseKeyAndInferOperator(&requirement.key, &unary));
    if (unary.has_value()) {
      requirement.op = *unary;
    } else {
      KUBE_ASSIGN_OR_RETURN(requirement.op, ParseOperator());
      if (requirement.op == Op::kIn || requirement.op == Op::kNotIn) {
        KUBE_ASSIGN_OR_RETURN(requirement.values, ParseValueSet());
      } else {
        KUBE_ASSIGN_OR_RETURN(requirement.values, ParseExactValue());
      }
    }
    SortAndDeduplicate(&requirement.values);
    KUBE_RETURN_IF_ERROR(ValidateRequirement(requirement));
    return requirement;
  }

  // `!key` is DoesNotExist; `key` followed by ',' or the end is Exists; otherwise an operator
  // follows and `unary` stays empty.
  Status ParseKeyAndInferOperator(std::string* key, std::optional<Op>* unary) {
    Token token = Consume(kValue);
    if (token.kind == TokenKind::kBang) {
      *unary = Op::kDoesNotExist;
      token = Consume(kValue);
    }
    if (token.kind != TokenKind::kIdentifier) {
      return Error(fmt::format("found '{}', expected: identifier", token.text));
    }
    if (std::vector<std::string> errors = CheckQualifiedName(token.text); !errors.empty()) {
      return Error(InvalidValue("key", Quote(token.text), errors));
    }
    *key = token.text;
    TokenKind next = Peek(kValue).kind;
    if ((next == TokenKind::kEndOfString || next == TokenKind::kComma) && !unary->has_value()) {
      *unary = Op::kExists;
    }
    return Status::Ok();
  }

  StatusOr<Op> ParseOperator() {
    Token token = Consume(kOperator);
    switch (token.kind) {
      case TokenKind::kIn:
        return Op::kIn;
      case TokenKind::kNotIn:
        return Op::kNotIn;
      case TokenKind::kEquals:
      case TokenKind::kDoubleEquals:
        return Op::kEquals;
      case TokenKind::kNotEquals:
        return Op::kNotEquals;
      case TokenKind::kGreaterThan:
      case TokenKind::kLessThan:
        return Error(
            fmt::format("found '{}': the gt and lt operators are not supported by this API server",
                        token.text));
      default:
        return Error(fmt::format("found '{}', expected: in, notin, =, ==, !=", token.text));
    }
  }

  // "(a,b)"; "()" is the set holding only the empty value.
  StatusOr<std::vector<std::string>> ParseValueSet() {
    Token open = Consume(kValue);
    if (open.kind != TokenKind::kOpenParen) {
      return Error(fmt::format("found '{}' expected: '('", open.text));
    }
    Token first = Peek(kValue);
    if (first.kind == TokenKind::kCloseParen) {
      Consume(kValue);
      return std::vector<std::string>{""};
    }
    if (first.kind != TokenKind::kIdentifier && first.kind != TokenKind::kComma) {
      return Error(fmt::format("found '{}', expected: ',', ')' or identifier", first.text));
    }
    KUBE_ASSIGN_OR_RETURN(std::vector<std::string> values, ParseIdentifierList());
    Token close = Consume(kValue);
    if (close.kind != TokenKind::kCloseParen) {
      return Error(fmt::format("found '{}', expected: ')'", close.text));
    }
    return values;
  }

  // Comma-separated, possibly empty identifiers up to (not including) the ')'.
  StatusOr<std::vector<std::string>> ParseIdentifierList() {
    std::vector<std::string> values;
    while (true) {
      Token token = Consume(kValue);
      if (token.kind == TokenKind::kIdentifier) {
        values.push_back(token.text);
        Token next = Peek(kValue);
        if (next.kind == TokenKind::kCloseParen) return values;
        if (next.kind != TokenKind::kComma) {
          return Error(fmt::format("found '{}', expected: ',' or ')'", next.text));
        }
      } else if (token.kind == TokenKind::kComma) {
        TokenKind next = Peek(kValue).kind;
        // A comma with nothing before or after it stands for the empty value.
        if (values.empty() || next == TokenKind::kCloseParen || next == TokenKind::kComma) {
          values.emplace_back();
        }
        if (next == TokenKind::kCloseParen) return values;
      } else {
        return Error(fmt::format("found '{}', expected: ',', or identifier", token.text));
      }
    }
  }

  // The value after =, == or !=; nothing (end or comma) is the empty value.
  StatusOr<std::vector<std::string>> ParseExactValue() {
    TokenKind next = Peek(kValue).kind;
    if (next == TokenKind::kEndOfString || next == TokenKind::kComma) {
      return std::vector<std::string>{""};
    }
    Token token = Consume(kValue);
    if (token.kind != TokenKind::kIdentifier) {
      return Error(fmt::format("found '{}', expected: identifier", token.text));
    }
    return std::vector<std::string>{token.text};
  }

  std::vector<Token> tokens_;
  size_t position_ = 0;
};

// ---------------------------------------------------------------------------------------------
// metav1.LabelSelector JSON.

StatusOr<std::vector<std::string>> ExpressionValues(const Json& expression) {
  std::vector<std::string> values;
  auto it = expression.find("values");
  if (it == expression.end() || it->is_null()) return values;
  if (!it->is_array()) return BadRequestError("matchExpressions[].values must be an array");
  for (const Json& value : *it) {
    if (!value.is_string()) {
      return BadRequestError("matchExpressions[].values must contain strings only");
    }
    values.push_back(value.get<std::string>());
  }
  return values;
}

StatusOr<Op> ExpressionOperator(const Json& expression) {
  auto it = expression.find("operator");
  std::string name = it != expression.end() && it->is_string() ? it->get<std::string>() : "";
  if (name == "In") return Op::kIn;
  if (name == "NotIn") return Op::kNotIn;
  if (name == "Exists") return Op::kExists;
  if (name == "DoesNotExist") return Op::kDoesNotExist;
  return BadRequestError(fmt::format("{} is not a valid label selector operator", Quote(name)));
}

StatusOr<LabelRequirement> ExpressionRequirement(const Json& expression) {
  if (!expression.is_object()) {
    return BadRequestError("matchExpressions must contain objects only");
  }
  LabelRequirement requirement;
  auto key = expression.find("key");
  if (key != expression.end() && !key->is_string() && !key->is_null()) {
    return BadRequestError("matchExpressions[].key must be a string");
  }
  requirement.key = key != expression.end() && key->is_string() ? key->get<std::string>() : "";
  KUBE_ASSIGN_OR_RETURN(requirement.op, ExpressionOperator(expression));
  KUBE_ASSIGN_OR_RETURN(requirement.values, ExpressionValues(expression));
  SortAndDeduplicate(&requirement.values);
  KUBE_RETURN_IF_ERROR(ValidateRequirement(requirement));
  return requirement;
}

Status AppendMatchLabels(const Json& selector, std::vector<LabelRequirement>* requirements) {
  auto it = selector.find("matchLabels");
  if (it == selector.end() || it->is_null()) return Status::Ok();
  if (!it->is_object()) return BadRequestError("matchLabels must be an object");
  for (const auto& [key, value] : it->items()) {
    if (!value.is_string()) {
      return BadRequestError(fmt::format("matchLabels[{}] must be a string", key));
    }
    LabelRequirement requirement{key, Op::kEquals, {value.get<std::string>()}};
    KUBE_RETURN_IF_ERROR(ValidateRequirement(requirement));
    requirements->push_back(std::move(requirement));
  }
  return Status::Ok();
}

Status AppendMatchExpressions(const Json& selector, std::vector<LabelRequirement>* requirements) {
  auto it = selector.find("matchExpressions");
  if (it == selector.end() || it->is_null()) return Status::Ok();
  if (!it->is_array()) return BadRequestError("matchExpressions must be an array");
  for (const Json& expression : *it) {
    KUBE_ASSIGN_OR_RETURN(LabelRequirement requirement, ExpressionRequirement(expression));
    requirements->push_back(std::move(requirement));
  }
  return Status::Ok();
}

// `value` is the object's value for the requirement's key, or null when the key is absent.
bool RequirementMatches(const LabelRequirement& requirement, const std::string* value) {
  bool present = value != nullptr;
  bool listed =
      present && std::binary_search(requirement.values.begin(), requirement.values.end(), *value);
  switch (requirement.op) {
    case Op::kEquals:
    case Op::kIn:
      return listed;
    case Op::kNotEquals:
    case Op::kNotIn:
      return !listed;  // also true when the key is absent
    case Op::kExists:
      return present;
    case Op::kDoesNotExist:
      return !present;
  }
  return false;
}

std::string RequirementToString(const LabelRequirement& requirement) {
  std::string values = Join(requirement.values, ",");
  switch (requirement.op) {
    case Op::kEquals:
      return requirement.key + "=" + values;
    case Op::kNotEquals:
      return requirement.key + "!=" + values;
    case Op::kIn:
      return requirement.key + " in (" + values + ")";
    case Op::kNotIn:
      return requirement.key + " notin (" + values + ")";
    case Op::kExists:
      return requirement.key;
    case Op::kDoesNotExist:
      return "!" + requirement.key;
  }
  return requirement.key;
}

}  // namespace

StatusOr<LabelSelector> LabelSelector::Parse(std::string_view text) {
  LabelSelectorParser parser(text);
  KUBE_ASSIGN_OR_RETURN(std::vector<Requirement> requirements, parser.Parse());
  SortByKey(&requirements);
  LabelSelector selector;
  selector.requirements_ = std::move(requirements);
  return selector;
}

StatusOr<LabelSelector> LabelSelector::FromJson(const Json& selector) {
  if (!selector.is_object()) {
    return BadRequestError(
        fmt::format("a label selector must be an object, not {}", selector.type_name()));
  }
  std::vector<Requirement> requirements;
  KUBE_RETURN_IF_ERROR(AppendMatchLabels(selector, &requirements));
  KUBE_RETURN_IF_ERROR(AppendMatchExpressions(selector, &requirements));
  SortByKey(&requirements);
  LabelSelector result;
  result.requirements_ = std::move(requirements);
  return result;
}

bool LabelSelector::Matches(const std::map<std::string, std::string>& labels) const {
  return std::all_of(requirements_.begin(), requirements_.end(), [&labels](const Requirement& r) {
    auto it = labels.find(r.key);
    return RequirementMatches(r, it == labels.end() ? nullptr : &it->second);
  });
}

bool LabelSelector::MatchesSorted(
    const std::vector<std::pair<std::string, std::string>>& sorted_labels) const {
  return std::all_of(requirements_.begin(), requirements_.end(), [&](const Requirement& r) {
    auto it = std::lower_bound(sorted_labels.begin(), sorted_labels.end(), r.key,
                               [](const std::pair<std::string, std::string>& label,
                                  const std::string& key) { return label.first < key; });
    bool found = it != sorted_labels.end() && it->first == r.key;
    return RequirementMatches(r, found ? &it->second : nullptr);
  });
}

std::string LabelSelector::ToString() const {
  std::vector<std::string> parts;
  parts.reserve(requirements_.size());
  for (const Requirement& requirement : requirements_) {
    parts.push_back(RequirementToString(requirement));
  }
  return Join(parts, ",");
}

}  // namespace kube
