// Tests for kube's UTF-8 (utf8.h): Go's unicode/utf8 behaviour, byte for byte.
#include "kube/utf8.h"

#include <gtest/gtest.h>

#include <string>

namespace kube {
namespace {

void ExpectDecodes(std::string_view text, char32_t rune, size_t width) {
  DecodedRune decoded = DecodeRune(text);
  EXPECT_EQ(decoded.rune, rune) << text;
  EXPECT_EQ(decoded.width, width) << text;
}

TEST(DecodeRuneTest, ValidSequencesOfEveryWidth) {
  ExpectDecodes("a", U'a', 1);
  ExpectDecodes("\xC3\xA9x", U'\u00E9', 2);
  ExpectDecodes("\xE2\x82\xAC", U'\u20AC', 3);
  ExpectDecodes("\xF0\x9F\x98\x80", U'\U0001F600', 4);
}

TEST(DecodeRuneTest, InvalidSequencesAreOneByteOfRuneError) {
  ExpectDecodes("", kRuneError, 0);
  ExpectDecodes("\x80", kRuneError, 1);              // stray continuation
  ExpectDecodes("\xC0\x80", kRuneError, 1);          // overlong NUL
  ExpectDecodes("\xE0\x80\x80", kRuneError, 1);      // overlong
  ExpectDecodes("\xED\xA0\x80", kRuneError, 1);      // surrogate U+D800
  ExpectDecodes("\xF4\x90\x80\x80", kRuneError, 1);  // past U+10FFFF
  ExpectDecodes("\xE2\x82", kRuneError, 1);          // truncated
  ExpectDecodes("\xEF\xBF\xBD", kRuneError, 3);      // U+FFFD itself is valid
}

TEST(AppendRuneTest, EncodesAndReplacesWhatCannotBeEncoded) {
  std::string out;
  AppendRune(out, U'\u00E9');
  AppendRune(out, U'\U0001F600');
  AppendRune(out, 0xD800);
  AppendRune(out, 0x110000);
  EXPECT_EQ(out, "\xC3\xA9\xF0\x9F\x98\x80\xEF\xBF\xBD\xEF\xBF\xBD");
}

TEST(IsValidUtf8Test, RejectsAnyInvalidSequence) {
  EXPECT_TRUE(IsValidUtf8(""));
  EXPECT_TRUE(IsValidUtf8("plain \xC3\xA9 \xEF\xBF\xBD"));
  EXPECT_FALSE(IsValidUtf8("a\xC0\x80"));
  EXPECT_FALSE(IsValidUtf8("\xED\xA0\x80"));
}

TEST(CountUtf8CodePointsTest, CountsSequenceStarts) {
  EXPECT_EQ(CountUtf8CodePoints(""), 0u);
  EXPECT_EQ(CountUtf8CodePoints("a\xC3\xA9\xF0\x9F\x98\x80"), 3u);
  EXPECT_EQ(CountUtf8CodePoints("\x80\x80"), 0u);  // continuation bytes alone count for nothing
}

TEST(CoerceToValidUtf8Test, ReplacesEachBadByteAndKeepsValidText) {
  EXPECT_EQ(CoerceToValidUtf8("fuzz\xA6"), "fuzz\xEF\xBF\xBD");
  EXPECT_EQ(CoerceToValidUtf8("a\xC0\x80"
                              "b"),
            "a\xEF\xBF\xBD\xEF\xBF\xBD"
            "b");
  EXPECT_EQ(CoerceToValidUtf8("\xC3\xA9 \xF0\x9F\x98\x80"), "\xC3\xA9 \xF0\x9F\x98\x80");
  EXPECT_EQ(CoerceToValidUtf8(""), "");
  EXPECT_TRUE(IsValidUtf8(CoerceToValidUtf8("\xFF\xFE\xED\xA0\x80")));
}

}  // namespace
}  // namespace kube
