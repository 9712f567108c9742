// Tests of EscapeControlCharacters (runner/src/terminal_text.h): nothing from input reaches the
// terminal as a raw control character.
#include "terminal_text.h"

#include <gtest/gtest.h>

#include <string>

namespace runner {
namespace {

TEST(EscapeControlCharactersTest, EscapesC0DelAndC1Controls) {
  EXPECT_EQ(EscapeControlCharacters(std::string("a\x1b[2J\a\0b", 8)), "a\\x1b[2J\\x07\\x00b");
  EXPECT_EQ(EscapeControlCharacters("line\nforged: yes\ttab"), "line\\nforged: yes\\ttab");
  EXPECT_EQ(EscapeControlCharacters("\x7f"), "\\x7f");
  EXPECT_EQ(EscapeControlCharacters("\xc2\x9b"
                                    "31m"),
            "\\u009b31m");  // C1 CSI as UTF-8
}

TEST(EscapeControlCharactersTest, LeavesOtherTextAlone) {
  EXPECT_EQ(EscapeControlCharacters("stash-demo é 💩 \xc2\xa0"), "stash-demo é 💩 \xc2\xa0");
  EXPECT_EQ(EscapeControlCharacters("\xff\xc2"), "\xff\xc2");  // invalid UTF-8 unchanged
}

}  // namespace
}  // namespace runner
