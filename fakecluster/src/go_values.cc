// Go's view of decoded JSON values and Go's fmt formatting of them (see go_values.h).
#include "go_values.h"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <limits>
#include <string>

#include "kube/utf8.h"

namespace fakecluster::go_values {

using kube::Json;

std::optional<int64_t> AsInt64(const Json& value) {
  if (value.is_number_integer() && !value.is_number_unsigned()) return value.get<int64_t>();
  if (value.is_number_unsigned()) {
    uint64_t unsigned_value = value.get<uint64_t>();
    if (unsigned_value <= static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) {
      return static_cast<int64_t>(unsigned_value);
    }
  }
  return std::nullopt;
}

// The OpenAPI type name of a JSON value, as kube-openapi infers it.
std::string_view TypeName(const Json& value) {
  switch (value.type()) {
    case Json::value_t::null:
      return "null";
    case Json::value_t::boolean:
      return "boolean";
    case Json::value_t::number_integer:
    case Json::value_t::number_unsigned:
      return AsInt64(value) ? "integer" : "number";
    case Json::value_t::number_float:
      return "number";
    case Json::value_t::string:
      return "string";
    case Json::value_t::array:
      return "array";
    case Json::value_t::object:
      return "object";
    default:
      return "string";  // binary: never produced by the JSON or YAML parsers
  }
}

// swag.IsFloat64AJSONInteger: a float with no fractional part within +-2^53.
bool IsWholeJsonNumber(double number) {
  constexpr double kMaxJsonInteger = 9007199254740992.0;  // 2^53
  return std::isfinite(number) && std::fabs(number) <= kMaxJsonInteger &&
         number == std::trunc(number);
}

// Go's strconv.Quote (fmt %q) for a string: printable characters kept, others escaped.
std::string GoQuote(std::string_view text) {
  constexpr std::string_view kEscapedCharacters = "\"\\\a\b\f\n\r\t\v";
  constexpr std::string_view kEscapeLetters = "\"\\abfnrtv";
  std::string out = "\"";
  char buffer[16];
  for (size_t i = 0; i < text.size();) {
    unsigned char byte = static_cast<unsigned char>(text[i]);
    if (byte < 0x80) {
      ++i;
      size_t escape = kEscapedCharacters.find(static_cast<char>(byte));
      if (escape != std::string_view::npos) {
        out += '\\';
        out += kEscapeLetters[escape];
        continue;
      }
      if (byte < 0x20 || byte == 0x7f) {
        std::snprintf(buffer, sizeof(buffer), "\\x%02x", byte);
        out += buffer;
      } else {
        out += static_cast<char>(byte);
      }
      continue;
    }
    // Multi-byte UTF-8 sequence: copied when valid, else each bad byte as \x (as Go does).
    const kube::DecodedRune decoded = kube::DecodeRune(text.substr(i));
    if (decoded.rune == kube::kRuneError && decoded.width == 1) {
      std::snprintf(buffer, sizeof(buffer), "\\x%02x", byte);
      out += buffer;
      ++i;
      continue;
    }
    if (decoded.rune >= 0x80 && decoded.rune < 0xa0) {  // C1 controls are not printable
      std::snprintf(buffer, sizeof(buffer), "\\u%04x", static_cast<unsigned>(decoded.rune));
      out += buffer;
    } else {
      out.append(text.substr(i, decoded.width));
    }
    i += decoded.width;
  }
  out += '"';
  return out;
}

// Go's fmt %v for a float64: strconv 'g' with the shortest precision, which switches to an
// exponent when it is below -4 or at least 6 ("1e+06", "1.5", "0.0001", "1e-05").
std::string GoFloat(double number) {
  if (std::isnan(number)) return "NaN";
  if (std::isinf(number)) return number > 0 ? "+Inf" : "-Inf";
  if (number == 0) return std::signbit(number) ? "-0" : "0";
  char buffer[64];
  auto result =
      std::to_chars(buffer, buffer + sizeof(buffer), number, std::chars_format::scientific);
  std::string_view scientific(buffer, static_cast<size_t>(result.ptr - buffer));
  bool negative = scientific.front() == '-';
  if (negative) scientific.remove_prefix(1);
  size_t e = scientific.find('e');
  std::string digits;
  for (char c : scientific.substr(0, e)) {
    if (c != '.') digits += c;
  }
  int exponent = 0;
  std::string_view exponent_text = scientific.substr(e + 1);
  if (!exponent_text.empty() && exponent_text.front() == '+') exponent_text.remove_prefix(1);
  std::from_chars(exponent_text.data(), exponent_text.data() + exponent_text.size(), exponent);

  std::string out = negative ? "-" : "";
  if (exponent < -4 || exponent >= 6) {
    out += digits[0];
    if (digits.size() > 1) out += "." + digits.substr(1);
    int magnitude = exponent < 0 ? -exponent : exponent;
    out += exponent < 0 ? "e-" : "e+";
    if (magnitude < 10) out += '0';
    out += std::to_string(magnitude);
  } else if (exponent >= 0) {
    size_t integer_digits = static_cast<size_t>(exponent) + 1;
    if (digits.size() <= integer_digits) {
      out += digits + std::string(integer_digits - digits.size(), '0');
    } else {
      out += digits.substr(0, integer_digits) + "." + digits.substr(integer_digits);
    }
  } else {
    out += "0." + std::string(static_cast<size_t>(-exponent - 1), '0') + digits;
  }
  return out;
}

// Go's %#v for a decoded JSON value (used for arrays and objects only).
std::string GoSyntax(const Json& value) {
  switch (value.type()) {
    case Json::value_t::null:
      return "interface {}(nil)";
    case Json::value_t::string:
      return GoQuote(value.get_ref<const std::string&>());
    case Json::value_t::boolean:
      return value.get<bool>() ? "true" : "false";
    case Json::value_t::array: {
      std::string out = "[]interface {}{";
      for (size_t i = 0; i < value.size(); ++i) {
        if (i > 0) out += ", ";
        out += GoSyntax(value[i]);
      }
      return out + "}";
    }
    case Json::value_t::object: {
      std::string out = "map[string]interface {}{";
      bool first = true;
      for (const auto& [key, member] : value.items()) {
        if (!first) out += ", ";
        first = false;
        out += GoQuote(key) + ":" + GoSyntax(member);
      }
      return out + "}";
    }
    default:
      if (std::optional<int64_t> integer = AsInt64(value)) return std::to_string(*integer);
      return GoFloat(value.get<double>());
  }
}

// A bad value as apimachinery's field.Error prints it after "Invalid value: ".
std::string BadValueText(const Json& value) {
  if (value.is_null()) return GoQuote("null");
  if (value.is_string()) return GoQuote(value.get_ref<const std::string&>());
  if (value.is_boolean()) return value.get<bool>() ? "true" : "false";
  if (value.is_number()) {
    if (std::optional<int64_t> integer = AsInt64(value)) return std::to_string(*integer);
    return GoFloat(value.get<double>());
  }
  return GoSyntax(value);
}

// UTF-8 code points, as Go's utf8.RuneCountInString counts them in valid UTF-8.
int64_t RuneCount(std::string_view text) {
  return static_cast<int64_t>(kube::CountUtf8CodePoints(text));
}

}  // namespace fakecluster::go_values
