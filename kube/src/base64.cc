// Base64 encoding and decoding.
#include "kube/base64.h"

#include <algorithm>
#include <cstdint>
#include <iterator>

namespace kube {
namespace {

constexpr std::string_view kAlphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

int Base64Value(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

}  // namespace

std::string EncodeBase64(std::string_view bytes) {
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  for (size_t i = 0; i < bytes.size(); i += 3) {
    size_t n = std::min<size_t>(3, bytes.size() - i);
    uint32_t chunk = 0;
    for (size_t j = 0; j < 3; ++j) {
      chunk = chunk << 8 | (j < n ? static_cast<unsigned char>(bytes[i + j]) : 0u);
    }
    for (size_t j = 0; j < 4; ++j) {
      out += j <= n ? kAlphabet[(chunk >> (18 - 6 * j)) & 0x3F] : '=';
    }
  }
  return out;
}

std::optional<std::string> DecodeBase64(std::string_view text) {
  std::string clean;
  std::copy_if(text.begin(), text.end(), std::back_inserter(clean),
               [](char c) { return c != '\n' && c != '\r'; });
  if (clean.size() % 4 != 0) return std::nullopt;
  std::string decoded;
  for (size_t i = 0; i < clean.size(); i += 4) {
    uint32_t chunk = 0;
    int padding = 0;
    for (size_t j = 0; j < 4; ++j) {
      char c = clean[i + j];
      bool last_chunk = i + 4 == clean.size();
      if (c == '=' && last_chunk && j >= 2) {
        ++padding;
      } else if (padding > 0 || Base64Value(c) < 0) {
        return std::nullopt;
      }
      chunk = chunk << 6 | static_cast<uint32_t>(c == '=' ? 0 : Base64Value(c));
    }
    decoded += static_cast<char>(chunk >> 16);
    if (padding < 2) decoded += static_cast<char>((chunk >> 8) & 0xFF);
    if (padding < 1) decoded += static_cast<char>(chunk & 0xFF);
  }
  return decoded;
}

}  // namespace kube
