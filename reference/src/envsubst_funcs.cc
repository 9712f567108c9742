// String functions of the envsubst operators; see envsubst_funcs.h.
#include "envsubst_funcs.h"

#include <algorithm>
#include <limits>

#include "glob_match.h"
#include "go_unicode.h"

namespace reference::internal {
namespace {

// Go's strconv.Atoi: an optional sign then decimal digits, within int64.
std::optional<int64_t> GoAtoi(std::string_view text) {
  bool negative = false;
  if (!text.empty() && (text.front() == '+' || text.front() == '-')) {
    negative = text.front() == '-';
    text.remove_prefix(1);
  }
  if (text.empty()) return std::nullopt;
  uint64_t limit = negative ? uint64_t{1} << 63 : std::numeric_limits<int64_t>::max();
  uint64_t magnitude = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    uint64_t digit = static_cast<uint64_t>(c - '0');
    if (magnitude > (limit - digit) / 10) return std::nullopt;
    magnitude = magnitude * 10 + digit;
  }
  return negative ? static_cast<int64_t>(0 - magnitude) : static_cast<int64_t>(magnitude);
}

// Go's int addition (wraps on overflow).
int64_t WrappingAdd(int64_t a, int64_t b) {
  return static_cast<int64_t>(static_cast<uint64_t>(a) + static_cast<uint64_t>(b));
}

std::string Tail(std::string_view value, int64_t pos) {
  if (pos >= static_cast<int64_t>(value.size())) return "";
  return std::string(value.substr(static_cast<size_t>(pos)));
}

std::string MapFirstRune(std::string_view value, char32_t (*map)(char32_t)) {
  if (value.empty()) return "";
  DecodedRune first = DecodeRune(value);
  std::string out;
  out.reserve(value.size() + 3);
  AppendRune(out, map(first.rune));
  out.append(value.substr(first.width));
  return out;
}

std::string ReverseRunes(std::string_view text) {
  std::vector<char32_t> runes;
  runes.reserve(text.size());
  while (!text.empty()) {
    DecodedRune decoded = DecodeRune(text);
    runes.push_back(decoded.rune);
    text.remove_prefix(decoded.width);
  }
  std::string out;
  out.reserve(runes.size());
  for (auto it = runes.rbegin(); it != runes.rend(); ++it) AppendRune(out, *it);
  return out;
}

// Upstream tries prefixes from the whole value down to one byte (never the empty prefix) and gives
// up, returning the value unchanged, as soon as the pattern is found malformed.
std::string_view RemoveMatchingPrefix(std::string_view value, std::string_view pattern,
                                      bool longest) {
  size_t shortest = 0;
  for (size_t length = value.size(); length >= 1; --length) {
    GlobResult result = GlobMatch(pattern, value.substr(0, length));
    if (result == GlobResult::kBadPattern) return value;
    if (result != GlobResult::kMatch) continue;
    if (longest) return value.substr(length);
    shortest = length;
  }
  return value.substr(shortest);
}

size_t CountRunes(std::string_view text) {
  size_t count = 0;
  while (!text.empty()) {
    text.remove_prefix(DecodeRune(text).width);
    ++count;
  }
  return count;
}

size_t CountOccurrences(std::string_view text, std::string_view from) {
  if (from.empty()) return CountRunes(text) + 1;
  size_t count = 0;
  for (size_t at = text.find(from); at != std::string_view::npos;
       at = text.find(from, at + from.size())) {
    ++count;
  }
  return count;
}

}  // namespace

std::string ByteLength(std::string_view value) { return std::to_string(value.size()); }

std::string UpperFirst(std::string_view value) { return MapFirstRune(value, ToUpper); }

std::string LowerFirst(std::string_view value) { return MapFirstRune(value, ToLower); }

std::optional<std::string> Substring(std::string_view value, const std::vector<std::string>& args) {
  std::optional<int64_t> pos = args.empty() ? std::nullopt : GoAtoi(args[0]);
  if (!pos) return std::string(value);
  int64_t size = static_cast<int64_t>(value.size());
  if (*pos < 0) *pos = std::max<int64_t>(size + *pos, 0);
  if (args.size() == 1) return Tail(value, *pos);
  std::optional<int64_t> length = GoAtoi(args[1]);
  if (!length) return std::string(value);
  int64_t end = WrappingAdd(*pos, *length);
  if (end >= size) return Tail(value, *pos);
  if (end < *pos) return std::nullopt;  // Go: slice bounds out of range
  return std::string(value.substr(static_cast<size_t>(*pos), static_cast<size_t>(end - *pos)));
}

std::string RemovePrefix(std::string_view value, std::string_view pattern, bool longest) {
  return std::string(RemoveMatchingPrefix(value, pattern, longest));
}

std::string RemoveSuffix(std::string_view value, std::string_view pattern, bool longest) {
  std::string reversed = ReverseRunes(value);
  std::string reversed_pattern = ReverseRunes(pattern);
  return ReverseRunes(RemoveMatchingPrefix(reversed, reversed_pattern, longest));
}

std::string GoReplace(std::string_view value, std::string_view from, std::string_view to,
                      int64_t n) {
  if (from == to || n == 0) return std::string(value);
  size_t occurrences = CountOccurrences(value, from);
  if (occurrences == 0) return std::string(value);
  size_t replacements = n < 0 ? occurrences : std::min(occurrences, static_cast<size_t>(n));
  std::string out;
  out.reserve(value.size() + replacements * to.size());
  size_t start = 0;
  for (size_t i = 0; i < replacements; ++i) {
    size_t at = start;
    if (from.empty()) {
      if (i > 0) at += DecodeRune(value.substr(start)).width;
    } else {
      at = value.find(from, start);
    }
    out.append(value.substr(start, at - start)).append(to);
    start = at + from.size();
  }
  out.append(value.substr(start));
  return out;
}

size_t GoReplaceSize(std::string_view value, std::string_view from, std::string_view to,
                     int64_t n) {
  if (from == to || n == 0) return value.size();
  size_t occurrences = CountOccurrences(value, from);
  size_t replacements = n < 0 ? occurrences : std::min(occurrences, static_cast<size_t>(n));
  return value.size() - replacements * from.size() + replacements * to.size();
}

std::string ReplacePrefix(std::string_view value, std::string_view from, std::string_view to) {
  if (value.substr(0, from.size()) != from) return std::string(value);
  return GoReplace(value, from, to, 1);
}

std::string ReplaceSuffix(std::string_view value, std::string_view from, std::string_view to) {
  if (value.size() < from.size() || value.substr(value.size() - from.size()) != from) {
    return std::string(value);
  }
  std::string out(value.substr(0, value.size() - from.size()));
  out.append(to);
  return out;
}

}  // namespace reference::internal
