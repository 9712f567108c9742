// Object semantics of the fake cluster (fake-apiserver.md 1.1-1.6): the global resourceVersion,
// uid and creationTimestamp, name/label/annotation validation, optimistic concurrency,
// metadata.generation and the status subresource.
#include <string>

#include "cluster_fixture.h"

namespace fakecluster_test {
namespace {

using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::MatchesRegex;
using ::testing::Not;

using ObjectsTest = ClusterTest;

uint64_t RvOf(const kube::Object& object) { return std::stoull(object.ResourceVersion()); }

// ---------------------------------------------------------------------------------------------
// 1.1 resourceVersion

TEST_F(ObjectsTest, ResourceVersionIsOneCounterStrictlyIncreasingAcrossKinds) {
  kube::Object cm = MustCreate(ConfigMap("default", "a"));
  kube::Object repo = MustCreate(Repository("default", "r"));
  kube::Object tpl = MustCreate(Template("t"));
  kube::Object ns = MustCreate(Namespace("other"));

  EXPECT_LT(RvOf(cm), RvOf(repo));
  EXPECT_LT(RvOf(repo), RvOf(tpl));
  EXPECT_LT(RvOf(tpl), RvOf(ns));
  EXPECT_EQ(cluster().CurrentResourceVersion(), RvOf(ns));
}

TEST_F(ObjectsTest, ResourceVersionIsADecimalString) {
  kube::Object cm = MustCreate(ConfigMap("default", "a"));
  EXPECT_THAT(cm.ResourceVersion(), MatchesRegex("[1-9][0-9]*"));
  EXPECT_EQ(MustGet(kConfigMapGvk, "default", "a").ResourceVersion(), cm.ResourceVersion());
}

TEST_F(ObjectsTest, EveryWriteBumpsTheResourceVersion) {
  kube::Object cm = MustCreate(ConfigMap("default", "a", {{"k", "1"}}));
  cm.json()["data"]["k"] = "2";
  auto updated = cluster().Update(cm);
  ASSERT_OK(updated);
  EXPECT_GT(RvOf(*updated), RvOf(cm));

  auto patched = cluster().Patch(kConfigMapGvk, "default", "a", kube::PatchType::kMerge,
                                 R"({"data":{"k":"3"}})", {});
  ASSERT_OK(patched);
  EXPECT_GT(RvOf(*patched), RvOf(*updated));

  uint64_t before_delete = cluster().CurrentResourceVersion();
  ASSERT_OK(cluster().Delete(kConfigMapGvk, "default", "a"));
  EXPECT_GT(cluster().CurrentResourceVersion(), before_delete);
}

TEST_F(ObjectsTest, NoOpUpdateBumpsNothingAndEmitsNoWatchEvent) {
  kube::Object cm = MustCreate(ConfigMap("default", "a", {{"k", "1"}}));
  auto stream = MustWatch(kConfigMapGvk, WatchFrom(cm.ResourceVersion()));
  size_t writes = cluster().WriteLog().size();

  auto updated = cluster().Update(cm);

  ASSERT_OK(updated);
  EXPECT_EQ(updated->ResourceVersion(), cm.ResourceVersion());
  EXPECT_EQ(cluster().CurrentResourceVersion(), RvOf(cm));
  EXPECT_EQ(cluster().WriteLog().size(), writes);
  EXPECT_THAT(DrainDescribed(*stream), IsEmpty());
}

TEST_F(ObjectsTest, NoOpPatchBumpsNothingAndEmitsNoWatchEvent) {
  kube::Object cm = MustCreate(ConfigMap("default", "a", {{"k", "1"}}));
  auto stream = MustWatch(kConfigMapGvk, WatchFrom(cm.ResourceVersion()));

  auto patched = cluster().Patch(kConfigMapGvk, "default", "a", kube::PatchType::kMerge,
                                 R"({"data":{"k":"1"}})", {});

  ASSERT_OK(patched);
  EXPECT_EQ(patched->ResourceVersion(), cm.ResourceVersion());
  EXPECT_EQ(cluster().CurrentResourceVersion(), RvOf(cm));
  EXPECT_THAT(DrainDescribed(*stream), IsEmpty());
}

TEST_F(ObjectsTest, UpdateThatOnlyChangesStatusOfStatusKindIsANoOp) {
  kube::Object repo = MustCreate(Repository("default", "r"));
  repo.json()["status"] = {{"integrity", true}};

  auto updated = cluster().Update(repo);

  ASSERT_OK(updated);
  EXPECT_EQ(updated->ResourceVersion(), repo.ResourceVersion());
  EXPECT_FALSE(updated->json().contains("status"));
}

// ---------------------------------------------------------------------------------------------
// 1.2 uid and creationTimestamp

TEST_F(ObjectsTest, CreateSetsUuidAndCreationTimestampFromTheVirtualClock) {
  clock_.Advance(90'061'000);  // one day, one hour, one minute and one second
  kube::Object cm = MustCreate(ConfigMap("default", "a"));

  EXPECT_THAT(cm.Uid(),
              MatchesRegex("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"));
  EXPECT_EQ(cm.CreationTimestamp(), "2024-01-02T01:01:01Z");
}

TEST_F(ObjectsTest, UidsAreDistinctPerObject) {
  kube::Object a = MustCreate(ConfigMap("default", "a"));
  kube::Object b = MustCreate(ConfigMap("default", "b"));
  EXPECT_NE(a.Uid(), b.Uid());
}

TEST_F(ObjectsTest, CreateIgnoresClientSuppliedUidAndCreationTimestamp) {
  kube::Object request = ConfigMap("default", "a");
  request.MutableMetadata()["uid"] = "11111111-1111-4111-8111-111111111111";
  request.MutableMetadata()["creationTimestamp"] = "2001-01-01T00:00:00Z";

  kube::Object cm = MustCreate(request);

  EXPECT_NE(cm.Uid(), "11111111-1111-4111-8111-111111111111");
  EXPECT_EQ(cm.CreationTimestamp(), "2024-01-01T00:00:00Z");
}

TEST_F(ObjectsTest, UpdateKeepsCreationTimestamp) {
  kube::Object cm = MustCreate(ConfigMap("default", "a"));
  clock_.Advance(5000);
  cm.MutableMetadata()["creationTimestamp"] = "2001-01-01T00:00:00Z";
  cm.json()["data"] = {{"k", "v"}};

  auto updated = cluster().Update(cm);

  ASSERT_OK(updated);
  EXPECT_EQ(updated->CreationTimestamp(), "2024-01-01T00:00:00Z");
  EXPECT_EQ(MustGet(kConfigMapGvk, "default", "a").CreationTimestamp(), "2024-01-01T00:00:00Z");
}

TEST_F(ObjectsTest, UpdateWithAnotherUidIsConflictAndChangesNothing) {
  kube::Object cm = MustCreate(ConfigMap("default", "a"));
  std::string dump = cluster().DumpStore();
  kube::Object request = cm;
  request.MutableMetadata()["uid"] = "11111111-1111-4111-8111-111111111111";
  request.json()["data"] = {{"k", "v"}};

  EXPECT_THAT(cluster().Update(request),
              kube::StatusIs(kube::StatusReason::kConflict, HasSubstr("Precondition failed: UID")));
  EXPECT_EQ(cluster().DumpStore(), dump);
}

TEST_F(ObjectsTest, UpdateKeepsGenerateName) {
  kube::Object request = ConfigMap("default", "");
  request.MutableMetadata().erase("name");
  request.MutableMetadata()["generateName"] = "web-";
  kube::Object cm = MustCreate(request);
  cm.MutableMetadata()["generateName"] = "other-";
  cm.json()["data"] = {{"k", "v"}};

  auto updated = cluster().Update(cm);

  ASSERT_OK(updated);
  EXPECT_EQ(updated->GenerateName(), "web-");
  EXPECT_EQ(MustGet(kConfigMapGvk, "default", cm.Name()).GenerateName(), "web-");
}

TEST_F(ObjectsTest, NamespaceIsPartOfTheIdentitySoAnUpdateCannotMoveAnObject) {
  kube::Object cm = MustCreate(ConfigMap("default", "a"));
  MustCreate(Namespace("other"));
  cm.SetNamespace("other");

  EXPECT_THAT(cluster().Update(cm), kube::StatusIs(kube::StatusReason::kNotFound));
  EXPECT_TRUE(Exists(kConfigMapGvk, "default", "a"));
  EXPECT_FALSE(Exists(kConfigMapGvk, "other", "a"));
}

// ---------------------------------------------------------------------------------------------
// 1.3 names, labels, annotations

TEST_F(ObjectsTest, SubdomainNamesWithDotsAndUpTo253CharactersAreAccepted) {
  EXPECT_OK(cluster().Create(ConfigMap("default", "app.config-1")));
  EXPECT_OK(cluster().Create(ConfigMap("default", std::string(253, 'a'))));
}

TEST_F(ObjectsTest, NameOf254CharactersIsInvalid) {
  auto created = cluster().Create(ConfigMap("default", std::string(254, 'a')));
  EXPECT_THAT(created, kube::StatusIs(kube::StatusReason::kInvalid,
                                      HasSubstr("must be no more than 253 characters")));
  EXPECT_THAT(CauseFields(created.status()), ElementsAre("metadata.name"));
}

TEST_F(ObjectsTest, UppercaseOrUnderscoreNamesAreInvalid) {
  for (const char* name : {"Web", "web_1", "-web", "web-"}) {
    auto created = cluster().Create(ConfigMap("default", name));
    EXPECT_THAT(created, kube::StatusIs(kube::StatusReason::kInvalid,
                                        HasSubstr("a lowercase RFC 1123 subdomain")))
        << name;
    EXPECT_THAT(CauseTypesAndFields(created.status()),
                ElementsAre("FieldValueInvalid metadata.name"))
        << name;
  }
}

TEST_F(ObjectsTest, MissingNameAndGenerateNameIsInvalid) {
  kube::Object request = ConfigMap("default", "");
  request.MutableMetadata().erase("name");
  auto created = cluster().Create(request);
  EXPECT_THAT(created, kube::StatusIs(kube::StatusReason::kInvalid,
                                      HasSubstr("name or generateName is required")));
  EXPECT_THAT(CauseTypesAndFields(created.status()),
              ElementsAre("FieldValueRequired metadata.name"));
}

TEST_F(ObjectsTest, ANameThatIsNotAStringIsReportedAsSuchNotAsMissing) {
  // `name: 12345` in YAML is a number; the API server cannot decode it as ObjectMeta.name.
  kube::Object request = ConfigMap("default", "");
  request.MutableMetadata()["name"] = 12345;
  auto created = cluster().Create(request);
  EXPECT_THAT(created, kube::StatusIs(kube::StatusReason::kInvalid,
                                      AllOf(HasSubstr("12345: must be a string"),
                                            Not(HasSubstr("is required")))));
  EXPECT_THAT(CauseTypesAndFields(created.status()),
              ElementsAre("FieldValueTypeInvalid metadata.name"));
}

TEST_F(ObjectsTest, NamespaceNamesAreDns1123LabelsOfAtMost63Characters) {
  EXPECT_OK(cluster().Create(Namespace(std::string(63, 'n'))));

  auto too_long = cluster().Create(Namespace(std::string(64, 'n')));
  EXPECT_THAT(too_long, kube::StatusIs(kube::StatusReason::kInvalid,
                                       HasSubstr("must be no more than 63 characters")));
  EXPECT_THAT(CauseFields(too_long.status()), ElementsAre("metadata.name"));

  auto dotted = cluster().Create(Namespace("team.a"));
  EXPECT_THAT(dotted, kube::StatusIs(kube::StatusReason::kInvalid,
                                     HasSubstr("a lowercase RFC 1123 label")));
}

TEST_F(ObjectsTest, GenerateNameAppendsFiveRandomCharacters) {
  kube::Object request = ConfigMap("default", "");
  request.MutableMetadata().erase("name");
  request.MutableMetadata()["generateName"] = "web-";

  kube::Object first = MustCreate(request);
  kube::Object second = MustCreate(request);

  EXPECT_THAT(first.Name(), MatchesRegex("web-[bcdfghjklmnpqrstvwxz2456789]{5}"));
  EXPECT_THAT(second.Name(), MatchesRegex("web-[bcdfghjklmnpqrstvwxz2456789]{5}"));
  EXPECT_NE(first.Name(), second.Name());
  EXPECT_EQ(first.GenerateName(), "web-");
  EXPECT_TRUE(Exists(kConfigMapGvk, "default", first.Name()));
}

TEST_F(ObjectsTest, GenerateNameIsTruncatedTo58CharactersBeforeTheSuffix) {
  kube::Object request = ConfigMap("default", "");
  request.MutableMetadata().erase("name");
  request.MutableMetadata()["generateName"] = std::string(70, 'g');

  kube::Object cm = MustCreate(request);

  EXPECT_EQ(cm.Name().size(), 63u);
  EXPECT_EQ(cm.Name().substr(0, 58), std::string(58, 'g'));
}

TEST_F(ObjectsTest, LabelKeysWithPrefixAndValuesUpTo63AreAccepted) {
  EXPECT_OK(cluster().Create(
      ConfigMap("default", "a", Json::object(),
                {{"app.kubernetes.io/name", std::string(63, 'v')}, {"tier", ""}})));
}

TEST_F(ObjectsTest, LabelKeyNamePartLongerThan63IsInvalid) {
  auto created = cluster().Create(
      ConfigMap("default", "a", Json::object(), {{"example.com/" + std::string(64, 'k'), "v"}}));
  EXPECT_THAT(created, kube::StatusIs(kube::StatusReason::kInvalid,
                                      HasSubstr("name part must be no more than 63 characters")));
  EXPECT_THAT(CauseFields(created.status()), ElementsAre("metadata.labels"));
}

TEST_F(ObjectsTest, LabelKeyPrefixLongerThan253IsInvalid) {
  auto created = cluster().Create(
      ConfigMap("default", "a", Json::object(), {{std::string(254, 'p') + "/app", "v"}}));
  EXPECT_THAT(created, kube::StatusIs(kube::StatusReason::kInvalid,
                                      HasSubstr("prefix part must be no more than 253")));
  EXPECT_THAT(CauseFields(created.status()), ElementsAre("metadata.labels"));
}

TEST_F(ObjectsTest, LabelValueLongerThan63OrWithBadCharactersIsInvalid) {
  auto too_long =
      cluster().Create(ConfigMap("default", "a", Json::object(), {{"app", std::string(64, 'v')}}));
  EXPECT_THAT(too_long, kube::StatusIs(kube::StatusReason::kInvalid,
                                       HasSubstr("must be no more than 63 characters")));
  EXPECT_THAT(CauseFields(too_long.status()), ElementsAre("metadata.labels"));

  auto bad_chars = cluster().Create(ConfigMap("default", "b", Json::object(), {{"app", "a b"}}));
  EXPECT_THAT(bad_chars, kube::StatusIs(kube::StatusReason::kInvalid));
  EXPECT_FALSE(Exists(kConfigMapGvk, "default", "a"));
  EXPECT_FALSE(Exists(kConfigMapGvk, "default", "b"));
}

TEST_F(ObjectsTest, InvalidLabelOnUpdateIsRejected) {
  kube::Object cm = MustCreate(ConfigMap("default", "a"));
  cm.SetLabels({{"bad key", "v"}});
  auto updated = cluster().Update(cm);
  EXPECT_THAT(updated, kube::StatusIs(kube::StatusReason::kInvalid));
  EXPECT_THAT(CauseFields(updated.status()), ElementsAre("metadata.labels"));
  EXPECT_THAT(MustGet(kConfigMapGvk, "default", "a").Labels(), IsEmpty());
}

TEST_F(ObjectsTest, AnnotationsUpTo256KiBInTotalAreAccepted) {
  kube::Object cm = ConfigMap("default", "a");
  // key "a" (1 byte) + value: exactly 256 KiB in total.
  cm.SetAnnotations({{"a", std::string(256 * 1024 - 1, 'x')}});
  EXPECT_OK(cluster().Create(cm));
}

TEST_F(ObjectsTest, AnnotationsOver256KiBInTotalAreTooLong) {
  kube::Object cm = ConfigMap("default", "a");
  cm.SetAnnotations({{"a", std::string(200 * 1024, 'x')}, {"b", std::string(60 * 1024, 'y')}});
  auto created = cluster().Create(cm);
  EXPECT_THAT(created, kube::StatusIs(kube::StatusReason::kInvalid,
                                      HasSubstr("must have at most 262144 bytes")));
  EXPECT_THAT(CauseTypesAndFields(created.status()),
              ElementsAre("FieldValueTooLong metadata.annotations"));
}

// ---------------------------------------------------------------------------------------------
// 1.4 optimistic concurrency

TEST_F(ObjectsTest, UpdateWithStaleResourceVersionIsConflict) {
  kube::Object cm = MustCreate(ConfigMap("default", "a", {{"k", "1"}}));
  kube::Object first = cm;
  first.json()["data"]["k"] = "2";
  ASSERT_OK(cluster().Update(first));

  kube::Object stale = cm;
  stale.json()["data"]["k"] = "3";
  EXPECT_THAT(cluster().Update(stale),
              kube::StatusIs(kube::StatusReason::kConflict,
                             "Operation cannot be fulfilled on configmaps \"a\": the object has "
                             "been modified; please apply your changes to the latest version and "
                             "try again"));
  EXPECT_EQ(MustGet(kConfigMapGvk, "default", "a").json()["data"]["k"], "2");
}

TEST_F(ObjectsTest, MergePatchCarryingStaleResourceVersionIsConflict) {
  kube::Object cm = MustCreate(ConfigMap("default", "a", {{"k", "1"}}));
  ASSERT_OK(cluster().Patch(kConfigMapGvk, "default", "a", kube::PatchType::kMerge,
                            R"({"data":{"k":"2"}})", {}));

  std::string stale = Json{
      {"metadata", {{"resourceVersion", cm.ResourceVersion()}}},
      {"data",
       {{"k", "3"}}}}.dump();
  EXPECT_THAT(cluster().Patch(kConfigMapGvk, "default", "a", kube::PatchType::kMerge, stale, {}),
              kube::StatusIs(kube::StatusReason::kConflict));
  EXPECT_EQ(MustGet(kConfigMapGvk, "default", "a").json()["data"]["k"], "2");
}

TEST_F(ObjectsTest, BuiltInUpdateWithoutResourceVersionIsUnconditional) {
  MustCreate(ConfigMap("default", "a", {{"k", "1"}}));
  ASSERT_OK(cluster().Patch(kConfigMapGvk, "default", "a", kube::PatchType::kMerge,
                            R"({"data":{"k":"2"}})", {}));

  auto updated = cluster().Update(ConfigMap("default", "a", {{"k", "3"}}));

  ASSERT_OK(updated);
  EXPECT_EQ(updated->json()["data"]["k"], "3");
}

TEST_F(ObjectsTest, CustomResourceUpdateWithoutResourceVersionIsInvalid) {
  MustCreate(Repository("default", "r", "one"));

  auto updated = cluster().Update(Repository("default", "r", "two"));

  EXPECT_THAT(updated, kube::StatusIs(kube::StatusReason::kInvalid,
                                      HasSubstr("must be specified for an update")));
  EXPECT_THAT(CauseFields(updated.status()), ElementsAre("metadata.resourceVersion"));
  EXPECT_EQ(MustGet(kRepositoryGvk, "default", "r").json()["spec"]["backend"]["gcs"]["bucket"],
            "one");
}

TEST_F(ObjectsTest, CustomResourceUpdateDoesNotCreate) {
  kube::Object repo = Repository("default", "r");
  repo.SetResourceVersion("1");
  EXPECT_THAT(cluster().Update(repo),
              kube::StatusIs(kube::StatusReason::kNotFound,
                             "repositories.stash.appscode.com \"r\" not found"));
  EXPECT_FALSE(Exists(kRepositoryGvk, "default", "r"));
}

TEST_F(ObjectsTest, CreateOfExistingObjectIsAlreadyExists) {
  MustCreate(ConfigMap("default", "a", {{"k", "1"}}));
  EXPECT_THAT(
      cluster().Create(ConfigMap("default", "a", {{"k", "2"}})),
      kube::StatusIs(kube::StatusReason::kAlreadyExists, "configmaps \"a\" already exists"));
  EXPECT_EQ(MustGet(kConfigMapGvk, "default", "a").json()["data"]["k"], "1");
}

// ---------------------------------------------------------------------------------------------
// 1.5 generation

TEST_F(ObjectsTest, CustomResourceGenerationStartsAtOneAndFollowsSpecChanges) {
  kube::Object repo = MustCreate(Repository("default", "r", "one"));
  EXPECT_EQ(repo.Generation(), 1);

  repo.json()["spec"]["backend"]["gcs"]["bucket"] = "two";
  auto spec_changed = cluster().Update(repo);
  ASSERT_OK(spec_changed);
  EXPECT_EQ(spec_changed->Generation(), 2);

  kube::Object relabelled = *spec_changed;
  relabelled.SetLabels({{"team", "a"}});
  auto labels_changed = cluster().Update(relabelled);
  ASSERT_OK(labels_changed);
  EXPECT_EQ(labels_changed->Generation(), 2);

  kube::Object with_status = *labels_changed;
  with_status.json()["status"] = {{"integrity", true}};
  auto status_changed = cluster().UpdateStatus(with_status, {});
  ASSERT_OK(status_changed);
  EXPECT_EQ(status_changed->Generation(), 2);
}

TEST_F(ObjectsTest, CustomResourceGenerationFollowsPatchesOfSpec) {
  MustCreate(Template("t", "@daily"));
  auto patched = cluster().Patch(kTemplateGvk, "", "t", kube::PatchType::kMerge,
                                 R"({"spec":{"schedule":"@hourly"}})", {});
  ASSERT_OK(patched);
  EXPECT_EQ(patched->Generation(), 2);

  auto annotated = cluster().Patch(kTemplateGvk, "", "t", kube::PatchType::kMerge,
                                   R"({"metadata":{"annotations":{"a":"b"}}})", {});
  ASSERT_OK(annotated);
  EXPECT_EQ(annotated->Generation(), 2);
}

TEST_F(ObjectsTest, DeploymentGenerationFollowsSpecOnly) {
  kube::Object d = MustCreate(Deployment("default", "web", "nginx:1"));
  EXPECT_EQ(d.Generation(), 1);

  d.json()["spec"]["template"]["spec"]["containers"][0]["image"] = "nginx:2";
  auto spec_changed = cluster().Update(d);
  ASSERT_OK(spec_changed);
  EXPECT_EQ(spec_changed->Generation(), 2);

  kube::Object relabelled = *spec_changed;
  relabelled.SetLabels({{"team", "a"}});
  auto labels_changed = cluster().Update(relabelled);
  ASSERT_OK(labels_changed);
  EXPECT_EQ(labels_changed->Generation(), 2);

  kube::Object with_status = *labels_changed;
  with_status.json()["status"] = {{"replicas", 1}};
  auto status_changed = cluster().UpdateStatus(with_status, {});
  ASSERT_OK(status_changed);
  EXPECT_EQ(status_changed->Generation(), 2);
}

TEST_F(ObjectsTest, ConfigMapsHaveNoGeneration) {
  kube::Object cm = MustCreate(ConfigMap("default", "a", {{"k", "1"}}));
  cm.json()["data"]["k"] = "2";
  auto updated = cluster().Update(cm);
  ASSERT_OK(updated);
  EXPECT_FALSE(updated->Metadata().contains("generation"));
}

TEST_F(ObjectsTest, ClientCannotSetGeneration) {
  kube::Object repo = Repository("default", "r");
  repo.MutableMetadata()["generation"] = 7;
  kube::Object created = MustCreate(repo);
  EXPECT_EQ(created.Generation(), 1);

  created.MutableMetadata()["generation"] = 9;
  auto updated = cluster().Update(created);
  ASSERT_OK(updated);
  EXPECT_EQ(updated->Generation(), 1);
}

TEST_F(ObjectsTest, FirstDeletionTimestampBumpsGenerationOnce) {
  kube::Object repo = Repository("default", "r");
  repo.SetFinalizers({"example.com/keep"});
  MustCreate(repo);

  ASSERT_OK(cluster().Delete(kRepositoryGvk, "default", "r"));
  kube::Object deleting = MustGet(kRepositoryGvk, "default", "r");
  EXPECT_EQ(deleting.Generation(), 2);

  ASSERT_OK(cluster().Delete(kRepositoryGvk, "default", "r"));
  EXPECT_EQ(MustGet(kRepositoryGvk, "default", "r").Generation(), 2);
}

// ---------------------------------------------------------------------------------------------
// 1.6 status subresource

TEST_F(ObjectsTest, CreateDropsStatusOfKindsWithStatusSubresource) {
  kube::Object repo = Repository("default", "r");
  repo.json()["status"] = {{"integrity", true}};
  kube::Object deployment = Deployment("default", "web");
  deployment.json()["status"] = {{"replicas", 3}};

  EXPECT_FALSE(MustCreate(repo).json().contains("status"));
  EXPECT_FALSE(MustCreate(deployment).json().contains("status"));
  EXPECT_FALSE(MustGet(kRepositoryGvk, "default", "r").json().contains("status"));
}

TEST_F(ObjectsTest, MainResourceWritesIgnoreStatus) {
  kube::Object repo = MustCreate(Repository("default", "r", "one"));
  repo.json()["status"] = {{"integrity", true}};
  auto with_status = cluster().UpdateStatus(repo, {});
  ASSERT_OK(with_status);

  kube::Object request = *with_status;
  request.json()["status"] = {{"integrity", false}};
  request.json()["spec"]["backend"]["gcs"]["bucket"] = "two";
  auto updated = cluster().Update(request);
  ASSERT_OK(updated);
  EXPECT_EQ(updated->json()["status"]["integrity"], true);
  EXPECT_EQ(updated->json()["spec"]["backend"]["gcs"]["bucket"], "two");

  auto patched = cluster().Patch(kRepositoryGvk, "default", "r", kube::PatchType::kMerge,
                                 R"({"status":{"integrity":false}})", {});
  ASSERT_OK(patched);
  EXPECT_EQ(patched->json()["status"]["integrity"], true);
  EXPECT_EQ(patched->ResourceVersion(), updated->ResourceVersion());
}

TEST_F(ObjectsTest, StatusWritesChangeOnlyStatus) {
  kube::Object repo = MustCreate(Repository("default", "r", "one"));
  kube::Object request = repo;
  request.json()["status"] = {{"integrity", true}, {"snapshotCount", 4}};
  request.json()["spec"]["backend"]["gcs"]["bucket"] = "two";
  request.SetLabels({{"team", "a"}});

  auto updated = cluster().UpdateStatus(request, {});

  ASSERT_OK(updated);
  EXPECT_EQ(updated->json()["status"]["snapshotCount"], 4);
  EXPECT_EQ(updated->json()["spec"]["backend"]["gcs"]["bucket"], "one");
  EXPECT_THAT(updated->Labels(), IsEmpty());
  EXPECT_GT(RvOf(*updated), RvOf(repo));
}

TEST_F(ObjectsTest, StatusWriteWithStaleResourceVersionIsConflict) {
  kube::Object repo = MustCreate(Repository("default", "r"));
  kube::Object first = repo;
  first.json()["status"] = {{"snapshotCount", 1}};
  ASSERT_OK(cluster().UpdateStatus(first, {}));

  kube::Object stale = repo;
  stale.json()["status"] = {{"snapshotCount", 2}};
  EXPECT_THAT(cluster().UpdateStatus(stale, {}), kube::StatusIs(kube::StatusReason::kConflict));
}

TEST_F(ObjectsTest, StatusWriteIsValidatedAgainstTheSchema) {
  kube::Object repo = MustCreate(Repository("default", "r"));
  repo.json()["status"] = {{"integrity", "yes"}};

  auto updated = cluster().UpdateStatus(repo, {});

  EXPECT_THAT(updated, kube::StatusIs(kube::StatusReason::kInvalid));
  EXPECT_THAT(CauseFields(updated.status()), ElementsAre("status.integrity"));
  EXPECT_FALSE(MustGet(kRepositoryGvk, "default", "r").json().contains("status"));
}

TEST_F(ObjectsTest, StatusWriteToKindWithoutStatusSubresourceIsNotFound) {
  kube::Object cm = MustCreate(ConfigMap("default", "a"));
  cm.json()["status"] = {{"x", "y"}};
  EXPECT_THAT(cluster().UpdateStatus(cm, {}), kube::StatusIs(kube::StatusReason::kNotFound));
  EXPECT_EQ(MustGet(kConfigMapGvk, "default", "a").ResourceVersion(), cm.ResourceVersion());
}

TEST_F(ObjectsTest, DryRunCreateStoresNothing) {
  std::string dump = cluster().DumpStore();
  uint64_t rv = cluster().CurrentResourceVersion();
  kube::WriteOptions options;
  options.dry_run = true;

  EXPECT_OK(cluster().Create(ConfigMap("default", "a"), options));

  EXPECT_EQ(cluster().DumpStore(), dump);
  EXPECT_EQ(cluster().CurrentResourceVersion(), rv);
}

TEST_F(ObjectsTest, WritesAreLoggedUnderTheActorsName) {
  auto client = cluster().ClientFor("stash-operator");
  ASSERT_OK(client->Create(ConfigMap("default", "a")));

  auto log = cluster().WriteLog();
  ASSERT_THAT(log, Not(IsEmpty()));
  EXPECT_EQ(log.back().verb, "create");
  EXPECT_EQ(log.back().actor, "stash-operator");
  EXPECT_EQ(log.back().kind, "ConfigMap");
  EXPECT_EQ(log.back().name, "a");
  EXPECT_EQ(log.back().resource_version, cluster().CurrentResourceVersion());
}

}  // namespace
}  // namespace fakecluster_test
