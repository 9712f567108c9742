// Tests for UnifiedDiff (exact hunks, context, newline handling, minimality, the bounded
// fallback) and FirstDifferingPath.
#include "runner/diff.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <random>
#include <string>
#include <string_view>
#include <vector>

namespace runner {
namespace {

std::vector<std::string> SplitKeepingNewlines(std::string_view text) {
  std::vector<std::string> lines;
  size_t start = 0;
  while (start < text.size()) {
    size_t newline = text.find('\n', start);
    size_t end = newline == std::string_view::npos ? text.size() : newline + 1;
    lines.emplace_back(text.substr(start, end - start));
    start = end;
  }
  return lines;
}

// Applies a unified diff to `old_text`; returns "<patch error>" if the diff does not fit.
std::string ApplyPatch(std::string_view old_text, std::string_view diff) {
  std::vector<std::string> old_lines = SplitKeepingNewlines(old_text);
  std::vector<std::string> diff_lines = SplitKeepingNewlines(diff);
  // Fold "\ No newline at end of file" into the line before it.
  std::vector<std::string> body;
  for (size_t i = 2; i < diff_lines.size(); ++i) {
    if (diff_lines[i].starts_with("\\")) {
      if (!body.empty() && body.back().ends_with("\n")) body.back().pop_back();
      continue;
    }
    body.push_back(diff_lines[i]);
  }
  std::string result;
  size_t old_pos = 0;
  for (const std::string& line : body) {
    if (line.starts_with("@@")) {
      int start = 0;
      int count = 1;
      if (std::sscanf(line.c_str(), "@@ -%d,%d", &start, &count) < 1) return "<patch error>";
      size_t first = count == 0 ? start : start - 1;
      if (first < old_pos || first > old_lines.size()) return "<patch error>";
      for (; old_pos < first; ++old_pos) result += old_lines[old_pos];
      continue;
    }
    std::string content = line.substr(1);
    if (line[0] == '+') {
      result += content;
      continue;
    }
    if (old_pos >= old_lines.size() || old_lines[old_pos] != content) return "<patch error>";
    if (line[0] == ' ') result += content;
    ++old_pos;
  }
  for (; old_pos < old_lines.size(); ++old_pos) result += old_lines[old_pos];
  return result;
}

int CountChangedLines(std::string_view diff) {
  int changed = 0;
  std::vector<std::string> lines = SplitKeepingNewlines(diff);
  for (size_t i = 2; i < lines.size(); ++i) {
    if (lines[i].starts_with("+") || lines[i].starts_with("-")) ++changed;
  }
  return changed;
}

// The minimal number of inserted plus deleted lines, by the textbook LCS table.
int EditDistance(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  std::vector<std::vector<int>> lcs(a.size() + 1, std::vector<int>(b.size() + 1, 0));
  for (size_t i = 1; i <= a.size(); ++i) {
    for (size_t j = 1; j <= b.size(); ++j) {
      lcs[i][j] =
          a[i - 1] == b[j - 1] ? lcs[i - 1][j - 1] + 1 : std::max(lcs[i - 1][j], lcs[i][j - 1]);
    }
  }
  return static_cast<int>(a.size() + b.size()) - 2 * lcs[a.size()][b.size()];
}

std::string NumberedLines(int count) {
  std::string text;
  for (int i = 1; i <= count; ++i) text += std::to_string(i) + "\n";
  return text;
}

TEST(DiffTest, IdenticalInputsGiveEmptyDiff) {
  EXPECT_EQ(UnifiedDiff("", ""), "");
  EXPECT_EQ(UnifiedDiff("a\nb\n", "a\nb\n"), "");
}

TEST(DiffTest, OneChangedLineWithContext) {
  EXPECT_EQ(UnifiedDiff("a\nb\nc\n", "a\nB\nc\n"),
            "--- expected\n"
            "+++ actual\n"
            "@@ -1,3 +1,3 @@\n"
            " a\n"
            "-b\n"
            "+B\n"
            " c\n");
}

TEST(DiffTest, UsesTheLabels) {
  EXPECT_EQ(UnifiedDiff("a\n", "b\n", "want.yaml", "got.yaml"),
            "--- want.yaml\n+++ got.yaml\n@@ -1 +1 @@\n-a\n+b\n");
}

TEST(DiffTest, ContextIsLimited) {
  std::string actual = NumberedLines(10);
  actual.replace(actual.find("5\n"), 2, "X\n");
  EXPECT_EQ(UnifiedDiff(NumberedLines(10), actual, "e", "a", 1),
            "--- e\n+++ a\n@@ -4,3 +4,3 @@\n 4\n-5\n+X\n 6\n");
}

TEST(DiffTest, DistantChangesGetSeparateHunks) {
  std::string actual = NumberedLines(20);
  actual.replace(actual.find("\n2\n") + 1, 2, "B\n");
  actual.replace(actual.find("\n18\n") + 1, 3, "R\n");
  EXPECT_EQ(UnifiedDiff(NumberedLines(20), actual),
            "--- expected\n+++ actual\n"
            "@@ -1,5 +1,5 @@\n 1\n-2\n+B\n 3\n 4\n 5\n"
            "@@ -15,6 +15,6 @@\n 15\n 16\n 17\n-18\n+R\n 19\n 20\n");
}

TEST(DiffTest, NearbyChangesShareAHunk) {
  std::string actual = NumberedLines(12);
  actual.replace(actual.find("\n4\n") + 1, 2, "D\n");
  actual.replace(actual.find("\n10\n") + 1, 3, "J\n");
  EXPECT_EQ(UnifiedDiff(NumberedLines(12), actual),
            "--- expected\n+++ actual\n"
            "@@ -1,12 +1,12 @@\n 1\n 2\n 3\n-4\n+D\n 5\n 6\n 7\n 8\n 9\n-10\n+J\n 11\n 12\n");
}

TEST(DiffTest, InsertionIntoEmptyText) {
  EXPECT_EQ(UnifiedDiff("", "a\nb\n"), "--- expected\n+++ actual\n@@ -0,0 +1,2 @@\n+a\n+b\n");
}

TEST(DiffTest, DeletionWithoutContext) {
  EXPECT_EQ(UnifiedDiff("a\nb\nc\n", "a\nc\n", "e", "a", 0), "--- e\n+++ a\n@@ -2 +1,0 @@\n-b\n");
}

TEST(DiffTest, InsertionWithoutContext) {
  EXPECT_EQ(UnifiedDiff("a\nc\n", "a\nb\nc\n", "e", "a", 0), "--- e\n+++ a\n@@ -1,0 +2 @@\n+b\n");
}

TEST(DiffTest, MarksMissingFinalNewline) {
  EXPECT_EQ(UnifiedDiff("a\nb", "a\nb\n"),
            "--- expected\n+++ actual\n@@ -1,2 +1,2 @@\n a\n-b\n"
            "\\ No newline at end of file\n+b\n");
}

TEST(DiffTest, DeletionsComeBeforeInsertions) {
  EXPECT_EQ(UnifiedDiff("x\na\nb\ny\n", "x\nc\nd\ny\n"),
            "--- expected\n+++ actual\n@@ -1,4 +1,4 @@\n x\n-a\n-b\n+c\n+d\n y\n");
}

TEST(DiffTest, IsMinimalOnTheClassicExample) {
  std::string diff = UnifiedDiff("A\nB\nC\nA\nB\nB\nA\n", "C\nB\nA\nB\nA\nC\n");
  EXPECT_EQ(CountChangedLines(diff), 5);
  EXPECT_EQ(ApplyPatch("A\nB\nC\nA\nB\nB\nA\n", diff), "C\nB\nA\nB\nA\nC\n");
}

TEST(DiffTest, RandomInputsPatchBackAndAreMinimal) {
  std::mt19937 random(12345);
  std::uniform_int_distribution<int> length(0, 12);
  std::uniform_int_distribution<int> letter(0, 3);
  auto random_text = [&] {
    std::string text;
    for (int i = length(random); i > 0; --i) text += std::string(1, 'a' + letter(random)) + "\n";
    if (!text.empty() && letter(random) == 0) text.pop_back();
    return text;
  };
  for (int round = 0; round < 500; ++round) {
    std::string old_text = random_text();
    std::string new_text = random_text();
    int context = round % 4;
    std::string diff = UnifiedDiff(old_text, new_text, "expected", "actual", context);
    ASSERT_EQ(ApplyPatch(old_text, diff), new_text) << diff;
    ASSERT_EQ(CountChangedLines(diff),
              EditDistance(SplitKeepingNewlines(old_text), SplitKeepingNewlines(new_text)))
        << diff;
  }
}

TEST(DiffTest, HugeUnrelatedInputsFallBackToACorrectDiff) {
  std::string old_text;
  std::string new_text;
  for (int i = 0; i < 20000; ++i) {
    old_text += "old " + std::to_string(i) + "\n";
    new_text += "new " + std::to_string(i) + "\n";
  }
  old_text = "same head\n" + old_text + "same tail\n";
  new_text = "same head\n" + new_text + "same tail\n";
  std::string diff = UnifiedDiff(old_text, new_text);
  EXPECT_EQ(CountChangedLines(diff), 40000);
  EXPECT_TRUE(diff.starts_with("--- expected\n+++ actual\n@@ -1,20002 +1,20002 @@\n same head\n"));
  EXPECT_EQ(ApplyPatch(old_text, diff), new_text);
}

TEST(DiffTest, HugeSimilarInputsStayMinimal) {
  std::string old_text = NumberedLines(200000);
  std::string new_text = old_text;
  new_text.replace(new_text.find("\n1000\n") + 1, 5, "x\n");
  new_text.replace(new_text.find("\n150000\n") + 1, 7, "y\n");
  std::string diff = UnifiedDiff(old_text, new_text);
  EXPECT_EQ(CountChangedLines(diff), 4);
  EXPECT_EQ(ApplyPatch(old_text, diff), new_text);
}

using kube::Json;

TEST(DiffFirstDifferingPathTest, EqualDocumentsGiveEmptyPath) {
  Json doc = Json::parse(R"({"a": [1, {"b": null}], "c": "x"})");
  EXPECT_EQ(FirstDifferingPath(doc, doc), "");
  EXPECT_EQ(FirstDifferingPath(Json::parse("1"), Json::parse("1.0")), "");
}

TEST(DiffFirstDifferingPathTest, NestedObjects) {
  EXPECT_EQ(FirstDifferingPath(Json::parse(R"({"spec": {"a": 1, "b": {"c": 2}}})"),
                               Json::parse(R"({"spec": {"a": 1, "b": {"c": 3}}})")),
            "/spec/b/c");
}

TEST(DiffFirstDifferingPathTest, FirstInKeyOrder) {
  EXPECT_EQ(FirstDifferingPath(Json::parse(R"({"z": 1, "b": 1, "m": 1})"),
                               Json::parse(R"({"z": 2, "b": 1, "m": 2})")),
            "/m");
}

TEST(DiffFirstDifferingPathTest, MissingAndExtraKeys) {
  EXPECT_EQ(FirstDifferingPath(Json::parse(R"({"a": 1, "b": 2})"), Json::parse(R"({"b": 2})")),
            "/a");
  EXPECT_EQ(FirstDifferingPath(Json::parse(R"({"b": 2})"), Json::parse(R"({"a": 1, "b": 2})")),
            "/a");
  EXPECT_EQ(FirstDifferingPath(Json::parse(R"({"b": 2, "d": 1})"),
                               Json::parse(R"({"b": 2, "c": 1, "d": 1})")),
            "/c");
}

TEST(DiffFirstDifferingPathTest, Arrays) {
  EXPECT_EQ(FirstDifferingPath(Json::parse("[1, 2, 3]"), Json::parse("[1, 5, 3]")), "/1");
  EXPECT_EQ(FirstDifferingPath(Json::parse("[1, 2]"), Json::parse("[1, 2, 3]")), "/2");
  EXPECT_EQ(FirstDifferingPath(Json::parse("[1, 2, 3]"), Json::parse("[1]")), "/1");
  EXPECT_EQ(FirstDifferingPath(Json::parse(R"({"items": [{"name": "a"}, {"name": "b"}]})"),
                               Json::parse(R"({"items": [{"name": "a"}, {"name": "c"}]})")),
            "/items/1/name");
}

TEST(DiffFirstDifferingPathTest, TypeMismatchIsReportedWhereTypesDiffer) {
  EXPECT_EQ(FirstDifferingPath(Json::parse(R"({"a": 1})"), Json::parse(R"({"a": "1"})")), "/a");
  EXPECT_EQ(FirstDifferingPath(Json::parse(R"({"a": [1]})"), Json::parse(R"({"a": {"0": 1}})")),
            "/a");
  EXPECT_EQ(FirstDifferingPath(Json::parse(R"({"a": null})"), Json::parse(R"({"a": {}})")), "/a");
}

TEST(DiffFirstDifferingPathTest, EscapesPointerTokens) {
  EXPECT_EQ(FirstDifferingPath(Json::parse(R"({"a/b": {"c~d": 1}})"),
                               Json::parse(R"({"a/b": {"c~d": 2}})")),
            "/a~1b/c~0d");
}

}  // namespace
}  // namespace runner
