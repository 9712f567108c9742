// Label and field selectors: parsing (grammar, whitespace, validation, error messages), matching
// (including the Kubernetes rule that != and notin match objects without the key), canonical
// text, metav1.LabelSelector JSON, and field selectors on metadata.name / metadata.namespace.
#include "kube/selector.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "status_matchers.h"

namespace kube {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using Op = LabelSelector::Op;
using Req = LabelSelector::Requirement;
using Labels = std::map<std::string, std::string>;

LabelSelector MustParse(std::string_view text) {
  StatusOr<LabelSelector> selector = LabelSelector::Parse(text);
  EXPECT_OK(selector) << "selector: " << text;
  return selector.ok() ? *selector : LabelSelector();
}

// ---------------------------------------------------------------------------------------------
// Label selector grammar.

TEST(LabelSelectorParseTest, EmptyAndBlankSelectorsMatchEverything) {
  for (std::string_view text : {"", "   ", "\t\n"}) {
    LabelSelector selector = MustParse(text);
    EXPECT_TRUE(selector.Empty()) << text;
    EXPECT_TRUE(selector.Matches({}));
    EXPECT_TRUE(selector.Matches({{"app", "web"}}));
    EXPECT_EQ(selector.ToString(), "");
  }
}

TEST(LabelSelectorParseTest, EachOperatorBecomesItsRequirement) {
  EXPECT_THAT(MustParse("app=web").requirements(), ElementsAre(Req{"app", Op::kEquals, {"web"}}));
  EXPECT_THAT(MustParse("app==web").requirements(), ElementsAre(Req{"app", Op::kEquals, {"web"}}));
  EXPECT_THAT(MustParse("app!=web").requirements(),
              ElementsAre(Req{"app", Op::kNotEquals, {"web"}}));
  EXPECT_THAT(MustParse("env in (prod,dev)").requirements(),
              ElementsAre(Req{"env", Op::kIn, {"dev", "prod"}}));
  EXPECT_THAT(MustParse("env notin (prod)").requirements(),
              ElementsAre(Req{"env", Op::kNotIn, {"prod"}}));
  EXPECT_THAT(MustParse("legacy").requirements(), ElementsAre(Req{"legacy", Op::kExists, {}}));
  EXPECT_THAT(MustParse("!legacy").requirements(),
              ElementsAre(Req{"legacy", Op::kDoesNotExist, {}}));
}

TEST(LabelSelectorParseTest, CommaJoinedRequirementsAreSortedByKey) {
  LabelSelector selector = MustParse("tier!=db,app=web,env in (b,a),!legacy");
  EXPECT_THAT(
      selector.requirements(),
      ElementsAre(Req{"app", Op::kEquals, {"web"}}, Req{"env", Op::kIn, {"a", "b"}},
                  Req{"legacy", Op::kDoesNotExist, {}}, Req{"tier", Op::kNotEquals, {"db"}}));
}

TEST(LabelSelectorParseTest, RepeatedKeysKeepEveryRequirementInInputOrder) {
  EXPECT_THAT(MustParse("b,a=1,a!=2").requirements(),
              ElementsAre(Req{"a", Op::kEquals, {"1"}}, Req{"a", Op::kNotEquals, {"2"}},
                          Req{"b", Op::kExists, {}}));
}

TEST(LabelSelectorParseTest, WhitespaceAroundTokensIsIgnored) {
  EXPECT_THAT(MustParse("  app = web ,\ttier  !=  db\n").requirements(),
              ElementsAre(Req{"app", Op::kEquals, {"web"}}, Req{"tier", Op::kNotEquals, {"db"}}));
  EXPECT_THAT(MustParse("env\tin\n( a ,  b )").requirements(),
              ElementsAre(Req{"env", Op::kIn, {"a", "b"}}));
  EXPECT_THAT(MustParse("env in(a)").requirements(), ElementsAre(Req{"env", Op::kIn, {"a"}}));
  EXPECT_THAT(MustParse("! legacy").requirements(),
              ElementsAre(Req{"legacy", Op::kDoesNotExist, {}}));
}

TEST(LabelSelectorParseTest, SetValuesAreSortedAndDeduplicated) {
  EXPECT_THAT(MustParse("env in (c, a, c, b)").requirements(),
              ElementsAre(Req{"env", Op::kIn, {"a", "b", "c"}}));
}

TEST(LabelSelectorParseTest, EmptyValuesAreAllowed) {
  EXPECT_THAT(MustParse("a=").requirements(), ElementsAre(Req{"a", Op::kEquals, {""}}));
  EXPECT_THAT(MustParse("a!=,b").requirements(),
              ElementsAre(Req{"a", Op::kNotEquals, {""}}, Req{"b", Op::kExists, {}}));
  EXPECT_THAT(MustParse("a in ()").requirements(), ElementsAre(Req{"a", Op::kIn, {""}}));
  EXPECT_THAT(MustParse("a in (,x)").requirements(), ElementsAre(Req{"a", Op::kIn, {"", "x"}}));
  EXPECT_THAT(MustParse("a in (x,)").requirements(), ElementsAre(Req{"a", Op::kIn, {"", "x"}}));
  EXPECT_THAT(MustParse("a notin (x,,y)").requirements(),
              ElementsAre(Req{"a", Op::kNotIn, {"", "x", "y"}}));
}

TEST(LabelSelectorParseTest, KeywordsAreIdentifiersInKeyAndValuePositions) {
  EXPECT_THAT(MustParse("in=notin").requirements(), ElementsAre(Req{"in", Op::kEquals, {"notin"}}));
  EXPECT_THAT(MustParse("x in (in,notin)").requirements(),
              ElementsAre(Req{"x", Op::kIn, {"in", "notin"}}));
  EXPECT_THAT(MustParse("notin").requirements(), ElementsAre(Req{"notin", Op::kExists, {}}));
}

TEST(LabelSelectorParseTest, AcceptsPrefixedKeysAndFullLengthNamesAndValues) {
  std::string name(63, 'n');
  std::string value(63, 'v');
  std::string prefix = std::string(63, 'p') + "." + std::string(63, 'q');
  LabelSelector selector = MustParse(prefix + "/" + name + "=" + value);
  EXPECT_THAT(selector.requirements(), ElementsAre(Req{prefix + "/" + name, Op::kEquals, {value}}));
  EXPECT_OK(LabelSelector::Parse("app.kubernetes.io/name=My_Value.1"));
  EXPECT_OK(LabelSelector::Parse("stash.appscode.com/backup-blueprint in (a-1, B.2)"));
}

// ---------------------------------------------------------------------------------------------
// Label selector errors.

TEST(LabelSelectorErrorTest, SyntaxErrorsNameTheOffendingToken) {
  struct Case {
    std::string_view text;
    std::string_view message;
  };
  const Case cases[] = {
      {"a=b c", "found 'c', expected: ',' or 'end of string'"},
      {"a=b,", "found '', expected: identifier after ','"},
      {"a,,b", "found ',', expected: identifier after ','"},
      {"=a", "found '=', expected: !, identifier, or 'end of string'"},
      {"a b", "found 'b', expected: in, notin, =, ==, !="},
      {"a in b", "found 'b' expected: '('"},
      {"a in (b", "found '', expected: ',' or ')'"},
      {"a in (b c)", "found 'c', expected: ',' or ')'"},
      {"a in (=)", "found '=', expected: ',', ')' or identifier"},
      {"a=(b)", "found '(', expected: identifier"},
      {"!a=b", "found '=', expected: ',' or 'end of string'"},
      {"!", "found '', expected: identifier"},
      {"!!a", "found '!', expected: identifier"},
  };
  for (const Case& c : cases) {
    EXPECT_THAT(LabelSelector::Parse(c.text),
                StatusIs(StatusReason::kBadRequest, HasSubstr(c.message)))
        << c.text;
  }
}

TEST(LabelSelectorErrorTest, RequirementErrorsArePrefixedLikeTheServer) {
  EXPECT_THAT(LabelSelector::Parse("a in (b c)"),
              StatusIs(StatusReason::kBadRequest, HasSubstr("unable to parse requirement: ")));
}

TEST(LabelSelectorErrorTest, GreaterAndLessThanAreRejectedByName) {
  EXPECT_THAT(LabelSelector::Parse("replicas>1"),
              StatusIs(StatusReason::kBadRequest, HasSubstr("'>'")));
  EXPECT_THAT(LabelSelector::Parse("replicas<1"),
              StatusIs(StatusReason::kBadRequest, HasSubstr("'<'")));
}

TEST(LabelSelectorErrorTest, InvalidKeysAreRejectedWithTheKeyAndTheRule) {
  EXPECT_THAT(LabelSelector::Parse("-app=web"),
              StatusIs(StatusReason::kBadRequest,
                       HasSubstr("key: Invalid value: \"-app\": name part must consist of")));
  EXPECT_THAT(LabelSelector::Parse("app_=web"),
              StatusIs(StatusReason::kBadRequest, HasSubstr("\"app_\"")));
  EXPECT_THAT(LabelSelector::Parse(std::string(64, 'k') + "=v"),
              StatusIs(StatusReason::kBadRequest,
                       HasSubstr("name part must be no more than 63 characters")));
  EXPECT_THAT(
      LabelSelector::Parse("Example.com/app"),
      StatusIs(StatusReason::kBadRequest, HasSubstr("prefix part a lowercase RFC 1123 subdomain")));
  EXPECT_THAT(LabelSelector::Parse("a..b/app"),
              StatusIs(StatusReason::kBadRequest, HasSubstr("prefix part")));
  EXPECT_THAT(LabelSelector::Parse(std::string(254, 'p') + "/app"),
              StatusIs(StatusReason::kBadRequest,
                       HasSubstr("prefix part must be no more than 253 characters")));
  EXPECT_THAT(LabelSelector::Parse("/app"),
              StatusIs(StatusReason::kBadRequest, HasSubstr("prefix part must be non-empty")));
  EXPECT_THAT(LabelSelector::Parse("example.com/"),
              StatusIs(StatusReason::kBadRequest, HasSubstr("name part must be non-empty")));
  EXPECT_THAT(LabelSelector::Parse("a/b/c=d"),
              StatusIs(StatusReason::kBadRequest,
                       HasSubstr("with an optional DNS subdomain prefix and '/'")));
  EXPECT_THAT(LabelSelector::Parse("app.=x"),
              StatusIs(StatusReason::kBadRequest, HasSubstr("\"app.\"")));
}

TEST(LabelSelectorErrorTest, BytesThatAreNotUtf8AreReportedNotThrown) {
  EXPECT_THAT(LabelSelector::Parse("app=\xff\xfe"), StatusIs(StatusReason::kBadRequest));
  EXPECT_THAT(LabelSelector::Parse("\xc3=x"), StatusIs(StatusReason::kBadRequest));
}

TEST(LabelSelectorErrorTest, InvalidValuesNameTheValueAndItsKey) {
  EXPECT_THAT(LabelSelector::Parse("app=-web"),
              StatusIs(StatusReason::kBadRequest,
                       HasSubstr("values[0][app]: Invalid value: \"-web\": a valid label must be "
                                 "an empty string or consist of")));
  EXPECT_THAT(LabelSelector::Parse("app=" + std::string(64, 'v')),
              StatusIs(StatusReason::kBadRequest, HasSubstr("must be no more than 63 characters")));
  EXPECT_THAT(LabelSelector::Parse("env in (ok, bad!)"),
              StatusIs(StatusReason::kBadRequest, HasSubstr("found '!'")));
  EXPECT_THAT(
      LabelSelector::Parse("env in (ok,zz_)"),
      StatusIs(StatusReason::kBadRequest, HasSubstr("values[1][env]: Invalid value: \"zz_\"")));
  EXPECT_THAT(
      LabelSelector::Parse("env in (-a,_b)"),
      StatusIs(StatusReason::kBadRequest, HasSubstr("[values[0][env]: Invalid value: \"-a\"")));
}

// ---------------------------------------------------------------------------------------------
// Matching.

TEST(LabelSelectorMatchTest, EqualityOperators) {
  LabelSelector equals = MustParse("app=web");
  EXPECT_TRUE(equals.Matches({{"app", "web"}, {"tier", "fe"}}));
  EXPECT_FALSE(equals.Matches({{"app", "db"}}));
  EXPECT_FALSE(equals.Matches({}));

  LabelSelector not_equals = MustParse("app!=web");
  EXPECT_FALSE(not_equals.Matches({{"app", "web"}}));
  EXPECT_TRUE(not_equals.Matches({{"app", "db"}}));
  EXPECT_TRUE(not_equals.Matches({})) << "!= matches objects without the key";
}

TEST(LabelSelectorMatchTest, SetOperators) {
  LabelSelector in = MustParse("env in (prod, staging)");
  EXPECT_TRUE(in.Matches({{"env", "prod"}}));
  EXPECT_TRUE(in.Matches({{"env", "staging"}}));
  EXPECT_FALSE(in.Matches({{"env", "dev"}}));
  EXPECT_FALSE(in.Matches({{"other", "prod"}}));

  LabelSelector not_in = MustParse("env notin (prod, staging)");
  EXPECT_FALSE(not_in.Matches({{"env", "prod"}}));
  EXPECT_TRUE(not_in.Matches({{"env", "dev"}}));
  EXPECT_TRUE(not_in.Matches({})) << "notin matches objects without the key";
}

TEST(LabelSelectorMatchTest, EmptyValueMatchesOnlyAnEmptyLabel) {
  LabelSelector selector = MustParse("a=");
  EXPECT_TRUE(selector.Matches({{"a", ""}}));
  EXPECT_FALSE(selector.Matches({{"a", "x"}}));
  EXPECT_FALSE(selector.Matches({}));
  EXPECT_TRUE(MustParse("a in ()").Matches({{"a", ""}}));
}

TEST(LabelSelectorMatchTest, ExistenceOperators) {
  EXPECT_TRUE(MustParse("legacy").Matches({{"legacy", ""}}));
  EXPECT_FALSE(MustParse("legacy").Matches({{"app", "x"}}));
  EXPECT_FALSE(MustParse("!legacy").Matches({{"legacy", "true"}}));
  EXPECT_TRUE(MustParse("!legacy").Matches({{"app", "x"}}));
}

TEST(LabelSelectorMatchTest, AllRequirementsMustHold) {
  LabelSelector selector = MustParse("app=web,tier!=db,env in (a,b),!legacy");
  EXPECT_TRUE(selector.Matches({{"app", "web"}, {"env", "a"}}));
  EXPECT_TRUE(selector.Matches({{"app", "web"}, {"env", "b"}, {"tier", "fe"}}));
  EXPECT_FALSE(selector.Matches({{"app", "web"}, {"env", "a"}, {"tier", "db"}}));
  EXPECT_FALSE(selector.Matches({{"app", "web"}, {"env", "a"}, {"legacy", "1"}}));
  EXPECT_FALSE(selector.Matches({{"app", "web"}}));
  EXPECT_FALSE(selector.Matches({{"env", "a"}}));
}

TEST(LabelSelectorMatchTest, DefaultConstructedSelectorMatchesEverything) {
  LabelSelector selector;
  EXPECT_TRUE(selector.Empty());
  EXPECT_TRUE(selector.Matches({}));
  EXPECT_TRUE(selector.Matches({{"x", "y"}}));
}

// ---------------------------------------------------------------------------------------------
// Canonical text.

TEST(LabelSelectorToStringTest, IsSortedCanonicalAndReparsable) {
  LabelSelector selector = MustParse(" tier != db , app == web, env in (b , a),!legacy,exists");
  EXPECT_EQ(selector.ToString(), "app=web,env in (a,b),exists,!legacy,tier!=db");
  EXPECT_EQ(MustParse(selector.ToString()).requirements(), selector.requirements());
}

TEST(LabelSelectorToStringTest, EmptyValuesSurviveTheRoundTrip) {
  for (std::string_view text : {"a in ()", "a in (,x)", "a=", "a!=", "a notin (,)"}) {
    LabelSelector selector = MustParse(text);
    EXPECT_EQ(MustParse(selector.ToString()).requirements(), selector.requirements()) << text;
  }
  EXPECT_EQ(MustParse("a in (x,)").ToString(), "a in (,x)");
}

// ---------------------------------------------------------------------------------------------
// metav1.LabelSelector.

TEST(LabelSelectorFromJsonTest, CombinesMatchLabelsAndMatchExpressions) {
  Json json = Json::parse(R"({
    "matchLabels": {"app": "web", "tier": "fe"},
    "matchExpressions": [
      {"key": "env", "operator": "In", "values": ["prod", "dev", "prod"]},
      {"key": "zone", "operator": "NotIn", "values": ["z1"]},
      {"key": "backup", "operator": "Exists"},
      {"key": "legacy", "operator": "DoesNotExist", "values": []}
    ]})");
  StatusOr<LabelSelector> selector = LabelSelector::FromJson(json);
  ASSERT_OK(selector);
  EXPECT_THAT(
      selector->requirements(),
      ElementsAre(Req{"app", Op::kEquals, {"web"}}, Req{"backup", Op::kExists, {}},
                  Req{"env", Op::kIn, {"dev", "prod"}}, Req{"legacy", Op::kDoesNotExist, {}},
                  Req{"tier", Op::kEquals, {"fe"}}, Req{"zone", Op::kNotIn, {"z1"}}));
  EXPECT_TRUE(selector->Matches({{"app", "web"}, {"tier", "fe"}, {"env", "dev"}, {"backup", ""}}));
  EXPECT_FALSE(selector->Matches({{"app", "web"}, {"tier", "fe"}, {"env", "dev"}}));
  EXPECT_EQ(selector->ToString(),
            "app=web,backup,env in (dev,prod),!legacy,tier=fe,zone notin (z1)");
}

TEST(LabelSelectorFromJsonTest, EmptyObjectMatchesEverything) {
  for (std::string_view text : {"{}", R"({"matchLabels": {}, "matchExpressions": []})",
                                R"({"matchLabels": null, "matchExpressions": null})"}) {
    StatusOr<LabelSelector> selector = LabelSelector::FromJson(Json::parse(text));
    ASSERT_OK(selector) << text;
    EXPECT_TRUE(selector->Empty()) << text;
  }
}

TEST(LabelSelectorFromJsonTest, InvalidOperatorIsAnError) {
  Json json = Json::parse(R"({"matchExpressions": [{"key": "a", "operator": "Equals"}]})");
  EXPECT_THAT(LabelSelector::FromJson(json),
              StatusIs(StatusReason::kBadRequest,
                       HasSubstr("\"Equals\" is not a valid label selector operator")));
  Json lower = Json::parse(R"({"matchExpressions": [{"key": "a", "operator": "in"}]})");
  EXPECT_THAT(LabelSelector::FromJson(lower), StatusIs(StatusReason::kBadRequest));
  Json missing = Json::parse(R"({"matchExpressions": [{"key": "a"}]})");
  EXPECT_THAT(LabelSelector::FromJson(missing), StatusIs(StatusReason::kBadRequest));
}

TEST(LabelSelectorFromJsonTest, ValueCountsAreCheckedPerOperator) {
  EXPECT_THAT(LabelSelector::FromJson(Json::parse(
                  R"({"matchExpressions": [{"key": "a", "operator": "In", "values": []}]})")),
              StatusIs(StatusReason::kBadRequest, HasSubstr("values set can't be empty")));
  EXPECT_THAT(LabelSelector::FromJson(
                  Json::parse(R"({"matchExpressions": [{"key": "a", "operator": "NotIn"}]})")),
              StatusIs(StatusReason::kBadRequest, HasSubstr("values set can't be empty")));
  EXPECT_THAT(
      LabelSelector::FromJson(Json::parse(
          R"({"matchExpressions": [{"key": "a", "operator": "Exists", "values": ["x"]}]})")),
      StatusIs(StatusReason::kBadRequest,
               HasSubstr("values set must be empty for exists and does not exist")));
}

TEST(LabelSelectorFromJsonTest, KeysAndValuesAreValidated) {
  EXPECT_THAT(LabelSelector::FromJson(Json::parse(R"({"matchLabels": {"bad key": "x"}})")),
              StatusIs(StatusReason::kBadRequest, HasSubstr("\"bad key\"")));
  EXPECT_THAT(LabelSelector::FromJson(Json::parse(R"({"matchLabels": {"app": "bad value"}})")),
              StatusIs(StatusReason::kBadRequest, HasSubstr("\"bad value\"")));
  EXPECT_THAT(LabelSelector::FromJson(
                  Json::parse(R"({"matchExpressions": [{"key": "", "operator": "Exists"}]})")),
              StatusIs(StatusReason::kBadRequest, HasSubstr("name part must be non-empty")));
}

TEST(LabelSelectorFromJsonTest, IllTypedDocumentsAreErrors) {
  for (std::string_view text : {
           "null",
           "[]",
           R"("app=web")",
           R"({"matchLabels": ["app"]})",
           R"({"matchLabels": {"app": 1}})",
           R"({"matchExpressions": {}})",
           R"({"matchExpressions": ["a"]})",
           R"({"matchExpressions": [{"key": 1, "operator": "Exists"}]})",
           R"({"matchExpressions": [{"key": "a", "operator": "In", "values": "x"}]})",
           R"({"matchExpressions": [{"key": "a", "operator": "In", "values": [1]}]})",
       }) {
    EXPECT_THAT(LabelSelector::FromJson(Json::parse(text)), StatusIs(StatusReason::kBadRequest))
        << text;
  }
}

// ---------------------------------------------------------------------------------------------
// Field selectors.

using FieldReq = FieldSelector::Requirement;

TEST(FieldSelectorTest, ParsesTheThreeOperators) {
  StatusOr<FieldSelector> selector =
      FieldSelector::Parse("metadata.name=a,metadata.namespace!=kube-system,metadata.name==b");
  ASSERT_OK(selector);
  EXPECT_THAT(
      selector->requirements(),
      // Terms are sorted as raw text, so "...==b" comes before "...=a".
      ElementsAre(FieldReq{"metadata.name", false, "b"}, FieldReq{"metadata.name", false, "a"},
                  FieldReq{"metadata.namespace", true, "kube-system"}));
}

TEST(FieldSelectorTest, EmptySelectorMatchesEverything) {
  for (std::string_view text : {"", ",", ",,"}) {
    StatusOr<FieldSelector> selector = FieldSelector::Parse(text);
    ASSERT_OK(selector) << text;
    EXPECT_TRUE(selector->Empty());
    EXPECT_TRUE(selector->Matches("x", "y"));
  }
}

TEST(FieldSelectorTest, OtherFieldsAreNotSupported) {
  EXPECT_THAT(
      FieldSelector::Parse("status.phase=Running"),
      StatusIs(StatusReason::kBadRequest, HasSubstr("field label not supported: status.phase")));
  EXPECT_THAT(
      FieldSelector::Parse("metadata.name=a,spec.nodeName!=n1"),
      StatusIs(StatusReason::kBadRequest, HasSubstr("field label not supported: spec.nodeName")));
}

TEST(FieldSelectorTest, WhitespaceIsPartOfTheFieldLikeOnTheServer) {
  EXPECT_THAT(
      FieldSelector::Parse("metadata.name = x"),
      StatusIs(StatusReason::kBadRequest, HasSubstr("field label not supported: metadata.name ")));
}

TEST(FieldSelectorTest, TermsWithoutOperatorAreRejected) {
  EXPECT_THAT(FieldSelector::Parse("metadata.name"),
              StatusIs(StatusReason::kBadRequest,
                       HasSubstr("invalid selector: 'metadata.name'; can't understand "
                                 "'metadata.name'")));
}

TEST(FieldSelectorTest, BackslashEscapesInValues) {
  StatusOr<FieldSelector> selector = FieldSelector::Parse(R"(metadata.name=a\,b\=c\\d)");
  ASSERT_OK(selector);
  EXPECT_THAT(selector->requirements(),
              ElementsAre(FieldReq{"metadata.name", false, R"(a,b=c\d)"}));
  EXPECT_THAT(FieldSelector::Parse("metadata.name=a=b"),
              StatusIs(StatusReason::kBadRequest, HasSubstr("unescaped character in value: =")));
  EXPECT_THAT(FieldSelector::Parse(R"(metadata.name=a\x)"),
              StatusIs(StatusReason::kBadRequest, HasSubstr(R"(invalid escape sequence: \x)")));
  EXPECT_THAT(FieldSelector::Parse(R"(metadata.name=a\)"),
              StatusIs(StatusReason::kBadRequest, HasSubstr("invalid escape sequence")));
}

TEST(FieldSelectorTest, EmptyValueIsAllowed) {
  StatusOr<FieldSelector> selector = FieldSelector::Parse("metadata.namespace=");
  ASSERT_OK(selector);
  EXPECT_TRUE(selector->Matches("node-1", ""));
  EXPECT_FALSE(selector->Matches("pod-1", "default"));
}

TEST(FieldSelectorTest, MatchesNameAndNamespace) {
  StatusOr<FieldSelector> selector =
      FieldSelector::Parse("metadata.name=web,metadata.namespace!=kube-system");
  ASSERT_OK(selector);
  EXPECT_TRUE(selector->Matches("web", "default"));
  EXPECT_FALSE(selector->Matches("web", "kube-system"));
  EXPECT_FALSE(selector->Matches("db", "default"));
}

TEST(FieldSelectorTest, MatchesObjects) {
  StatusOr<FieldSelector> selector = FieldSelector::Parse("metadata.namespace==demo");
  ASSERT_OK(selector);
  Object in_demo(Json::parse(R"({"metadata": {"name": "a", "namespace": "demo"}})"));
  Object elsewhere(Json::parse(R"({"metadata": {"name": "a", "namespace": "other"}})"));
  Object cluster_scoped(Json::parse(R"({"metadata": {"name": "a"}})"));
  EXPECT_TRUE(selector->Matches(in_demo));
  EXPECT_FALSE(selector->Matches(elsewhere));
  EXPECT_FALSE(selector->Matches(cluster_scoped));
}

}  // namespace
}  // namespace kube

TEST(LabelSelectorSortedTest, MatchesSortedAgreesWithTheMapForm) {
  auto selector = kube::LabelSelector::Parse("app=web,tier!=db,!legacy,env in (a,b)");
  ASSERT_TRUE(selector.ok());
  std::vector<std::pair<std::string, std::string>> matching = {{"app", "web"}, {"env", "a"}};
  std::vector<std::pair<std::string, std::string>> failing = {
      {"app", "web"}, {"env", "a"}, {"legacy", "x"}};
  EXPECT_TRUE(selector->MatchesSorted(matching));
  EXPECT_FALSE(selector->MatchesSorted(failing));
  EXPECT_TRUE(
      selector->Matches(std::map<std::string, std::string>(matching.begin(), matching.end())));
  EXPECT_FALSE(
      selector->Matches(std::map<std::string, std::string>(failing.begin(), failing.end())));
}
