// The matcher (runner/matcher.h) as docs/scenario-format.md "Matching objects" describes it:
// subset and exact comparison, list modes (ordered, unordered, by key) and the JSON Pointer a
// mismatch names, field matchers, ignored paths, volatile metadata, `{}` equal to absent for
// the BackupConfiguration fields of spec 1.2, and numbers compared exactly by value.
#include "runner/matcher.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <optional>
#include <string>
#include <utility>

#include "kube/object.h"
#include "runner/scenario.h"

namespace runner {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

kube::Json Parse(const char* text) { return kube::Json::parse(text); }

ObjectExpectation Expect(const std::string& kind, const char* value,
                         MatchMode mode = MatchMode::kSubset) {
  ObjectExpectation expectation;
  expectation.ref.kind = kind;
  expectation.ref.namespace_name = "demo";
  expectation.ref.name = "deployment-stash-demo";
  expectation.mode = mode;
  expectation.value = Parse(value);
  return expectation;
}

// A stored Repository as the cluster returns it, server-set metadata included.
kube::Json StoredRepository() {
  return Parse(R"({
    "apiVersion": "stash.appscode.com/v1alpha1",
    "kind": "Repository",
    "metadata": {
      "name": "deployment-stash-demo", "namespace": "demo", "uid": "u-1",
      "resourceVersion": "17", "creationTimestamp": "2024-01-01T00:00:00Z", "generation": 1,
      "managedFields": [{"manager": "stash"}],
      "annotations": {"stash.appscode.com/backup-template": "gcs"}
    },
    "spec": {
      "backend": {"gcs": {"bucket": "appscode-qa", "prefix": "demo"},
                  "storageSecretName": "gcs-secret"}
    }
  })");
}

// Success when there is no mismatch, else a failure that shows it.
::testing::AssertionResult NoMismatch(const std::optional<Mismatch>& mismatch) {
  if (!mismatch) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << mismatch->path << ": " << mismatch->message << "\n"
                                       << mismatch->diff;
}

ListMode Unordered() { return ListMode{ListMode::Kind::kUnordered, ""}; }
ListMode ByKey(const std::string& key) { return ListMode{ListMode::Kind::kByKey, key}; }

FieldMatcher Absent() { return FieldMatcher{FieldMatcher::Kind::kAbsent, "", nullptr}; }
FieldMatcher Present() { return FieldMatcher{FieldMatcher::Kind::kPresent, "", nullptr}; }
FieldMatcher Regex(const std::string& regex) {
  return FieldMatcher{FieldMatcher::Kind::kRegex, regex, nullptr};
}
FieldMatcher Equals(kube::Json value) {
  return FieldMatcher{FieldMatcher::Kind::kEquals, "", std::move(value)};
}

// --- subset ---

TEST(MatcherSubsetTest, KeysTheExpectationDoesNotMentionAreNotChecked) {
  ObjectExpectation expectation =
      Expect("Repository", R"({"spec": {"backend": {"gcs": {"bucket": "appscode-qa"}}}})");
  EXPECT_TRUE(NoMismatch(MatchObject(expectation, StoredRepository())));
}

TEST(MatcherSubsetTest, TheKindComesFromTheReference) {
  ObjectExpectation expectation = Expect("BackupConfiguration", R"({"spec": {}})");
  auto mismatch = MatchObject(expectation, StoredRepository());
  ASSERT_TRUE(mismatch.has_value());
  EXPECT_EQ(mismatch->path, "/kind");
}

TEST(MatcherSubsetTest, AMissingKeyIsNamedByItsEscapedPointer) {
  ObjectExpectation expectation =
      Expect("Repository", R"({"metadata": {"annotations": {"stash.appscode.com/other": "x"}}})");
  auto mismatch = MatchObject(expectation, StoredRepository());
  ASSERT_TRUE(mismatch.has_value());
  EXPECT_EQ(mismatch->path, "/metadata/annotations/stash.appscode.com~1other");
  EXPECT_THAT(mismatch->message, HasSubstr("missing"));
}

TEST(MatcherSubsetTest, ADifferentValueNamesItsPathAndTheDiffShowsOnlyTheExpectedShape) {
  ObjectExpectation expectation =
      Expect("Repository", R"({"spec": {"backend": {"gcs": {"bucket": "other-bucket"}}}})");
  auto mismatch = MatchObject(expectation, StoredRepository());
  ASSERT_TRUE(mismatch.has_value());
  EXPECT_EQ(mismatch->path, "/spec/backend/gcs/bucket");
  EXPECT_THAT(mismatch->message, HasSubstr("other-bucket"));
  EXPECT_THAT(mismatch->message, HasSubstr("appscode-qa"));
  EXPECT_THAT(mismatch->diff, HasSubstr("other-bucket"));
  EXPECT_THAT(mismatch->diff, HasSubstr("appscode-qa"));
  // Projected onto the expected shape: what the expectation does not mention is not shown.
  EXPECT_THAT(mismatch->diff, Not(HasSubstr("storageSecretName")));
  EXPECT_THAT(mismatch->diff, Not(HasSubstr("resourceVersion")));
}

TEST(MatcherSubsetTest, NumbersCompareByValueButNotAcrossTypes) {
  kube::Json actual = Parse(R"({"kind": "BackupConfiguration", "spec": {"keepLast": 1.0}})");
  EXPECT_TRUE(NoMismatch(
      MatchObject(Expect("BackupConfiguration", R"({"spec": {"keepLast": 1}})"), actual)));
  auto mismatch =
      MatchObject(Expect("BackupConfiguration", R"({"spec": {"keepLast": "1"}})"), actual);
  ASSERT_TRUE(mismatch.has_value());
  EXPECT_EQ(mismatch->path, "/spec/keepLast");
}

// 2^53 + 1 and 2^53 are one double; the matcher must compare the integers themselves.
TEST(MatcherSubsetTest, IntegersAboveTwoTo53StayDistinct) {
  ObjectExpectation expectation =
      Expect("BackupConfiguration", R"({"spec": {"backupHistoryLimit": 9007199254740993}})");
  kube::Json same = Parse(R"({"kind": "BackupConfiguration",
                              "spec": {"backupHistoryLimit": 9007199254740993}})");
  EXPECT_TRUE(NoMismatch(MatchObject(expectation, same)));
  kube::Json integer = Parse(R"({"kind": "BackupConfiguration",
                                 "spec": {"backupHistoryLimit": 9007199254740992}})");
  auto mismatch = MatchObject(expectation, integer);
  ASSERT_TRUE(mismatch.has_value());
  EXPECT_EQ(mismatch->path, "/spec/backupHistoryLimit");
  kube::Json as_double = Parse(R"({"kind": "BackupConfiguration",
                                   "spec": {"backupHistoryLimit": 9007199254740992.0}})");
  EXPECT_TRUE(MatchObject(expectation, as_double).has_value());
}

TEST(MatcherSubsetTest, NonObjectsAreAMismatchNotACrash) {
  ObjectExpectation expectation = Expect("Repository", R"({"spec": {}})");
  auto mismatch = MatchObject(expectation, Parse(R"([1, 2])"));
  ASSERT_TRUE(mismatch.has_value());
  EXPECT_THAT(mismatch->message, HasSubstr("JSON objects"));
}

TEST(MatcherSubsetTest, WithoutValueOrFieldsExistingIsEnough) {
  ObjectExpectation expectation;
  expectation.ref.kind = "Repository";
  EXPECT_TRUE(NoMismatch(MatchObject(expectation, StoredRepository())));
}

// --- exact ---

TEST(MatcherExactTest, VolatileMetadataAndWhatTheReferenceNamesAreDropped) {
  kube::Json actual = StoredRepository();
  actual["metadata"].erase("annotations");
  ObjectExpectation expectation = Expect("Repository", R"({"spec": {"backend": {
      "gcs": {"bucket": "appscode-qa", "prefix": "demo"}, "storageSecretName": "gcs-secret"}}})",
                                         MatchMode::kExact);
  EXPECT_TRUE(NoMismatch(MatchObject(expectation, actual)));
}

TEST(MatcherExactTest, AFieldTheValueDoesNotStateIsAMismatchWhereSubsetPasses) {
  kube::Json actual = StoredRepository();
  actual["metadata"].erase("annotations");
  actual["status"] = Parse(R"({"phase": "Ready"})");
  const char* value = R"({"spec": {"backend": {
      "gcs": {"bucket": "appscode-qa", "prefix": "demo"}, "storageSecretName": "gcs-secret"}}})";
  EXPECT_TRUE(NoMismatch(MatchObject(Expect("Repository", value, MatchMode::kSubset), actual)));
  auto mismatch = MatchObject(Expect("Repository", value, MatchMode::kExact), actual);
  ASSERT_TRUE(mismatch.has_value());
  EXPECT_EQ(mismatch->path, "/status");
  EXPECT_THAT(mismatch->message, HasSubstr("unexpected field"));
}

TEST(MatcherExactTest, LabelsAndAnnotationsCount) {
  ObjectExpectation expectation = Expect("Repository", R"({"spec": {"backend": {
      "gcs": {"bucket": "appscode-qa", "prefix": "demo"}, "storageSecretName": "gcs-secret"}}})",
                                         MatchMode::kExact);
  auto mismatch = MatchObject(expectation, StoredRepository());
  ASSERT_TRUE(mismatch.has_value());
  EXPECT_EQ(mismatch->path, "/metadata");  // annotations the value does not state
}

TEST(MatcherExactTest, AnApiVersionTheValueStatesIsCompared) {
  kube::Json actual = StoredRepository();
  actual["metadata"].erase("annotations");
  ObjectExpectation expectation =
      Expect("Repository", R"({"apiVersion": "stash.appscode.com/v1beta1", "spec": {"backend": {
      "gcs": {"bucket": "appscode-qa", "prefix": "demo"}, "storageSecretName": "gcs-secret"}}})",
             MatchMode::kExact);
  auto mismatch = MatchObject(expectation, actual);
  ASSERT_TRUE(mismatch.has_value());
  EXPECT_EQ(mismatch->path, "/apiVersion");
}

TEST(MatcherExactTest, IgnoredPathsAreLeftOutOnBothSides) {
  kube::Json actual = StoredRepository();
  actual["status"] = Parse(R"({"phase": "Ready"})");
  ObjectExpectation expectation = Expect("Repository", R"({
      "metadata": {"annotations": {"stash.appscode.com/backup-template": "not-compared"}},
      "spec": {"backend": {"gcs": {"bucket": "appscode-qa", "prefix": "other"},
                           "storageSecretName": "gcs-secret"}}})",
                                         MatchMode::kExact);
  expectation.ignore = {"/metadata/annotations/stash.appscode.com~1backup-template", "/status",
                        "/spec/backend/gcs/prefix"};
  EXPECT_TRUE(NoMismatch(MatchObject(expectation, actual)));
  actual["spec"]["backend"]["gcs"]["bucket"] = "b";
  auto mismatch = MatchObject(expectation, actual);
  ASSERT_TRUE(mismatch.has_value());
  EXPECT_EQ(mismatch->path, "/spec/backend/gcs/bucket");
}

TEST(MatcherExactTest, AnIgnoredPathMayGoThroughAListIndex) {
  ObjectExpectation expectation = Expect("BackupConfiguration", R"({"metadata": {
      "ownerReferences": [{"kind": "Deployment", "name": "stash-demo"}]}})",
                                         MatchMode::kExact);
  expectation.ignore = {"/metadata/ownerReferences/0/uid"};
  kube::Json actual = Parse(R"({"kind": "BackupConfiguration", "metadata": {"name": "x",
      "ownerReferences": [{"kind": "Deployment", "name": "stash-demo", "uid": "U"}]}})");
  EXPECT_TRUE(NoMismatch(MatchObject(expectation, actual)));
  expectation.ignore.clear();
  auto mismatch = MatchObject(expectation, actual);
  ASSERT_TRUE(mismatch.has_value());
  EXPECT_EQ(mismatch->path, "/metadata/ownerReferences/0/uid");
}

// --- lists ---

kube::Json WithDirectories(const char* directories) {
  kube::Json object = Parse(R"({"kind": "BackupConfiguration", "spec": {"target": {}}})");
  object["spec"]["target"]["directories"] = Parse(directories);
  return object;
}

TEST(MatcherListTest, ListsAreOrderedByDefault) {
  ObjectExpectation expectation =
      Expect("BackupConfiguration", R"({"spec": {"target": {"directories": ["/a", "/b"]}}})");
  EXPECT_TRUE(NoMismatch(MatchObject(expectation, WithDirectories(R"(["/a", "/b"])"))));
  auto swapped = MatchObject(expectation, WithDirectories(R"(["/b", "/a"])"));
  ASSERT_TRUE(swapped.has_value());
  EXPECT_EQ(swapped->path, "/spec/target/directories/0");
  auto longer = MatchObject(expectation, WithDirectories(R"(["/a", "/b", "/c"])"));
  ASSERT_TRUE(longer.has_value());
  EXPECT_EQ(longer->path, "/spec/target/directories");
  EXPECT_THAT(longer->message, HasSubstr("expected 2 items, found 3"));
}

TEST(MatcherListTest, UnorderedListsMatchInAnyOrderButNeedTheSameLength) {
  ObjectExpectation expectation =
      Expect("BackupConfiguration", R"({"spec": {"target": {"directories": ["/a", "/b"]}}})");
  expectation.lists["/spec/target/directories"] = Unordered();
  EXPECT_TRUE(NoMismatch(MatchObject(expectation, WithDirectories(R"(["/b", "/a"])"))));
  auto longer = MatchObject(expectation, WithDirectories(R"(["/b", "/a", "/a"])"));
  ASSERT_TRUE(longer.has_value());
  EXPECT_EQ(longer->path, "/spec/target/directories");
  auto other = MatchObject(expectation, WithDirectories(R"(["/b", "/c"])"));
  ASSERT_TRUE(other.has_value());
  EXPECT_EQ(other->path, "/spec/target/directories/0");  // the expected item nothing matches
  EXPECT_THAT(other->message, HasSubstr("no item matches \"/a\""));
}

TEST(MatcherListTest, UnorderedUsesEachActualItemOnce) {
  ObjectExpectation expectation =
      Expect("BackupConfiguration", R"({"spec": {"target": {"directories": ["/a", "/a"]}}})");
  expectation.lists["/spec/target/directories"] = Unordered();
  EXPECT_TRUE(NoMismatch(MatchObject(expectation, WithDirectories(R"(["/a", "/a"])"))));
  auto mismatch = MatchObject(expectation, WithDirectories(R"(["/a", "/b"])"));
  ASSERT_TRUE(mismatch.has_value());
  EXPECT_EQ(mismatch->path, "/spec/target/directories/1");
}

// Docs: "each expected element matches a different actual element". In subset mode a loose
// expected item may match several actual ones; taking the first it matches must not make a
// later, stricter item fail when a pairing of every item exists.
TEST(MatcherListTest, UnorderedSubsetFindsAPairingWhenTheFirstCandidateIsTaken) {
  ObjectExpectation expectation = Expect("BackupConfiguration", R"({"spec": {"target": {
      "volumeMounts": [{"name": "data"}, {"name": "data", "mountPath": "/x"}]}}})");
  expectation.lists["/spec/target/volumeMounts"] = Unordered();
  kube::Json actual = Parse(R"({"kind": "BackupConfiguration", "spec": {"target": {
      "volumeMounts": [{"name": "data", "mountPath": "/x"}, {"name": "data", "mountPath": "/y"}]
  }}})");
  EXPECT_TRUE(NoMismatch(MatchObject(expectation, actual)));
}

TEST(MatcherListTest, ByKeyPairsItemsByTheirKeyAndNamesTheDifferingActualItem) {
  ObjectExpectation expectation = Expect("BackupConfiguration", R"({"spec": {"target": {
      "volumeMounts": [{"name": "s1", "mountPath": "/1"}, {"name": "s2", "mountPath": "/2"}]}}})");
  expectation.lists["/spec/target/volumeMounts"] = ByKey("name");
  kube::Json actual = Parse(R"({"kind": "BackupConfiguration", "spec": {"target": {
      "volumeMounts": [{"name": "s2", "mountPath": "/2"}, {"name": "s1", "mountPath": "/1"}]}}})");
  EXPECT_TRUE(NoMismatch(MatchObject(expectation, actual)));
  actual["spec"]["target"]["volumeMounts"][0]["mountPath"] = "/wrong";
  auto mismatch = MatchObject(expectation, actual);
  ASSERT_TRUE(mismatch.has_value());
  // s2 is expected item 1 but actual item 0: the pointer is into the actual object.
  EXPECT_EQ(mismatch->path, "/spec/target/volumeMounts/0/mountPath");
}

TEST(MatcherListTest, ByKeyNamesTheExpectedItemWithoutACounterpart) {
  ObjectExpectation expectation = Expect("BackupConfiguration", R"({"spec": {"target": {
      "volumeMounts": [{"name": "s1"}, {"name": "s3"}]}}})");
  expectation.lists["/spec/target/volumeMounts"] = ByKey("name");
  kube::Json actual = Parse(R"({"kind": "BackupConfiguration", "spec": {"target": {
      "volumeMounts": [{"name": "s2"}, {"name": "s1"}]}}})");
  auto mismatch = MatchObject(expectation, actual);
  ASSERT_TRUE(mismatch.has_value());
  EXPECT_EQ(mismatch->path, "/spec/target/volumeMounts/1");
  EXPECT_THAT(mismatch->message, HasSubstr("no item with name = \"s3\""));
}

TEST(MatcherListTest, ByKeyNeedsTheKeyInEveryExpectedItem) {
  ObjectExpectation expectation = Expect("BackupConfiguration", R"({"spec": {"target": {
      "volumeMounts": [{"name": "s1"}, {"mountPath": "/2"}]}}})");
  expectation.lists["/spec/target/volumeMounts"] = ByKey("name");
  kube::Json actual = Parse(R"({"kind": "BackupConfiguration", "spec": {"target": {
      "volumeMounts": [{"name": "s1"}, {"name": "s2", "mountPath": "/2"}]}}})");
  auto mismatch = MatchObject(expectation, actual);
  ASSERT_TRUE(mismatch.has_value());
  EXPECT_EQ(mismatch->path, "/spec/target/volumeMounts/1");
  EXPECT_THAT(mismatch->message, HasSubstr("no key \"name\""));
}

// Exact: the actual list must be the expected one up to order. Two expected items with the same
// key must not both pair with one actual item and leave another actual item unchecked.
TEST(MatcherListTest, ByKeyInExactModeLeavesNoActualItemUnchecked) {
  ObjectExpectation expectation = Expect("BackupConfiguration", R"({"spec": {"target": {
      "volumeMounts": [{"name": "s1", "mountPath": "/1"}, {"name": "s1", "mountPath": "/1"}]}}})",
                                         MatchMode::kExact);
  expectation.lists["/spec/target/volumeMounts"] = ByKey("name");
  kube::Json actual = Parse(R"({"kind": "BackupConfiguration", "spec": {"target": {
      "volumeMounts": [{"name": "s1", "mountPath": "/1"}, {"name": "s2", "mountPath": "/x"}]}}})");
  EXPECT_TRUE(MatchObject(expectation, actual).has_value());
}

TEST(MatcherListTest, AListModeCoversTheSameListInEveryItemOfAnEnclosingList) {
  ObjectExpectation expectation = Expect("Deployment", R"({"spec": {"containers": [
      {"name": "a", "volumeMounts": [{"name": "m1"}, {"name": "m2"}]},
      {"name": "b", "volumeMounts": [{"name": "m3"}, {"name": "m4"}]}]}})");
  expectation.lists["/spec/containers/volumeMounts"] = ByKey("name");
  kube::Json actual = Parse(R"({"kind": "Deployment", "spec": {"containers": [
      {"name": "a", "volumeMounts": [{"name": "m2"}, {"name": "m1"}]},
      {"name": "b", "volumeMounts": [{"name": "m4"}, {"name": "m3"}]}]}})");
  EXPECT_TRUE(NoMismatch(MatchObject(expectation, actual)));
  // The enclosing list itself stays ordered.
  std::swap(actual["spec"]["containers"][0], actual["spec"]["containers"][1]);
  auto mismatch = MatchObject(expectation, actual);
  ASSERT_TRUE(mismatch.has_value());
  EXPECT_THAT(mismatch->path, HasSubstr("/spec/containers/0/"));
}

// --- field matchers ---

TEST(MatcherFieldTest, AbsentAndPresent) {
  kube::Json actual = Parse(R"({"spec": {"paused": false, "task": null}})");
  EXPECT_TRUE(NoMismatch(MatchFields({{"/spec/schedule", Absent()}}, actual)));
  EXPECT_TRUE(
      NoMismatch(MatchFields({{"/spec/paused", Present()}, {"/spec/task", Present()}}, actual)));
  auto absent = MatchFields({{"/spec/paused", Absent()}}, actual);
  ASSERT_TRUE(absent.has_value());
  EXPECT_EQ(absent->path, "/spec/paused");
  EXPECT_THAT(absent->message, HasSubstr("expected absent, found false"));
  auto present = MatchFields({{"/spec/schedule", Present()}}, actual);
  ASSERT_TRUE(present.has_value());
  EXPECT_EQ(present->path, "/spec/schedule");
  EXPECT_THAT(present->message, HasSubstr("missing"));
}

TEST(MatcherFieldTest, RegexIsSearchedInAStringOnly) {
  kube::Json actual = Parse(R"({"metadata": {"annotations": {"a.b/c": "deployment-stash-demo"}},
                                "spec": {"keepLast": 5}})");
  const std::string pointer = "/metadata/annotations/a.b~1c";
  EXPECT_TRUE(NoMismatch(MatchFields({{pointer, Regex("stash")}}, actual)));  // not anchored
  EXPECT_TRUE(NoMismatch(MatchFields({{pointer, Regex("^deployment-")}}, actual)));
  auto anchored = MatchFields({{pointer, Regex("^stash$")}}, actual);
  ASSERT_TRUE(anchored.has_value());
  EXPECT_EQ(anchored->path, pointer);
  EXPECT_THAT(anchored->message, HasSubstr("does not match"));
  auto number = MatchFields({{"/spec/keepLast", Regex("5")}}, actual);
  ASSERT_TRUE(number.has_value());
  EXPECT_EQ(number->path, "/spec/keepLast");
  EXPECT_TRUE(MatchFields({{"/spec/missing", Regex(".*")}}, actual).has_value());
}

TEST(MatcherFieldTest, EqualsComparesTheWholeValue) {
  kube::Json actual = Parse(R"({"spec": {"retentionPolicy": {"keepLast": 5, "prune": true}}})");
  EXPECT_TRUE(NoMismatch(MatchFields(
      {{"/spec/retentionPolicy", Equals(Parse(R"({"keepLast": 5, "prune": true})"))}}, actual)));
  auto part = MatchFields({{"/spec/retentionPolicy", Equals(Parse(R"({"keepLast": 5})"))}}, actual);
  ASSERT_TRUE(part.has_value());
  EXPECT_EQ(part->path, "/spec/retentionPolicy");
  auto missing = MatchFields({{"/spec/schedule", Equals("*/5 * * * *")}}, actual);
  ASSERT_TRUE(missing.has_value());
  EXPECT_THAT(missing->message, HasSubstr("found nothing"));
}

// Issue 13: the same exactness as the value comparison, whichever way the number was written.
TEST(MatcherFieldTest, EqualsKeepsIntegersAboveTwoTo53Distinct) {
  FieldMatcher matcher = Equals(Parse("9007199254740993"));
  EXPECT_TRUE(NoMismatch(MatchFields({{"/n", matcher}}, Parse(R"({"n": 9007199254740993})"))));
  EXPECT_TRUE(MatchFields({{"/n", matcher}}, Parse(R"({"n": 9007199254740992})")).has_value());
  EXPECT_TRUE(MatchFields({{"/n", matcher}}, Parse(R"({"n": 9007199254740992.0})")).has_value())
      << "9007199254740993 equals 9007199254740992.0 through a double";
  FieldMatcher nested = Equals(Parse(R"({"limit": 9007199254740993})"));
  EXPECT_TRUE(MatchFields({{"/spec", nested}}, Parse(R"({"spec": {"limit": 9007199254740992.0}})"))
                  .has_value())
      << "an object holding 9007199254740993 equals one holding 9007199254740992.0";
}

TEST(MatcherFieldTest, FieldsAreCheckedByMatchObjectInBothModes) {
  for (MatchMode mode : {MatchMode::kSubset, MatchMode::kExact}) {
    ObjectExpectation expectation;
    expectation.ref.kind = "Repository";
    expectation.mode = mode;
    expectation.fields["/metadata/uid"] = Present();
    expectation.fields["/spec/paused"] = Absent();
    EXPECT_TRUE(NoMismatch(MatchObject(expectation, StoredRepository())));
    expectation.fields["/metadata/annotations/stash.appscode.com~1backup-template"] = Equals("s3");
    auto mismatch = MatchObject(expectation, StoredRepository());
    ASSERT_TRUE(mismatch.has_value());
    EXPECT_EQ(mismatch->path, "/metadata/annotations/stash.appscode.com~1backup-template");
  }
}

// --- volatile metadata and `{}` as absent ---

TEST(MatcherVolatileMetadataTest, DropsTheServerSetFieldsAndKeepsTheRest) {
  kube::Json stripped = WithoutVolatileMetadata(StoredRepository());
  EXPECT_EQ(stripped["metadata"], Parse(R"({"name": "deployment-stash-demo", "namespace": "demo",
                      "annotations": {"stash.appscode.com/backup-template": "gcs"}})"));
  EXPECT_EQ(stripped["spec"], StoredRepository()["spec"]);
}

TEST(MatcherVolatileMetadataTest, MetadataLeftEmptyIsRemoved) {
  kube::Json object = Parse(R"({"kind": "X", "metadata": {"uid": "u", "generation": 3}})");
  EXPECT_EQ(WithoutVolatileMetadata(object), Parse(R"({"kind": "X"})"));
  EXPECT_EQ(WithoutVolatileMetadata(Parse(R"({"kind": "X"})")), Parse(R"({"kind": "X"})"));
}

TEST(MatcherNormalizeTest, EmptyTaskRuntimeSettingsAndTempDirOfABackupConfigurationGo) {
  kube::Json object = Parse(R"({"kind": "BackupConfiguration", "spec": {
      "task": {}, "runtimeSettings": {}, "tempDir": {"medium": "Memory"}, "target": {}}})");
  EXPECT_EQ(NormalizeForComparison(object), Parse(R"({"kind": "BackupConfiguration", "spec": {
                "tempDir": {"medium": "Memory"}, "target": {}}})"));
  kube::Json other = object;
  other["kind"] = "Repository";
  EXPECT_EQ(NormalizeForComparison(other), other);
}

TEST(MatcherNormalizeTest, EmptyEqualsAbsentInBothModes) {
  kube::Json with_empty = Parse(R"({"kind": "BackupConfiguration", "spec": {
      "schedule": "s", "task": {}, "runtimeSettings": {}, "tempDir": {}}})");
  kube::Json without = Parse(R"({"kind": "BackupConfiguration", "spec": {"schedule": "s"}})");
  const char* empty_value =
      R"({"spec": {"schedule": "s", "task": {}, "runtimeSettings": {}, "tempDir": {}}})";
  const char* absent_value = R"({"spec": {"schedule": "s"}})";
  for (MatchMode mode : {MatchMode::kSubset, MatchMode::kExact}) {
    EXPECT_TRUE(NoMismatch(MatchObject(Expect("BackupConfiguration", empty_value, mode), without)));
    EXPECT_TRUE(
        NoMismatch(MatchObject(Expect("BackupConfiguration", absent_value, mode), with_empty)));
  }
  // Only `{}`: a task with content is compared.
  kube::Json with_task = without;
  with_task["spec"]["task"] = Parse(R"({"name": "pvc-backup"})");
  auto mismatch =
      MatchObject(Expect("BackupConfiguration", absent_value, MatchMode::kExact), with_task);
  ASSERT_TRUE(mismatch.has_value());
  EXPECT_EQ(mismatch->path, "/spec/task");
}

TEST(MatcherNormalizeTest, OtherKindsKeepEmptyDistinctFromAbsent) {
  auto mismatch = MatchObject(Expect("Repository", R"({"spec": {"task": {}}})"),
                              Parse(R"({"kind": "Repository", "spec": {}})"));
  ASSERT_TRUE(mismatch.has_value());
  EXPECT_EQ(mismatch->path, "/spec/task");
}

}  // namespace
}  // namespace runner
