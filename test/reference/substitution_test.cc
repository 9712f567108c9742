// Tests of reference::Substitute / SubstituteJson: every row of the substitution table in spec
// section 3, the upstream error texts, and the behaviour of gomodules.xyz/envsubst v0.1.0 where
// the spec is silent (expected values follow upstream's code, quirks included).
#include "reference/substitution.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "glob_match.h"
#include "status_matchers.h"

namespace reference {
namespace {

using ::kube::StatusIs;
using ::kube::StatusReason;
using ::testing::AllOf;
using ::testing::Eq;
using ::testing::HasSubstr;

const Variables& Vars() {
  static const Variables* const kVars = new Variables{
      {"TARGET_NAME", "stash-demo"},
      {"TARGET_NAMESPACE", "demo"},
      {"TARGET_KIND", "deployment"},
      {"TARGET_API_VERSION", "apps/v1"},
      {"EMPTY", ""},
      {"FILE", "bash.string.txt"},
      {"PREFIX", "bash."},
      {"PATH_VAR", "path/to/file"},
      {"ABS_PATH", "/path/to/file"},
      {"LONG_PATH", "/home/bozo/ideas/thoughts.for.today"},
      {"STRING_Z", "abcABC123ABCabc"},
      {"LETTERS", "abcdef"},
      {"UPPER", "ABCDEF"},
      {"TWO", "2"},
      {"NEG", "-2"},
      {"FAR", "-10"},
  };
  return *kVars;
}

// The substituted text, or "ERROR: <message>", so one EXPECT_EQ shows either outcome.
std::string Expand(std::string_view text, const Variables& vars = Vars()) {
  kube::StatusOr<std::string> result = Substitute(text, vars);
  if (!result.ok()) return "ERROR: " + result.status().message();
  return *result;
}

std::string ExpandOne(std::string_view text, std::string value) {
  return Expand(text, Variables{{"V", std::move(value)}});
}

constexpr char kBadSubstitution[] = "ERROR: bad substitution";

std::string NotFound(std::string_view name) {
  return "ERROR: input/default value not found for key " + std::string(name);
}

// ---- Table rows of spec section 3 ------------------------------------------------------------

TEST(SubstituteTest, BracedVariableIsReplacedByItsValue) {
  EXPECT_EQ(Expand("${TARGET_NAME}"), "stash-demo");
  EXPECT_EQ(Expand("prefix/${TARGET_NAMESPACE}/suffix"), "prefix/demo/suffix");
  EXPECT_EQ(Expand("${EMPTY}"), "");
  EXPECT_EQ(Expand("no substitution at all"), "no substitution at all");
}

TEST(SubstituteTest, MissingVariableIsTheUpstreamError) {
  EXPECT_THAT(
      Substitute("${NOPE}", Vars()),
      StatusIs(StatusReason::kBadRequest, Eq("input/default value not found for key NOPE")));
  EXPECT_EQ(Expand("a ${TARGET_NAME} b ${NOPE}"), NotFound("NOPE"));
}

TEST(SubstituteTest, UnbracedVariableIsLeftAsIs) {
  EXPECT_EQ(Expand("$TARGET_NAME"), "$TARGET_NAME");
  EXPECT_EQ(Expand("a $TARGET_NAME-b"), "a $TARGET_NAME-b");
  EXPECT_EQ(Expand("$ {TARGET_NAME}"), "$ {TARGET_NAME}");
  EXPECT_EQ(Expand("{TARGET_NAME}"), "{TARGET_NAME}");
}

TEST(SubstituteTest, DoubleDollarIsOneDollar) {
  EXPECT_EQ(Expand("$$"), "$");
  EXPECT_EQ(Expand("$${TARGET_NAME}"), "${TARGET_NAME}");
  EXPECT_EQ(Expand("$$TARGET_NAME"), "$TARGET_NAME");
  EXPECT_EQ(Expand("cost: $$5"), "cost: $5");
}

TEST(SubstituteTest, DollarPairsAreTakenLeftToRight) {
  EXPECT_EQ(Expand("$$$"), "$$");
  EXPECT_EQ(Expand("$$$$"), "$$");
  EXPECT_EQ(Expand("$$${TARGET_NAME}"), "$stash-demo");
  EXPECT_EQ(Expand("$$$${TARGET_NAME}"), "$${TARGET_NAME}");
  // Upstream's own test case.
  EXPECT_EQ(ExpandOne("some text ${V}$${var$${V}$V${V}", "x"), "some text x${var${V}$Vx");
}

TEST(SubstituteTest, DefaultsGiveTheValueOfASuppliedVariable) {
  EXPECT_EQ(Expand("${TARGET_NAME:=d}"), "stash-demo");
  EXPECT_EQ(Expand("${TARGET_NAME:-d}"), "stash-demo");
  EXPECT_EQ(Expand("${TARGET_NAME=d}"), "stash-demo");
}

TEST(SubstituteTest, SuppliedEmptyValueBeatsTheDefault) {
  EXPECT_EQ(Expand("${EMPTY:=d}"), "");
  EXPECT_EQ(Expand("${EMPTY:-d}"), "");
  EXPECT_EQ(Expand("${EMPTY=d}"), "");
}

TEST(SubstituteTest, DefaultsApplyOnlyToMissingVariables) {
  EXPECT_EQ(Expand("${NOPE:=d}"), "d");
  EXPECT_EQ(Expand("${NOPE:-d}"), "d");
  EXPECT_EQ(Expand("${NOPE=d}"), "d");
  EXPECT_EQ(Expand("${NOPE:=a b:c=d/e}"), "a b:c=d/e");
}

TEST(SubstituteTest, CaseModification) {
  EXPECT_EQ(Expand("${TARGET_KIND^}"), "Deployment");
  EXPECT_EQ(Expand("${TARGET_KIND^^}"), "DEPLOYMENT");
  EXPECT_EQ(Expand("${UPPER,}"), "aBCDEF");
  EXPECT_EQ(Expand("${UPPER,,}"), "abcdef");
  EXPECT_EQ(Expand("${EMPTY^}"), "");
  EXPECT_EQ(Expand("${NOPE^^}"), NotFound("NOPE"));
}

TEST(SubstituteTest, LengthCountsBytes) {
  EXPECT_EQ(Expand("${#TARGET_NAME}"), "10");
  EXPECT_EQ(Expand("${#EMPTY}"), "0");
  EXPECT_EQ(ExpandOne("${#V}", "é"), "2");
  EXPECT_EQ(Expand("${#NOPE}"), NotFound("NOPE"));
}

TEST(SubstituteTest, SubstringWithPositionAndLength) {
  EXPECT_EQ(Expand("${LONG_PATH:11}"), "ideas/thoughts.for.today");
  EXPECT_EQ(Expand("${LONG_PATH:11:5}"), "ideas");
  EXPECT_EQ(Expand("${LETTERS:0}"), "abcdef");
  EXPECT_EQ(Expand("${LETTERS:2:2}"), "cd");
  EXPECT_EQ(Expand("${LETTERS:002}"), "cdef");
  EXPECT_EQ(Expand("${LETTERS:1:+2}"), "bc");
  EXPECT_EQ(Expand("${LETTERS:${TWO}:${TWO}}"), "cd");
  EXPECT_EQ(Expand("${NOPE:1}"), NotFound("NOPE"));
}

TEST(SubstituteTest, RemovePrefixAndSuffixMatchingGlob) {
  EXPECT_EQ(Expand("${FILE#*.}"), "string.txt");
  EXPECT_EQ(Expand("${FILE##*.}"), "txt");
  EXPECT_EQ(Expand("${FILE%.*}"), "bash.string");
  EXPECT_EQ(Expand("${FILE%%.*}"), "bash");
  EXPECT_EQ(Expand("${FILE#x}"), "bash.string.txt");
  EXPECT_EQ(Expand("${NOPE#*}"), NotFound("NOPE"));
}

TEST(SubstituteTest, ReplaceFirstAllStartEnd) {
  EXPECT_EQ(Expand("${STRING_Z/abc/xyz}"), "xyzABC123ABCabc");
  EXPECT_EQ(Expand("${STRING_Z//abc/xyz}"), "xyzABC123ABCxyz");
  EXPECT_EQ(Expand("${STRING_Z/#abc/XYZ}"), "XYZABC123ABCabc");
  EXPECT_EQ(Expand("${STRING_Z/%abc/XYZ}"), "abcABC123ABCXYZ");
  EXPECT_EQ(Expand("${STRING_Z/#ABC/X}"), "abcABC123ABCabc");
  EXPECT_EQ(Expand("${STRING_Z/%ABC/X}"), "abcABC123ABCabc");
  EXPECT_EQ(Expand("${STRING_Z//zzz/X}"), "abcABC123ABCabc");
  EXPECT_EQ(Expand("${NOPE/a/b}"), NotFound("NOPE"));
}

TEST(SubstituteTest, QuestionAndPlusAreNotDefaults) {
  EXPECT_EQ(Expand("${TARGET_NAME:?x}"), "stash-demo");
  EXPECT_EQ(Expand("${TARGET_NAME:+x}"), "stash-demo");
  EXPECT_EQ(Expand("${NOPE:?x}"), NotFound("NOPE"));
  EXPECT_EQ(Expand("${NOPE:+x}"), NotFound("NOPE"));
  EXPECT_EQ(Expand("${NOPE:?}"), NotFound("NOPE"));
}

TEST(SubstituteTest, QuestionAndPlusKeepASuppliedEmptyValue) {
  // Spec section 3: "not defaults: error if VAR is not supplied, else the value". Upstream
  // replaced an empty value by x (a known deviation the suite does not follow).
  EXPECT_EQ(Expand("${EMPTY:?x}"), "");
  EXPECT_EQ(Expand("${EMPTY:+x}"), "");
  EXPECT_EQ(Expand("${EMPTY:?}"), "");
}

TEST(SubstituteTest, SpecBadSubstitutionRows) {
  EXPECT_THAT(Substitute("${TARGET_NAME", Vars()),
              StatusIs(StatusReason::kBadRequest, Eq("bad substitution")));
  EXPECT_EQ(Expand("${}"), kBadSubstitution);
  EXPECT_EQ(Expand("${ TARGET_NAME}"), kBadSubstitution);
  EXPECT_EQ(Expand("${TARGET_NAME-x}"), kBadSubstitution);
  EXPECT_EQ(Expand("${TARGET_NAME+x}"), kBadSubstitution);
}

TEST(SubstituteTest, OtherBadSubstitutions) {
  EXPECT_EQ(Expand("${TARGET_NAME }"), kBadSubstitution);
  EXPECT_EQ(Expand("${TARGET.NAME}"), kBadSubstitution);
  EXPECT_EQ(Expand("${!TARGET_NAME}"), kBadSubstitution);
  EXPECT_EQ(Expand("${A${B}}"), kBadSubstitution);
  EXPECT_EQ(Expand("${"), kBadSubstitution);
  EXPECT_EQ(Expand("text ${"), kBadSubstitution);
  EXPECT_EQ(Expand("${TARGET_NAME^^^}"), kBadSubstitution);
  EXPECT_EQ(Expand("${TARGET_NAME,,,}"), kBadSubstitution);
}

TEST(SubstituteTest, VariableNamesAreLettersDigitsUnderscoreCaseSensitive) {
  Variables vars = {{"_a1", "x"}, {"1", "one"}, {"ÄB", "umlaut"}};
  EXPECT_EQ(Expand("${_a1}", vars), "x");
  EXPECT_EQ(Expand("${1}", vars), "one");
  EXPECT_EQ(Expand("${ÄB}", vars), "umlaut");  // Go's unicode.IsLetter
  EXPECT_EQ(Expand("${ÖB:=d}", vars), "d");
  EXPECT_EQ(Expand("${target_name}"), NotFound("target_name"));
  EXPECT_EQ(Expand("${A→B}"), kBadSubstitution);  // U+2192 is not a letter
}

// ---- Upstream behaviour where the spec is silent ---------------------------------------------

TEST(SubstituteTest, ParsingHappensBeforeEvaluation) {
  EXPECT_EQ(Expand("${NOPE} ${"), kBadSubstitution);
  EXPECT_EQ(Expand("${FIRST_NOPE}${SECOND_NOPE}"), NotFound("FIRST_NOPE"));
}

TEST(SubstituteTest, AdjacentAndRepeatedSubstitutions) {
  EXPECT_EQ(Expand("${TARGET_KIND}-${TARGET_NAME}"), "deployment-stash-demo");
  EXPECT_EQ(Expand("${TARGET_NAME}${TARGET_NAME}"), "stash-demostash-demo");
  EXPECT_EQ(Expand("}${TARGET_NAME}{"), "}stash-demo{");
}

TEST(SubstituteTest, DollarAtEndOfInputIsText) {
  EXPECT_EQ(Expand("$"), "$");
  EXPECT_EQ(Expand("costs 5$"), "costs 5$");
  EXPECT_EQ(Expand("${TARGET_NAME}$"), "stash-demo$");
}

TEST(SubstituteTest, DefaultMayBeOneNestedSubstitution) {
  EXPECT_EQ(Expand("${NOPE:=${TARGET_KIND^^}}"), "DEPLOYMENT");
  EXPECT_EQ(Expand("${NOPE:=${OTHER_NOPE:=x}}"), "x");
  EXPECT_EQ(Expand("${NOPE:=${TARGET_KIND:0:6}}"), "deploy");
  EXPECT_EQ(Expand("${NOPE:=${OTHER_NOPE}}"), NotFound("OTHER_NOPE"));
}

TEST(SubstituteTest, DefaultMixingTextAndSubstitutionIsBad) {
  // v0.1.0 takes a single argument; "text${X}text" defaults came later upstream.
  EXPECT_EQ(Expand("${NOPE:=pre-${TARGET_NAME}}"), kBadSubstitution);
  EXPECT_EQ(Expand("${NOPE:=${TARGET_NAME}-post}"), kBadSubstitution);
  EXPECT_EQ(Expand("${NOPE:=${TARGET_NAME}${TARGET_KIND}}"), kBadSubstitution);
}

TEST(SubstituteTest, ArgumentsAreEvaluatedEvenWhenUnused) {
  EXPECT_EQ(Expand("${TARGET_NAME:=${NOPE}}"), NotFound("NOPE"));
  EXPECT_EQ(Expand("${OUTER_NOPE/${INNER_NOPE}/x}"), NotFound("INNER_NOPE"));
}

TEST(SubstituteTest, EmptyDefaultIsEmptyNotAnError) {
  EXPECT_EQ(Expand("${NOPE:=}"), "");
  EXPECT_EQ(Expand("${NOPE=}"), "");
  EXPECT_EQ(Expand("${NOPE:-}"), "");
  EXPECT_EQ(Expand("${NOPE:=}}"), "}");
}

TEST(SubstituteTest, EscapesDoNotApplyInDefaults) {
  EXPECT_EQ(Expand("${NOPE:=$$}"), "$$");
  EXPECT_EQ(Expand(R"(${NOPE:=a\\b})"), R"(a\\b)");
}

TEST(SubstituteTest, MixedCaseOperatorsKeepTheValue) {
  EXPECT_EQ(Expand("${TARGET_KIND,^}"), "deployment");
  EXPECT_EQ(Expand("${TARGET_KIND^,}"), "deployment");
}

TEST(SubstituteTest, CaseMappingIsUnicodeSimpleCaseMapping) {
  EXPECT_EQ(ExpandOne("${V^}", "élan"), "Élan");
  EXPECT_EQ(ExpandOne("${V,,}", "ÀÉÎ"), "àéî");
  EXPECT_EQ(ExpandOne("${V^^}", "straße"), "STRAßE");  // no one-to-one upper case for ß
  EXPECT_EQ(ExpandOne("${V,}", "İx"), "ix");
  EXPECT_EQ(ExpandOne("${V^}", "ǆemal"), "Ǆemal");
  EXPECT_EQ(ExpandOne("${V^^}", "ᾳ"), "ᾼ");
  EXPECT_EQ(ExpandOne("${V^^}", "ǆ-ǅ"), "Ǆ-Ǆ");
  EXPECT_EQ(ExpandOne("${V,,}", "ǅ"), "ǆ");
}

TEST(SubstituteTest, CaseMappingTurnsInvalidUtf8IntoReplacementCharacters) {
  const std::string invalid = "\xff";
  const std::string replacement = "\xEF\xBF\xBD";  // U+FFFD
  EXPECT_EQ(ExpandOne("${V^^}", "a" + invalid + "b"), "A" + replacement + "B");
  EXPECT_EQ(ExpandOne("${V^}", invalid + "a"), replacement + "a");
  EXPECT_EQ(ExpandOne("${V,}", "A" + invalid), "a" + invalid);  // only the first rune changes
}

TEST(SubstituteTest, SubstringOutOfRangePositions) {
  EXPECT_EQ(Expand("${LETTERS:6}"), "");
  EXPECT_EQ(Expand("${LETTERS:10}"), "");
  EXPECT_EQ(Expand("${LETTERS:2:100}"), "cdef");
  EXPECT_EQ(Expand("${LETTERS:10:2}"), "");
  EXPECT_EQ(Expand("${LETTERS:0:0}"), "");
  EXPECT_EQ(Expand("${LETTERS:10:-1}"), "");
}

TEST(SubstituteTest, SubstringNegativePositionCountsFromTheEnd) {
  EXPECT_EQ(Expand("${LETTERS:${NEG}}"), "ef");
  EXPECT_EQ(Expand("${LETTERS:${NEG}:1}"), "e");
  EXPECT_EQ(Expand("${LETTERS:${FAR}}"), "abcdef");  // clamped to 0
  // A literal "-" after ':' makes a default, not a negative position.
  EXPECT_EQ(Expand("${LETTERS:-2}"), "abcdef");
  EXPECT_EQ(Expand("${NOPE:-2}"), "2");
}

TEST(SubstituteTest, SubstringArgumentsThatAreNotIntegersGiveTheWholeValue) {
  EXPECT_EQ(Expand("${LETTERS:x}"), "abcdef");
  EXPECT_EQ(Expand("${LETTERS:1:y}"), "abcdef");
  EXPECT_EQ(Expand("${LETTERS: 1}"), "abcdef");
  EXPECT_EQ(Expand("${LETTERS:1:2:3}"), "abcdef");
  EXPECT_EQ(Expand("${LETTERS:99999999999999999999}"), "abcdef");
}

TEST(SubstituteTest, SubstringNegativeLengthIsAnError) {
  // Upstream slices s[pos:pos+len] and panics; the reference reports it.
  EXPECT_THAT(Substitute("${LETTERS:2:-1}", Vars()),
              StatusIs(StatusReason::kBadRequest,
                       AllOf(HasSubstr("bad substitution: negative substring length"),
                             HasSubstr("LETTERS"))));
  // pos + len overflows int64 and wraps negative, like Go.
  EXPECT_THAT(Expand("${LETTERS:1:9223372036854775807}"),
              HasSubstr("ERROR: bad substitution: negative substring length"));
}

TEST(SubstituteTest, SubstringSyntax) {
  EXPECT_EQ(Expand("${LETTERS:1::2}"), "bc");  // several colons form one delimiter
  EXPECT_EQ(Expand("${LETTERS:}"), kBadSubstitution);
  EXPECT_EQ(Expand("${LETTERS:1:}"), kBadSubstitution);
  EXPECT_EQ(Expand("${LETTERS::1}"), kBadSubstitution);
  EXPECT_EQ(Expand("${LETTERS:1${TWO}}"), kBadSubstitution);
  // Upstream steps back by the wrong width when a multi-byte rune follows ':'.
  EXPECT_EQ(Expand("${LETTERS:é}"), kBadSubstitution);
}

TEST(SubstituteTest, SubstringCountsBytes) {
  EXPECT_EQ(ExpandOne("${V:2}", "äbc"), "bc");
  EXPECT_EQ(ExpandOne("${V:1:2}", "äbc"), std::string("\xA4") + "b");  // half of 'ä'
}

TEST(SubstituteTest, LengthSyntax) {
  EXPECT_EQ(Expand("${#}"), kBadSubstitution);
  EXPECT_EQ(Expand("${##TARGET_NAME}"), kBadSubstitution);
  EXPECT_EQ(Expand("${# TARGET_NAME}"), kBadSubstitution);
  EXPECT_EQ(Expand("${#TARGET_NAME:1}"), kBadSubstitution);
}

TEST(SubstituteTest, StarInPatternsAlsoMatchesSlashes) {
  EXPECT_EQ(Expand("${PATH_VAR#*/}"), "to/file");
  EXPECT_EQ(Expand("${PATH_VAR##*/}"), "file");
  EXPECT_EQ(Expand("${ABS_PATH#*/}"), "path/to/file");
  EXPECT_EQ(Expand("${ABS_PATH##*/}"), "file");
  EXPECT_EQ(Expand("${PATH_VAR%/*}"), "path/to");
  EXPECT_EQ(Expand("${PATH_VAR%%/*}"), "path");
}

TEST(SubstituteTest, LoneStarNeverMatchesTheEmptyPrefix) {
  // Upstream tries prefixes of length len..1, so "shortest" is one byte, not empty.
  EXPECT_EQ(Expand("${LETTERS#*}"), "bcdef");
  EXPECT_EQ(Expand("${LETTERS##*}"), "");
  EXPECT_EQ(Expand("${LETTERS%*}"), "abcde");
  EXPECT_EQ(Expand("${LETTERS%%*}"), "");
  EXPECT_EQ(Expand("${EMPTY#*}"), "");
}

TEST(SubstituteTest, QuestionMarkMatchesOneRune) {
  EXPECT_EQ(Expand("${LETTERS#?}"), "bcdef");
  EXPECT_EQ(Expand("${LETTERS##??}"), "cdef");
  EXPECT_EQ(Expand("${LETTERS%?}"), "abcde");
  // Prefixes are tried by bytes: the shortest is the first byte of "é", which '?' matches as
  // one (invalid) rune, exactly like upstream.
  EXPECT_EQ(ExpandOne("${V#?}", "éa"), std::string("\xA9") + "a");
  EXPECT_EQ(ExpandOne("${V##?}", "éa"), "a");
}

TEST(SubstituteTest, BracketClassesInPrefixPatterns) {
  EXPECT_EQ(Expand("${LETTERS#[a-c]}"), "bcdef");
  EXPECT_EQ(Expand("${LETTERS##[a-c]*}"), "");
  EXPECT_EQ(Expand("${LETTERS#[^x]}"), "bcdef");
  EXPECT_EQ(Expand("${LETTERS#[!x]}"), "abcdef");  // '!' is not a negation in Go
  EXPECT_EQ(Expand("${LETTERS#[!a]}"), "bcdef");
  EXPECT_EQ(ExpandOne(R"(${V#[\]]})", "]x"), "x");
}

TEST(SubstituteTest, SuffixPatternsAreMatchedReversed) {
  // Upstream reverses value and pattern, so a class must be written backwards.
  EXPECT_EQ(ExpandOne("${V%[0-9]}", "abc1"), "abc1");
  EXPECT_EQ(ExpandOne("${V%]9-0[}", "abc1"), "abc");
  EXPECT_EQ(ExpandOne("${V%x}", "a\xff"), "a\xEF\xBF\xBD");  // re-encoded as runes
}

TEST(SubstituteTest, MalformedPatternLeavesTheValueUnchanged) {
  EXPECT_EQ(Expand("${LETTERS#[]}"), "abcdef");
  EXPECT_EQ(Expand("${LETTERS#a[}"), "abcdef");
  EXPECT_EQ(Expand("${LETTERS##a[b-}"), "abcdef");
}

TEST(SubstituteTest, PatternSyntax) {
  EXPECT_EQ(ExpandOne(R"(${V#\*})", "*x"), "x");  // escaped star is literal
  EXPECT_EQ(ExpandOne("${V###}", "##a"), "#a");   // "##" then the pattern "#"
  EXPECT_EQ(Expand("${FILE#${PREFIX}}"), "string.txt");
  EXPECT_EQ(Expand("${LETTERS#}"), kBadSubstitution);
  EXPECT_EQ(Expand("${LETTERS%}"), kBadSubstitution);
}

TEST(SubstituteTest, ReplacementPatternsAreLiteralNotGlobs) {
  EXPECT_EQ(ExpandOne("${V/a*/X}", "a*b"), "Xb");
  EXPECT_EQ(Expand("${LETTERS/a*/X}"), "abcdef");
  EXPECT_EQ(Expand("${LETTERS/?/X}"), "abcdef");
  EXPECT_EQ(Expand("${LETTERS/[a-c]/X}"), "abcdef");
}

TEST(SubstituteTest, EmptyReplacement) {
  EXPECT_EQ(ExpandOne("${V/b/}", "abcb"), "acb");
  EXPECT_EQ(ExpandOne("${V//b/}", "abcb"), "ac");
  // Upstream's prefix/suffix replacement needs two arguments and otherwise does nothing.
  EXPECT_EQ(ExpandOne("${V/#a/}", "abcb"), "abcb");
  EXPECT_EQ(ExpandOne("${V/%b/}", "abcb"), "abcb");
}

TEST(SubstituteTest, EmptyPatternFromAVariableMatchesBetweenRunes) {
  EXPECT_EQ(Expand("${LETTERS/${EMPTY}/X}"), "Xabcdef");
  EXPECT_EQ(Expand("${LETTERS//${EMPTY}/-}"), "-a-b-c-d-e-f-");
  EXPECT_EQ(ExpandOne("${V//${V:0:0}/-}", "äb"), "-ä-b-");
  EXPECT_EQ(Expand("${LETTERS/#${EMPTY}/X}"), "Xabcdef");
  EXPECT_EQ(Expand("${LETTERS/%${EMPTY}/X}"), "abcdefX");
}

TEST(SubstituteTest, LiteralEmptyPatternIsBad) {
  EXPECT_EQ(Expand("${LETTERS///X}"), kBadSubstitution);
  EXPECT_EQ(Expand("${LETTERS/#/X}"), kBadSubstitution);
  EXPECT_EQ(Expand("${LETTERS/%/X}"), kBadSubstitution);
  EXPECT_EQ(Expand("${LETTERS//X}"), kBadSubstitution);
  EXPECT_EQ(Expand("${LETTERS/}"), kBadSubstitution);
}

TEST(SubstituteTest, ReplacementEscapesAndDelimiters) {
  EXPECT_EQ(Expand(R"(${PATH_VAR/\//-})"), "path-to/file");
  EXPECT_EQ(Expand(R"(${PATH_VAR//\//-})"), "path-to-file");
  EXPECT_EQ(Expand(R"(${LETTERS/c/\/})"), "ab/def");
  EXPECT_EQ(Expand(R"(${LETTERS/c/\\})"), R"(ab\def)");
  EXPECT_EQ(Expand("${LETTERS/c/$$}"), "ab$def");
  EXPECT_EQ(Expand("${LETTERS/c//X}"), "abXdef");    // "//" is one delimiter
  EXPECT_EQ(ExpandOne("${V/c}/X}", "abc}"), "abX");  // '}' does not end a pattern
  EXPECT_EQ(Expand("${LETTERS/c/${TARGET_KIND}}"), "abdeploymentdef");
  EXPECT_EQ(Expand("${LETTERS/c/X${TWO}}"), kBadSubstitution);
}

TEST(SubstituteTest, BackslashEscapesInLiteralText) {
  EXPECT_EQ(Expand(R"(a\\b)"), R"(a\b)");
  EXPECT_EQ(Expand(R"(a\/b)"), "a/b");
  EXPECT_EQ(Expand(R"(a\b)"), R"(a\b)");
  EXPECT_EQ(Expand(R"(\${TARGET_NAME})"), R"(\stash-demo)");
}

TEST(SubstituteTest, NulByteEndsTheInputLikeUpstream) {
  EXPECT_EQ(Expand(std::string_view("ab\0${NOPE}", 10)), "ab");
}

TEST(SubstituteTest, UnicodeValuesPassThrough) {
  EXPECT_EQ(ExpandOne("name-${V}", "démo-日本"), "name-démo-日本");
  EXPECT_EQ(ExpandOne("${V/日/x}", "démo-日本"), "démo-x本");
}

TEST(SubstituteTest, NestingDepthIsLimited) {
  auto nested = [](int depth) {
    std::string text;
    for (int i = 0; i < depth; ++i) text += "${NOPE:=";
    text += "x";
    for (int i = 0; i < depth; ++i) text += "}";
    return text;
  };
  EXPECT_EQ(Expand(nested(64)), "x");
  EXPECT_THAT(Substitute(nested(65), Vars()),
              StatusIs(StatusReason::kBadRequest, HasSubstr("bad substitution: ")));
}

// ---- SubstituteJson --------------------------------------------------------------------------

std::string JsonOutcome(const kube::Json& document, const Variables& vars = Vars()) {
  kube::StatusOr<kube::Json> result = SubstituteJson(document, vars);
  if (!result.ok()) return "ERROR: " + result.status().message();
  return result->dump();
}

TEST(SubstituteJsonTest, SubstitutesTheWholeObjectIncludingMetadata) {
  kube::Json tpl = kube::Json::parse(R"({
    "apiVersion": "stash.appscode.com/v1beta1",
    "kind": "BackupConfigurationTemplate",
    "metadata": {"name": "tpl-${TARGET_KIND}",
                 "annotations": {"note": "for ${TARGET_NAMESPACE}/${TARGET_NAME}"}},
    "spec": {"backend": {
               "gcs": {"bucket": "appscode-qa",
                       "prefix": "stash-backup/${TARGET_NAMESPACE}/${TARGET_KIND}/${TARGET_NAME}"},
               "storageSecretName": "gcs-secret"},
             "schedule": "*/5 * * * *",
             "retentionPolicy": {"name": "keep-last-5", "keepLast": 5, "prune": true}}
  })");
  kube::StatusOr<kube::Json> result = SubstituteJson(tpl, Vars());
  ASSERT_OK(result);
  const kube::Json& out = *result;
  EXPECT_EQ(out["metadata"]["name"], "tpl-deployment");
  EXPECT_EQ(out["metadata"]["annotations"]["note"], "for demo/stash-demo");
  EXPECT_EQ(out["spec"]["backend"]["gcs"]["prefix"], "stash-backup/demo/deployment/stash-demo");
  EXPECT_EQ(out["spec"]["schedule"], "*/5 * * * *");
  EXPECT_EQ(out["spec"]["retentionPolicy"]["keepLast"], 5);
  EXPECT_EQ(out["spec"]["retentionPolicy"]["prune"], true);
}

TEST(SubstituteJsonTest, KeysAreSubstitutedToo) {
  kube::Json doc = {{"${TARGET_NAME}", "v"}, {"k", {{"${TARGET_KIND}-x", 1}}}};
  EXPECT_EQ(JsonOutcome(doc), R"({"k":{"deployment-x":1},"stash-demo":"v"})");
}

TEST(SubstituteJsonTest, UnresolvedVariableInANeverCopiedFieldFailsEverything) {
  kube::Json doc = {{"metadata", {{"annotations", {{"unused", "${NOT_SUPPLIED}"}}}}},
                    {"spec", {{"backend", {{"prefix", "${TARGET_NAME}"}}}}}};
  EXPECT_THAT(SubstituteJson(doc, Vars()),
              StatusIs(StatusReason::kBadRequest,
                       Eq("input/default value not found for key NOT_SUPPLIED")));
}

TEST(SubstituteJsonTest, BadSubstitutionAnywhereFailsEverything) {
  kube::Json doc = {{"a", "${TARGET_NAME}"}, {"b", "${TARGET_NAME"}};
  EXPECT_THAT(SubstituteJson(doc, Vars()),
              StatusIs(StatusReason::kBadRequest, Eq("bad substitution")));
}

TEST(SubstituteJsonTest, ValueWithAQuoteIsAClearErrorNamingTheVariable) {
  Variables vars = {{"TARGET_NAME", R"(evil","x":"y)"}};
  EXPECT_THAT(
      SubstituteJson(kube::Json{{"name", "${TARGET_NAME}"}}, vars),
      StatusIs(StatusReason::kBadRequest, AllOf(HasSubstr("variable TARGET_NAME"),
                                                HasSubstr("double quote"), HasSubstr("corrupt"))));
}

TEST(SubstituteJsonTest, ValueWithABackslashOrControlCharacterIsAnError) {
  kube::Json doc = {{"path", "${V}"}};
  EXPECT_THAT(JsonOutcome(doc, {{"V", R"(C:\new)"}}),
              AllOf(HasSubstr("ERROR: value of variable V"), HasSubstr("backslash")));
  EXPECT_THAT(JsonOutcome(doc, {{"V", "two\nlines"}}),
              AllOf(HasSubstr("variable V"), HasSubstr("control character (U+000A)")));
}

TEST(SubstituteJsonTest, NestedCulpritIsNamed) {
  kube::Json doc = {{"s", "${NOPE:=${BAD}}"}};
  EXPECT_THAT(JsonOutcome(doc, {{"BAD", "a\"b"}}),
              HasSubstr("value of variable BAD contains a double quote"));
}

TEST(SubstituteJsonTest, OnlyTheSubstitutedResultIsChecked) {
  kube::Json doc = {{"len", "${#V}"}};
  EXPECT_EQ(JsonOutcome(doc, {{"V", "a\"b"}}), R"({"len":"3"})");
}

TEST(SubstituteJsonTest, ResultThatWouldBeInvalidUtf8IsAnError) {
  kube::Json doc = {{"s", "${V:1}"}};
  EXPECT_THAT(JsonOutcome(doc, {{"V", "é"}}),
              AllOf(HasSubstr("substitution of variable V"), HasSubstr("invalid UTF-8")));
}

TEST(SubstituteJsonTest, DefaultContainingJsonEscapesIsRejected) {
  kube::Json doc = {{"s", "${NOPE:=say \"hi\"}"}};
  EXPECT_THAT(JsonOutcome(doc), HasSubstr("substitution of variable NOPE yields a backslash"));
}

TEST(SubstituteJsonTest, BackslashesInLiteralTextAreKept) {
  kube::Json doc = {{"regex", R"(^a\d+\\/$)"}, {"name", "${TARGET_NAME}"}};
  kube::StatusOr<kube::Json> result = SubstituteJson(doc, Vars());
  ASSERT_OK(result);
  EXPECT_EQ((*result)["regex"], R"(^a\d+\\/$)");
  EXPECT_EQ((*result)["name"], "stash-demo");
}

TEST(SubstituteJsonTest, DoubleDollarBecomesADollar) {
  kube::Json doc = {{"s", "$${TARGET_NAME} costs $$5"}};
  EXPECT_EQ(JsonOutcome(doc), R"({"s":"${TARGET_NAME} costs $5"})");
}

TEST(SubstituteJsonTest, NonStringValuesAndUnicodeSurvive) {
  kube::Json doc = {
      {"n", 1.5},        {"i", -3}, {"b", false}, {"z", nullptr}, {"a", {"x", "${TARGET_NAME}", 2}},
      {"u", "日本-${V}"}};
  EXPECT_EQ(JsonOutcome(doc, {{"TARGET_NAME", "t"}, {"V", "démo"}}),
            R"({"a":["x","t",2],"b":false,"i":-3,"n":1.5,"u":"日本-démo","z":null})");
}

TEST(SubstituteJsonTest, DocumentWithoutDollarIsReturnedUnchanged) {
  kube::Json doc = {{"a", {{"b", "plain \\ text"}}}, {"c", 1}};
  kube::StatusOr<kube::Json> result = SubstituteJson(doc, {});
  ASSERT_OK(result);
  EXPECT_EQ(*result, doc);
}

// ---- Glob matching (the vendored path.Match) ---------------------------------------------------

using internal::GlobMatch;
using internal::GlobResult;

TEST(SubstitutionGlobTest, StarsAndQuestionMarksMatchSlashes) {
  EXPECT_EQ(GlobMatch("*", ""), GlobResult::kMatch);
  EXPECT_EQ(GlobMatch("*", "a/b"), GlobResult::kMatch);
  EXPECT_EQ(GlobMatch("a*/b", "a/c/b"), GlobResult::kMatch);
  EXPECT_EQ(GlobMatch("a?b", "a/b"), GlobResult::kMatch);
  EXPECT_EQ(GlobMatch("*a", "aa"), GlobResult::kMatch);
  EXPECT_EQ(GlobMatch("a*b", "acbd"), GlobResult::kNoMatch);
  EXPECT_EQ(GlobMatch("*x", ""), GlobResult::kNoMatch);
  EXPECT_EQ(GlobMatch("", ""), GlobResult::kMatch);
  EXPECT_EQ(GlobMatch("", "a"), GlobResult::kNoMatch);
}

TEST(SubstitutionGlobTest, QuestionMarkIsOneRune) {
  EXPECT_EQ(GlobMatch("?", "é"), GlobResult::kMatch);
  EXPECT_EQ(GlobMatch("??", "é"), GlobResult::kNoMatch);
}

TEST(SubstitutionGlobTest, Classes) {
  EXPECT_EQ(GlobMatch("[a-c]", "b"), GlobResult::kMatch);
  EXPECT_EQ(GlobMatch("[a-c]", "d"), GlobResult::kNoMatch);
  EXPECT_EQ(GlobMatch("[^a-c]", "d"), GlobResult::kMatch);
  EXPECT_EQ(GlobMatch("[xé]", "é"), GlobResult::kMatch);
  EXPECT_EQ(GlobMatch(R"([\]])", "]"), GlobResult::kMatch);
  EXPECT_EQ(GlobMatch(R"(\*)", "*"), GlobResult::kMatch);
  EXPECT_EQ(GlobMatch(R"(\*)", "a"), GlobResult::kNoMatch);
}

TEST(SubstitutionGlobTest, MalformedPatternsAreReportedWhenReached) {
  EXPECT_EQ(GlobMatch("[", "a"), GlobResult::kBadPattern);
  EXPECT_EQ(GlobMatch("[]", "a"), GlobResult::kBadPattern);
  EXPECT_EQ(GlobMatch("[a-c", "b"), GlobResult::kBadPattern);
  EXPECT_EQ(GlobMatch("[a-", "a"), GlobResult::kBadPattern);
  EXPECT_EQ(GlobMatch("\\", "a"), GlobResult::kBadPattern);
  EXPECT_EQ(GlobMatch("a[", "b"), GlobResult::kNoMatch);  // fails before the '['
  EXPECT_EQ(GlobMatch("[", ""), GlobResult::kNoMatch);    // nothing left to match
}

}  // namespace
}  // namespace reference
