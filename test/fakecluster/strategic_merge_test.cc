#include "strategic_merge.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <ostream>
#include <string>

#include "status_matchers.h"

namespace fakecluster {
namespace {

using ::kube::Json;
using ::kube::StatusIs;
using ::kube::StatusReason;
using ::testing::AllOf;
using ::testing::HasSubstr;

// A Deployment whose pod template has the given containers.
Json DeploymentWithContainers(Json containers) {
  Json deployment = R"({
    "apiVersion": "apps/v1", "kind": "Deployment",
    "metadata": {"name": "web", "namespace": "default"},
    "spec": {"replicas": 1, "template": {"metadata": {"labels": {"app": "web"}}, "spec": {}}}
  })"_json;
  deployment["spec"]["template"]["spec"]["containers"] = std::move(containers);
  return deployment;
}

Json PatchContainers(Json containers) {
  Json patch = Json::object();
  patch["spec"]["template"]["spec"]["containers"] = std::move(containers);
  return patch;
}

const Json& ContainersOf(const Json& deployment) {
  return deployment["spec"]["template"]["spec"]["containers"];
}

Json MustPatch(const Json& original, const Json& patch, std::string_view kind = "Deployment") {
  kube::StatusOr<Json> patched = ApplyStrategicMergePatch(original, patch, kind);
  EXPECT_OK(patched);
  return patched.ok() ? *patched : Json();
}

TEST(StrategicMergePatchTest, MapsMergeRecursivelyAndNullDeletes) {
  Json original =
      R"({"kind": "ConfigMap", "metadata": {"name": "c", "labels": {"a": "1", "b": "2"}},
                      "data": {"x": "1", "y": "2"}})"_json;
  Json patch = R"({"metadata": {"labels": {"b": null, "c": "3"}}, "data": {"y": "20"}})"_json;

  Json patched = MustPatch(original, patch, "ConfigMap");

  EXPECT_EQ(patched["metadata"], R"({"name": "c", "labels": {"a": "1", "c": "3"}})"_json);
  EXPECT_EQ(patched["data"], R"({"x": "1", "y": "20"})"_json);
}

TEST(StrategicMergePatchTest, NewFieldsDropNullsAndDirectives) {
  Json original = R"({"kind": "ConfigMap", "metadata": {"name": "c"}})"_json;
  Json patch = R"({"metadata": {"labels": {"a": "1", "gone": null}},
                   "data": {"k": "v", "$retainKeys": ["k"]}})"_json;

  Json patched = MustPatch(original, patch, "ConfigMap");

  EXPECT_EQ(patched["metadata"]["labels"], R"({"a": "1"})"_json);
  EXPECT_EQ(patched["data"], R"({"k": "v"})"_json);
}

TEST(StrategicMergePatchTest, ValueOfAnotherTypeReplaces) {
  Json original = R"({"kind": "ConfigMap", "data": {"k": "v"}})"_json;

  Json patched = MustPatch(original, R"({"data": "plain"})"_json, "ConfigMap");

  EXPECT_EQ(patched["data"], "plain");
}

TEST(StrategicMergePatchTest, ListOfScalarsWithoutStrategyIsReplaced) {
  Json original = DeploymentWithContainers(R"([{"name": "app", "args": ["a", "b"]}])"_json);
  Json patch = PatchContainers(R"([{"name": "app", "args": ["c"]}])"_json);

  Json patched = MustPatch(original, patch);

  EXPECT_EQ(ContainersOf(patched), R"([{"name": "app", "args": ["c"]}])"_json);
}

TEST(StrategicMergePatchTest, ListOfObjectsWithoutStrategyIsReplaced) {
  Json original = DeploymentWithContainers(Json::array());
  original["spec"]["template"]["spec"]["tolerations"] =
      R"([{"key": "a", "operator": "Exists"}, {"key": "b", "operator": "Exists"}])"_json;
  Json patch = R"({"spec": {"template": {"spec": {"tolerations": [{"key": "c"}]}}}})"_json;

  Json patched = MustPatch(original, patch);

  EXPECT_EQ(patched["spec"]["template"]["spec"]["tolerations"], R"([{"key": "c"}])"_json);
}

TEST(StrategicMergePatchTest, ContainersMergeByNameKeepingLiveOrder) {
  Json original = DeploymentWithContainers(
      R"([{"name": "a", "image": "a:1"}, {"name": "b", "image": "b:1", "args": ["x"]}])"_json);
  Json patch =
      PatchContainers(R"([{"name": "b", "image": "b:2"}, {"name": "c", "image": "c:1"}])"_json);

  Json patched = MustPatch(original, patch);

  EXPECT_EQ(ContainersOf(patched), R"([{"name": "a", "image": "a:1"},
                                       {"name": "b", "image": "b:2", "args": ["x"]},
                                       {"name": "c", "image": "c:1"}])"_json);
}

TEST(StrategicMergePatchTest, NestedListsMergeInsideMergedItems) {
  Json original = DeploymentWithContainers(R"([{"name": "app",
      "env": [{"name": "A", "value": "1"}, {"name": "B", "value": "2"}],
      "ports": [{"containerPort": 80, "name": "http"}]}])"_json);
  Json patch = PatchContainers(R"([{"name": "app",
      "env": [{"name": "B", "value": "20"}, {"name": "C", "value": "3"}],
      "ports": [{"containerPort": 443, "name": "https"}]}])"_json);

  Json patched = MustPatch(original, patch);

  EXPECT_EQ(ContainersOf(patched)[0]["env"],
            R"([{"name": "A", "value": "1"}, {"name": "B", "value": "20"},
                {"name": "C", "value": "3"}])"_json);
  // A patch item without a live position goes before the live-only items (mergeSortedSlice).
  EXPECT_EQ(
      ContainersOf(patched)[0]["ports"],
      R"([{"containerPort": 443, "name": "https"}, {"containerPort": 80, "name": "http"}])"_json);
}

// Every merging list of the built-in kinds merges by its own key.
struct MergeKeyCase {
  std::string kind;
  std::string list_pointer;  // JSON pointer to the list
  std::string key;
  Json first_key;
  Json second_key;
  std::string container_name_pointer = "";  // set to "app" in both documents when not empty
};

void PrintTo(const MergeKeyCase& param, std::ostream* os) {
  *os << param.kind << " " << param.list_pointer << " by " << param.key;
}

void NameTheContainer(const MergeKeyCase& param, Json& document) {
  if (!param.container_name_pointer.empty()) {
    document[Json::json_pointer(param.container_name_pointer)] = "app";
  }
}

class StrategicMergeKeyTest : public ::testing::TestWithParam<MergeKeyCase> {};

TEST_P(StrategicMergeKeyTest, MergesItemsByKey) {
  const MergeKeyCase& param = GetParam();
  Json::json_pointer pointer(param.list_pointer);
  Json first = {{param.key, param.first_key}, {"extra", "old-1"}};
  Json second = {{param.key, param.second_key}, {"extra", "old-2"}};
  Json original = {{"kind", param.kind}};
  original[pointer] = Json::array({first, second});
  Json patch = Json::object();
  patch[pointer] = Json::array({Json{{param.key, param.second_key}, {"extra", "new-2"}}});
  NameTheContainer(param, original);
  NameTheContainer(param, patch);

  Json patched = MustPatch(original, patch, param.kind);

  Json expected_second = {{param.key, param.second_key}, {"extra", "new-2"}};
  EXPECT_EQ(patched[pointer], Json::array({first, expected_second})) << param.list_pointer;
}

TEST_P(StrategicMergeKeyTest, ItemWithoutKeyIsBadRequest) {
  const MergeKeyCase& param = GetParam();
  Json::json_pointer pointer(param.list_pointer);
  Json original = {{"kind", param.kind}};
  original[pointer] = Json::array({Json{{param.key, param.first_key}}});
  Json patch = Json::object();
  patch[pointer] = Json::array({Json{{"extra", "no key"}}});
  NameTheContainer(param, original);
  NameTheContainer(param, patch);

  EXPECT_THAT(ApplyStrategicMergePatch(original, patch, param.kind),
              StatusIs(StatusReason::kBadRequest, HasSubstr(param.key)));
}

const std::string kPodSpec = "/spec/template/spec";
const std::string kContainer = kPodSpec + "/containers/0";
const std::string kContainerName = kContainer + "/name";

INSTANTIATE_TEST_SUITE_P(
    StrategicBuiltInLists, StrategicMergeKeyTest,
    ::testing::Values(
        MergeKeyCase{"Deployment", kPodSpec + "/containers", "name", "a", "b"},
        MergeKeyCase{"StatefulSet", kPodSpec + "/initContainers", "name", "a", "b"},
        MergeKeyCase{"DaemonSet", kPodSpec + "/ephemeralContainers", "name", "a", "b"},
        MergeKeyCase{"ReplicaSet", kPodSpec + "/volumes", "name", "a", "b"},
        MergeKeyCase{"ReplicationController", kPodSpec + "/imagePullSecrets", "name", "a", "b"},
        MergeKeyCase{"Deployment", kPodSpec + "/hostAliases", "ip", "10.0.0.1", "10.0.0.2"},
        MergeKeyCase{"Deployment", kPodSpec + "/topologySpreadConstraints", "topologyKey", "zone",
                     "host"},
        MergeKeyCase{"Deployment", kPodSpec + "/schedulingGates", "name", "a", "b"},
        MergeKeyCase{"Deployment", kContainer + "/env", "name", "A", "B", kContainerName},
        MergeKeyCase{"StatefulSet", kContainer + "/ports", "containerPort", 80, 443,
                     kContainerName},
        MergeKeyCase{"DaemonSet", kContainer + "/volumeMounts", "mountPath", "/a", "/b",
                     kContainerName},
        MergeKeyCase{"ReplicaSet", kContainer + "/volumeDevices", "devicePath", "/dev/a", "/dev/b",
                     kContainerName},
        MergeKeyCase{"Deployment", kPodSpec + "/initContainers/0/env", "name", "A", "B",
                     kPodSpec + "/initContainers/0/name"},
        MergeKeyCase{"ConfigMap", "/metadata/ownerReferences", "uid", "u1", "u2"},
        MergeKeyCase{"Deployment", "/status/conditions", "type", "Available", "Progressing"},
        MergeKeyCase{"PersistentVolumeClaim", "/status/conditions", "type", "Resizing",
                     "FileSystemResizePending"},
        MergeKeyCase{"Namespace", "/status/conditions", "type", "A", "B"}));

TEST(StrategicMergePatchTest, FinalizersMergeAsPrimitiveList) {
  Json original = R"({"kind": "Secret", "metadata": {"finalizers": ["a", "b"]}})"_json;
  Json patch = R"({"metadata": {"finalizers": ["c", "a"]}})"_json;

  Json patched = MustPatch(original, patch, "Secret");

  // Patch values in patch order, interleaved with live-only values (normalizeElementOrder).
  EXPECT_EQ(patched["metadata"]["finalizers"], R"(["c", "a", "b"])"_json);
}

TEST(StrategicMergePatchTest, NamespaceSpecFinalizersAreReplaced) {
  Json original = R"({"kind": "Namespace", "spec": {"finalizers": ["kubernetes"]}})"_json;

  Json patched = MustPatch(original, R"({"spec": {"finalizers": ["x"]}})"_json, "Namespace");

  EXPECT_EQ(patched["spec"]["finalizers"], R"(["x"])"_json);
}

TEST(StrategicMergePatchTest, DeleteFromPrimitiveList) {
  Json original = R"({"kind": "Secret", "metadata": {"finalizers": ["a", "b", "c"]}})"_json;
  Json patch = R"({"metadata": {"$deleteFromPrimitiveList/finalizers": ["b", "zzz"]}})"_json;

  Json patched = MustPatch(original, patch, "Secret");

  EXPECT_EQ(patched["metadata"]["finalizers"], R"(["a", "c"])"_json);
}

TEST(StrategicMergePatchTest, DeleteFromPrimitiveListRunsAfterAdditions) {
  Json original = R"({"kind": "Secret", "metadata": {"finalizers": ["a"]}})"_json;
  Json patch = R"({"metadata": {"finalizers": ["b"],
                                "$deleteFromPrimitiveList/finalizers": ["a", "b"]}})"_json;

  EXPECT_EQ(MustPatch(original, patch, "Secret")["metadata"]["finalizers"], Json::array());
}

TEST(StrategicMergePatchTest, DeleteFromPrimitiveListOfAbsentListChangesNothing) {
  Json original = R"({"kind": "Secret", "metadata": {"name": "s"}})"_json;
  Json patch = R"({"metadata": {"$deleteFromPrimitiveList/finalizers": ["a"]}})"_json;

  EXPECT_EQ(MustPatch(original, patch, "Secret"), original);
}

TEST(StrategicMergePatchTest, DeleteFromPrimitiveListWithoutFieldIsBadRequest) {
  Json patch = R"({"metadata": {"$deleteFromPrimitiveList": ["a"]}})"_json;

  EXPECT_THAT(ApplyStrategicMergePatch(R"({"metadata": {"name": "s"}})"_json, patch, "Secret"),
              StatusIs(StatusReason::kBadRequest, HasSubstr("metadata")));
}

TEST(StrategicMergePatchTest, ReplaceDirectiveInMapReplacesTheMap) {
  Json original = DeploymentWithContainers(Json::array());
  Json patch = R"({"spec": {"template": {"metadata": {"labels":
                   {"$patch": "replace", "tier": "front"}}}}})"_json;

  Json patched = MustPatch(original, patch);

  EXPECT_EQ(patched["spec"]["template"]["metadata"]["labels"], R"({"tier": "front"})"_json);
  EXPECT_EQ(patched["spec"]["replicas"], 1);
}

TEST(StrategicMergePatchTest, ReplaceDirectiveAtTheRootReplacesTheObject) {
  Json original = DeploymentWithContainers(Json::array());
  Json patch = R"({"$patch": "replace", "kind": "Deployment", "spec": {"replicas": 5}})"_json;

  EXPECT_EQ(MustPatch(original, patch), R"({"kind": "Deployment", "spec": {"replicas": 5}})"_json);
}

TEST(StrategicMergePatchTest, DeleteDirectiveInMapEmptiesTheMap) {
  Json original = DeploymentWithContainers(Json::array());
  Json patch = R"({"spec": {"template": {"metadata": {"labels": {"$patch": "delete"}}}}})"_json;

  Json patched = MustPatch(original, patch);

  EXPECT_EQ(patched["spec"]["template"]["metadata"]["labels"], Json::object());
}

TEST(StrategicMergePatchTest, DeleteDirectiveInListItemRemovesTheItem) {
  Json original = DeploymentWithContainers(R"([{"name": "a"}, {"name": "b"}, {"name": "c"}])"_json);
  Json patch = PatchContainers(R"([{"name": "b", "$patch": "delete"}])"_json);

  EXPECT_EQ(ContainersOf(MustPatch(original, patch)), R"([{"name": "a"}, {"name": "c"}])"_json);
}

TEST(StrategicMergePatchTest, DeleteDirectiveInListItemNeedsTheMergeKey) {
  Json original = DeploymentWithContainers(R"([{"name": "a"}])"_json);
  Json patch = PatchContainers(R"([{"$patch": "delete"}])"_json);

  EXPECT_THAT(ApplyStrategicMergePatch(original, patch, "Deployment"),
              StatusIs(StatusReason::kBadRequest,
                       AllOf(HasSubstr("spec.template.spec.containers[0]"), HasSubstr("name"))));
}

TEST(StrategicMergePatchTest, ReplaceDirectiveInListReplacesTheList) {
  Json original = DeploymentWithContainers(R"([{"name": "a"}, {"name": "b"}])"_json);
  Json patch = PatchContainers(R"([{"name": "c", "image": "c:1"}, {"$patch": "replace"}])"_json);

  EXPECT_EQ(ContainersOf(MustPatch(original, patch)), R"([{"name": "c", "image": "c:1"}])"_json);
}

TEST(StrategicMergePatchTest, MergeDirectiveIsRejectedLikeTheRealServer) {
  Json original = DeploymentWithContainers(R"([{"name": "a"}])"_json);

  EXPECT_THAT(ApplyStrategicMergePatch(
                  original, R"({"spec": {"$patch": "merge", "replicas": 2}})"_json, "Deployment"),
              StatusIs(StatusReason::kBadRequest, AllOf(HasSubstr("spec"), HasSubstr("merge"))));
  EXPECT_THAT(
      ApplyStrategicMergePatch(
          original, PatchContainers(R"([{"name": "a", "$patch": "merge"}])"_json), "Deployment"),
      StatusIs(StatusReason::kBadRequest,
               AllOf(HasSubstr("spec.template.spec.containers[0]"),
                     HasSubstr("merging lists cannot yet be specified"))));
}

TEST(StrategicMergePatchTest, UnknownDirectiveValueIsBadRequestNamingThePath) {
  Json original = DeploymentWithContainers(R"([{"name": "a"}])"_json);

  EXPECT_THAT(ApplyStrategicMergePatch(
                  original,
                  R"({"spec": {"template": {"metadata": {"labels": {"$patch": "explode"}}}}})"_json,
                  "Deployment"),
              StatusIs(StatusReason::kBadRequest,
                       AllOf(HasSubstr("spec.template.metadata.labels"), HasSubstr("explode"))));
  EXPECT_THAT(
      ApplyStrategicMergePatch(original, PatchContainers(R"([{"name": "a", "$patch": 7}])"_json),
                               "Deployment"),
      StatusIs(StatusReason::kBadRequest, AllOf(HasSubstr("spec.template.spec.containers[0]"),
                                                HasSubstr("unknown patch type"))));
}

TEST(StrategicMergePatchTest, PatchThatIsNotAnObjectIsBadRequest) {
  EXPECT_THAT(ApplyStrategicMergePatch(Json::object(), R"([1, 2])"_json, "ConfigMap"),
              StatusIs(StatusReason::kBadRequest));
  EXPECT_THAT(ApplyStrategicMergePatch(Json::object(), "text", "ConfigMap"),
              StatusIs(StatusReason::kBadRequest));
}

TEST(StrategicMergePatchTest, MixedItemTypesAreBadRequest) {
  Json original = DeploymentWithContainers(R"([{"name": "a"}])"_json);

  EXPECT_THAT(ApplyStrategicMergePatch(original, PatchContainers(R"(["b"])"_json), "Deployment"),
              StatusIs(StatusReason::kBadRequest, HasSubstr("not identical")));
}

TEST(StrategicMergePatchTest, SetElementOrderReordersAMergingList) {
  Json original = DeploymentWithContainers(R"([{"name": "a"}, {"name": "b"}, {"name": "c"}])"_json);
  Json patch = R"({"spec": {"template": {"spec": {
      "$setElementOrder/containers": [{"name": "c"}, {"name": "a"}, {"name": "b"}]}}}})"_json;

  EXPECT_EQ(ContainersOf(MustPatch(original, patch)),
            R"([{"name": "c"}, {"name": "a"}, {"name": "b"}])"_json);
}

TEST(StrategicMergePatchTest, SetElementOrderWithChangedItems) {
  Json original = DeploymentWithContainers(
      R"([{"name": "a", "image": "a:1"}, {"name": "b", "image": "b:1"}])"_json);
  Json patch = R"({"spec": {"template": {"spec": {
      "$setElementOrder/containers": [{"name": "b"}, {"name": "a"}, {"name": "n"}],
      "containers": [{"name": "b", "image": "b:2"}, {"name": "n", "image": "n:1"}]}}}})"_json;

  EXPECT_EQ(ContainersOf(MustPatch(original, patch)),
            R"([{"name": "b", "image": "b:2"}, {"name": "a", "image": "a:1"},
                {"name": "n", "image": "n:1"}])"_json);
}

TEST(StrategicMergePatchTest, SetElementOrderOfScalars) {
  Json original = R"({"kind": "Secret", "metadata": {"finalizers": ["a", "b", "c"]}})"_json;
  Json patch = R"({"metadata": {"$setElementOrder/finalizers": ["c", "b", "a"]}})"_json;

  EXPECT_EQ(MustPatch(original, patch, "Secret")["metadata"]["finalizers"],
            R"(["c", "b", "a"])"_json);
}

TEST(StrategicMergePatchTest, SetElementOrderThatContradictsThePatchIsBadRequest) {
  Json original = DeploymentWithContainers(R"([{"name": "a"}, {"name": "b"}])"_json);
  Json patch = R"({"spec": {"template": {"spec": {
      "$setElementOrder/containers": [{"name": "b"}, {"name": "a"}],
      "containers": [{"name": "a", "image": "x"}, {"name": "b", "image": "y"}]}}}})"_json;

  EXPECT_THAT(ApplyStrategicMergePatch(original, patch, "Deployment"),
              StatusIs(StatusReason::kBadRequest, AllOf(HasSubstr("spec.template.spec.containers"),
                                                        HasSubstr("$setElementOrder"))));
}

TEST(StrategicMergePatchTest, SetElementOrderThatIsNotAListIsBadRequest) {
  Json original = DeploymentWithContainers(R"([{"name": "a"}])"_json);
  Json patch = R"({"spec": {"template": {"spec": {"$setElementOrder/containers": "a"}}}})"_json;

  EXPECT_THAT(ApplyStrategicMergePatch(original, patch, "Deployment"),
              StatusIs(StatusReason::kBadRequest, HasSubstr("spec.template.spec.containers")));
}

TEST(StrategicMergePatchTest, RetainKeysClearsUnlistedFields) {
  Json original = DeploymentWithContainers(Json::array());
  original["spec"]["strategy"] =
      R"({"type": "RollingUpdate", "rollingUpdate": {"maxSurge": 1}})"_json;
  Json patch = R"({"spec": {"strategy": {"$retainKeys": ["type"], "type": "Recreate"}}})"_json;

  EXPECT_EQ(MustPatch(original, patch)["spec"]["strategy"], R"({"type": "Recreate"})"_json);
}

TEST(StrategicMergePatchTest, RetainKeysInVolumeItems) {
  Json original = DeploymentWithContainers(Json::array());
  original["spec"]["template"]["spec"]["volumes"] =
      R"([{"name": "data", "emptyDir": {}}, {"name": "cfg", "configMap": {"name": "c"}}])"_json;
  Json patch = R"({"spec": {"template": {"spec": {"volumes": [
      {"name": "data", "$retainKeys": ["name", "hostPath"], "hostPath": {"path": "/d"}}]}}}})"_json;

  EXPECT_EQ(MustPatch(original, patch)["spec"]["template"]["spec"]["volumes"],
            R"([{"name": "data", "hostPath": {"path": "/d"}},
                {"name": "cfg", "configMap": {"name": "c"}}])"_json);
}

TEST(StrategicMergePatchTest, RetainKeysMustListEveryPatchedField) {
  Json original = DeploymentWithContainers(Json::array());
  original["spec"]["strategy"] = R"({"type": "Recreate"})"_json;
  Json patch = R"({"spec": {"strategy": {"$retainKeys": ["type"], "rollingUpdate": {}}}})"_json;

  EXPECT_THAT(ApplyStrategicMergePatch(original, patch, "Deployment"),
              StatusIs(StatusReason::kBadRequest,
                       AllOf(HasSubstr("spec.strategy"), HasSubstr("rollingUpdate"))));
}

TEST(StrategicMergePatchTest, RetainKeysThatIsNotAListIsBadRequest) {
  Json original = R"({"kind": "Deployment", "spec": {"strategy": {"type": "Recreate"}}})"_json;
  EXPECT_THAT(
      ApplyStrategicMergePatch(original, R"({"spec": {"strategy": {"$retainKeys": "type"}}})"_json,
                               "Deployment"),
      StatusIs(StatusReason::kBadRequest, HasSubstr("retainKeys")));
}

}  // namespace
}  // namespace fakecluster
