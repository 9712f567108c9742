// UTF-8 as Go's unicode/utf8 (utf8.h).
#include "kube/utf8.h"

#include <algorithm>

namespace kube {
namespace {

constexpr char32_t kMaxRune = 0x10FFFF;
constexpr char32_t kSurrogateMin = 0xD800;
constexpr char32_t kSurrogateMax = 0xDFFF;

bool IsContinuation(unsigned char byte) { return (byte & 0xC0) == 0x80; }

}  // namespace

DecodedRune DecodeRune(std::string_view text) {
  if (text.empty()) return {kRuneError, 0};
  auto byte = [&](size_t i) { return static_cast<unsigned char>(text[i]); };
  unsigned char first = byte(0);
  if (first < 0x80) return {first, 1};
  size_t width;
  char32_t rune;
  char32_t min;
  if (first >= 0xC2 && first <= 0xDF) {
    width = 2, rune = first & 0x1F, min = 0x80;
  } else if (first >= 0xE0 && first <= 0xEF) {
    width = 3, rune = first & 0x0F, min = 0x800;
  } else if (first >= 0xF0 && first <= 0xF4) {
    width = 4, rune = first & 0x07, min = 0x10000;
  } else {
    return {kRuneError, 1};
  }
  if (text.size() < width) return {kRuneError, 1};
  for (size_t i = 1; i < width; ++i) {
    if (!IsContinuation(byte(i))) return {kRuneError, 1};
    rune = (rune << 6) | (byte(i) & 0x3F);
  }
  bool surrogate = rune >= kSurrogateMin && rune <= kSurrogateMax;
  if (rune < min || rune > kMaxRune || surrogate) return {kRuneError, 1};
  return {rune, width};
}

void AppendRune(std::string& out, char32_t rune) {
  if (rune > kMaxRune || (rune >= kSurrogateMin && rune <= kSurrogateMax)) rune = kRuneError;
  if (rune < 0x80) {
    out.push_back(static_cast<char>(rune));
  } else if (rune < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (rune >> 6)));
    out.push_back(static_cast<char>(0x80 | (rune & 0x3F)));
  } else if (rune < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (rune >> 12)));
    out.push_back(static_cast<char>(0x80 | ((rune >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (rune & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (rune >> 18)));
    out.push_back(static_cast<char>(0x80 | ((rune >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((rune >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (rune & 0x3F)));
  }
}

bool IsValidUtf8(std::string_view text) {
  while (!text.empty()) {
    DecodedRune decoded = DecodeRune(text);
    if (decoded.rune == kRuneError && decoded.width == 1) return false;
    text.remove_prefix(decoded.width);
  }
  return true;
}

size_t CountUtf8CodePoints(std::string_view text) {
  return static_cast<size_t>(std::count_if(text.begin(), text.end(), [](char c) {
    return !IsContinuation(static_cast<unsigned char>(c));
  }));
}

std::string CoerceToValidUtf8(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  while (!text.empty()) {
    DecodedRune decoded = DecodeRune(text);
    if (decoded.rune == kRuneError && decoded.width == 1) {
      AppendRune(out, kRuneError);
    } else {
      out.append(text.substr(0, decoded.width));
    }
    text.remove_prefix(decoded.width);
  }
  return out;
}

}  // namespace kube
