// JSON written as block-style YAML that reads back to the same value (kube/yaml.h ToYaml).
#include <fmt/format.h>

#include <string>
#include <string_view>
#include <utility>

#include "kube/yaml.h"
#include "yaml_scalar.h"

namespace kube {
namespace {

using yaml_internal::IsDigit;
using yaml_internal::IsTimestamp;
using yaml_internal::ResolvePlain;
using yaml_internal::Scalar;

constexpr size_t kMaxImplicitKeyLength = 1000;  // YAML limits implicit keys to 1024 characters

bool IsIndicator(char c) {
  return std::string_view("-?:,[]{}#&*!|>'\"%@`").find(c) != std::string_view::npos;
}

bool IsControl(unsigned char c) { return c < 0x20 || c == 0x7F; }

// A multi-byte character that YAML text may not hold raw, starting at `pos`: the line breaks
// and byte order mark YAML treats specially (U+0085, U+2028, U+2029, U+FEFF) and the ones it
// does not allow at all (the C1 controls U+0080..U+009F, U+FFFE, U+FFFF). Its UTF-8 length and
// the escape to write instead, or length 0.
struct SpecialCharacter {
  size_t length = 0;
  std::string escape;
};
SpecialCharacter SpecialUnicodeAt(std::string_view text, size_t pos) {
  std::string_view rest = text.substr(pos);
  if (rest.size() >= 2 && rest[0] == '\xC2' && static_cast<unsigned char>(rest[1]) >= 0x80 &&
      static_cast<unsigned char>(rest[1]) <= 0x9F) {
    return {2, fmt::format("\\u{:04X}", static_cast<unsigned char>(rest[1]))};
  }
  for (auto [utf8, escape] : {std::pair{"\xE2\x80\xA8", "\\u2028"},
                              {"\xE2\x80\xA9", "\\u2029"},
                              {"\xEF\xBB\xBF", "\\uFEFF"},
                              {"\xEF\xBF\xBE", "\\uFFFE"},
                              {"\xEF\xBF\xBF", "\\uFFFF"}}) {
    if (rest.substr(0, 3) == utf8) return {3, escape};
  }
  return {};
}

bool HasSpecialCharacters(std::string_view text) {
  for (size_t i = 0; i < text.size(); ++i) {
    if (IsControl(static_cast<unsigned char>(text[i])) || SpecialUnicodeAt(text, i).length > 0) {
      return true;
    }
  }
  return false;
}

// YAML 1.1 readers take "1:30" for a base-60 number.
bool MayBeSexagesimal(std::string_view text) {
  size_t digit = !text.empty() && (text[0] == '+' || text[0] == '-') ? 1 : 0;
  return digit < text.size() && IsDigit(text[digit]) && text.find(':') != std::string_view::npos;
}

// True when `text` written plain would not read back as this same string.
bool NeedsQuotes(std::string_view text) {
  if (text.empty()) return true;
  if (!std::holds_alternative<std::string>(ResolvePlain(text)) || text == "<<") return true;
  if (IsTimestamp(text) || MayBeSexagesimal(text)) return true;
  if (IsIndicator(text.front()) || text.front() == ' ' || text.back() == ' ') return true;
  if (text.substr(0, 3) == "..." || text.back() == ':') return true;
  if (text.find(": ") != std::string_view::npos || text.find(" #") != std::string_view::npos) {
    return true;
  }
  return HasSpecialCharacters(text);
}

std::string DoubleQuoted(std::string_view text) {
  std::string quoted = "\"";
  for (size_t i = 0; i < text.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c == '"' || c == '\\') {
      quoted += '\\';
      quoted += static_cast<char>(c);
    } else if (c == '\n') {
      quoted += "\\n";
    } else if (c == '\t') {
      quoted += "\\t";
    } else if (IsControl(c)) {
      quoted += fmt::format("\\u{:04X}", c);
    } else if (SpecialCharacter special = SpecialUnicodeAt(text, i); special.length > 0) {
      quoted += special.escape;
      i += special.length - 1;
    } else {
      quoted += static_cast<char>(c);
    }
  }
  return quoted + "\"";
}

std::string StringText(std::string_view text) {
  return NeedsQuotes(text) ? DoubleQuoted(text) : std::string(text);
}

// Scalars and empty containers on one line.
std::string InlineText(const Json& value) {
  switch (value.type()) {
    case Json::value_t::string:
      return StringText(value.get_ref<const std::string&>());
    case Json::value_t::object:
      return "{}";
    case Json::value_t::array:
      return "[]";
    default:
      return value.dump();  // null, booleans, numbers (non-finite floats dump as null)
  }
}

// Multi-line strings are written as literal blocks when every line survives unchanged. A text
// holding "\u" is double-quoted instead: the reader's surrogate-pair pass (yaml_surrogates.h)
// does not know block scalars, and could join a "\uD83D\uDCA9" in one (found by fuzz_yaml).
bool CanWriteLiteralBlock(std::string_view text) {
  if (text.find('\n') == std::string_view::npos) return false;
  if (text.find("\\u") != std::string_view::npos) return false;
  size_t first_content = text.find_first_not_of('\n');
  if (first_content == std::string_view::npos) return false;
  if (text[first_content] == ' ' || text[first_content] == '\t') return false;
  for (size_t i = 0; i < text.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if ((IsControl(c) && c != '\n' && c != '\t') || SpecialUnicodeAt(text, i).length > 0) {
      return false;
    }
  }
  return true;
}

void WriteLiteralBlock(std::string_view text, int indent, std::string* out) {
  size_t body_end = text.find_last_not_of('\n') + 1;
  size_t trailing_newlines = text.size() - body_end;
  *out += trailing_newlines == 0 ? "|-\n" : trailing_newlines == 1 ? "|\n" : "|+\n";
  std::string_view body = text.substr(0, body_end);
  while (true) {
    size_t newline = body.find('\n');
    std::string_view line = body.substr(0, newline);
    if (!line.empty()) out->append(static_cast<size_t>(indent), ' ').append(line);
    *out += '\n';
    if (newline == std::string_view::npos) break;
    body.remove_prefix(newline + 1);
  }
  out->append(trailing_newlines > 1 ? trailing_newlines - 1 : 0, '\n');
}

// A scalar or empty container ending its line; block content is indented by `indent`.
void WriteScalar(const Json& value, int indent, std::string* out) {
  if (value.is_string() && CanWriteLiteralBlock(value.get_ref<const std::string&>())) {
    WriteLiteralBlock(value.get_ref<const std::string&>(), indent, out);
    return;
  }
  *out += InlineText(value);
  *out += '\n';
}

void WriteMapping(const Json& object, int indent, bool continues_line, std::string* out);
void WriteSequence(const Json& array, int indent, bool continues_line, std::string* out);

// What follows "key:" on the key's line.
void WriteMemberValue(const Json& value, int indent, std::string* out) {
  if (value.is_object() && !value.empty()) {
    *out += '\n';
    WriteMapping(value, indent + 2, false, out);
  } else if (value.is_array() && !value.empty()) {
    *out += '\n';
    WriteSequence(value, indent, false, out);  // "key:\n- item", as kubectl writes it
  } else {
    *out += ' ';
    WriteScalar(value, indent + 2, out);
  }
}

void WriteKey(const std::string& key, int indent, std::string* out) {
  std::string text = StringText(key);
  if (text.size() <= kMaxImplicitKeyLength) {
    *out += text;
    *out += ':';
    return;
  }
  *out += "? " + text + "\n";  // explicit key: no length limit
  out->append(static_cast<size_t>(indent), ' ');
  *out += ':';
}

void WriteMapping(const Json& object, int indent, bool continues_line, std::string* out) {
  bool first = true;
  for (const auto& [key, value] : object.items()) {
    if (!first || !continues_line) out->append(static_cast<size_t>(indent), ' ');
    first = false;
    WriteKey(key, indent, out);
    WriteMemberValue(value, indent, out);
  }
}

void WriteSequence(const Json& array, int indent, bool continues_line, std::string* out) {
  bool first = true;
  for (const Json& item : array) {
    if (!first || !continues_line) out->append(static_cast<size_t>(indent), ' ');
    first = false;
    *out += "- ";
    if (item.is_object() && !item.empty()) {
      WriteMapping(item, indent + 2, true, out);
    } else if (item.is_array() && !item.empty()) {
      WriteSequence(item, indent + 2, true, out);
    } else {
      WriteScalar(item, indent + 2, out);
    }
  }
}

}  // namespace

std::string ToYaml(const Json& value) {
  std::string out;
  if (value.is_object() && !value.empty()) {
    WriteMapping(value, 0, false, &out);
  } else if (value.is_array() && !value.empty()) {
    WriteSequence(value, 0, false, &out);
  } else {
    WriteScalar(value, 2, &out);
  }
  return out;
}

}  // namespace kube
