// base64url (no padding) over {"rv":N,"start":"key"}.
#include "continue_token.h"

#include <array>

#include <nlohmann/json.hpp>

namespace fakecluster {
namespace {

constexpr std::string_view kAlphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

std::string Base64UrlEncode(std::string_view in) {
  std::string out;
  uint32_t buffer = 0;
  int bits = 0;
  for (unsigned char c : in) {
    buffer = (buffer << 8) | c;
    bits += 8;
    while (bits >= 6) {
      bits -= 6;
      out += kAlphabet[(buffer >> bits) & 0x3f];
    }
  }
  if (bits > 0) out += kAlphabet[(buffer << (6 - bits)) & 0x3f];
  return out;
}

bool Base64UrlDecode(std::string_view in, std::string& out) {
  std::array<int, 256> value{};
  value.fill(-1);
  for (size_t i = 0; i < kAlphabet.size(); ++i) {
    value[static_cast<unsigned char>(kAlphabet[i])] = static_cast<int>(i);
  }
  uint32_t buffer = 0;
  int bits = 0;
  for (unsigned char c : in) {
    if (value[c] < 0) return false;
    buffer = (buffer << 6) | static_cast<uint32_t>(value[c]);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((buffer >> bits) & 0xff);
    }
  }
  return true;
}

}  // namespace

std::string EncodeContinueToken(const ContinuePosition& position) {
  nlohmann::json doc = {{"rv", position.resource_version}, {"start", position.last_key}};
  return Base64UrlEncode(doc.dump());
}

kube::StatusOr<ContinuePosition> DecodeContinueToken(std::string_view token) {
  auto invalid = [](std::string_view why) {
    return kube::BadRequestError("continue key is not valid: " + std::string(why));
  };
  std::string text;
  if (!Base64UrlDecode(token, text)) return invalid("not base64url");
  nlohmann::json doc = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!doc.is_object() || !doc.contains("rv") || !doc["rv"].is_number_unsigned() ||
      !doc.contains("start") || !doc["start"].is_string()) {
    return invalid("malformed");
  }
  return ContinuePosition{doc["rv"].get<uint64_t>(), doc["start"].get<std::string>()};
}

}  // namespace fakecluster
