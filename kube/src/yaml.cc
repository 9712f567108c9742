// YAML streams parsed with yaml-cpp and converted to JSON with the scalar typing of Kubernetes'
// YAML decoder (sigs.k8s.io/yaml over go-yaml v2: YAML 1.1 booleans, base-prefixed integers,
// '_' digit separators, timestamps kept as strings, non-string keys turned into strings), plus
// the inverse: JSON written as block-style YAML that reads back to the same value.
#include "kube/yaml.h"

#include "kube/base64.h"
#include "kube/json_pointer.h"
#include "kube/regex.h"
#include "kube/utf8.h"
#include "yaml_flow.h"
#include "yaml_stall.h"
#include "yaml_surrogates.h"

#include <fmt/format.h>
#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <exception>
#include <iterator>
#include <limits>
#include <optional>
#include <utility>
#include <variant>

namespace kube {
namespace {

// =============================================================================================
// Scalar resolution (go-yaml v2 resolve.go semantics, reimplemented).

// A resolved YAML scalar before it becomes JSON: null, bool, int, uint, float or string.
using Scalar = std::variant<std::nullptr_t, bool, int64_t, uint64_t, double, std::string>;

constexpr std::array<std::string_view, 11> kTrueWords = {
    "y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"};
constexpr std::array<std::string_view, 11> kFalseWords = {
    "n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"};
constexpr std::array<std::string_view, 5> kNullWords = {"", "~", "null", "Null", "NULL"};
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

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

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
      Regex::Compile(
          R"([0-9]{4}-[0-9]{1,2}-[0-9]{1,2})"
          R"(([Tt][0-9]{1,2}:[0-9]{1,2}:[0-9]{1,2}(\.[0-9]+)?(Z|[-+][0-9]{2}:[0-9]{2})|)"
          R"( [0-9]{1,2}:[0-9]{1,2}:[0-9]{1,2}(\.[0-9]+)?)?)")
          .value();
  return kTimestamp.FullMatch(text);
}

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

constexpr std::string_view kLongTagPrefix = "tag:yaml.org,2002:";

std::string ShortTag(std::string_view tag) {
  if (tag.substr(0, kLongTagPrefix.size()) == kLongTagPrefix) {
    return "!!" + std::string(tag.substr(kLongTagPrefix.size()));
  }
  return std::string(tag);
}

// yaml-cpp tags plain untagged scalars "?" and quoted or block scalars "!".
StatusOr<Scalar> ResolveScalarNode(const YAML::Node& node) {
  const std::string& tag = node.Tag();
  const std::string& text = node.Scalar();
  if (tag == "?") return ResolvePlain(text);
  if (tag == "!" || tag.empty()) return Scalar(text);
  return ResolveTagged(ShortTag(tag), text);
}

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

// =============================================================================================
// Node conversion with line tracking.

using kube::EscapePointerToken;

std::string ChildPointer(const std::string& parent, std::string_view token) {
  return parent + "/" + EscapePointerToken(token);
}

int LineOfMark(const YAML::Mark& mark) { return mark.is_null() ? 1 : mark.line + 1; }
int ColumnOfMark(const YAML::Mark& mark) { return mark.is_null() ? 1 : mark.column + 1; }

Status PositionedError(std::string_view source, const YAML::Mark& mark, std::string_view problem) {
  return BadRequestError(
      fmt::format("{}:{}:{}: {}", source, LineOfMark(mark), ColumnOfMark(mark), problem));
}

bool IsMergeKey(const YAML::Node& key) {
  return key.IsScalar() && key.Scalar() == "<<" &&
         (key.Tag() == "?" || key.Tag() == std::string(kLongTagPrefix) + "merge");
}

// Copies the lines of `pointer` and everything below it.
void CopySubtreeLines(const std::map<std::string, int>& from, const std::string& pointer,
                      std::map<std::string, int>* to) {
  for (auto it = from.lower_bound(pointer); it != from.end(); ++it) {
    std::string_view key = it->first;
    if (key.substr(0, pointer.size()) != pointer) break;
    if (key.size() == pointer.size() || key[pointer.size()] == '/') (*to)[it->first] = it->second;
  }
}

constexpr std::string_view kMergeValueProblem =
    "a merge key (<<) needs a mapping or a sequence of mappings as its value";

// Converts the documents of one stream. Aliases are expanded; the total number of nodes and of
// scalar bytes is bounded so that aliases cannot blow up, and an alias inside its own anchor is
// an error.
class DocumentConverter {
 public:
  DocumentConverter(std::string_view source, size_t node_budget, size_t byte_budget)
      : source_(source),
        remaining_nodes_(node_budget),
        byte_budget_(byte_budget),
        remaining_bytes_(byte_budget) {}

  Status ConvertDocument(const YAML::Node& root, YamlDocument* document) {
    lines_ = &document->lines;
    document->line = LineOfMark(root.Mark());
    return Convert(root, "", document->line, &document->value);
  }

 private:
  Status ErrorAt(const YAML::Node& node, std::string_view problem) const {
    return PositionedError(source_, node.Mark(), problem);
  }

  // Counts the bytes of a scalar (value or member name) against the stream's budget.
  Status ChargeBytes(const YAML::Node& node) {
    size_t bytes = node.Scalar().size();
    if (bytes > remaining_bytes_) {
      return ErrorAt(node, fmt::format("the document is larger than {} bytes once its aliases "
                                       "are expanded (the limit of expanded YAML; see "
                                       "--max-yaml-expanded-bytes)",
                                       byte_budget_));
    }
    remaining_bytes_ -= bytes;
    return Status::Ok();
  }

  Status Convert(const YAML::Node& node, const std::string& pointer, int line, Json* out) {
    if (remaining_nodes_ == 0) {
      return ErrorAt(node, "the document has too many nodes once its aliases are expanded");
    }
    --remaining_nodes_;
    (*lines_)[pointer] = line;
    if (node.IsScalar()) return ConvertScalar(node, out);
    if (!node.IsMap() && !node.IsSequence()) {
      *out = nullptr;
      return Status::Ok();
    }
    for (const YAML::Node& open : open_containers_) {
      if (open.is(node)) return ErrorAt(node, "an alias refers to a node that contains it");
    }
    open_containers_.push_back(node);
    Status status =
        node.IsMap() ? ConvertMapping(node, pointer, out) : ConvertSequence(node, pointer, out);
    open_containers_.pop_back();
    return status;
  }

  Status ConvertScalar(const YAML::Node& node, Json* out) {
    KUBE_RETURN_IF_ERROR(ChargeBytes(node));
    StatusOr<Scalar> scalar = ResolveScalarNode(node);
    if (!scalar.ok()) return ErrorAt(node, scalar.status().message());
    StatusOr<Json> json = ScalarToJson(*scalar, node.Scalar());
    if (!json.ok()) return ErrorAt(node, json.status().message());
    *out = std::move(json).value();
    return Status::Ok();
  }

  Status ConvertSequence(const YAML::Node& node, const std::string& pointer, Json* out) {
    *out = Json::array();
    size_t index = 0;
    for (const YAML::Node& item : node) {
      Json value;
      KUBE_RETURN_IF_ERROR(Convert(item, ChildPointer(pointer, std::to_string(index)),
                                   LineOfMark(item.Mark()), &value));
      out->push_back(std::move(value));
      ++index;
    }
    return Status::Ok();
  }

  StatusOr<std::string> KeyString(const YAML::Node& key) {
    if (!key.IsScalar()) {
      return ErrorAt(key, key.IsNull() ? "a null map key cannot become a JSON member name"
                                       : "a mapping or sequence cannot be a map key");
    }
    KUBE_RETURN_IF_ERROR(ChargeBytes(key));
    StatusOr<Scalar> scalar = ResolveScalarNode(key);
    if (!scalar.ok()) return ErrorAt(key, scalar.status().message());
    StatusOr<std::string> name = KeyName(*scalar);
    if (!name.ok()) return ErrorAt(key, name.status().message());
    return name;
  }

  // Explicit members first; merged members (<<) only fill names that are still absent, earlier
  // merge sources taking precedence over later ones.
  Status ConvertMapping(const YAML::Node& node, const std::string& pointer, Json* out) {
    *out = Json::object();
    std::map<std::string, int> first_lines;
    std::vector<YAML::Node> merge_sources;
    for (auto it = node.begin(); it != node.end(); ++it) {
      const YAML::Node key = it->first;
      if (IsMergeKey(key)) {
        merge_sources.push_back(it->second);
        continue;
      }
      KUBE_ASSIGN_OR_RETURN(std::string name, KeyString(key));
      int line = LineOfMark(key.Mark());
      auto [first, inserted] = first_lines.emplace(name, line);
      if (!inserted) {
        return ErrorAt(key, fmt::format("duplicate key \"{}\" (first defined at line {})", name,
                                        first->second));
      }
      Json value;
      KUBE_RETURN_IF_ERROR(Convert(it->second, ChildPointer(pointer, name), line, &value));
      (*out)[name] = std::move(value);
    }
    for (const YAML::Node& source : merge_sources) {
      KUBE_RETURN_IF_ERROR(MergeSource(source, pointer, out));
    }
    return Status::Ok();
  }

  Status MergeSource(const YAML::Node& source, const std::string& pointer, Json* out) {
    if (source.IsMap()) return MergeMapping(source, pointer, out);
    if (!source.IsSequence()) return ErrorAt(source, kMergeValueProblem);
    for (const YAML::Node& item : source) {
      if (!item.IsMap()) return ErrorAt(item, kMergeValueProblem);
      KUBE_RETURN_IF_ERROR(MergeMapping(item, pointer, out));
    }
    return Status::Ok();
  }

  Status MergeMapping(const YAML::Node& mapping, const std::string& pointer, Json* out) {
    Json merged;
    std::map<std::string, int> merged_lines;
    std::map<std::string, int>* own_lines = std::exchange(lines_, &merged_lines);
    Status status = Convert(mapping, pointer, LineOfMark(mapping.Mark()), &merged);
    lines_ = own_lines;
    KUBE_RETURN_IF_ERROR(status);
    for (auto& [name, value] : merged.items()) {
      if (out->contains(name)) continue;
      CopySubtreeLines(merged_lines, ChildPointer(pointer, name), lines_);
      (*out)[name] = std::move(value);
    }
    return Status::Ok();
  }

  std::string_view source_;
  size_t remaining_nodes_;
  const size_t byte_budget_;
  size_t remaining_bytes_;
  std::map<std::string, int>* lines_ = nullptr;
  std::vector<YAML::Node> open_containers_;  // ancestors of the node being converted
};

// Alias expansion may multiply the input at most this much (or up to the minimum).
constexpr size_t kNodesPerInputByte = 16;
constexpr size_t kMinNodeBudget = 100'000;

// yaml-cpp notices an unclosed [ or { only where it gives up (the next line, or the end): the
// error names the bracket that was never closed instead.
std::optional<Status> UnclosedFlowError(const YAML::Exception& e, std::string_view text,
                                        std::string_view source) {
  bool sequence = e.msg == YAML::ErrorMsg::END_OF_SEQ_FLOW;
  if (!sequence && e.msg != YAML::ErrorMsg::END_OF_MAP_FLOW) return std::nullopt;
  size_t end = e.mark.pos < 0 ? text.size() : static_cast<size_t>(e.mark.pos);
  std::optional<internal::TextPosition> start =
      internal::UnclosedFlowStart(text, end, sequence ? '[' : '{');
  if (!start) return std::nullopt;
  return BadRequestError(fmt::format("{}:{}:{}: {}: this '{}' is never closed", source, start->line,
                                     start->column, e.msg, sequence ? '[' : '{'));
}

// Offset of the first byte that does not start a valid UTF-8 sequence, or nullopt.
std::optional<size_t> FirstInvalidUtf8(std::string_view text) {
  if (IsValidUtf8(text)) return std::nullopt;
  for (size_t at = 0; at < text.size();) {
    DecodedRune decoded = DecodeRune(text.substr(at));
    if (decoded.rune == kRuneError && decoded.width == 1) return at;
    at += decoded.width;
  }
  return std::nullopt;
}

StatusOr<std::vector<YAML::Node>> LoadStream(std::string_view text, std::string_view source) {
  if (std::optional<YAML::Mark> stalled = internal::FindStalledDocument(text)) {
    bool comma = stalled->pos >= 0 && static_cast<size_t>(stalled->pos) < text.size() &&
                 text[static_cast<size_t>(stalled->pos)] == ',';
    return PositionedError(source, *stalled,
                           comma ? "a ',' outside any [ ] or { } separates nothing"
                                 : "the YAML parser cannot go on from here");
  }
  try {
    return YAML::LoadAll(std::string(text));
  } catch (const YAML::DeepRecursion& e) {
    return PositionedError(source, e.mark, "the document is nested too deeply");
  } catch (const YAML::Exception& e) {
    if (std::optional<Status> unclosed = UnclosedFlowError(e, text, source)) return *unclosed;
    if (std::optional<std::string> lone = internal::DescribeLoneSurrogate(e.msg)) {
      return PositionedError(source, e.mark, *lone);
    }
    return PositionedError(source, e.mark, e.msg);
  } catch (const std::exception& e) {
    return BadRequestError(fmt::format("{}:1:1: {}", source, e.what()));
  }
}

// yaml-cpp reports both an empty document and an explicit `null` as a null node; only the
// explicit one starts at a null token (an empty document's mark is on what follows it).
bool IsEmptyDocument(const YAML::Node& root, std::string_view text) {
  if (!root.IsNull()) return false;
  int pos = root.Mark().pos;
  if (pos < 0 || static_cast<size_t>(pos) >= text.size()) return true;
  std::string_view rest = text.substr(static_cast<size_t>(pos));
  for (std::string_view word : kNullWords) {
    if (word.empty() || rest.substr(0, word.size()) != word) continue;
    if (rest.size() == word.size() ||
        std::string_view(" \t\r\n#").find(rest[word.size()]) != std::string_view::npos) {
      return false;
    }
  }
  return true;
}

StatusOr<std::vector<YamlDocument>> ConvertStream(const std::vector<YAML::Node>& roots,
                                                  std::string_view text, std::string_view source,
                                                  const YamlLimits& limits) {
  // Escapes such as "\L" (two bytes for three) let a stream without aliases exceed its own size
  // a little; twice the size is always allowed.
  DocumentConverter converter(source, std::max(kMinNodeBudget, kNodesPerInputByte * text.size()),
                              std::max(limits.max_expanded_bytes, 2 * text.size()));
  std::vector<YamlDocument> documents;
  for (const YAML::Node& root : roots) {
    if (IsEmptyDocument(root, text)) continue;
    YamlDocument document;
    KUBE_RETURN_IF_ERROR(converter.ConvertDocument(root, &document));
    documents.push_back(std::move(document));
  }
  return documents;
}

// =============================================================================================
// Writing YAML.

constexpr size_t kMaxImplicitKeyLength = 1000;  // YAML limits implicit keys to 1024 characters

bool IsIndicator(char c) {
  return std::string_view("-?:,[]{}#&*!|>'\"%@`").find(c) != std::string_view::npos;
}

bool IsControl(unsigned char c) { return c < 0x20 || c == 0x7F; }

// The UTF-8 length of a character that YAML treats as a line break or byte order mark
// (U+0085, U+2028, U+2029, U+FEFF) starting at `pos`, or 0.
size_t SpecialUnicodeLength(std::string_view text, size_t pos) {
  for (std::string_view special : {"\xC2\x85", "\xE2\x80\xA8", "\xE2\x80\xA9", "\xEF\xBB\xBF"}) {
    if (text.substr(pos, special.size()) == special) return special.size();
  }
  return 0;
}

bool HasSpecialCharacters(std::string_view text) {
  for (size_t i = 0; i < text.size(); ++i) {
    if (IsControl(static_cast<unsigned char>(text[i])) || SpecialUnicodeLength(text, i) > 0) {
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
    } else if (size_t length = SpecialUnicodeLength(text, i); length > 0) {
      quoted += length == 2             ? "\\u0085"
                : text[i + 2] == '\xA8' ? "\\u2028"
                : text[i + 2] == '\xA9' ? "\\u2029"
                                        : "\\uFEFF";
      i += length - 1;
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

// Multi-line strings are written as literal blocks when every line survives unchanged.
bool CanWriteLiteralBlock(std::string_view text) {
  if (text.find('\n') == std::string_view::npos) return false;
  size_t first_content = text.find_first_not_of('\n');
  if (first_content == std::string_view::npos) return false;
  if (text[first_content] == ' ' || text[first_content] == '\t') return false;
  for (size_t i = 0; i < text.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if ((IsControl(c) && c != '\n' && c != '\t') || SpecialUnicodeLength(text, i) > 0) {
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

int YamlDocument::LineOf(std::string_view pointer) const {
  std::string current(pointer);
  while (true) {
    auto it = lines.find(current);
    if (it != lines.end()) return it->second;
    if (current.empty()) return line;
    size_t slash = current.rfind('/');
    current.resize(slash == std::string::npos ? 0 : slash);
  }
}

namespace {
std::atomic<size_t> g_default_max_expanded_bytes{kDefaultMaxYamlExpandedBytes};
}  // namespace

YamlLimits DefaultYamlLimits() {
  YamlLimits limits;
  limits.max_expanded_bytes = g_default_max_expanded_bytes.load();
  return limits;
}

void SetDefaultYamlLimits(const YamlLimits& limits) {
  g_default_max_expanded_bytes.store(limits.max_expanded_bytes);
}

StatusOr<std::vector<YamlDocument>> ParseYamlDocuments(std::string_view text,
                                                       std::string_view source,
                                                       const YamlLimits& limits) {
  constexpr std::string_view kByteOrderMark = "\xEF\xBB\xBF";
  if (text.substr(0, kByteOrderMark.size()) == kByteOrderMark) {
    text.remove_prefix(kByteOrderMark.size());
  }
  // yaml-cpp passes invalid UTF-8 through into strings, which no JSON writer can then write
  // (found by fuzz_http_request: an apply body with a 0xFF in a key threw). Go's YAML reader,
  // which the API server uses, rejects the stream; so does this.
  if (std::optional<size_t> bad = FirstInvalidUtf8(text)) {
    std::string_view before = text.substr(0, *bad);
    size_t line_start = before.rfind('\n');
    size_t column = line_start == std::string_view::npos ? *bad + 1 : *bad - line_start;
    return BadRequestError(fmt::format(
        "{}:{}:{}: invalid UTF-8 (byte 0x{:02X}): YAML text must be UTF-8", source,
        1 + std::count(before.begin(), before.end(), '\n'), column,
        static_cast<unsigned char>(text[*bad])));
  }
  // JSON's surrogate pairs become single YAML escapes first (yaml_surrogates.h).
  std::optional<std::string> joined = internal::JoinSurrogatePairs(text);
  if (joined) text = *joined;
  KUBE_ASSIGN_OR_RETURN(std::vector<YAML::Node> roots, LoadStream(text, source));
  try {
    return ConvertStream(roots, text, source, limits);
  } catch (const std::exception& e) {
    return BadRequestError(fmt::format("{}:1:1: {}", source, e.what()));
  }
}

StatusOr<Json> ParseYamlDocument(std::string_view text, std::string_view source,
                                 const YamlLimits& limits) {
  KUBE_ASSIGN_OR_RETURN(std::vector<YamlDocument> documents,
                        ParseYamlDocuments(text, source, limits));
  if (documents.empty()) {
    return BadRequestError(fmt::format("{}:1:1: expected one YAML document, found none", source));
  }
  if (documents.size() > 1) {
    return BadRequestError(fmt::format("{}:{}:1: expected one YAML document, found {}", source,
                                       documents[1].line, documents.size()));
  }
  return std::move(documents.front().value);
}

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
