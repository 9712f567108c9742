// Joining UTF-16 surrogate pairs of double-quoted YAML scalars; see yaml_surrogates.h.
#include "yaml_surrogates.h"

#include <fmt/format.h>

#include <charconv>

#include "yaml_flow.h"

namespace kube::internal {
namespace {

// The value of a "\uXXXX" escape at text[i], or nullopt.
std::optional<unsigned> EscapeAt(std::string_view text, size_t i) {
  if (i + 6 > text.size() || text[i] != '\\' || text[i + 1] != 'u') return std::nullopt;
  unsigned value = 0;
  auto [end, error] = std::from_chars(text.data() + i + 2, text.data() + i + 6, value, 16);
  if (error != std::errc() || end != text.data() + i + 6) return std::nullopt;
  return value;
}

bool IsHigh(unsigned unit) { return unit >= 0xD800 && unit <= 0xDBFF; }
bool IsLow(unsigned unit) { return unit >= 0xDC00 && unit <= 0xDFFF; }

}  // namespace

std::optional<std::string> JoinSurrogatePairs(std::string_view text) {
  if (text.find("\\u") == std::string_view::npos) return std::nullopt;
  std::string out;
  bool joined = false;
  size_t copied = 0;  // text before this is in `out` (or unchanged)
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '#' && (i == 0 || text[i - 1] == ' ' || text[i - 1] == '\t' || text[i - 1] == '\n')) {
      while (i < text.size() && text[i] != '\n') ++i;
    } else if (c == '\'' && StartsQuotedScalar(text, i)) {
      for (++i; i < text.size(); ++i) {
        if (text[i] != '\'') continue;
        if (i + 1 < text.size() && text[i + 1] == '\'') {
          ++i;
        } else {
          break;
        }
      }
    } else if (c == '"' && StartsQuotedScalar(text, i)) {
      for (++i; i < text.size() && text[i] != '"'; ++i) {
        if (text[i] != '\\') continue;
        std::optional<unsigned> high = EscapeAt(text, i);
        std::optional<unsigned> low = EscapeAt(text, i + 6);
        if (high && low && IsHigh(*high) && IsLow(*low)) {
          unsigned code_point = 0x10000 + ((*high - 0xD800) << 10) + (*low - 0xDC00);
          out.append(text.substr(copied, i - copied));
          out += fmt::format("\\U{:08X}", code_point);
          i += 11;
          copied = i + 1;
          joined = true;
        } else {
          ++i;  // any other escape: skip the escaped character
        }
      }
    }
  }
  if (!joined) return std::nullopt;
  out.append(text.substr(copied));
  return out;
}

std::optional<std::string> DescribeLoneSurrogate(std::string_view yaml_cpp_message) {
  constexpr std::string_view kPrefix = "invalid unicode: ";
  if (yaml_cpp_message.substr(0, kPrefix.size()) != kPrefix) return std::nullopt;
  std::string_view number = yaml_cpp_message.substr(kPrefix.size());
  unsigned value = 0;
  auto [end, error] = std::from_chars(number.data(), number.data() + number.size(), value);
  if (error != std::errc() || end != number.data() + number.size()) return std::nullopt;
  if (!IsHigh(value) && !IsLow(value)) return std::nullopt;
  return fmt::format(
      "a lone UTF-16 surrogate \\u{:04X}: a character beyond U+FFFF is written as "
      "a pair of escapes (\\uD83D\\uDCA9) or as one (\\U0001F4A9)",
      value);
}

}  // namespace kube::internal
