// Regular expressions applied to values an implementation writes: a long value or a pattern
// that backtracks exponentially in a backtracking engine must give an answer, quickly.
#include <gtest/gtest.h>

#include "kube/regex.h"
#include "runner/matcher.h"

namespace runner {
namespace {

ObjectExpectation ExpectRegexAt(const std::string& pointer, const std::string& regex) {
  ObjectExpectation expectation;
  FieldMatcher matcher;
  matcher.kind = FieldMatcher::Kind::kRegex;
  matcher.regex = regex;
  expectation.fields[pointer] = matcher;
  return expectation;
}

// std::regex recursed once per character and crashed the runner on a 20 KB value.
TEST(RegexHostileTest, ALongValueIsMatchedWithoutRecursion) {
  kube::Json object = {{"spec", {{"prefix", std::string(200000, 'a') + "b"}}}};
  EXPECT_FALSE(MatchObject(ExpectRegexAt("/spec/prefix", "^(a|b)*$"), object).has_value());
  auto mismatch = MatchObject(ExpectRegexAt("/spec/prefix", "^(a|c)*$"), object);
  ASSERT_TRUE(mismatch.has_value());
  EXPECT_NE(mismatch->message.find("does not match"), std::string::npos);
}

// `^/(a+)+b$` against forty a's ran for minutes in a backtracking engine.
TEST(RegexHostileTest, NestedQuantifiersDoNotBacktrackExponentially) {
  kube::Json object = {{"spec", {{"path", "/" + std::string(40, 'a')}}}};
  auto mismatch = MatchObject(ExpectRegexAt("/spec/path", "^/(a+)+b$"), object);
  ASSERT_TRUE(mismatch.has_value());
  auto regex = kube::Regex::Compile("^(a*)*c$");
  ASSERT_TRUE(regex.ok());
  EXPECT_FALSE(regex->Search(std::string(100000, 'a')));
}

TEST(RegexHostileTest, AnInvalidPatternIsAClearMismatchNotAThrow) {
  kube::Json object = {{"spec", {{"x", "abc"}}}};
  auto mismatch = MatchObject(ExpectRegexAt("/spec/x", "(unclosed"), object);
  ASSERT_TRUE(mismatch.has_value());
  EXPECT_NE(mismatch->message.find("invalid regular expression \"(unclosed\": missing )"),
            std::string::npos)
      << mismatch->message;
  EXPECT_FALSE(kube::Regex::Compile("a(?=b)").ok());  // lookaround is not RE2
}

}  // namespace
}  // namespace runner
