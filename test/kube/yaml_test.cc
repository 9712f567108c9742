// YAML to JSON (scalar typing as Kubernetes' go-yaml v2 based decoder does it, keys, duplicate
// keys, merge keys, aliases, multiple documents, line tracking, errors) and JSON to YAML
// (quoting, block style, literal blocks, and the round trip ParseYamlDocument(ToYaml(x)) == x).
#include "kube/yaml.h"
#include "yaml_flow.h"

#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "status_matchers.h"

namespace kube {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::StartsWith;

Json J(std::string_view text) { return Json::parse(text); }

Json MustParse(std::string_view yaml) {
  StatusOr<Json> parsed = ParseYamlDocument(yaml, "test.yaml");
  EXPECT_OK(parsed) << yaml;
  return parsed.ok() ? *parsed : Json("<parse failed>");
}

// The JSON value of `scalar` written as the value of key "v".
Json ValueOf(std::string_view scalar) {
  Json document = MustParse("v: " + std::string(scalar) + "\n");
  return document.is_object() && document.contains("v") ? document["v"] : Json("<missing>");
}

// The member name that `key` becomes.
std::string KeyOf(std::string_view key) {
  Json document = MustParse(std::string(key) + ": x\n");
  if (!document.is_object() || document.size() != 1) return "<no single key>";
  return document.begin().key();
}

// ---------------------------------------------------------------------------------------------
// Scalar typing.

TEST(YamlScalarTest, Yaml11BooleansInEveryCaseVariant) {
  for (std::string_view word :
       {"true", "True", "TRUE", "yes", "Yes", "YES", "y", "Y", "on", "On", "ON"}) {
    EXPECT_EQ(ValueOf(word), Json(true)) << word;
  }
  for (std::string_view word :
       {"false", "False", "FALSE", "no", "No", "NO", "n", "N", "off", "Off", "OFF"}) {
    EXPECT_EQ(ValueOf(word), Json(false)) << word;
  }
}

TEST(YamlScalarTest, MixedCaseWordsStayStrings) {
  for (std::string_view word : {"tRUE", "yEs", "oN", "nO", "NuLL", "nan", "inf", "Yess", "t"}) {
    EXPECT_EQ(ValueOf(word), Json(std::string(word))) << word;
  }
}

TEST(YamlScalarTest, Nulls) {
  for (std::string_view word : {"~", "null", "Null", "NULL", ""}) {
    EXPECT_EQ(ValueOf(word), Json(nullptr)) << "'" << word << "'";
  }
  EXPECT_EQ(MustParse("a:\nb: 1\n"), J(R"({"a": null, "b": 1})"));
}

TEST(YamlScalarTest, IntegersInEveryGoYamlForm) {
  struct Case {
    std::string_view text;
    Json expected;
  };
  const Case cases[] = {
      {"0", 0},
      {"42", 42},
      {"+42", 42},
      {"-42", -42},
      {"0x1F", 31},
      {"0X1f", 31},
      {"-0x10", -16},
      {"0o17", 15},
      {"0O17", 15},
      {"017", 15},  // YAML 1.1 octal
      {"-017", -15},
      {"0b101", 5},
      {"-0b101", -5},
      {"1_000_000", 1000000},
      {"0x_FF", 255},
      {"1__0", 10},
      {"1_", 1},
      {"08", 8},  // not octal: read as the float 8, which JSON writes as 8
      {"9223372036854775807", std::numeric_limits<int64_t>::max()},
      {"-9223372036854775808", std::numeric_limits<int64_t>::min()},
      {"9223372036854775808", uint64_t{9223372036854775808u}},
      {"18446744073709551615", std::numeric_limits<uint64_t>::max()},
      {"0xFFFFFFFFFFFFFFFF", std::numeric_limits<uint64_t>::max()},
  };
  for (const Case& c : cases) {
    Json value = ValueOf(c.text);
    EXPECT_EQ(value, c.expected) << c.text;
    EXPECT_TRUE(value.is_number_integer()) << c.text << " gave " << value;
  }
}

TEST(YamlScalarTest, Floats) {
  EXPECT_EQ(ValueOf("1.5"), Json(1.5));
  EXPECT_EQ(ValueOf("-0.25"), Json(-0.25));
  EXPECT_EQ(ValueOf(".5"), Json(0.5));
  EXPECT_EQ(ValueOf("-.5"), Json(-0.5));
  EXPECT_EQ(ValueOf("+.5e1"), Json(5));
  EXPECT_EQ(ValueOf("1.5e-3"), Json(0.0015));
  EXPECT_EQ(ValueOf("6.02E23"), Json(6.02e23));
  EXPECT_EQ(ValueOf("1_0.5"), Json(10.5));
  EXPECT_EQ(ValueOf("1e-400"), Json(0));  // underflow is zero, as strconv.ParseFloat gives
  EXPECT_TRUE(ValueOf("0.1").is_number_float());
}

TEST(YamlScalarTest, IntegralFloatsBecomeIntegersLikeKubernetesJson) {
  for (std::string_view text : {"1.0", "1.", "1e3", "2.5e1", "-0.0"}) {
    Json value = ValueOf(text);
    EXPECT_TRUE(value.is_number_integer()) << text << " gave " << value;
  }
  EXPECT_EQ(ValueOf("1e3"), Json(1000));
  EXPECT_EQ(ValueOf("18446744073709551616"), Json(18446744073709551616.0));
  EXPECT_TRUE(ValueOf("1e21").is_number_float());
  EXPECT_TRUE(ValueOf("18446744073709551616").is_number_float());
}

TEST(YamlScalarTest, NumberLookalikesStayStrings) {
  for (std::string_view text : {"0x",
                                "0xG",
                                "0b2",
                                "0o8",
                                "1.2.3",
                                "1e",
                                "e5",
                                "._5",
                                ".",
                                "+",
                                "_1",
                                "1:20",
                                "1,000",
                                "12abc",
                                "0x1p3",
                                "1e400",
                                "-1e400",
                                "2001-12-14",
                                "2001-12-14T21:59:43.10Z",
                                "2001-12-14 21:59:43.10",
                                "v1.2",
                                "1 2"}) {
    EXPECT_EQ(ValueOf(text), Json(std::string(text))) << text;
  }
}

TEST(YamlScalarTest, InfinityAndNanAreErrorsNamingTheLine) {
  for (std::string_view text :
       {".inf", ".Inf", ".INF", "+.inf", "-.inf", "-.INF", ".nan", ".NaN", ".NAN"}) {
    EXPECT_THAT(ParseYamlDocument("a: 1\nb: " + std::string(text) + "\n", "f.yaml"),
                StatusIs(StatusReason::kBadRequest, StartsWith("f.yaml:2:4: ")))
        << text;
  }
  EXPECT_THAT(ParseYamlDocument("- .inf\n", "f.yaml"),
              StatusIs(StatusReason::kBadRequest, HasSubstr("not representable in JSON")));
}

TEST(YamlScalarTest, QuotedAndBlockScalarsStayStrings) {
  EXPECT_EQ(ValueOf("\"true\""), Json("true"));
  EXPECT_EQ(ValueOf("'5'"), Json("5"));
  EXPECT_EQ(ValueOf("\"\""), Json(""));
  EXPECT_EQ(ValueOf("'null'"), Json("null"));
  EXPECT_EQ(ValueOf("\"0x10\""), Json("0x10"));
  EXPECT_EQ(ValueOf("\".inf\""), Json(".inf"));
  EXPECT_EQ(MustParse("v: |\n  5\n"), J(R"({"v": "5\n"})"));
  EXPECT_EQ(MustParse("v: >-\n  yes\n"), J(R"({"v": "yes"})"));
}

TEST(YamlScalarTest, ExplicitTags) {
  EXPECT_EQ(ValueOf("!!str 5"), Json("5"));
  EXPECT_EQ(ValueOf("!!str true"), Json("true"));
  EXPECT_EQ(ValueOf("!!str"), Json(""));
  EXPECT_EQ(ValueOf("!!int \"5\""), Json(5));
  EXPECT_EQ(ValueOf("!!float 2"), Json(2.0));
  EXPECT_EQ(ValueOf("!!float 2.5"), Json(2.5));
  EXPECT_EQ(ValueOf("!!bool 'yes'"), Json(true));
  EXPECT_EQ(ValueOf("!!null ''"), Json(nullptr));
  EXPECT_EQ(ValueOf("!!timestamp 2001-12-14"), Json("2001-12-14"));
  EXPECT_EQ(ValueOf("!!binary aGVsbG8="), Json("hello"));
  EXPECT_EQ(ValueOf("!custom 5"), Json("5"));
  EXPECT_EQ(ValueOf("! 5"), Json("5"));
  EXPECT_EQ(ValueOf("!<tag:yaml.org,2002:int> 7"), Json(7));
}

TEST(YamlScalarTest, TagsThatDoNotFitTheValueAreErrors) {
  EXPECT_THAT(ParseYamlDocument("a: !!int abc\n", "t.yaml"),
              StatusIs(StatusReason::kBadRequest,
                       HasSubstr("t.yaml:1:4: cannot decode !!str `abc` as a !!int")));
  EXPECT_THAT(
      ParseYamlDocument("a: !!bool 1\n", "t.yaml"),
      StatusIs(StatusReason::kBadRequest, HasSubstr("cannot decode !!int `1` as a !!bool")));
  EXPECT_THAT(ParseYamlDocument("a: !!null x\n", "t.yaml"), StatusIs(StatusReason::kBadRequest));
  EXPECT_THAT(ParseYamlDocument("a: !!timestamp soon\n", "t.yaml"),
              StatusIs(StatusReason::kBadRequest));
  EXPECT_THAT(ParseYamlDocument("a: !!binary '***'\n", "t.yaml"),
              StatusIs(StatusReason::kBadRequest, HasSubstr("invalid base64")));
}

TEST(YamlScalarTest, MergeWordIsAStringValue) { EXPECT_EQ(ValueOf("<<"), Json("<<")); }

// ---------------------------------------------------------------------------------------------
// Keys.

TEST(YamlKeyTest, NonStringKeysBecomeStringsLikeSigsK8sYaml) {
  EXPECT_EQ(KeyOf("1"), "1");
  EXPECT_EQ(KeyOf("0x10"), "16");
  EXPECT_EQ(KeyOf("-5"), "-5");
  EXPECT_EQ(KeyOf("yes"), "true");
  EXPECT_EQ(KeyOf("on"), "true");
  EXPECT_EQ(KeyOf("No"), "false");
  EXPECT_EQ(KeyOf("y"), "true");  // a YAML 1.1 boolean, so `y:` is the member "true"
  EXPECT_EQ(KeyOf("n"), "false");
  EXPECT_EQ(KeyOf("1.5"), "1.5");
  EXPECT_EQ(KeyOf("1.0"), "1");
  EXPECT_EQ(KeyOf("0.1"), "0.1");
  EXPECT_EQ(KeyOf("123456.0"), "123456");
  EXPECT_EQ(KeyOf("1e6"), "1e+06");
  EXPECT_EQ(KeyOf("0.00001"), "1e-05");
  EXPECT_EQ(KeyOf("3.14159265358979"), "3.1415927");  // formatted as a 32-bit float
  EXPECT_EQ(KeyOf(".inf"), ".inf");
  EXPECT_EQ(KeyOf("-.inf"), "-.inf");
  EXPECT_EQ(KeyOf(".nan"), ".nan");
  EXPECT_EQ(KeyOf("\"yes\""), "yes");
  EXPECT_EQ(KeyOf("'1.0'"), "1.0");
  EXPECT_EQ(KeyOf("2001-12-14"), "2001-12-14");
}

TEST(YamlKeyTest, UnrepresentableKeysAreErrors) {
  EXPECT_THAT(ParseYamlDocument("~: x\n", "k.yaml"),
              StatusIs(StatusReason::kBadRequest, HasSubstr("k.yaml:1:1: a null map key")));
  EXPECT_THAT(ParseYamlDocument("a: 1\n? [1, 2]\n: x\n", "k.yaml"),
              StatusIs(StatusReason::kBadRequest, HasSubstr("k.yaml:2:3: a mapping or sequence")));
  EXPECT_THAT(ParseYamlDocument("18446744073709551615: x\n", "k.yaml"),
              StatusIs(StatusReason::kBadRequest, HasSubstr("too large")));
}

TEST(YamlKeyTest, DuplicateKeysAreErrorsNamingBothLines) {
  EXPECT_THAT(ParseYamlDocument("a: 1\nb: 2\na: 3\n", "d.yaml"),
              StatusIs(StatusReason::kBadRequest,
                       HasSubstr("d.yaml:3:1: duplicate key \"a\" (first defined at line 1)")));
  EXPECT_THAT(ParseYamlDocument("spec:\n  x: 1\n  \"x\": 2\n", "d.yaml"),
              StatusIs(StatusReason::kBadRequest, HasSubstr("d.yaml:3:3: duplicate key \"x\"")));
  EXPECT_THAT(ParseYamlDocument("1: a\n0x1: b\n", "d.yaml"),
              StatusIs(StatusReason::kBadRequest, HasSubstr("duplicate key \"1\"")));
  EXPECT_THAT(ParseYamlDocument("{a: 1, a: 2}", "d.yaml"), StatusIs(StatusReason::kBadRequest));
  EXPECT_OK(ParseYamlDocument("a: {x: 1}\nb: {x: 1}\n", "d.yaml"));
}

// ---------------------------------------------------------------------------------------------
// Anchors, aliases and merge keys.

TEST(YamlAliasTest, AliasesCopyTheAnchoredValue) {
  EXPECT_EQ(MustParse("base: &b {x: 1, v: [a]}\ncopy: *b\nitems: [*b, *b]\n"),
            J(R"({"base": {"x": 1, "v": ["a"]}, "copy": {"x": 1, "v": ["a"]},
                  "items": [{"x": 1, "v": ["a"]}, {"x": 1, "v": ["a"]}]})"));
}

// yaml-cpp notices an unclosed flow collection only on the next line (or at the end); the
// error names the line and column of the bracket instead (issue 11: errors one line late).
TEST(YamlErrorLineTest, AnUnclosedFlowCollectionIsReportedWhereItOpens) {
  EXPECT_THAT(ParseYamlDocument("a: 1\nb: [1, 2\nc: 3\n", "f.yaml"),
              StatusIs(StatusReason::kBadRequest,
                       HasSubstr("f.yaml:2:4: end of sequence flow not found: this '[' is never "
                                 "closed")));
  EXPECT_THAT(ParseYamlDocument("---\na: 1\nb: [1, 2\n", "f.yaml"),
              StatusIs(StatusReason::kBadRequest, HasSubstr("f.yaml:3:4: end of sequence flow")));
  EXPECT_THAT(ParseYamlDocument("a: {x: [1], y: \"]}\" # ]\nc: 3\n", "f.yaml"),
              StatusIs(StatusReason::kBadRequest,
                       HasSubstr("f.yaml:1:4: end of map flow not found: this '{' is never")));
}

TEST(YamlFlowTest, UnclosedFlowStartSkipsQuotesCommentsAndClosedPairs) {
  using internal::UnclosedFlowStart;
  std::string_view text = "a: [x, 'it''s ]', \"\\\" ]\", {b: c}  # ]\n  d\n";
  auto start = UnclosedFlowStart(text, text.size(), '[');
  ASSERT_TRUE(start);
  EXPECT_EQ(start->line, 1);
  EXPECT_EQ(start->column, 4);
  EXPECT_FALSE(UnclosedFlowStart("a: [1]\n", 7, '['));
  EXPECT_FALSE(UnclosedFlowStart("a: [1\n", 6, '{'));
}

// JSON (read as YAML) writes characters beyond U+FFFF as UTF-16 surrogate pairs.
TEST(YamlSurrogateTest, ValidPairsAreAcceptedAsOneCharacter) {
  EXPECT_EQ(MustParse(R"({"a": "\ud83d\udca9", "b": "x\uD83D\uDCA9y\u00e9"})"),
            J("{\"a\": \"\xF0\x9F\x92\xA9\", \"b\": \"x\xF0\x9F\x92\xA9y\xC3\xA9\"}"));
  EXPECT_EQ(MustParse("a: \"\\ud83d\\udca9\"\n"), J("{\"a\": \"\xF0\x9F\x92\xA9\"}"));
}

TEST(YamlSurrogateTest, OutsideDoubleQuotesTheTextIsLeftAlone) {
  // Plain and single-quoted scalars have no escapes; a comment is not a scalar.
  EXPECT_EQ(MustParse("a: x\\ud83d\\udca9\nb: '\\ud83d\\udca9'  # \"\\ud83d\\udca9\"\n"),
            J(R"({"a": "x\\ud83d\\udca9", "b": "\\ud83d\\udca9"})"));
}

TEST(YamlSurrogateTest, ALoneSurrogateIsAClearError) {
  EXPECT_THAT(
      ParseYamlDocument(R"({"a": "\ud83d x"})", "s.json"),
      StatusIs(StatusReason::kBadRequest,
               AllOf(HasSubstr("s.json:1:"), HasSubstr("a lone UTF-16 surrogate \\uD83D"))));
  EXPECT_THAT(ParseYamlDocument(R"({"a": "\udca9\ud83d"})", "s.json"),
              StatusIs(StatusReason::kBadRequest, HasSubstr("lone UTF-16 surrogate \\uDCA9")));
}

TEST(YamlAliasTest, AnAliasInsideItsOwnAnchorIsAnError) {
  EXPECT_THAT(ParseYamlDocument("a: &x [1, *x]\n", "c.yaml"),
              StatusIs(StatusReason::kBadRequest, HasSubstr("refers to a node that contains it")));
  EXPECT_THAT(ParseYamlDocument("a: &x {b: *x}\n", "c.yaml"), StatusIs(StatusReason::kBadRequest));
  EXPECT_THAT(ParseYamlDocument("a: &x {<<: *x}\n", "c.yaml"), StatusIs(StatusReason::kBadRequest));
}

TEST(YamlAliasTest, ExponentialAliasExpansionIsStopped) {
  std::string yaml = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n";
  for (int i = 1; i < 12; ++i) {
    yaml += fmt::format("a{}: &a{} [*a{}, *a{}, *a{}, *a{}, *a{}, *a{}, *a{}, *a{}, *a{}, *a{}]\n",
                        i, i, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1);
  }
  EXPECT_THAT(ParseYamlDocument(yaml, "bomb.yaml"),
              StatusIs(StatusReason::kBadRequest, HasSubstr("too many nodes")));
}

// A large string aliased many times: few nodes, many bytes (issue 11: 3.6 GB from 1 MiB).
std::string AliasedString(size_t string_bytes, int copies) {
  std::string yaml = "big: &big " + std::string(string_bytes, 'x') + "\nrow: [";
  for (int i = 0; i < copies; ++i) yaml += i == 0 ? "*big" : ", *big";
  return yaml + "]\n";
}

TEST(YamlAliasTest, AliasExpansionIsBoundedInBytes) {
  YamlLimits limits;
  limits.max_expanded_bytes = 100'000;
  // 1000 bytes in 200 copies: 201000 bytes once expanded, in 202 nodes.
  EXPECT_THAT(ParseYamlDocument(AliasedString(1000, 200), "bytes.yaml", limits),
              StatusIs(StatusReason::kBadRequest,
                       AllOf(HasSubstr("bytes.yaml:1:6:"),  // the anchored node
                             HasSubstr("larger than 100000 bytes once its aliases are expanded"))));
  EXPECT_TRUE(ParseYamlDocument(AliasedString(1000, 90), "bytes.yaml", limits).ok());
}

TEST(YamlAliasTest, TheDefaultByteLimitStopsAnAliasedMegabyte) {
  // The issue's case: 1 MiB aliased 64 times is 64 MiB plus the original: over 64 MiB.
  EXPECT_THAT(ParseYamlDocument(AliasedString(1 << 20, 64), "mib.yaml"),
              StatusIs(StatusReason::kBadRequest, HasSubstr("larger than 67108864 bytes")));
}

TEST(YamlAliasTest, AStreamWithoutAliasesIsNeverLimitedByBytes) {
  YamlLimits limits;
  limits.max_expanded_bytes = 10;
  // Member names count too, but a stream may always reach twice its own size.
  std::string yaml = "a: " + std::string(5000, 'x') + "\n---\nb: " + std::string(5000, 'y') + "\n";
  auto documents = ParseYamlDocuments(yaml, "plain.yaml", limits);
  ASSERT_TRUE(documents.ok()) << documents.status().message();
  EXPECT_EQ(documents->size(), 2u);
}

TEST(YamlAliasTest, TheDefaultLimitCanBeChangedForTheProcess) {
  YamlLimits before = DefaultYamlLimits();
  EXPECT_EQ(before.max_expanded_bytes, kDefaultMaxYamlExpandedBytes);
  SetDefaultYamlLimits(YamlLimits{100'000});
  auto result = ParseYamlDocument(AliasedString(1000, 200), "bytes.yaml");
  SetDefaultYamlLimits(before);
  EXPECT_THAT(result, StatusIs(StatusReason::kBadRequest, HasSubstr("larger than 100000 bytes")));
}

TEST(YamlMergeTest, MergeKeysCopyMembersAndExplicitMembersWin) {
  Json parsed = MustParse(R"(
defaults: &defaults
  image: busybox
  replicas: 1
  labels: {app: web}
first:
  <<: *defaults
  replicas: 3
second:
  replicas: 5
  <<: *defaults
)");
  EXPECT_EQ(parsed["first"], J(R"({"image": "busybox", "replicas": 3, "labels": {"app": "web"}})"));
  EXPECT_EQ(parsed["second"],
            J(R"({"image": "busybox", "replicas": 5, "labels": {"app": "web"}})"));
}

TEST(YamlMergeTest, EarlierMergeSourcesTakePrecedence) {
  Json parsed = MustParse(R"(
a: &a {x: 1, v: 1}
b: &b {v: 2, z: 2}
c:
  <<: [*a, *b]
  w: 0
)");
  EXPECT_EQ(parsed["c"], J(R"({"w": 0, "x": 1, "v": 1, "z": 2})"));
}

TEST(YamlMergeTest, QuotedMergeWordIsAnOrdinaryKey) {
  EXPECT_EQ(MustParse("\"<<\": {a: 1}\n"), J(R"({"<<": {"a": 1}})"));
  EXPECT_EQ(MustParse("m: &m {a: 1}\nmerged: {!!merge <<: *m}\n")["merged"], J(R"({"a": 1})"));
}

TEST(YamlMergeTest, MergeValuesMustBeMappings) {
  EXPECT_THAT(ParseYamlDocument("a:\n  <<: 5\n", "m.yaml"),
              StatusIs(StatusReason::kBadRequest, HasSubstr("m.yaml:2:7: a merge key (<<)")));
  EXPECT_THAT(ParseYamlDocument("a:\n  <<: [{x: 1}, 2]\n", "m.yaml"),
              StatusIs(StatusReason::kBadRequest, HasSubstr("m.yaml:2:16")));
}

// ---------------------------------------------------------------------------------------------
// Documents and lines.

TEST(YamlDocumentsTest, SplitsDocumentsAndSkipsEmptyOnes) {
  StatusOr<std::vector<YamlDocument>> documents = ParseYamlDocuments(
      "# leading comment\n---\n---\nkind: A\n---\n# only a comment\n---\nkind: B\n...\n---\n",
      "multi.yaml");
  ASSERT_OK(documents);
  ASSERT_EQ(documents->size(), 2u);
  EXPECT_EQ((*documents)[0].value, J(R"({"kind": "A"})"));
  EXPECT_EQ((*documents)[0].line, 4);
  EXPECT_EQ((*documents)[1].value, J(R"({"kind": "B"})"));
  EXPECT_EQ((*documents)[1].line, 8);
}

TEST(YamlDocumentsTest, EmptyInputHasNoDocuments) {
  for (std::string_view text : {"", "\n\n", "# nothing\n", "---\n", "---\n...\n"}) {
    StatusOr<std::vector<YamlDocument>> documents = ParseYamlDocuments(text, "e.yaml");
    ASSERT_OK(documents);
    EXPECT_TRUE(documents->empty()) << text;
  }
  EXPECT_THAT(ParseYamlDocument("# nothing\n", "e.yaml"),
              StatusIs(StatusReason::kBadRequest, HasSubstr("e.yaml:1:1: expected one YAML "
                                                            "document, found none")));
}

TEST(YamlDocumentsTest, AnExplicitNullIsADocument) {
  EXPECT_EQ(MustParse("null\n"), Json(nullptr));
  EXPECT_EQ(MustParse("--- ~\n"), Json(nullptr));
  StatusOr<std::vector<YamlDocument>> documents = ParseYamlDocuments("a: 1\n---\n~\n", "n.yaml");
  ASSERT_OK(documents);
  EXPECT_EQ(documents->size(), 2u);
}

TEST(YamlDocumentsTest, LeadingByteOrderMarkIsIgnored) {
  EXPECT_EQ(MustParse("\xEF\xBB\xBF"
                      "a: 1\n"),
            J(R"({"a": 1})"));
  EXPECT_EQ(MustParse("\xEF\xBB\xBF"
                      "null\n"),
            Json(nullptr));
}

TEST(YamlDocumentsTest, ParseYamlDocumentWantsExactlyOne) {
  EXPECT_THAT(ParseYamlDocument("a: 1\n---\nb: 2\n", "two.yaml"),
              StatusIs(StatusReason::kBadRequest,
                       HasSubstr("two.yaml:3:1: expected one YAML document, found 2")));
}

TEST(YamlDocumentsTest, ScalarsAndSequencesAreDocumentsToo) {
  EXPECT_EQ(MustParse("hello\n"), Json("hello"));
  EXPECT_EQ(MustParse("- 1\n- two\n- [3]\n"), J(R"([1, "two", [3]])"));
}

TEST(YamlDocumentsTest, JsonIsYaml) {
  std::string json = R"({"a": [1, 2.5, "x", true, null, {"b": {}}], "c": "yes", "d": -7})";
  EXPECT_EQ(MustParse(json), J(json));
}

TEST(YamlLinesTest, EveryPointerHasItsLine) {
  StatusOr<std::vector<YamlDocument>> documents = ParseYamlDocuments(R"(---
apiVersion: stash.appscode.com/v1beta1
kind: BackupConfiguration
metadata:
  name: demo
spec:
  steps:
  - apply: one
    wait: true
  -
    apply: two
  "a/b": {"m~n": 1}
  empty:
)",
                                                                     "lines.yaml");
  ASSERT_OK(documents);
  ASSERT_EQ(documents->size(), 1u);
  const YamlDocument& document = (*documents)[0];
  EXPECT_EQ(document.line, 2);
  EXPECT_EQ(document.lines.at(""), 2);
  EXPECT_EQ(document.lines.at("/apiVersion"), 2);
  EXPECT_EQ(document.lines.at("/kind"), 3);
  EXPECT_EQ(document.lines.at("/metadata"), 4);
  EXPECT_EQ(document.lines.at("/metadata/name"), 5);
  EXPECT_EQ(document.lines.at("/spec/steps"), 7);
  EXPECT_EQ(document.lines.at("/spec/steps/0"), 8);
  EXPECT_EQ(document.lines.at("/spec/steps/0/apply"), 8);
  EXPECT_EQ(document.lines.at("/spec/steps/0/wait"), 9);
  EXPECT_EQ(document.lines.at("/spec/steps/1/apply"), 11);
  EXPECT_EQ(document.lines.at("/spec/a~1b"), 12);
  EXPECT_EQ(document.lines.at("/spec/a~1b/m~0n"), 12);
  EXPECT_EQ(document.lines.at("/spec/empty"), 13);
  EXPECT_EQ(document.lines.size(), 15u);
}

TEST(YamlLinesTest, LineOfFallsBackToTheNearestAncestor) {
  StatusOr<std::vector<YamlDocument>> documents =
      ParseYamlDocuments("\n\nkind: X\nspec:\n  template:\n    name: y\n", "l.yaml");
  ASSERT_OK(documents);
  const YamlDocument& document = (*documents)[0];
  EXPECT_EQ(document.LineOf("/spec/template/name"), 6);
  EXPECT_EQ(document.LineOf("/spec/template/missing/deeper"), 5);
  EXPECT_EQ(document.LineOf("/spec/nothing"), 4);
  EXPECT_EQ(document.LineOf("/absent"), 3);
  EXPECT_EQ(document.LineOf(""), 3);
  YamlDocument bare;
  bare.line = 9;
  EXPECT_EQ(bare.LineOf("/a/b"), 9);
}

TEST(YamlLinesTest, MergedMembersKeepTheLinesOfTheirSource) {
  StatusOr<std::vector<YamlDocument>> documents =
      ParseYamlDocuments("base: &b\n  x: 1\n  v:\n    z: 2\nuse:\n  <<: *b\n  x: 3\n", "m.yaml");
  ASSERT_OK(documents);
  const YamlDocument& document = (*documents)[0];
  EXPECT_EQ(document.value["use"], J(R"({"x": 3, "v": {"z": 2}})"));
  EXPECT_EQ(document.lines.at("/use/x"), 7);
  EXPECT_EQ(document.lines.at("/use/v"), 3);
  EXPECT_EQ(document.lines.at("/use/v/z"), 4);
}

// ---------------------------------------------------------------------------------------------
// Errors.

TEST(YamlErrorTest, SyntaxErrorsNameSourceLineAndColumn) {
  EXPECT_THAT(ParseYamlDocument("a: 1\nb: [1, 2\n", "s.yaml"),
              StatusIs(StatusReason::kBadRequest, StartsWith("s.yaml:")));
  EXPECT_THAT(ParseYamlDocument("a: 1\n  b: 2\n", "s.yaml"),
              StatusIs(StatusReason::kBadRequest, StartsWith("s.yaml:2:")));
  EXPECT_THAT(ParseYamlDocument("a: b: c\n", "s.yaml"),
              StatusIs(StatusReason::kBadRequest, StartsWith("s.yaml:1:")));
  EXPECT_THAT(ParseYamlDocument("a: *nowhere\n", "s.yaml"), StatusIs(StatusReason::kBadRequest));
  EXPECT_THAT(ParseYamlDocuments("ok: 1\n---\n- [\n", "s.yaml"),
              StatusIs(StatusReason::kBadRequest, StartsWith("s.yaml:")));
}

TEST(YamlErrorTest, DeepNestingIsAnErrorNotACrash) {
  std::string deep = "a: " + std::string(5000, '[') + std::string(5000, ']') + "\n";
  EXPECT_THAT(ParseYamlDocument(deep, "deep.yaml"),
              StatusIs(StatusReason::kBadRequest, HasSubstr("deep.yaml:1:")));
}

// ---------------------------------------------------------------------------------------------
// ToYaml.

TEST(ToYamlTest, WritesBlockStyleInKeyOrder) {
  Json object = J(R"({
    "kind": "Pod",
    "metadata": {"name": "web", "labels": {"app": "web"}},
    "spec": {"containers": [{"name": "c", "args": ["a", "b"], "ports": []}],
             "matrix": [[1, 2], []], "empty": {}, "nothing": null, "on": true,
             "ratio": 0.5}
  })");
  EXPECT_EQ(ToYaml(object),
            "kind: Pod\n"
            "metadata:\n"
            "  labels:\n"
            "    app: web\n"
            "  name: web\n"
            "spec:\n"
            "  containers:\n"
            "  - args:\n"
            "    - a\n"
            "    - b\n"
            "    name: c\n"
            "    ports: []\n"
            "  empty: {}\n"
            "  matrix:\n"
            "  - - 1\n"
            "    - 2\n"
            "  - []\n"
            "  nothing: null\n"
            "  \"on\": true\n"
            "  ratio: 0.5\n");
}

TEST(ToYamlTest, RootScalarsAndEmptyContainers) {
  EXPECT_EQ(ToYaml(Json::object()), "{}\n");
  EXPECT_EQ(ToYaml(Json::array()), "[]\n");
  EXPECT_EQ(ToYaml(Json(nullptr)), "null\n");
  EXPECT_EQ(ToYaml(Json(7)), "7\n");
  EXPECT_EQ(ToYaml(Json("text")), "text\n");
  EXPECT_EQ(ToYaml(Json("true")), "\"true\"\n");
}

TEST(ToYamlTest, QuotesStringsThatWouldChangeMeaning) {
  for (std::string_view text : {"true",
                                "yes",
                                "Y",
                                "off",
                                "null",
                                "~",
                                "",
                                "5",
                                "-5",
                                "1.5",
                                "1e3",
                                "0x1F",
                                "0o7",
                                "017",
                                "08",
                                "1_000",
                                ".5",
                                ".inf",
                                ".NaN",
                                "a: b",
                                "a #b",
                                "key:",
                                " leading",
                                "trailing ",
                                "*/5 * * * *",
                                "*alias",
                                "&anchor",
                                "!tag",
                                "- item",
                                "-",
                                "?",
                                ":",
                                "#comment",
                                "[list]",
                                "{map}",
                                "|",
                                ">",
                                "'single'",
                                "\"double\"",
                                "%directive",
                                "@at",
                                "`tick`",
                                "---",
                                "...",
                                "2001-12-14",
                                "1:20",
                                "<<",
                                "tab\there",
                                "nul\x01",
                                "nel\xC2\x85",
                                "ls\xE2\x80\xA8"}) {
    std::string yaml = ToYaml(Json{{"k", text}});
    EXPECT_THAT(yaml, StartsWith("k: \"")) << "value '" << text << "' as " << yaml;
  }
}

TEST(ToYamlTest, LeavesOrdinaryStringsPlain) {
  for (std::string_view text :
       {"hello", "web-1", "a:b", "a#b", "1.2.3", "v1", "example.com/a", "nginx:1.25", "x=y",
        "CamelCase", "with space", "ünïcode", "yes please"}) {
    EXPECT_EQ(ToYaml(Json{{"k", text}}), "k: " + std::string(text) + "\n") << text;
  }
}

TEST(ToYamlTest, EscapesInsideDoubleQuotes) {
  EXPECT_EQ(ToYaml(Json("\"hi\" \\ bye")), "\"\\\"hi\\\" \\\\ bye\"\n");
  EXPECT_EQ(ToYaml(Json("say \"hi\" \\ bye")), "say \"hi\" \\ bye\n");  // plain is fine here
  EXPECT_EQ(ToYaml(Json("a\tb\x01")), "\"a\\tb\\u0001\"\n");
  EXPECT_EQ(ToYaml(Json("\xEF\xBB\xBFx")), "\"\\uFEFFx\"\n");
}

TEST(ToYamlTest, KeysAreQuotedByTheSameRules) {
  EXPECT_EQ(ToYaml(J(R"({"1": "a", "yes": "b", "a: b": "c", "": "d", "plain": "e"})")),
            "\"\": d\n\"1\": a\n\"a: b\": c\nplain: e\n\"yes\": b\n");
}

TEST(ToYamlTest, MultiLineStringsUseLiteralBlocks) {
  EXPECT_EQ(ToYaml(Json{{"script", "set -e\necho hi\n"}}), "script: |\n  set -e\n  echo hi\n");
  EXPECT_EQ(ToYaml(Json{{"s", "a\nb"}}), "s: |-\n  a\n  b\n");
  EXPECT_EQ(ToYaml(Json{{"s", "a\n\n"}}), "s: |+\n  a\n\n");
  EXPECT_EQ(ToYaml(Json{{"l", Json::array({"x\ny\n"})}}), "l:\n- |\n  x\n  y\n");
  EXPECT_EQ(ToYaml(Json{{"s", " indented\nfirst"}}), "s: \" indented\\nfirst\"\n");
  EXPECT_EQ(ToYaml(Json{{"s", "cr\r\nlf"}}), "s: \"cr\\u000D\\nlf\"\n");
}

// ---------------------------------------------------------------------------------------------
// Round trip.

std::vector<std::string> TrickyStrings() {
  std::vector<std::string> strings = {
      "",
      " ",
      "  ",
      "true",
      "True",
      "yes",
      "no",
      "on",
      "off",
      "y",
      "n",
      "null",
      "~",
      "5",
      "-5",
      "+5",
      "0x10",
      "0o17",
      "017",
      "08",
      "1_000",
      "1e3",
      "1.0",
      ".5",
      "-.5",
      ".inf",
      "-.Inf",
      ".nan",
      "a: b",
      "a:b",
      "a :b",
      "a #b",
      "a#b",
      "#",
      "key:",
      ":key",
      "- x",
      "-x",
      "? x",
      "?x",
      "*/5 * * * *",
      "&a",
      "*a",
      "!a",
      "|",
      ">",
      "'",
      "\"",
      "%",
      "@",
      "`",
      "[",
      "]",
      "{",
      "}",
      ",",
      "a,b",
      "---",
      "...",
      "--- x",
      "... x",
      "2001-12-14",
      "2001-12-14T21:59:43.10Z",
      "1:20",
      "<<",
      "=",
      "tab\tinside",
      "\ttab",
      "trailing\t",
      "nul\x01",
      "del\x7F",
      "back\\slash",
      "quote\"",
      "ünïcödé ✓",
      "nel\xC2\x85",
      "ls\xE2\x80\xA8",
      "ps\xE2\x80\xA9",
      "bom\xEF\xBB\xBF",
      "c1 control\xC2\x91",  // found by fuzz_yaml: U+0091 was written raw
      "first c1\xC2\x80 last c1\xC2\x9F",
      "noncharacters\xEF\xBF\xBE\xEF\xBF\xBF",
      "c1 in a block\n\xC2\x91\n",
      "a \"block\" with \\ud83d\\udca9\nas text\n",  // found by fuzz_yaml
      "line\nbreak",
      "ends with newline\n",
      "two newlines\n\n",
      "\nleading",
      "\n\nleading two",
      "a\n\nb",
      "a\n  indented\nb",
      "a\n   \nb",
      "\n",
      "\n\n",
      " \nx",
      "x\n ",
      "x\n\t",
      "cr\rlf",
      "crlf\r\n",
      "- a\n- b",
      "k: v\nk2: v2",
      "#!/bin/sh\necho $1\n",
      std::string(1500, 'k'),
      "1.2.3",
      "0.0.0.0/0",
      "-",
      "-1",
      "+",
      "..",
      ". x",
  };
  strings.push_back(std::string("embedded\0nul", 12));
  return strings;
}

// Found by fuzz_yaml: yaml-cpp 0.7's LoadAll never returns on a ',' at the top level of a
// document (it adds empty documents forever, until memory runs out). Each is an error naming
// the place, at once.
TEST(YamlTest, TopLevelCommaIsAnErrorNotAnEndlessStream) {
  EXPECT_THAT(
      ParseYamlDocuments(",", "c.yaml"),
      StatusIs(StatusReason::kBadRequest, AllOf(StartsWith("c.yaml:1:1: "), HasSubstr("','"))));
  EXPECT_THAT(ParseYamlDocuments("\"x\",\n", "c.yaml"),
              StatusIs(StatusReason::kBadRequest, StartsWith("c.yaml:1:4: ")));
  EXPECT_THAT(ParseYamlDocuments("a: 1\n---\n{b: 2},\n", "c.yaml"),
              StatusIs(StatusReason::kBadRequest, StartsWith("c.yaml:3:7: ")));
  // Commas inside flow collections, and documents that merely look alike, are untouched.
  StatusOr<std::vector<YamlDocument>> fine = ParseYamlDocuments("[a, b]\n---\n[a, b]\n", "f");
  ASSERT_OK(fine);
  EXPECT_EQ(fine->size(), 2u);
}

// Found by fuzz_http_request: yaml-cpp passed a 0xFF in a key through, and writing the JSON
// threw. Like Go's YAML reader, the stream is rejected, naming the place of the byte.
TEST(YamlTest, InvalidUtf8IsAnErrorNamingThePlace) {
  EXPECT_THAT(
      ParseYamlDocuments("a: 1\nme\xfftadata: {}\n", "u.yaml"),
      StatusIs(StatusReason::kBadRequest, AllOf(StartsWith("u.yaml:2:3: "), HasSubstr("0xFF"))));
  EXPECT_THAT(ParseYamlDocuments("# \xc3\x28\n", "u.yaml"),
              StatusIs(StatusReason::kBadRequest, StartsWith("u.yaml:1:3: ")));
  EXPECT_OK(ParseYamlDocuments("a: \"\xef\xbf\xbd \xc3\xa9\"\n", "u.yaml"));
}

// Found by the libFuzzer run of fuzz_yaml: "\x01\0\0\0\0\0\0\x08" is valid UTF-8, but yaml-cpp
// took it for UTF-32 and produced a string that is not. Like Go's YAML reader, raw control
// characters are refused, naming the place; escaped ones, tab, CR and NEL are fine.
TEST(YamlTest, RawControlCharactersAreAnErrorNamingThePlace) {
  using namespace std::string_literals;
  EXPECT_THAT(
      ParseYamlDocuments("\x01\0\0\0\0\0\0\x08"s, "c.yaml"),
      StatusIs(StatusReason::kBadRequest, AllOf(StartsWith("c.yaml:1:1: "), HasSubstr("U+0001"))));
  EXPECT_THAT(
      ParseYamlDocuments("a: 1\nb: x\x1b[31m\n", "c.yaml"),
      StatusIs(StatusReason::kBadRequest, AllOf(StartsWith("c.yaml:2:5: "), HasSubstr("U+001B"))));
  EXPECT_THAT(ParseYamlDocuments("a: \x7f\n", "c.yaml"),
              StatusIs(StatusReason::kBadRequest, HasSubstr("U+007F")));
  EXPECT_THAT(ParseYamlDocuments("a: \xc2\x80\n", "c.yaml"),
              StatusIs(StatusReason::kBadRequest, HasSubstr("U+0080")));
  EXPECT_THAT(ParseYamlDocuments("a: \xef\xbf\xbf\n", "c.yaml"),
              StatusIs(StatusReason::kBadRequest, HasSubstr("U+FFFF")));
  StatusOr<Json> fine = ParseYamlDocument("a: \"\\x1b\\0\"\r\nb: \"\t\xc2\x85\"\n", "c.yaml");
  ASSERT_OK(fine);
  EXPECT_EQ((*fine)["a"], "\x1b"s + '\0');
  EXPECT_EQ((*fine)["b"], "\t\xc2\x85");
}

// Found by fuzz_yaml: yaml-cpp wrote the escapes \N and \_ as the Latin-1 bytes 0x85 and 0xA0.
TEST(YamlTest, EscapedNelAndNonBreakingSpaceAreUtf8) {
  StatusOr<Json> parsed = ParseYamlDocument("\"k\\N\": \"\\N\\_\\L\\P\\x85\"\n", "e.yaml");
  ASSERT_OK(parsed);
  EXPECT_EQ(*parsed, (Json{{"k\xC2\x85", "\xC2\x85\xC2\xA0\xE2\x80\xA8\xE2\x80\xA9\xC2\x85"}}));
}

void ExpectRoundTrip(const Json& value) {
  std::string yaml = ToYaml(value);
  StatusOr<Json> parsed = ParseYamlDocument(yaml, "roundtrip.yaml");
  ASSERT_OK(parsed) << "yaml:\n" << yaml;
  EXPECT_EQ(*parsed, value) << "yaml:\n" << yaml;
}

TEST(YamlRoundTripTest, TrickyStringsAsValuesKeysItemsAndRoots) {
  for (const std::string& text : TrickyStrings()) {
    SCOPED_TRACE(::testing::Message() << "string: " << Json(text).dump());
    ExpectRoundTrip(Json(text));
    ExpectRoundTrip(Json{{"k", text}});
    ExpectRoundTrip(Json{{text, "v"}});
    ExpectRoundTrip(Json{{text, {{"nested", text}}}});
    ExpectRoundTrip(Json::array({text, Json::array({text}), Json{{"in", text}}}));
  }
}

TEST(YamlRoundTripTest, AllStringsAsOneDocument) {
  Json object = Json::object();
  Json array = Json::array();
  for (const std::string& text : TrickyStrings()) {
    object[text] = text;
    array.push_back(Json{{text, Json::array({text})}});
  }
  ExpectRoundTrip(object);
  ExpectRoundTrip(array);
  ExpectRoundTrip(Json{{"object", object}, {"array", array}});
}

TEST(YamlRoundTripTest, NumbersBooleansNullsAndContainers) {
  ExpectRoundTrip(J(R"({
    "ints": [0, 1, -1, 42, 9223372036854775807, -9223372036854775808, 18446744073709551615],
    "floats": [0.5, -0.25, 1e-7, 1.5e300, -2.2250738585072014e-308, 3.141592653589793, 1e21],
    "integral floats": [1.0, -0.0, 1e20],
    "bools": [true, false], "nulls": [null, {"n": null}],
    "empties": [{}, [], [[]], [{}], {"a": {}, "b": []}],
    "nested": [[[1, [2, [3]]]], {"a": [{"b": [{"c": {}}]}]}]
  })"));
}

TEST(YamlRoundTripTest, KubernetesManifest) {
  Json manifest = MustParse(R"(
apiVersion: stash.appscode.com/v1beta1
kind: BackupConfiguration
metadata:
  name: demo-backup
  namespace: demo
  annotations:
    stash.appscode.com/last-applied: '{"a": 1}'
spec:
  schedule: "*/5 * * * *"
  paused: false
  repository:
    name: gcs-repo
  target:
    ref: {apiVersion: apps/v1, kind: Deployment, name: web}
    paths: [/source/data]
    volumeMounts:
    - {name: data, mountPath: /source/data}
  retentionPolicy:
    name: keep-last-5
    keepLast: 5
    prune: yes
  task:
    params:
    - name: args
      value: "--exclude=*.tmp"
  script: |
    #!/bin/sh
    set -e
    restic backup "$@"
)");
  EXPECT_EQ(manifest["spec"]["schedule"], Json("*/5 * * * *"));
  EXPECT_EQ(manifest["spec"]["retentionPolicy"]["prune"], Json(true));
  ExpectRoundTrip(manifest);
}

}  // namespace
}  // namespace kube
