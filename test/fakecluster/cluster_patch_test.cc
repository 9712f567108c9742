// Patches through the cluster (fake-apiserver.md 1.9): JSON Merge Patch, JSON Patch, strategic
// merge patch on built-in kinds (415 for custom resources) and server-side apply with managers,
// conflicts and force.
#include <string>
#include <vector>

#include "cluster_fixture.h"

namespace fakecluster_test {
namespace {

using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::UnorderedElementsAre;

using PatchTest = ClusterTest;

// "<manager>/<operation>" of every managedFields entry.
std::vector<std::string> Managers(const kube::Object& object) {
  std::vector<std::string> out;
  const Json& metadata = object.Metadata();
  if (!metadata.contains("managedFields")) return out;
  for (const auto& entry : metadata["managedFields"]) {
    out.push_back(entry.value("manager", "") + "/" + entry.value("operation", ""));
  }
  return out;
}

kube::PatchOptions Manager(const std::string& manager, bool force = false) {
  kube::PatchOptions options;
  options.field_manager = manager;
  options.force = force;
  return options;
}

std::vector<std::string> ContainerNames(const kube::Object& deployment) {
  std::vector<std::string> names;
  for (const auto& c : deployment.json()["spec"]["template"]["spec"]["containers"]) {
    names.push_back(c.value("name", ""));
  }
  return names;
}

class PatchTestWithObjects : public ClusterTest {
 protected:
  PatchTestWithObjects() {
    MustCreate(ConfigMap("default", "cm", {{"a", "1"}, {"b", "2"}}));
    MustCreate(Deployment("default", "web", "nginx:1"));
    MustCreate(Repository("default", "repo", "one"));
  }

  kube::StatusOr<kube::Object> PatchConfigMap(kube::PatchType type, const std::string& body) {
    return cluster().Patch(kConfigMapGvk, "default", "cm", type, body, {});
  }
};

// ---------------------------------------------------------------------------------------------
// JSON Merge Patch (RFC 7386)

TEST_F(PatchTestWithObjects, MergePatchMergesMapsAndNullDeletes) {
  auto patched = PatchConfigMap(kube::PatchType::kMerge, R"({"data":{"a":null,"c":"3"}})");
  ASSERT_OK(patched);
  EXPECT_EQ(patched->json()["data"], (Json{{"b", "2"}, {"c", "3"}}));
  EXPECT_EQ(MustGet(kConfigMapGvk, "default", "cm").json()["data"], patched->json()["data"]);
}

TEST_F(PatchTestWithObjects, MergePatchReplacesListsWhole) {
  auto patched = cluster().Patch(
      kDeploymentGvk, "default", "web", kube::PatchType::kMerge,
      R"({"spec":{"template":{"spec":{"containers":[{"name":"sidecar","image":"busybox"}]}}}})",
      {});
  ASSERT_OK(patched);
  EXPECT_THAT(ContainerNames(*patched), ElementsAre("sidecar"));
}

TEST_F(PatchTestWithObjects, MergePatchWorksOnCustomResources) {
  auto patched = cluster().Patch(kRepositoryGvk, "default", "repo", kube::PatchType::kMerge,
                                 R"({"spec":{"backend":{"gcs":{"bucket":"two"}}}})", {});
  ASSERT_OK(patched);
  EXPECT_EQ(patched->json()["spec"]["backend"]["gcs"]["bucket"], "two");
  EXPECT_EQ(patched->Generation(), 2);
}

TEST_F(PatchTestWithObjects, PatchOfMissingObjectIsNotFound) {
  EXPECT_THAT(cluster().Patch(kConfigMapGvk, "default", "nope", kube::PatchType::kMerge,
                              R"({"data":{"a":"1"}})", {}),
              kube::StatusIs(kube::StatusReason::kNotFound, "configmaps \"nope\" not found"));
  EXPECT_FALSE(Exists(kConfigMapGvk, "default", "nope"));
}

TEST_F(PatchTestWithObjects, PatchThatRenamesIsBadRequest) {
  EXPECT_THAT(PatchConfigMap(kube::PatchType::kMerge, R"({"metadata":{"name":"other"}})"),
              kube::StatusIs(kube::StatusReason::kBadRequest,
                             HasSubstr("does not match the name on the URL")));
  EXPECT_TRUE(Exists(kConfigMapGvk, "default", "cm"));
  EXPECT_FALSE(Exists(kConfigMapGvk, "default", "other"));
}

TEST_F(PatchTestWithObjects, PatchThatChangesKindIsBadRequest) {
  EXPECT_THAT(PatchConfigMap(kube::PatchType::kMerge, R"({"kind":"Secret"})"),
              kube::StatusIs(kube::StatusReason::kBadRequest));
  EXPECT_EQ(MustGet(kConfigMapGvk, "default", "cm").Kind(), "ConfigMap");
}

TEST_F(PatchTestWithObjects, PatchRecordsTheFieldManager) {
  auto patched = cluster().Patch(kConfigMapGvk, "default", "cm", kube::PatchType::kMerge,
                                 R"({"data":{"c":"3"}})", Manager("editor"));
  ASSERT_OK(patched);
  EXPECT_THAT(Managers(*patched), Contains("editor/Update"));
}

TEST_F(PatchTestWithObjects, DryRunPatchStoresNothing) {
  std::string dump = cluster().DumpStore();
  kube::PatchOptions options;
  options.dry_run = true;
  auto patched = cluster().Patch(kConfigMapGvk, "default", "cm", kube::PatchType::kMerge,
                                 R"({"data":{"a":"changed"}})", options);
  ASSERT_OK(patched);
  EXPECT_EQ(patched->json()["data"]["a"], "changed");
  EXPECT_EQ(cluster().DumpStore(), dump);
}

// ---------------------------------------------------------------------------------------------
// JSON Patch (RFC 6902)

TEST_F(PatchTestWithObjects, JsonPatchAppliesOperationsInOrder) {
  auto patched = PatchConfigMap(kube::PatchType::kJson, R"([
      {"op":"test","path":"/data/a","value":"1"},
      {"op":"replace","path":"/data/a","value":"10"},
      {"op":"remove","path":"/data/b"},
      {"op":"add","path":"/data/c","value":"3"},
      {"op":"copy","from":"/data/c","path":"/data/d"}])");
  ASSERT_OK(patched);
  EXPECT_EQ(patched->json()["data"], (Json{{"a", "10"}, {"c", "3"}, {"d", "3"}}));
}

TEST_F(PatchTestWithObjects, JsonPatchWithFailingTestIsInvalidAndAtomic) {
  std::string dump = cluster().DumpStore();
  auto patched = PatchConfigMap(kube::PatchType::kJson, R"([
      {"op":"replace","path":"/data/a","value":"10"},
      {"op":"test","path":"/data/b","value":"not-2"}])");
  EXPECT_THAT(patched,
              kube::StatusIs(kube::StatusReason::kInvalid,
                             "the server rejected our request due to an error in our request"));
  EXPECT_EQ(patched.status().code(), 422);
  EXPECT_EQ(cluster().DumpStore(), dump);
}

TEST_F(PatchTestWithObjects, JsonPatchOnMissingPathIsInvalid) {
  std::string dump = cluster().DumpStore();
  EXPECT_THAT(
      PatchConfigMap(kube::PatchType::kJson, R"([{"op":"replace","path":"/spec/x","value":1}])"),
      kube::StatusIs(kube::StatusReason::kInvalid));
  EXPECT_EQ(cluster().DumpStore(), dump);
}

TEST_F(PatchTestWithObjects, JsonPatchThatIsNotAListIsBadRequest) {
  std::string dump = cluster().DumpStore();
  EXPECT_THAT(PatchConfigMap(kube::PatchType::kJson, R"({"op":"add"})"),
              kube::StatusIs(kube::StatusReason::kBadRequest));
  EXPECT_THAT(PatchConfigMap(kube::PatchType::kJson, R"([1, 2])"),
              kube::StatusIs(kube::StatusReason::kBadRequest));
  EXPECT_EQ(cluster().DumpStore(), dump);
}

TEST_F(PatchTestWithObjects, JsonPatchCanGuardOnResourceVersion) {
  kube::Object cm = MustGet(kConfigMapGvk, "default", "cm");
  std::string body =
      Json::array(
          {{{"op", "test"}, {"path", "/metadata/resourceVersion"}, {"value", cm.ResourceVersion()}},
           {{"op", "add"}, {"path", "/data/c"}, {"value", "3"}}})
          .dump();
  ASSERT_OK(PatchConfigMap(kube::PatchType::kJson, body));
  EXPECT_THAT(PatchConfigMap(kube::PatchType::kJson, body),
              kube::StatusIs(kube::StatusReason::kInvalid));
}

// ---------------------------------------------------------------------------------------------
// strategic merge patch

TEST_F(PatchTestWithObjects, StrategicPatchMergesContainersByName) {
  auto patched = cluster().Patch(
      kDeploymentGvk, "default", "web", kube::PatchType::kStrategicMerge,
      R"({"spec":{"template":{"spec":{"containers":[{"name":"sidecar","image":"busybox"}]}}}})",
      {});
  ASSERT_OK(patched);
  EXPECT_THAT(ContainerNames(*patched), UnorderedElementsAre("main", "sidecar"));
  EXPECT_EQ(patched->Generation(), 2);
}

TEST_F(PatchTestWithObjects, StrategicPatchUpdatesTheNamedContainerOnly) {
  ASSERT_OK(cluster().Patch(
      kDeploymentGvk, "default", "web", kube::PatchType::kStrategicMerge,
      R"({"spec":{"template":{"spec":{"containers":[{"name":"sidecar","image":"busybox"}]}}}})",
      {}));
  auto patched = cluster().Patch(
      kDeploymentGvk, "default", "web", kube::PatchType::kStrategicMerge,
      R"({"spec":{"template":{"spec":{"containers":[{"name":"main","image":"nginx:2"}]}}}})", {});
  ASSERT_OK(patched);
  for (const auto& c : patched->json()["spec"]["template"]["spec"]["containers"]) {
    EXPECT_EQ(c["image"], c["name"] == "main" ? "nginx:2" : "busybox");
  }
}

TEST_F(PatchTestWithObjects, StrategicPatchDeleteDirectiveRemovesAContainer) {
  ASSERT_OK(cluster().Patch(
      kDeploymentGvk, "default", "web", kube::PatchType::kStrategicMerge,
      R"({"spec":{"template":{"spec":{"containers":[{"name":"sidecar","image":"busybox"}]}}}})",
      {}));
  auto patched = cluster().Patch(
      kDeploymentGvk, "default", "web", kube::PatchType::kStrategicMerge,
      R"({"spec":{"template":{"spec":{"containers":[{"name":"main","$patch":"delete"}]}}}})", {});
  ASSERT_OK(patched);
  EXPECT_THAT(ContainerNames(*patched), ElementsAre("sidecar"));
}

TEST_F(PatchTestWithObjects, StrategicPatchOnConfigMapMergesData) {
  auto patched = PatchConfigMap(kube::PatchType::kStrategicMerge, R"({"data":{"c":"3"}})");
  ASSERT_OK(patched);
  EXPECT_EQ(patched->json()["data"], (Json{{"a", "1"}, {"b", "2"}, {"c", "3"}}));
}

TEST_F(PatchTestWithObjects, StrategicPatchOnCustomResourceIsUnsupportedMediaType) {
  std::string dump = cluster().DumpStore();
  auto patched =
      cluster().Patch(kRepositoryGvk, "default", "repo", kube::PatchType::kStrategicMerge,
                      R"({"spec":{"backend":{"gcs":{"bucket":"two"}}}})", {});
  EXPECT_THAT(patched, kube::StatusIs(kube::StatusReason::kUnsupportedMediaType,
                                      HasSubstr("the body of the request was in an unknown format "
                                                "- accepted media types include: "
                                                "application/json-patch+json, "
                                                "application/merge-patch+json, "
                                                "application/apply-patch+yaml")));
  EXPECT_EQ(patched.status().code(), 415);
  EXPECT_EQ(cluster().DumpStore(), dump);
}

// ---------------------------------------------------------------------------------------------
// server-side apply

constexpr const char* kAppliedConfigMap = R"(
apiVersion: v1
kind: ConfigMap
metadata:
  name: applied
  namespace: default
data:
  key: from-a
)";

TEST_F(PatchTest, ApplyCreatesTheObjectOwnedByTheManager) {
  auto applied = cluster().Patch(kConfigMapGvk, "default", "applied", kube::PatchType::kApply,
                                 kAppliedConfigMap, Manager("a"));
  ASSERT_OK(applied);
  EXPECT_EQ(applied->json()["data"]["key"], "from-a");
  EXPECT_FALSE(applied->Uid().empty());
  EXPECT_THAT(Managers(*applied), ElementsAre("a/Apply"));
  EXPECT_EQ(MustGet(kConfigMapGvk, "default", "applied").json()["data"]["key"], "from-a");
  EXPECT_EQ(cluster().WriteLog().back().verb, "create");
}

TEST_F(PatchTest, ApplyWithoutFieldManagerIsBadRequest) {
  EXPECT_THAT(cluster().Patch(kConfigMapGvk, "default", "applied", kube::PatchType::kApply,
                              kAppliedConfigMap, {}),
              kube::StatusIs(kube::StatusReason::kBadRequest, HasSubstr("fieldManager")));
  EXPECT_FALSE(Exists(kConfigMapGvk, "default", "applied"));
}

TEST_F(PatchTest, ReapplyingTheSameConfigurationIsANoOp) {
  auto first = cluster().Patch(kConfigMapGvk, "default", "applied", kube::PatchType::kApply,
                               kAppliedConfigMap, Manager("a"));
  ASSERT_OK(first);
  auto second = cluster().Patch(kConfigMapGvk, "default", "applied", kube::PatchType::kApply,
                                kAppliedConfigMap, Manager("a"));
  ASSERT_OK(second);
  EXPECT_EQ(second->ResourceVersion(), first->ResourceVersion());
}

TEST_F(PatchTest, ApplyOfAFieldOwnedByAnotherManagerWithAnotherValueIsConflict) {
  ASSERT_OK(cluster().Patch(kConfigMapGvk, "default", "applied", kube::PatchType::kApply,
                            kAppliedConfigMap, Manager("a")));
  std::string dump = cluster().DumpStore();
  std::string from_b = R"(
apiVersion: v1
kind: ConfigMap
metadata:
  name: applied
  namespace: default
data:
  key: from-b
)";

  auto conflicted = cluster().Patch(kConfigMapGvk, "default", "applied", kube::PatchType::kApply,
                                    from_b, Manager("b"));

  EXPECT_THAT(conflicted, kube::StatusIs(kube::StatusReason::kConflict, HasSubstr("conflict")));
  EXPECT_EQ(conflicted.status().code(), 409);
  ASSERT_THAT(conflicted.status().details().causes, Not(::testing::IsEmpty()));
  EXPECT_EQ(conflicted.status().details().causes[0].type, "FieldManagerConflict");
  EXPECT_THAT(conflicted.status().details().causes[0].field, HasSubstr("data"));
  EXPECT_EQ(cluster().DumpStore(), dump);
}

TEST_F(PatchTest, ApplyWithForceTakesOwnership) {
  ASSERT_OK(cluster().Patch(kConfigMapGvk, "default", "applied", kube::PatchType::kApply,
                            kAppliedConfigMap, Manager("a")));
  std::string from_b = R"(
apiVersion: v1
kind: ConfigMap
metadata:
  name: applied
  namespace: default
data:
  key: from-b
)";

  auto forced = cluster().Patch(kConfigMapGvk, "default", "applied", kube::PatchType::kApply,
                                from_b, Manager("b", /*force=*/true));

  ASSERT_OK(forced);
  EXPECT_EQ(forced->json()["data"]["key"], "from-b");
  EXPECT_THAT(Managers(*forced), Contains("b/Apply"));
  // "a" lost its only field, so it no longer appears.
  EXPECT_THAT(Managers(*forced), Not(Contains("a/Apply")));
}

TEST_F(PatchTest, ApplyOfTheSameValueSharesOwnershipWithoutConflict) {
  ASSERT_OK(cluster().Patch(kConfigMapGvk, "default", "applied", kube::PatchType::kApply,
                            kAppliedConfigMap, Manager("a")));
  auto shared = cluster().Patch(kConfigMapGvk, "default", "applied", kube::PatchType::kApply,
                                kAppliedConfigMap, Manager("b"));
  ASSERT_OK(shared);
  EXPECT_THAT(Managers(*shared), UnorderedElementsAre("a/Apply", "b/Apply"));
}

TEST_F(PatchTest, ApplyConflictsWithAFieldChangedByAnUpdate) {
  ASSERT_OK(cluster().Patch(kConfigMapGvk, "default", "applied", kube::PatchType::kApply,
                            kAppliedConfigMap, Manager("a")));
  ASSERT_OK(cluster().Patch(kConfigMapGvk, "default", "applied", kube::PatchType::kMerge,
                            R"({"data":{"key":"edited"}})", Manager("editor")));

  EXPECT_THAT(cluster().Patch(kConfigMapGvk, "default", "applied", kube::PatchType::kApply,
                              kAppliedConfigMap, Manager("a")),
              kube::StatusIs(kube::StatusReason::kConflict, HasSubstr("editor")));
  EXPECT_EQ(MustGet(kConfigMapGvk, "default", "applied").json()["data"]["key"], "edited");
}

TEST_F(PatchTest, ApplyRemovesFieldsTheManagerNoLongerApplies) {
  std::string two_keys = R"(
apiVersion: v1
kind: ConfigMap
metadata: {name: applied, namespace: default}
data: {key: from-a, extra: x}
)";
  ASSERT_OK(cluster().Patch(kConfigMapGvk, "default", "applied", kube::PatchType::kApply, two_keys,
                            Manager("a")));
  auto reapplied = cluster().Patch(kConfigMapGvk, "default", "applied", kube::PatchType::kApply,
                                   kAppliedConfigMap, Manager("a"));
  ASSERT_OK(reapplied);
  EXPECT_EQ(reapplied->json()["data"], (Json{{"key", "from-a"}}));
}

TEST_F(PatchTest, ApplyWorksOnCustomResources) {
  std::string repo = R"(
apiVersion: stash.appscode.com/v1alpha1
kind: Repository
metadata: {name: r, namespace: default}
spec:
  backend:
    gcs: {bucket: b}
)";
  auto applied = cluster().Patch(kRepositoryGvk, "default", "r", kube::PatchType::kApply, repo,
                                 Manager("stash"));
  ASSERT_OK(applied);
  EXPECT_EQ(applied->Generation(), 1);
  EXPECT_EQ(applied->json()["spec"]["backend"]["gcs"]["bucket"], "b");
}

TEST_F(PatchTest, ApplyWithAnotherNameThanTheUrlIsBadRequest) {
  EXPECT_THAT(cluster().Patch(kConfigMapGvk, "default", "other", kube::PatchType::kApply,
                              kAppliedConfigMap, Manager("a")),
              kube::StatusIs(kube::StatusReason::kBadRequest,
                             HasSubstr("does not match the name on the URL")));
  EXPECT_FALSE(Exists(kConfigMapGvk, "default", "other"));
  EXPECT_FALSE(Exists(kConfigMapGvk, "default", "applied"));
}

}  // namespace
}  // namespace fakecluster_test
