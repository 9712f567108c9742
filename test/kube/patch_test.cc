// JSON Patch (RFC 6902), JSON Merge Patch (RFC 7386), merge patch creation and JSON parsing.
// The RFC appendix examples are restated here as data (same documents, same outcomes).
#include "kube/patch.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "status_matchers.h"

namespace kube {
namespace {

using ::testing::HasSubstr;

Json J(std::string_view text) { return Json::parse(text); }

StatusOr<Json> Patch(std::string_view target, std::string_view patch) {
  return ApplyJsonPatch(J(target), J(patch));
}

void ExpectPatched(std::string_view target, std::string_view patch, std::string_view expected) {
  StatusOr<Json> result = Patch(target, patch);
  ASSERT_OK(result) << "patch: " << patch;
  EXPECT_EQ(*result, J(expected)) << "patch: " << patch;
}

void ExpectPatchError(std::string_view target, std::string_view patch, std::string_view message) {
  EXPECT_THAT(Patch(target, patch), StatusIs(StatusReason::kBadRequest, HasSubstr(message)))
      << "patch: " << patch;
}

// ---------------------------------------------------------------------------------------------
// RFC 6902 Appendix A, one test per example.

TEST(JsonPatchRfcExamplesTest, A1AddsAnObjectMember) {
  ExpectPatched(R"({"foo": "bar"})", R"([{"op": "add", "path": "/baz", "value": "qux"}])",
                R"({"baz": "qux", "foo": "bar"})");
}

TEST(JsonPatchRfcExamplesTest, A2AddsAnArrayElement) {
  ExpectPatched(R"({"foo": ["bar", "baz"]})",
                R"([{"op": "add", "path": "/foo/1", "value": "qux"}])",
                R"({"foo": ["bar", "qux", "baz"]})");
}

TEST(JsonPatchRfcExamplesTest, A3RemovesAnObjectMember) {
  ExpectPatched(R"({"baz": "qux", "foo": "bar"})", R"([{"op": "remove", "path": "/baz"}])",
                R"({"foo": "bar"})");
}

TEST(JsonPatchRfcExamplesTest, A4RemovesAnArrayElement) {
  ExpectPatched(R"({"foo": ["bar", "qux", "baz"]})", R"([{"op": "remove", "path": "/foo/1"}])",
                R"({"foo": ["bar", "baz"]})");
}

TEST(JsonPatchRfcExamplesTest, A5ReplacesAValue) {
  ExpectPatched(R"({"baz": "qux", "foo": "bar"})",
                R"([{"op": "replace", "path": "/baz", "value": "boo"}])",
                R"({"baz": "boo", "foo": "bar"})");
}

TEST(JsonPatchRfcExamplesTest, A6MovesAValue) {
  ExpectPatched(R"({"foo": {"bar": "baz", "waldo": "fred"}, "qux": {"corge": "grault"}})",
                R"([{"op": "move", "from": "/foo/waldo", "path": "/qux/thud"}])",
                R"({"foo": {"bar": "baz"}, "qux": {"corge": "grault", "thud": "fred"}})");
}

TEST(JsonPatchRfcExamplesTest, A7MovesAnArrayElement) {
  ExpectPatched(R"({"foo": ["all", "grass", "cows", "eat"]})",
                R"([{"op": "move", "from": "/foo/1", "path": "/foo/3"}])",
                R"({"foo": ["all", "cows", "eat", "grass"]})");
}

TEST(JsonPatchRfcExamplesTest, A8TestsValuesSuccessfully) {
  ExpectPatched(R"({"baz": "qux", "foo": ["a", 2, "c"]})",
                R"([{"op": "test", "path": "/baz", "value": "qux"},
                    {"op": "test", "path": "/foo/1", "value": 2}])",
                R"({"baz": "qux", "foo": ["a", 2, "c"]})");
}

TEST(JsonPatchRfcExamplesTest, A9FailsATest) {
  ExpectPatchError(R"({"baz": "qux"})", R"([{"op": "test", "path": "/baz", "value": "bar"}])",
                   "json patch operation 0 (test /baz): test failed");
}

TEST(JsonPatchRfcExamplesTest, A10AddsANestedMemberObject) {
  ExpectPatched(R"({"foo": "bar"})",
                R"([{"op": "add", "path": "/child", "value": {"grandchild": {}}}])",
                R"({"foo": "bar", "child": {"grandchild": {}}})");
}

TEST(JsonPatchRfcExamplesTest, A11IgnoresUnrecognizedMembers) {
  ExpectPatched(R"({"foo": "bar"})",
                R"([{"op": "add", "path": "/baz", "value": "qux", "xyz": 123}])",
                R"({"foo": "bar", "baz": "qux"})");
}

TEST(JsonPatchRfcExamplesTest, A12CannotAddToANonexistentTarget) {
  ExpectPatchError(R"({"foo": "bar"})", R"([{"op": "add", "path": "/baz/bat", "value": "qux"}])",
                   "json patch operation 0 (add /baz/bat): path not found");
}

TEST(JsonPatchRfcExamplesTest, A13RejectsAnOperationWithARepeatedMember) {
  // The operation names "op" twice; the document is refused when it is parsed.
  EXPECT_THAT(
      ParseJson(R"([{"op": "add", "path": "/baz", "value": "qux", "op": "remove"}])", "patch"),
      StatusIs(StatusReason::kBadRequest, HasSubstr("duplicate member name \"op\"")));
}

TEST(JsonPatchRfcExamplesTest, A14UnescapesTildeOneBeforeTildeZero) {
  ExpectPatched(R"({"/": 9, "~1": 10})", R"([{"op": "test", "path": "/~01", "value": 10}])",
                R"({"/": 9, "~1": 10})");
}

TEST(JsonPatchRfcExamplesTest, A15DistinguishesStringsFromNumbers) {
  ExpectPatchError(R"({"/": 9, "~1": 10})", R"([{"op": "test", "path": "/~01", "value": "10"}])",
                   "test failed");
}

TEST(JsonPatchRfcExamplesTest, A16AddsAnArrayAsOneElement) {
  ExpectPatched(R"({"foo": ["bar"]})",
                R"([{"op": "add", "path": "/foo/-", "value": ["abc", "def"]}])",
                R"({"foo": ["bar", ["abc", "def"]]})");
}

// ---------------------------------------------------------------------------------------------
// JSON Pointer handling.

TEST(JsonPatchPointerTest, EscapedSlashAndTildeAddressMemberNames) {
  ExpectPatched(R"({"a/b": 1, "m~n": 2})",
                R"([{"op": "replace", "path": "/a~1b", "value": 10},
                    {"op": "remove", "path": "/m~0n"}])",
                R"({"a/b": 10})");
}

TEST(JsonPatchPointerTest, EmptyTokenIsTheEmptyMemberName) {
  ExpectPatched(R"({"": {"": 1}})", R"([{"op": "replace", "path": "//", "value": 2}])",
                R"({"": {"": 2}})");
}

TEST(JsonPatchPointerTest, MalformedPointersAreRejected) {
  ExpectPatchError("{}", R"([{"op": "add", "path": "a", "value": 1}])",
                   "json patch operation 0 (add a): a JSON pointer must be empty or start with");
  ExpectPatchError(R"({"a": 1})", R"([{"op": "remove", "path": "/a~2"}])",
                   "'~' in a JSON pointer must be followed by '0' or '1'");
  ExpectPatchError(R"({"a": 1})", R"([{"op": "remove", "path": "/a~"}])", "'~'");
  ExpectPatchError(R"({"a": 1})", R"([{"op": "copy", "from": "a", "path": "/b"}])",
                   "\"from\" a: a JSON pointer must be empty or start with '/'");
}

TEST(JsonPatchPointerTest, ArrayIndexesHaveNoLeadingZeros) {
  ExpectPatchError(R"({"a": [1, 2]})", R"([{"op": "remove", "path": "/a/01"}])",
                   "invalid array index '01'");
  ExpectPatchError(R"({"a": [1, 2]})", R"([{"op": "add", "path": "/a/01", "value": 0}])",
                   "invalid array index '01'");
  ExpectPatchError(R"({"a": [1, 2]})", R"([{"op": "replace", "path": "/a/01", "value": 0}])",
                   "path not found");
  ExpectPatchError(R"({"a": [1, 2]})", R"([{"op": "remove", "path": "/a/-1"}])",
                   "invalid array index '-1'");
  ExpectPatchError(R"({"a": [1, 2]})", R"([{"op": "remove", "path": "/a/1e0"}])",
                   "invalid array index");
  ExpectPatched(R"({"a": [1, 2]})", R"([{"op": "remove", "path": "/a/0"}])", R"({"a": [2]})");
}

TEST(JsonPatchPointerTest, DashOnlyAppendsWithAdd) {
  ExpectPatched(R"({"a": [1]})", R"([{"op": "add", "path": "/a/-", "value": 2}])",
                R"({"a": [1, 2]})");
  ExpectPatchError(R"({"a": [1]})", R"([{"op": "remove", "path": "/a/-"}])",
                   "invalid array index '-'");
  ExpectPatchError(R"({"a": [1]})", R"([{"op": "replace", "path": "/a/-", "value": 2}])",
                   "path not found");
  ExpectPatchError(R"({"a": [1]})", R"([{"op": "test", "path": "/a/-", "value": 1}])",
                   "path not found");
  ExpectPatchError(R"({"a": [1]})", R"([{"op": "copy", "from": "/a/-", "path": "/b"}])",
                   "\"from\" path not found");
}

TEST(JsonPatchPointerTest, AddIndexMayEqualTheSizeButNotExceedIt) {
  ExpectPatched(R"({"a": [1, 2]})", R"([{"op": "add", "path": "/a/2", "value": 3}])",
                R"({"a": [1, 2, 3]})");
  ExpectPatchError(R"({"a": [1, 2]})", R"([{"op": "add", "path": "/a/3", "value": 3}])",
                   "array index 3 is out of bounds (size 2)");
  ExpectPatchError(R"({"a": [1, 2]})", R"([{"op": "remove", "path": "/a/2"}])", "path not found");
}

TEST(JsonPatchPointerTest, NumericTokensNameObjectMembers) {
  ExpectPatched(R"({"0": "zero"})", R"([{"op": "replace", "path": "/0", "value": "z"}])",
                R"({"0": "z"})");
  ExpectPatched("{}", R"([{"op": "add", "path": "/01", "value": 1}])", R"({"01": 1})");
}

TEST(JsonPatchPointerTest, ScalarsHaveNoChildren) {
  ExpectPatchError(R"({"a": 1})", R"([{"op": "add", "path": "/a/b", "value": 2}])",
                   "parent is a number, not an object or array");
  ExpectPatchError(R"({"a": "s"})", R"([{"op": "test", "path": "/a/0", "value": "s"}])",
                   "path not found");
}

// ---------------------------------------------------------------------------------------------
// Operations.

TEST(JsonPatchOperationTest, AddReplacesAnExistingMember) {
  ExpectPatched(R"({"a": 1})", R"([{"op": "add", "path": "/a", "value": [2]}])", R"({"a": [2]})");
}

TEST(JsonPatchOperationTest, NullIsAValue) {
  ExpectPatched(R"({"a": 1})", R"([{"op": "add", "path": "/b", "value": null}])",
                R"({"a": 1, "b": null})");
  ExpectPatched(R"({"a": null})", R"([{"op": "test", "path": "/a", "value": null}])",
                R"({"a": null})");
  ExpectPatched(R"({"a": null})", R"([{"op": "remove", "path": "/a"}])", "{}");
}

TEST(JsonPatchOperationTest, ReplaceNeedsAnExistingTarget) {
  ExpectPatchError(R"({"a": 1})", R"([{"op": "replace", "path": "/b", "value": 2}])",
                   "json patch operation 0 (replace /b): path not found");
}

TEST(JsonPatchOperationTest, RemoveNeedsAnExistingTarget) {
  ExpectPatchError(R"({"spec": {}})",
                   R"([{"op": "test", "path": "/spec", "value": {}},
                       {"op": "add", "path": "/spec/y", "value": 1},
                       {"op": "remove", "path": "/spec/x"}])",
                   "json patch operation 2 (remove /spec/x): path not found");
}

TEST(JsonPatchOperationTest, TheWholeDocumentCanBeAddedReplacedAndTested) {
  ExpectPatched(R"({"a": 1})", R"([{"op": "add", "path": "", "value": [1]}])", "[1]");
  ExpectPatched(R"({"a": 1})", R"([{"op": "replace", "path": "", "value": "x"}])", R"("x")");
  ExpectPatched(R"({"a": 1})", R"([{"op": "test", "path": "", "value": {"a": 1.0}}])",
                R"({"a": 1})");
  ExpectPatchError(R"({"a": 1})", R"([{"op": "remove", "path": ""}])",
                   "the document root cannot be removed");
}

TEST(JsonPatchOperationTest, MoveIntoOwnChildIsAnError) {
  ExpectPatchError(R"({"a": {"b": {}}})", R"([{"op": "move", "from": "/a", "path": "/a/b/c"}])",
                   "json patch operation 0 (move /a/b/c): a value cannot be moved into one of "
                   "its own children");
  ExpectPatchError(R"({"a": 1})", R"([{"op": "move", "from": "", "path": "/a"}])",
                   "cannot be moved into one of its own children");
}

TEST(JsonPatchOperationTest, MoveToASiblingWithACommonNamePrefixIsAllowed) {
  ExpectPatched(R"({"a": 1})", R"([{"op": "move", "from": "/a", "path": "/ab"}])", R"({"ab": 1})");
}

TEST(JsonPatchOperationTest, MoveToItselfChangesNothingButNeedsTheSource) {
  ExpectPatched(R"({"a": {"b": 1}})", R"([{"op": "move", "from": "/a", "path": "/a"}])",
                R"({"a": {"b": 1}})");
  ExpectPatchError(R"({"a": 1})", R"([{"op": "move", "from": "/x", "path": "/x"}])",
                   "\"from\" path not found");
}

TEST(JsonPatchOperationTest, MoveBetweenArraysAndObjects) {
  ExpectPatched(R"({"list": [{"n": 1}, {"n": 2}], "obj": {}})",
                R"([{"op": "move", "from": "/list/0", "path": "/obj/first"},
                    {"op": "move", "from": "/obj", "path": "/list/-"}])",
                R"({"list": [{"n": 2}, {"first": {"n": 1}}]})");
}

TEST(JsonPatchOperationTest, CopyDuplicatesDeeply) {
  ExpectPatched(R"({"a": {"x": [1, {"y": 2}]}})",
                R"([{"op": "copy", "from": "/a", "path": "/b"},
                    {"op": "replace", "path": "/b/x/1/y", "value": 3}])",
                R"({"a": {"x": [1, {"y": 2}]}, "b": {"x": [1, {"y": 3}]}})");
  ExpectPatched(R"({"a": [1, 2]})", R"([{"op": "copy", "from": "/a/1", "path": "/a/0"}])",
                R"({"a": [2, 1, 2]})");
  ExpectPatched(R"({"a": 1})", R"([{"op": "copy", "from": "", "path": "/self"}])",
                R"({"a": 1, "self": {"a": 1}})");
}

TEST(JsonPatchOperationTest, LaterOperationsSeeEarlierResults) {
  ExpectPatched("{}",
                R"([{"op": "add", "path": "/a", "value": {}},
                    {"op": "add", "path": "/a/b", "value": [1]},
                    {"op": "add", "path": "/a/b/0", "value": 0},
                    {"op": "test", "path": "/a/b", "value": [0, 1]}])",
                R"({"a": {"b": [0, 1]}})");
}

TEST(JsonPatchOperationTest, EmptyPatchReturnsTheTarget) {
  ExpectPatched(R"({"a": [1, {"b": null}]})", "[]", R"({"a": [1, {"b": null}]})");
}

TEST(JsonPatchOperationTest, AFailureLeavesTheTargetAsItWas) {
  const Json target = J(R"({"a": 1})");
  StatusOr<Json> result = ApplyJsonPatch(target, J(R"([{"op": "replace", "path": "/a", "value": 2},
                    {"op": "add", "path": "/b", "value": 3},
                    {"op": "test", "path": "/a", "value": 1}])"));
  EXPECT_THAT(result, StatusIs(StatusReason::kBadRequest,
                               HasSubstr("json patch operation 2 (test /a): test failed")));
  EXPECT_EQ(target, J(R"({"a": 1})"));
}

// ---------------------------------------------------------------------------------------------
// `test` equality (RFC 6902 section 4.6).

TEST(JsonPatchTestOpTest, NumbersCompareByValue) {
  ExpectPatched(R"({"n": 1})", R"([{"op": "test", "path": "/n", "value": 1.0}])", R"({"n": 1})");
  ExpectPatched(R"({"n": 1.0})", R"([{"op": "test", "path": "/n", "value": 1}])", R"({"n": 1})");
  ExpectPatched(R"({"n": 0})", R"([{"op": "test", "path": "/n", "value": -0.0}])", R"({"n": 0})");
  ExpectPatched(R"({"n": 1e2})", R"([{"op": "test", "path": "/n", "value": 100}])",
                R"({"n": 100})");
  ExpectPatchError(R"({"n": 1})", R"([{"op": "test", "path": "/n", "value": 1.5}])", "test failed");
}

TEST(JsonPatchTestOpTest, SignedAndUnsignedIntegersDoNotWrap) {
  Json target = {{"n", std::numeric_limits<uint64_t>::max()}};
  Json minus_one = J(R"([{"op": "test", "path": "/n", "value": -1}])");
  EXPECT_THAT(ApplyJsonPatch(target, minus_one), StatusIs(StatusReason::kBadRequest));
  Json same = Json::array({{{"op", "test"}, {"path", "/n"}, {"value", target["n"]}}});
  EXPECT_OK(ApplyJsonPatch(target, same));

  Json big = {{"n", uint64_t{9007199254740993}}};  // 2^53 + 1 is not a double
  Json as_double = Json::array({{{"op", "test"}, {"path", "/n"}, {"value", 9007199254740992.0}}});
  EXPECT_THAT(ApplyJsonPatch(big, as_double), StatusIs(StatusReason::kBadRequest));
  Json signed_same = Json::array({{{"op", "test"}, {"path", "/n"}, {"value", 9007199254740993}}});
  EXPECT_OK(ApplyJsonPatch(big, signed_same));
}

TEST(JsonPatchTestOpTest, ObjectsIgnoreMemberOrderArraysDoNot) {
  ExpectPatched(R"({"o": {"a": 1, "b": [1, 2]}})",
                R"([{"op": "test", "path": "/o", "value": {"b": [1, 2.0], "a": 1}}])",
                R"({"o": {"a": 1, "b": [1, 2]}})");
  ExpectPatchError(R"({"o": [1, 2]})", R"([{"op": "test", "path": "/o", "value": [2, 1]}])",
                   "test failed");
  ExpectPatchError(R"({"o": {"a": 1}})",
                   R"([{"op": "test", "path": "/o", "value": {"a": 1, "b": null}}])",
                   "test failed");
  ExpectPatchError(R"({"o": null})", R"([{"op": "test", "path": "/o", "value": false}])",
                   "test failed: the value is null, not false");
}

// ---------------------------------------------------------------------------------------------
// Malformed patch documents.

TEST(JsonPatchDocumentTest, PatchMustBeAnArrayOfObjects) {
  EXPECT_THAT(ApplyJsonPatch(J("{}"), J(R"({"op": "add"})")),
              StatusIs(StatusReason::kBadRequest, HasSubstr("must be an array of operations")));
  ExpectPatchError("{}", R"(["add"])", "json patch operation 0: must be an object");
}

TEST(JsonPatchDocumentTest, RequiredMembersMustBePresent) {
  ExpectPatchError("{}", R"([{"path": "/a", "value": 1}])",
                   "json patch operation 0: missing \"op\" member");
  ExpectPatchError("{}", R"([{"op": "add", "value": 1}])",
                   "json patch operation 0 (add): missing \"path\" member");
  ExpectPatchError("{}", R"([{"op": "add", "path": "/a"}])",
                   "json patch operation 0 (add /a): missing \"value\" member");
  ExpectPatchError(R"({"a": 1})", R"([{"op": "replace", "path": "/a"}])",
                   "missing \"value\" member");
  ExpectPatchError(R"({"a": 1})", R"([{"op": "test", "path": "/a"}])", "missing \"value\" member");
  ExpectPatchError(R"({"a": 1})", R"([{"op": "move", "path": "/b"}])",
                   "json patch operation 0 (move /b): missing \"from\" member");
  ExpectPatchError(R"({"a": 1})", R"([{"op": "copy", "path": "/b"}])", "missing \"from\" member");
}

TEST(JsonPatchDocumentTest, MembersMustHaveTheRightTypes) {
  ExpectPatchError("{}", R"([{"op": 1, "path": "/a"}])", "\"op\" must be a string, not number");
  ExpectPatchError("{}", R"([{"op": "add", "path": ["a"], "value": 1}])",
                   "\"path\" must be a string, not array");
  ExpectPatchError(R"({"a": 1})", R"([{"op": "copy", "from": null, "path": "/b"}])",
                   "\"from\" must be a string, not null");
}

TEST(JsonPatchDocumentTest, UnknownOperationsAreRejected) {
  ExpectPatchError("{}", R"([{"op": "merge", "path": "/a", "value": 1}])",
                   "json patch operation 0: unknown op \"merge\"");
  ExpectPatchError("{}", R"([{"op": "Add", "path": "/a", "value": 1}])", "unknown op \"Add\"");
}

TEST(JsonPatchDocumentTest, RemoveNeedsNoValueAndIgnoresOne) {
  ExpectPatched(R"({"a": 1})", R"([{"op": "remove", "path": "/a", "value": 7, "from": 3}])", "{}");
}

TEST(JsonPatchDocumentTest, MalformedLaterOperationsFailBeforeAnythingIsApplied) {
  ExpectPatchError(R"({"a": 1})",
                   R"([{"op": "remove", "path": "/missing"}, {"op": "bogus", "path": "/a"}])",
                   "json patch operation 1: unknown op \"bogus\"");
}

// ---------------------------------------------------------------------------------------------
// RFC 7386: every example of Appendix A, and the example of section 3.

struct MergeCase {
  std::string_view target;
  std::string_view patch;
  std::string_view result;
};

TEST(MergePatchTest, RfcAppendixAExamples) {
  const MergeCase cases[] = {
      {R"({"a":"b"})", R"({"a":"c"})", R"({"a":"c"})"},
      {R"({"a":"b"})", R"({"b":"c"})", R"({"a":"b","b":"c"})"},
      {R"({"a":"b"})", R"({"a":null})", R"({})"},
      {R"({"a":"b","b":"c"})", R"({"a":null})", R"({"b":"c"})"},
      {R"({"a":["b"]})", R"({"a":"c"})", R"({"a":"c"})"},
      {R"({"a":"c"})", R"({"a":["b"]})", R"({"a":["b"]})"},
      {R"({"a":{"b":"c"}})", R"({"a":{"b":"d","c":null}})", R"({"a":{"b":"d"}})"},
      {R"({"a":[{"b":"c"}]})", R"({"a":[1]})", R"({"a":[1]})"},
      {R"(["a","b"])", R"(["c","d"])", R"(["c","d"])"},
      {R"({"a":"b"})", R"(["c"])", R"(["c"])"},
      {R"({"a":"foo"})", "null", "null"},
      {R"({"a":"foo"})", R"("bar")", R"("bar")"},
      {R"({"e":null})", R"({"a":1})", R"({"e":null,"a":1})"},
      {R"([1,2])", R"({"a":"b","c":null})", R"({"a":"b"})"},
      {R"({})", R"({"a":{"bb":{"ccc":null}}})", R"({"a":{"bb":{}}})"},
  };
  for (const MergeCase& c : cases) {
    EXPECT_EQ(ApplyMergePatch(J(c.target), J(c.patch)), J(c.result))
        << "target " << c.target << " patch " << c.patch;
  }
}

TEST(MergePatchTest, RfcSection3Example) {
  Json target = J(R"({
    "title": "Goodbye!",
    "author": {"givenName": "John", "familyName": "Doe"},
    "tags": ["example", "sample"],
    "content": "This will be unchanged"
  })");
  Json patch = J(R"({
    "title": "Hello!",
    "phoneNumber": "+01-123-456-7890",
    "author": {"familyName": null},
    "tags": ["example"]
  })");
  EXPECT_EQ(ApplyMergePatch(target, patch), J(R"({
    "title": "Hello!",
    "author": {"givenName": "John"},
    "tags": ["example"],
    "content": "This will be unchanged",
    "phoneNumber": "+01-123-456-7890"
  })"));
}

TEST(MergePatchTest, EmptyPatchChangesNothingAndNullForAbsentMemberIsANoOp) {
  Json target = J(R"({"a": {"b": [1, 2]}, "c": null})");
  EXPECT_EQ(ApplyMergePatch(target, J("{}")), target);
  EXPECT_EQ(ApplyMergePatch(target, J(R"({"zzz": null, "a": {"x": null}})")), target);
}

// ---------------------------------------------------------------------------------------------
// CreateMergePatch.

void ExpectMergePatchRoundTrip(const Json& from, const Json& to) {
  Json patch = CreateMergePatch(from, to);
  EXPECT_EQ(ApplyMergePatch(from, patch), to)
      << "from " << from << " to " << to << " patch " << patch;
}

TEST(CreateMergePatchTest, EqualDocumentsGiveAnEmptyObject) {
  EXPECT_EQ(CreateMergePatch(J(R"({"a": {"b": [1, 2]}})"), J(R"({"a": {"b": [1, 2]}})")),
            Json::object());
  EXPECT_EQ(CreateMergePatch(J(R"({"n": 1})"), J(R"({"n": 1.0})")), Json::object());
  EXPECT_EQ(CreateMergePatch(J("{}"), J("{}")), Json::object());
}

TEST(CreateMergePatchTest, EqualNonObjectsAreReplacedByThemselves) {
  // An object patch would turn a non-object into an object, so the patch is the value itself.
  EXPECT_EQ(CreateMergePatch(J("[1, 2]"), J("[1, 2]")), J("[1, 2]"));
  EXPECT_EQ(CreateMergePatch(J("7"), J("7.0")), J("7.0"));
}

TEST(CreateMergePatchTest, IsMinimal) {
  Json from = J(R"({"keep": 1, "drop": 2, "change": 3,
                    "nested": {"keep": true, "drop": "x", "deeper": {"a": 1, "b": 2}},
                    "list": [1, 2, 3], "same": {"x": [1]}})");
  Json to = J(R"({"keep": 1, "change": 4, "added": {"z": null},
                  "nested": {"keep": true, "deeper": {"a": 1, "b": 3}},
                  "list": [1, 2], "same": {"x": [1]}})");
  EXPECT_EQ(CreateMergePatch(from, to), J(R"({
    "drop": null, "change": 4, "added": {"z": null},
    "nested": {"drop": null, "deeper": {"b": 3}},
    "list": [1, 2]})"));
}

TEST(CreateMergePatchTest, TypeChangesReplaceTheValue) {
  EXPECT_EQ(CreateMergePatch(J(R"({"a": {"b": 1}})"), J(R"({"a": [1]})")), J(R"({"a": [1]})"));
  EXPECT_EQ(CreateMergePatch(J(R"({"a": "s"})"), J(R"({"a": {"b": 1}})")), J(R"({"a": {"b": 1}})"));
  EXPECT_EQ(CreateMergePatch(J(R"({"a": 1})"), J("[1]")), J("[1]"));
  EXPECT_EQ(CreateMergePatch(J(R"({"a": 1})"), J("null")), J("null"));
}

TEST(CreateMergePatchTest, AppliedPatchTurnsFromIntoTo) {
  const std::string_view documents[] = {
      "{}",
      R"({"a": 1})",
      R"({"a": {"b": {"c": [1, {"d": 2}]}}, "e": "x"})",
      R"({"a": {"b": {}}, "e": ["x"]})",
      R"({"a": "scalar", "f": false})",
      R"({"spec": {"replicas": 3, "template": {"metadata": {"labels": {"app": "web"}}}}})",
      R"({"spec": {"template": {"metadata": {"labels": {"app": "db", "tier": "be"}}}}})",
      "[1, 2]",
      R"("text")",
      "7",
  };
  for (std::string_view from : documents) {
    for (std::string_view to : documents) ExpectMergePatchRoundTrip(J(from), J(to));
  }
}

// ---------------------------------------------------------------------------------------------
// ParseJson.

TEST(ParseJsonTest, ParsesValidJson) {
  StatusOr<Json> parsed = ParseJson(R"( {"a": [1, 2.5, "x", true, null], "b": {}} )");
  ASSERT_OK(parsed);
  EXPECT_EQ(*parsed, J(R"({"a": [1, 2.5, "x", true, null], "b": {}})"));
  EXPECT_EQ(ParseJson("18446744073709551615").value(), Json(std::numeric_limits<uint64_t>::max()));
}

TEST(ParseJsonTest, SyntaxErrorsNameWhatAndTheByteOffset) {
  EXPECT_THAT(
      ParseJson(R"({"a": x})", "patch body"),
      StatusIs(StatusReason::kBadRequest, HasSubstr("patch body is not valid JSON (byte 7): ")));
  EXPECT_THAT(ParseJson(""),
              StatusIs(StatusReason::kBadRequest, HasSubstr("request body is not valid JSON")));
  EXPECT_THAT(ParseJson(R"({"a": 1} x)"),
              StatusIs(StatusReason::kBadRequest, HasSubstr("is not valid JSON (byte 10)")));
  EXPECT_THAT(ParseJson("{\"a\": \"\xff\"}"), StatusIs(StatusReason::kBadRequest));
  EXPECT_THAT(ParseJson("[1, 2,]"), StatusIs(StatusReason::kBadRequest));
  EXPECT_THAT(ParseJson("NaN"), StatusIs(StatusReason::kBadRequest));
}

TEST(ParseJsonTest, RepeatedMemberNamesAreRejectedPerObject) {
  EXPECT_THAT(ParseJson(R"({"a": 1, "b": {"c": 1, "c": 2}})"),
              StatusIs(StatusReason::kBadRequest, HasSubstr("duplicate member name \"c\"")));
  EXPECT_OK(ParseJson(R"({"a": {"x": 1}, "b": {"x": 2}, "c": [{"x": 1}, {"x": 2}]})"));
}

TEST(ParseJsonTest, NumbersBeyondDoubleRangeAreRejected) {
  EXPECT_THAT(ParseJson(R"({"n": 1e999})"),
              StatusIs(StatusReason::kBadRequest, HasSubstr("number overflow parsing '1e999'")));
  EXPECT_THAT(ParseJson("-1e400"), StatusIs(StatusReason::kBadRequest));
}

TEST(ParseJsonTest, DeepNestingIsRejected) {
  std::string deep = std::string(20000, '[') + std::string(20000, ']');
  EXPECT_THAT(ParseJson(deep), StatusIs(StatusReason::kBadRequest, HasSubstr("nested deeper")));
  std::string fine = std::string(100, '[') + std::string(100, ']');
  EXPECT_OK(ParseJson(fine));
}

}  // namespace
}  // namespace kube
