// YAML scalar resolution: go-yaml v2's resolve.go semantics, reimplemented (see yaml_scalar.h).
#include "yaml_scalar.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <utility>

#include "kube/base64.h"
#include "kube/regex.h"
#include "kube/utf8.h"

namespace kube::yaml_internal {

namespace {

constexpr std::array<std::string_view, 11> kTrueWords = {
    "y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"};
constexpr std::array<std::string_view, 11> kFalseWords = {
    "n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"};
constexpr std::array<std::string_view, 3> kNanWords = {".nan", ".NaN", ".NAN"};
constexpr std::array<std::string_view, 6> kInfinityWords = {".inf",  ".Inf",  ".INF",
                                                            "+.inf", "+.Inf", "+.INF"};
constexpr std::array<std::string_view, 3> kNegativeInfinityWords = {"-.inf", "-.Inf", "-.INF"};

template <size_t N>
bool OneOf(std::string_view text, const std::array<std::string_view, N>& words) {
  return std::find(words.begin(), words.end(), text) != words.end();
}

// The fixed words of YAML 1.1 as go-yaml v2 reads them.
std::optional<Scalar> ResolveWord(std::string_view text) {
  if (OneOf(text, kTrueWords)) return Scalar(true);
  if (OneOf(text, kFalseWords)) return Scalar(false);
  if (OneOf(text, kNullWords)) return Scalar(nullptr);
  if (OneOf(text, kNanWords)) return Scalar(std::numeric_limits<double>::quiet_NaN());
  if (OneOf(text, kInfinityWords)) return Scalar(std::numeric_limits<double>::infinity());
  if (OneOf(text, kNegativeInfinityWords)) {
    return Scalar(-std::numeric_limits<double>::infinity());
  }
  return std::nullopt;
}

}  // namespace

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

namespace {

int DigitValue(char c) {
  if (IsDigit(c)) return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// The base announced by a Go base-0 prefix and the digits after it: 0x.. (16), 0o.. (8),
// 0b.. (2), a leading 0 (8, the YAML 1.1 octal), otherwise decimal.
std::pair<int, std::string_view> SplitBasePrefix(std::string_view digits) {
  if (digits.size() < 2 || digits[0] != '0') return {10, digits};
  switch (digits[1]) {
    case 'x':
    case 'X':
      return {16, digits.substr(2)};
    case 'o':
    case 'O':
      return {8, digits.substr(2)};
    case 'b':
    case 'B':
      return {2, digits.substr(2)};
    default:
      return {8, digits.substr(1)};
  }
}

// Go's strconv base-0 syntax without a sign; nullopt on bad digits or overflow.
std::optional<uint64_t> ParseBasePrefixedMagnitude(std::string_view text) {
  auto [base, digits] = SplitBasePrefix(text);
  if (digits.empty()) return std::nullopt;
  const uint64_t radix = static_cast<uint64_t>(base);
  uint64_t value = 0;
  for (char c : digits) {
    int digit = DigitValue(c);
    if (digit < 0 || digit >= base) return std::nullopt;
    uint64_t d = static_cast<uint64_t>(digit);
    if (value > (std::numeric_limits<uint64_t>::max() - d) / radix) return std::nullopt;
    value = value * radix + d;
  }
  return value;
}

// strconv.ParseInt(text, 0, 64).
std::optional<int64_t> ParseGoInt(std::string_view text) {
  bool negative = !text.empty() && text.front() == '-';
  if (!text.empty() && (text.front() == '-' || text.front() == '+')) text.remove_prefix(1);
  std::optional<uint64_t> magnitude = ParseBasePrefixedMagnitude(text);
  if (!magnitude.has_value()) return std::nullopt;
  constexpr uint64_t kMaxPositive = static_cast<uint64_t>(std::numeric_limits<int64_t>::max());
  if (!negative) {
    if (*magnitude > kMaxPositive) return std::nullopt;
    return static_cast<int64_t>(*magnitude);
  }
  if (*magnitude > kMaxPositive + 1) return std::nullopt;
  if (*magnitude == kMaxPositive + 1) return std::numeric_limits<int64_t>::min();
  return -static_cast<int64_t>(*magnitude);
}

// strconv.ParseUint(text, 0, 64): no sign allowed.
std::optional<uint64_t> ParseGoUint(std::string_view text) {
  if (!text.empty() && (text.front() == '-' || text.front() == '+')) return std::nullopt;
  return ParseBasePrefixedMagnitude(text);
}

size_t SkipDigits(std::string_view text, size_t pos) {
  while (pos < text.size() && IsDigit(text[pos])) ++pos;
  return pos;
}

// go-yaml's float syntax: [-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?
bool HasYamlFloatSyntax(std::string_view text) {
  size_t pos = !text.empty() && (text[0] == '+' || text[0] == '-') ? 1 : 0;
  size_t integer_end = SkipDigits(text, pos);
  bool has_integer = integer_end > pos;
  pos = integer_end;
  if (pos < text.size() && text[pos] == '.') {
    size_t fraction_end = SkipDigits(text, pos + 1);
    if (!has_integer && fraction_end == pos + 1) return false;
    pos = fraction_end;
  } else if (!has_integer) {
    return false;
  }
  if (pos < text.size() && (text[pos] == 'e' || text[pos] == 'E')) {
    ++pos;
    if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) ++pos;
    size_t exponent_end = SkipDigits(text, pos);
    if (exponent_end == pos) return false;
    pos = exponent_end;
  }
  return pos == text.size();
}

// Decimal exponent of the leading significant digit of a float in HasYamlFloatSyntax form
// ("1.5e3" -> 3, "0.02" -> -2); only called for non-zero values that are out of double range.
int64_t DecimalMagnitude(std::string_view text) {
  size_t exponent_at = text.find_first_of("eE");
  int64_t exponent = 0;
  if (exponent_at != std::string_view::npos) {
    std::string_view digits = text.substr(exponent_at + 1);
    bool negative = !digits.empty() && digits.front() == '-';
    if (!digits.empty() && (digits.front() == '-' || digits.front() == '+')) {
      digits.remove_prefix(1);
    }
    for (char c : digits) exponent = std::min<int64_t>(exponent * 10 + (c - '0'), 1'000'000'000);
    if (negative) exponent = -exponent;
  }
  std::string_view mantissa = text.substr(0, exponent_at);
  int64_t integer_digits = 0;
  for (char c : mantissa.substr(0, mantissa.find('.'))) integer_digits += IsDigit(c) ? 1 : 0;
  int64_t leading_zeros = 0;  // zero digits before the first significant one, across the point
  for (char c : mantissa) {
    if (!IsDigit(c)) continue;
    if (c != '0') break;
    ++leading_zeros;
  }
  return integer_digits - leading_zeros - 1 + exponent;
}

// strconv.ParseFloat for go-yaml float syntax: nullopt when the value overflows (go-yaml then
// keeps the text as a string); underflow gives zero.
std::optional<double> ParseYamlFloat(std::string_view text) {
  if (!HasYamlFloatSyntax(text)) return std::nullopt;
  bool negative = text.front() == '-';
  std::string_view unsigned_text = text.substr(text.front() == '+' || negative ? 1 : 0);
  double value = 0;
  auto [end, error] =
      std::from_chars(unsigned_text.data(), unsigned_text.data() + unsigned_text.size(), value);
  if (error == std::errc::result_out_of_range) {
    if (DecimalMagnitude(unsigned_text) > 0) return std::nullopt;
    value = 0;
  } else if (error != std::errc() || end != unsigned_text.data() + unsigned_text.size()) {
    return std::nullopt;
  }
  return negative ? -value : value;
}

// Integers first (int64, then uint64), then floats; '_' separators are dropped.
std::optional<Scalar> ResolveNumber(std::string_view text) {
  std::string plain;
  std::copy_if(text.begin(), text.end(), std::back_inserter(plain),
               [](char c) { return c != '_'; });
  if (std::optional<int64_t> integer = ParseGoInt(plain)) return Scalar(*integer);
  if (std::optional<uint64_t> unsigned_integer = ParseGoUint(plain)) {
    return Scalar(*unsigned_integer);
  }
  if (std::optional<double> number = ParseYamlFloat(plain)) return Scalar(*number);
  return std::nullopt;
}

}  // namespace

// An untagged plain scalar.
Scalar ResolvePlain(std::string_view text) {
  if (std::optional<Scalar> word = ResolveWord(text)) return *word;
  char first = text.front();  // not empty: "" is a null word
  if (first == '.') {
    if (std::optional<double> number = ParseYamlFloat(text)) return Scalar(*number);
  } else if (IsDigit(first) || first == '+' || first == '-') {
    if (std::optional<Scalar> number = ResolveNumber(text)) return *number;
  }
  return Scalar(std::string(text));
}

// The timestamp forms go-yaml v2 recognises (they stay strings when decoded untyped).
bool IsTimestamp(std::string_view text) {
  if (text.size() < 8 || !std::all_of(text.begin(), text.begin() + 4, IsDigit) || text[4] != '-') {
    return false;  // every form starts with "YYYY-"; skip the regex for everything else
  }
  static const Regex kTimestamp =
      Regex::Compile(R"([0-9]{4}-[0-9]{1,2}-[0-9]{1,2})"
                     R"(([Tt][0-9]{1,2}:[0-9]{1,2}:[0-9]{1,2}(\.[0-9]+)?(Z|[-+][0-9]{2}:[0-9]{2})|)"
                     R"( [0-9]{1,2}:[0-9]{1,2}:[0-9]{1,2}(\.[0-9]+)?)?)")
          .value();
  return kTimestamp.FullMatch(text);
}

namespace {

std::string_view KindTag(const Scalar& scalar) {
  switch (scalar.index()) {
    case 0:
      return "!!null";
    case 1:
      return "!!bool";
    case 2:
    case 3:
      return "!!int";
    case 4:
      return "!!float";
    default:
      return "!!str";
  }
}

// A scalar with an explicit tag ("!!int" etc. in short form).
StatusOr<Scalar> ResolveTagged(std::string_view tag, std::string_view text) {
  if (tag == "!!str") return Scalar(std::string(text));
  if (tag == "!!binary") {
    std::optional<std::string> bytes = DecodeBase64(text);
    if (!bytes) return BadRequestError("!!binary value contains invalid base64 data");
    return Scalar(std::move(*bytes));
  }
  auto mismatch = [&](std::string_view actual) {
    return BadRequestError(fmt::format("cannot decode {} `{}` as a {}", actual, text, tag));
  };
  if (tag == "!!timestamp") {
    if (IsTimestamp(text)) return Scalar(std::string(text));
    return mismatch(KindTag(ResolvePlain(text)));
  }
  if (tag != "!!bool" && tag != "!!int" && tag != "!!float" && tag != "!!null") {
    return Scalar(std::string(text));  // other tags are not resolved: the text stays a string
  }
  Scalar resolved = ResolvePlain(text);
  if (KindTag(resolved) == tag) return resolved;
  if (tag == "!!float" && std::holds_alternative<int64_t>(resolved)) {
    return Scalar(static_cast<double>(std::get<int64_t>(resolved)));
  }
  return mismatch(KindTag(resolved));
}

std::string ShortTag(std::string_view tag) {
  if (tag.substr(0, kLongTagPrefix.size()) == kLongTagPrefix) {
    return "!!" + std::string(tag.substr(kLongTagPrefix.size()));
  }
  return std::string(tag);
}

}  // namespace

namespace {

// yaml-cpp 0.7 decodes the double-quoted escapes \N (U+0085) and \_ (U+00A0) to single Latin-1
// bytes instead of UTF-8 (found by the libFuzzer run of fuzz_yaml). The stream was checked to be
// valid UTF-8 before yaml-cpp read it, so every invalid byte in a scalar comes from there: each
// becomes the UTF-8 form of the code point it stands for.
std::string WithLatin1BytesAsUtf8(std::string_view text) {
  std::string out;
  for (size_t at = 0; at < text.size();) {
    DecodedRune decoded = DecodeRune(text.substr(at));
    if (decoded.rune == kRuneError && decoded.width == 1) {
      AppendRune(out, static_cast<unsigned char>(text[at]));
    } else {
      out.append(text, at, decoded.width);
    }
    at += decoded.width;
  }
  return out;
}

}  // namespace

// yaml-cpp tags plain untagged scalars "?" and quoted or block scalars "!".
StatusOr<Scalar> ResolveScalarNode(const YAML::Node& node) {
  const std::string& tag = node.Tag();
  const std::string& scalar = node.Scalar();
  const std::string repaired = IsValidUtf8(scalar) ? std::string() : WithLatin1BytesAsUtf8(scalar);
  const std::string& text = repaired.empty() ? scalar : repaired;
  if (tag == "?") return ResolvePlain(text);
  if (tag == "!" || tag.empty()) return Scalar(text);
  return ResolveTagged(ShortTag(tag), text);
}

namespace {

// What the value would be after sigs.k8s.io/yaml's JSON text is parsed back: an integral float
// below 1e21 is written without a fraction, so it reads back as an integer when it fits one.
Json FloatToJson(double value) {
  constexpr double kTwoTo63 = 9223372036854775808.0;
  constexpr double kTwoTo64 = 18446744073709551616.0;
  if (value == std::trunc(value) && std::fabs(value) < 1e21) {
    if (value >= -kTwoTo63 && value < kTwoTo63) return Json(static_cast<int64_t>(value));
    if (value >= 0 && value < kTwoTo64) return Json(static_cast<uint64_t>(value));
  }
  return Json(value);
}

}  // namespace

StatusOr<Json> ScalarToJson(const Scalar& scalar, std::string_view text) {
  switch (scalar.index()) {
    case 0:
      return Json(nullptr);
    case 1:
      return Json(std::get<bool>(scalar));
    case 2:
      return Json(std::get<int64_t>(scalar));
    case 3:
      return Json(std::get<uint64_t>(scalar));
    case 4: {
      double value = std::get<double>(scalar);
      if (!std::isfinite(value)) {
        return BadRequestError(fmt::format(
            "{} is not representable in JSON (no infinity or NaN); quote it for a string", text));
      }
      return FloatToJson(value);
    }
    default:
      return Json(std::get<std::string>(scalar));
  }
}

namespace {

// strconv.FormatFloat(value, 'g', -1, 32): the shortest float32 digits, in exponent form when
// the decimal exponent is below -4 or at least 6.
std::string FormatFloat32(double value) {
  if (std::isnan(value)) return ".nan";
  if (std::fabs(value) > std::numeric_limits<float>::max()) return value > 0 ? ".inf" : "-.inf";
  std::array<char, 64> buffer{};
  auto result = std::to_chars(buffer.data(), buffer.data() + buffer.size(),
                              static_cast<float>(value), std::chars_format::scientific);
  std::string_view text(buffer.data(), static_cast<size_t>(result.ptr - buffer.data()));
  bool negative = text.front() == '-';
  if (negative) text.remove_prefix(1);
  size_t e = text.find('e');
  std::string digits;
  for (char c : text.substr(0, e)) {
    if (IsDigit(c)) digits += c;
  }
  int exponent = std::stoi(std::string(text.substr(e + 1)));
  std::string formatted;
  if (exponent < -4 || exponent >= 6) {
    formatted = digits.substr(0, 1) + (digits.size() > 1 ? "." + digits.substr(1) : "") +
                fmt::format("e{}{:02}", exponent < 0 ? '-' : '+', std::abs(exponent));
  } else if (exponent < 0) {
    formatted = "0." + std::string(static_cast<size_t>(-exponent - 1), '0') + digits;
  } else {
    size_t integer_digits = static_cast<size_t>(exponent) + 1;
    if (digits.size() < integer_digits) digits.append(integer_digits - digits.size(), '0');
    formatted = digits.substr(0, integer_digits);
    if (digits.size() > integer_digits) formatted += "." + digits.substr(integer_digits);
  }
  return (negative ? "-" : "") + formatted;
}

}  // namespace

// A map key as sigs.k8s.io/yaml turns it into a JSON member name.
StatusOr<std::string> KeyName(const Scalar& key) {
  switch (key.index()) {
    case 0:
      return BadRequestError("a null map key cannot become a JSON member name");
    case 1:
      return std::string(std::get<bool>(key) ? "true" : "false");
    case 2:
      return std::to_string(std::get<int64_t>(key));
    case 3:
      return BadRequestError(fmt::format("the map key {} is too large for a JSON member name",
                                         std::get<uint64_t>(key)));
    case 4:
      return FormatFloat32(std::get<double>(key));
    default:
      return std::get<std::string>(key);
  }
}

}  // namespace kube::yaml_internal
