// Tests for kube's JSON Pointer (json_pointer.h): RFC 6901 escaping, building, parsing, lookup.
#include "kube/json_pointer.h"

#include <gtest/gtest.h>

#include <string>

namespace kube {
namespace {

TEST(JsonPointerTest, ChildPointerEscapesTildeAndSlash) {
  EXPECT_EQ(ChildPointer("", "a"), "/a");
  EXPECT_EQ(ChildPointer("/metadata/annotations", "stash.appscode.com/backup-blueprint"),
            "/metadata/annotations/stash.appscode.com~1backup-blueprint");
  EXPECT_EQ(ChildPointer("/x", "~/"), "/x/~0~1");
  EXPECT_EQ(ChildPointer("/list", size_t{12}), "/list/12");
  EXPECT_EQ(ChildPointer("/x", ""), "/x/");
}

TEST(JsonPointerTest, ParseSplitsAndUnescapesTokens) {
  auto tokens = ParsePointer("/a/b~1c/~0d/");
  ASSERT_TRUE(tokens.ok());
  EXPECT_EQ(*tokens, (PointerTokens{"a", "b/c", "~d", ""}));
  // "~01" is "~1", not "/": escapes are undone left to right once.
  auto once = ParsePointer("/~01");
  ASSERT_TRUE(once.ok());
  EXPECT_EQ(*once, PointerTokens{"~1"});
  auto whole = ParsePointer("");
  ASSERT_TRUE(whole.ok());
  EXPECT_TRUE(whole->empty());
}

TEST(JsonPointerTest, ParseRejectsMalformedPointersWithAReason) {
  auto relative = ParsePointer("a/b");
  ASSERT_FALSE(relative.ok());
  EXPECT_NE(relative.status().message().find("start with '/'"), std::string::npos);
  for (const char* bad : {"/a~", "/a~2", "/~x/b"}) {
    auto parsed = ParsePointer(bad);
    ASSERT_FALSE(parsed.ok()) << bad;
    EXPECT_NE(parsed.status().message().find("'~'"), std::string::npos) << bad;
  }
}

TEST(JsonPointerTest, ParseRoundTripsWhatChildPointerBuilds) {
  const std::string odd = "we~ird/key~1";
  auto tokens = ParsePointer(ChildPointer(ChildPointer("", odd), size_t{3}));
  ASSERT_TRUE(tokens.ok());
  EXPECT_EQ(*tokens, (PointerTokens{odd, "3"}));
}

TEST(JsonPointerTest, ArrayIndexFollowsTheRfc) {
  EXPECT_EQ(ParseArrayIndex("0"), 0u);
  EXPECT_EQ(ParseArrayIndex("17"), 17u);
  EXPECT_FALSE(ParseArrayIndex("01").has_value());
  EXPECT_FALSE(ParseArrayIndex("-").has_value());
  EXPECT_FALSE(ParseArrayIndex("").has_value());
  EXPECT_FALSE(ParseArrayIndex("1a").has_value());
  EXPECT_FALSE(ParseArrayIndex("9999999999999999999").has_value());
}

TEST(JsonPointerTest, FindPointerWalksObjectsAndArrays) {
  Json document = Json::parse(R"({"a": {"b/c": [10, {"d": true}]}, "": 1})");
  auto find = [&](const char* pointer) -> const Json* {
    auto tokens = ParsePointer(pointer);
    EXPECT_TRUE(tokens.ok()) << pointer;
    return FindPointer(static_cast<const Json&>(document), *tokens);
  };
  ASSERT_NE(find("/a/b~1c/1/d"), nullptr);
  EXPECT_EQ(*find("/a/b~1c/1/d"), true);
  EXPECT_EQ(*find("/a/b~1c/0"), 10);
  EXPECT_EQ(*find("/"), 1);
  EXPECT_EQ(find(""), &document);
  EXPECT_EQ(find("/a/b~1c/2"), nullptr);    // past the end
  EXPECT_EQ(find("/a/b~1c/01"), nullptr);   // not an RFC index
  EXPECT_EQ(find("/a/b~1c/0/x"), nullptr);  // into a scalar
  EXPECT_EQ(find("/a/missing"), nullptr);
}

TEST(JsonPointerTest, FindPointerStopsAfterCountTokens) {
  Json document = Json::parse(R"({"a": {"b": 2}})");
  PointerTokens tokens = {"a", "b"};
  Json* parent = FindPointer(document, tokens, 1);
  ASSERT_NE(parent, nullptr);
  EXPECT_TRUE(parent->is_object());
  (*parent)["b"] = 3;
  EXPECT_EQ(document["a"]["b"], 3);
}

}  // namespace
}  // namespace kube
