// Tests for kube's MessagePack (msgpack.h): what nlohmann's from_msgpack gives, built once.
#include "kube/msgpack.h"

#include <gtest/gtest.h>

#include <string>

namespace kube {
namespace {

TEST(MessagePackTest, RoundTripsEveryJsonType) {
  Json value = Json::parse(R"({
    "apiVersion": "v1", "kind": "ConfigMap",
    "metadata": {"name": "x", "labels": {"a": "b"}, "generation": 3},
    "data": {"empty": "", "unicode": "h\u00e9llo \ud83d\ude00"},
    "numbers": [0, -1, 18446744073709551615, -9223372036854775808, 1.5, 1e300],
    "flags": [true, false, null], "nested": [[], {}, [{"k": [1]}]]
  })");
  std::string bytes = EncodeMessagePack(value);
  Json decoded = DecodeMessagePack(bytes);
  EXPECT_EQ(decoded, value);
  // The same tree, types included, as nlohmann's own decoder builds.
  EXPECT_EQ(decoded.dump(), Json::from_msgpack(bytes).dump());
  EXPECT_TRUE(decoded["numbers"][2].is_number_unsigned());
  EXPECT_TRUE(decoded["numbers"][3].is_number_integer());
}

TEST(MessagePackTest, EncodeAppends) {
  std::string out = "prefix";
  EncodeMessagePack(Json(7), out);
  EXPECT_EQ(out.substr(0, 6), "prefix");
  EXPECT_EQ(DecodeMessagePack(std::string_view(out).substr(6)), Json(7));
}

TEST(MessagePackTest, InvalidBytesDecodeToDiscardedNotAnException) {
  std::string bytes = EncodeMessagePack(Json::parse(R"({"a": [1, 2, 3]})"));
  EXPECT_TRUE(
      DecodeMessagePack(std::string_view(bytes).substr(0, bytes.size() - 1)).is_discarded());
  EXPECT_TRUE(DecodeMessagePack("\xc1").is_discarded());       // a reserved type byte
  EXPECT_TRUE(DecodeMessagePack(bytes + "x").is_discarded());  // trailing bytes (strict)
  EXPECT_TRUE(DecodeMessagePack("").is_discarded());
}

}  // namespace
}  // namespace kube
