#include "server_side_apply.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "apply_fieldset.h"
#include "status_matchers.h"

namespace fakecluster {
namespace {

using ::kube::Json;
using ::kube::StatusCause;
using ::kube::StatusIs;
using ::kube::StatusReason;
using ::testing::ElementsAre;

constexpr char kTime1[] = "2024-01-01T00:00:00Z";
constexpr char kTime2[] = "2024-01-01T00:01:00Z";
constexpr char kTime3[] = "2024-01-01T00:02:00Z";

Json Deployment(Json spec) {
  Json deployment = R"({"apiVersion": "apps/v1", "kind": "Deployment",
                        "metadata": {"name": "web", "namespace": "default"}})"_json;
  deployment["spec"] = std::move(spec);
  return deployment;
}

// A Deployment whose pod template has the given containers.
Json DeploymentWithContainers(Json containers) {
  Json deployment = Deployment(Json::object());
  deployment["spec"]["template"]["spec"]["containers"] = std::move(containers);
  return deployment;
}

kube::StatusOr<Json> Apply(const Json* live, Json applied, std::string manager, bool force = false,
                           std::string time = kTime1) {
  return ServerSideApply(
      {live, std::move(applied), std::move(manager), force, "apps/v1", std::move(time)});
}

Json MustApply(const Json* live, Json applied, std::string manager, bool force = false,
               std::string time = kTime1) {
  kube::StatusOr<Json> result =
      Apply(live, std::move(applied), std::move(manager), force, std::move(time));
  EXPECT_OK(result);
  return result.ok() ? *result : Json();
}

Json Update(const Json* old_object, const Json& new_object, std::string_view manager,
            std::string_view time = kTime1) {
  return RecordUpdateOwnership(old_object, new_object, manager, "apps/v1", time);
}

// The managedFields entry of `manager` with `operation`; null when there is none.
Json EntryOf(const Json& object, std::string_view manager, std::string_view operation) {
  const Json& metadata = object.at("metadata");
  auto entries = metadata.find("managedFields");
  if (entries == metadata.end()) return nullptr;
  for (const Json& entry : *entries) {
    if (entry.value("manager", "") == manager && entry.value("operation", "") == operation) {
      return entry;
    }
  }
  return nullptr;
}

Json FieldsOf(const Json& object, std::string_view manager, std::string_view operation) {
  Json entry = EntryOf(object, manager, operation);
  return entry.is_null() ? Json() : entry["fieldsV1"];
}

std::vector<std::string> ManagersOf(const Json& object) {
  std::vector<std::string> managers;
  for (const Json& entry : object["metadata"].value("managedFields", Json::array())) {
    managers.push_back(entry["manager"].get<std::string>() + "/" +
                       entry["operation"].get<std::string>());
  }
  return managers;
}

Json WithoutManagedFields(Json object) {
  object["metadata"].erase("managedFields");
  return object;
}

TEST(ServerSideApplyTest, RecordsTheAppliedFieldsInFieldsV1) {
  Json config = R"({"apiVersion": "apps/v1", "kind": "Deployment",
    "metadata": {"name": "web", "namespace": "default", "labels": {"app": "web"}},
    "spec": {"replicas": 2, "selector": {"matchLabels": {"app": "web"}},
      "template": {"metadata": {"labels": {"app": "web"}},
        "spec": {"containers": [{"name": "app", "image": "nginx",
                                 "ports": [{"containerPort": 80}]}]}}}})"_json;

  Json created = MustApply(nullptr, config, "kubectl");

  EXPECT_EQ(WithoutManagedFields(created), config);
  Json expected_fields = R"({
    "f:metadata": {"f:labels": {"f:app": {}}},
    "f:spec": {"f:replicas": {}, "f:selector": {},
      "f:template": {"f:metadata": {"f:labels": {"f:app": {}}},
        "f:spec": {"f:containers": {"k:{\"name\":\"app\"}": {".": {}, "f:image": {}, "f:name": {},
          "f:ports": {"k:{\"containerPort\":80,\"protocol\":\"TCP\"}":
                        {".": {}, "f:containerPort": {}}}}}}}}})"_json;
  Json expected_entry = {{"manager", "kubectl"},     {"operation", "Apply"},
                         {"apiVersion", "apps/v1"},  {"time", kTime1},
                         {"fieldsType", "FieldsV1"}, {"fieldsV1", expected_fields}};
  EXPECT_EQ(created["metadata"]["managedFields"], Json::array({expected_entry}));
}

TEST(ServerSideApplyTest, PathElementsSerializeAndPrintLikeFieldpath) {
  FieldPath image = {PathElement::Field("spec"), PathElement::Field("containers"),
                     PathElement::Key(R"({"name": "app"})"_json), PathElement::Field("image")};
  EXPECT_EQ(FieldPathString(image), R"(.spec.containers[name="app"].image)");
  PathElement port = PathElement::Key(R"({"protocol": "TCP", "containerPort": 80})"_json);
  EXPECT_EQ(port.Serialize(), R"(k:{"containerPort":80,"protocol":"TCP"})");
  EXPECT_EQ(port.ToString(), R"([containerPort=80,protocol="TCP"])");
  EXPECT_EQ(PathElement::Value("x").Serialize(), R"(v:"x")");
  EXPECT_EQ(PathElement::Value("x").ToString(), R"([="x"])");
  EXPECT_EQ(PathElement::Index(3).Serialize(), "i:3");
  EXPECT_EQ(PathElement::Index(3).ToString(), "[3]");
  EXPECT_EQ(PathElement::Parse(R"(k:{"name":"a"})"), PathElement::Key(R"({"name": "a"})"_json));
  EXPECT_EQ(PathElement::Parse("i:x"), std::nullopt);
  EXPECT_EQ(PathElement::Parse("q:x"), std::nullopt);
}

TEST(ServerSideApplyTest, FieldsV1RoundTripsAndDropsUnknownElementKinds) {
  Json encoded = R"({"f:a": {".": {}, "f:b": {}, "v:\"x\"": {}, "i:2": {}},
                     "k:{\"name\":\"n\"}": {}, "z:future": {}})"_json;

  std::optional<FieldSet> set = FieldSet::FromFieldsV1(encoded);

  ASSERT_TRUE(set.has_value());
  encoded.erase("z:future");
  EXPECT_EQ(set->ToFieldsV1(), encoded);
  std::vector<std::string> printed;
  for (const FieldPath& path : set->Paths()) printed.push_back(FieldPathString(path));
  EXPECT_THAT(printed, ElementsAre(".a", R"([name="n"])", ".a.b", R"(.a[="x"])", ".a[2]"));
  EXPECT_EQ(FieldSet::FromFieldsV1(R"({"f:a": 1})"_json), std::nullopt);
}

TEST(ServerSideApplyTest, InPlaceAddAndRemoveAgreeWithUnionAndDifference) {
  std::vector<Json> encodings = {
      R"({})"_json,
      R"({"f:a": {".": {}, "f:b": {}, "i:2": {}}, "f:c": {}})"_json,
      R"({"f:a": {"f:b": {}, "f:d": {"f:e": {}}}, "k:{\"name\":\"n\"}": {}})"_json,
      R"({"f:a": {".": {}}, "f:c": {"f:x": {}}})"_json,
  };
  for (const Json& left_encoded : encodings) {
    for (const Json& right_encoded : encodings) {
      FieldSet left = *FieldSet::FromFieldsV1(left_encoded);
      FieldSet right = *FieldSet::FromFieldsV1(right_encoded);
      FieldSet added = left;
      added.Add(right);
      EXPECT_EQ(added.ToFieldsV1(), left.Union(right).ToFieldsV1())
          << left_encoded << " + " << right_encoded;
      FieldSet removed = left;
      removed.Remove(right);
      EXPECT_EQ(removed.ToFieldsV1(), left.Difference(right).ToFieldsV1())
          << left_encoded << " - " << right_encoded;
    }
  }
}

TEST(ServerSideApplyTest, IgnoresServerOwnedMetadataOfTheConfiguration) {
  Json live = Deployment(R"({"replicas": 1})"_json);
  live["metadata"]["uid"] = "live-uid";
  live["metadata"]["resourceVersion"] = "7";
  live = Update(nullptr, live, "ctrl");
  Json config = Deployment(R"({"replicas": 1})"_json);
  config["metadata"]["uid"] = "other-uid";
  config["metadata"]["resourceVersion"] = "1";
  config["metadata"]["creationTimestamp"] = "2000-01-01T00:00:00Z";
  config["metadata"]["generation"] = 9;
  config["metadata"]["managedFields"] = R"([{"manager": "forged", "operation": "Apply",
      "fieldsType": "FieldsV1", "fieldsV1": {"f:spec": {}}}])"_json;

  Json applied = MustApply(&live, config, "kubectl");

  EXPECT_EQ(applied["metadata"]["uid"], "live-uid");
  EXPECT_EQ(applied["metadata"]["resourceVersion"], "7");
  EXPECT_FALSE(applied["metadata"].contains("creationTimestamp"));
  EXPECT_FALSE(applied["metadata"].contains("generation"));
  EXPECT_THAT(ManagersOf(applied), ElementsAre("kubectl/Apply", "ctrl/Update"));
}

TEST(ServerSideApplyTest, KeepsLiveFieldsTheConfigurationDoesNotMention) {
  Json live = Update(nullptr, Deployment(R"({"replicas": 1, "paused": false})"_json), "ctrl");
  live["status"] = R"({"readyReplicas": 1})"_json;

  Json applied = MustApply(&live, Deployment(R"({"minReadySeconds": 5})"_json), "kubectl");

  EXPECT_EQ(applied["spec"], R"({"replicas": 1, "paused": false, "minReadySeconds": 5})"_json);
  EXPECT_EQ(applied["status"], R"({"readyReplicas": 1})"_json);
}

TEST(ServerSideApplyTest, ConflictWithAnUpdaterIs409) {
  Json live = Update(nullptr, Deployment(R"({"replicas": 1})"_json), "ctrl");

  kube::StatusOr<Json> result = Apply(&live, Deployment(R"({"replicas": 3})"_json), "kubectl");

  ASSERT_THAT(result, StatusIs(StatusReason::kConflict));
  EXPECT_EQ(result.status().code(), 409);
  EXPECT_EQ(result.status().message(),
            R"(Apply failed with 1 conflict: conflict with "ctrl" using apps/v1: .spec.replicas)");
  EXPECT_THAT(result.status().details().causes,
              ElementsAre(StatusCause{"FieldManagerConflict",
                                      R"(conflict with "ctrl" using apps/v1)", ".spec.replicas"}));
}

TEST(ServerSideApplyTest, ConflictWithAnotherApplierNamesItWithoutVersion) {
  Json live = MustApply(nullptr, Deployment(R"({"replicas": 3})"_json), "alice");

  EXPECT_THAT(Apply(&live, Deployment(R"({"replicas": 5})"_json), "bob"),
              StatusIs(StatusReason::kConflict,
                       R"(Apply failed with 1 conflict: conflict with "alice": .spec.replicas)"));
}

TEST(ServerSideApplyTest, SeveralConflictsAreListedByManager) {
  Json created =
      Update(nullptr, Deployment(R"({"replicas": 1, "minReadySeconds": 5})"_json), "ctrl");
  Json scaled = created;
  scaled["spec"]["revisionHistoryLimit"] = 3;
  Json live = Update(&created, scaled, "hpa", kTime2);

  kube::StatusOr<Json> result = Apply(
      &live, Deployment(R"({"replicas": 2, "minReadySeconds": 6, "revisionHistoryLimit": 4})"_json),
      "kubectl");

  ASSERT_THAT(result, StatusIs(StatusReason::kConflict));
  EXPECT_EQ(result.status().message(),
            "Apply failed with 3 conflicts: conflicts with \"ctrl\" using apps/v1:\n"
            "- .spec.minReadySeconds\n"
            "- .spec.replicas\n"
            "conflicts with \"hpa\" using apps/v1:\n"
            "- .spec.revisionHistoryLimit");
  EXPECT_THAT(
      result.status().details().causes,
      ElementsAre(StatusCause{"FieldManagerConflict", R"(conflict with "ctrl" using apps/v1)",
                              ".spec.minReadySeconds"},
                  StatusCause{"FieldManagerConflict", R"(conflict with "ctrl" using apps/v1)",
                              ".spec.replicas"},
                  StatusCause{"FieldManagerConflict", R"(conflict with "hpa" using apps/v1)",
                              ".spec.revisionHistoryLimit"}));
}

TEST(ServerSideApplyTest, ForceTakesOwnershipFromTheOtherManager) {
  Json live = Update(nullptr, Deployment(R"({"replicas": 1, "minReadySeconds": 5})"_json), "ctrl");

  Json applied = MustApply(&live, Deployment(R"({"replicas": 3})"_json), "kubectl",
                           /*force=*/true);

  EXPECT_EQ(applied["spec"]["replicas"], 3);
  EXPECT_EQ(FieldsOf(applied, "kubectl", "Apply"), R"({"f:spec": {"f:replicas": {}}})"_json);
  EXPECT_EQ(FieldsOf(applied, "ctrl", "Update"), R"({"f:spec": {"f:minReadySeconds": {}}})"_json);
}

TEST(ServerSideApplyTest, ForceDropsAManagerLeftWithNothing) {
  Json live = Update(nullptr, Deployment(R"({"replicas": 1})"_json), "ctrl");

  Json applied = MustApply(&live, Deployment(R"({"replicas": 3})"_json), "kubectl", true);

  EXPECT_THAT(ManagersOf(applied), ElementsAre("kubectl/Apply"));
}

TEST(ServerSideApplyTest, EqualValueIsSharedWithoutConflict) {
  Json live = Update(nullptr, Deployment(R"({"replicas": 1})"_json), "ctrl");

  Json applied = MustApply(&live, Deployment(R"({"replicas": 1})"_json), "kubectl");

  Json replicas = R"({"f:spec": {"f:replicas": {}}})"_json;
  EXPECT_EQ(FieldsOf(applied, "kubectl", "Apply"), replicas);
  EXPECT_EQ(FieldsOf(applied, "ctrl", "Update"), replicas);
}

TEST(ServerSideApplyTest, FieldOmittedByItsOnlyApplierIsRemoved) {
  Json live =
      MustApply(nullptr, Deployment(R"({"replicas": 3, "minReadySeconds": 5})"_json), "kubectl");

  Json applied = MustApply(&live, Deployment(R"({"replicas": 3})"_json), "kubectl");

  EXPECT_EQ(applied["spec"], R"({"replicas": 3})"_json);
  EXPECT_EQ(FieldsOf(applied, "kubectl", "Apply"), R"({"f:spec": {"f:replicas": {}}})"_json);
}

TEST(ServerSideApplyTest, FieldOmittedButOwnedByAnotherManagerStays) {
  Json live =
      MustApply(nullptr, Deployment(R"({"replicas": 3, "minReadySeconds": 5})"_json), "alice");
  live = MustApply(&live, Deployment(R"({"minReadySeconds": 5})"_json), "bob");

  Json applied = MustApply(&live, Deployment(R"({"replicas": 3})"_json), "alice");

  EXPECT_EQ(applied["spec"], R"({"replicas": 3, "minReadySeconds": 5})"_json);
  EXPECT_EQ(FieldsOf(applied, "alice", "Apply"), R"({"f:spec": {"f:replicas": {}}})"_json);
  EXPECT_EQ(FieldsOf(applied, "bob", "Apply"), R"({"f:spec": {"f:minReadySeconds": {}}})"_json);
}

TEST(ServerSideApplyTest, FieldOmittedButOwnedByAnUpdaterStays) {
  Json live =
      MustApply(nullptr, Deployment(R"({"replicas": 3, "minReadySeconds": 5})"_json), "alice");
  Json changed = live;
  changed["spec"]["minReadySeconds"] = 6;
  live = Update(&live, changed, "ctrl", kTime2);

  Json applied = MustApply(&live, Deployment(R"({"replicas": 3})"_json), "alice", false, kTime3);

  EXPECT_EQ(applied["spec"], R"({"replicas": 3, "minReadySeconds": 6})"_json);
}

TEST(ServerSideApplyTest, OmittedLabelsLeaveNoEmptyMap) {
  Json config = Deployment(R"({"replicas": 1})"_json);
  config["metadata"]["labels"] = R"({"a": "1", "b": "2"})"_json;
  Json live = MustApply(nullptr, config, "kubectl");
  config["metadata"]["labels"].erase("b");
  live = MustApply(&live, config, "kubectl");
  EXPECT_EQ(live["metadata"]["labels"], R"({"a": "1"})"_json);

  config["metadata"].erase("labels");
  Json applied = MustApply(&live, config, "kubectl");

  EXPECT_FALSE(applied["metadata"].contains("labels"));
}

TEST(ServerSideApplyTest, ListItemsWithAKeyAreOwnedSeparately) {
  Json live = MustApply(
      nullptr, DeploymentWithContainers(R"([{"name": "app", "image": "v1"}])"_json), "alice");

  Json applied = MustApply(
      &live, DeploymentWithContainers(R"([{"name": "sidecar", "image": "s1"}])"_json), "bob");

  EXPECT_EQ(applied["spec"]["template"]["spec"]["containers"],
            R"([{"name": "app", "image": "v1"}, {"name": "sidecar", "image": "s1"}])"_json);
  EXPECT_EQ(FieldsOf(applied, "bob", "Apply"),
            R"({"f:spec": {"f:template": {"f:spec": {"f:containers":
                {"k:{\"name\":\"sidecar\"}": {".": {}, "f:image": {}, "f:name": {}}}}}}})"_json);
  EXPECT_THAT(
      Apply(&applied, DeploymentWithContainers(R"([{"name": "app", "image": "v2"}])"_json), "bob"),
      StatusIs(StatusReason::kConflict, R"(Apply failed with 1 conflict: conflict with "alice": )"
                                        R"(.spec.template.spec.containers[name="app"].image)"));
}

TEST(ServerSideApplyTest, ListItemOmittedByItsApplierIsRemoved) {
  Json live =
      MustApply(nullptr, DeploymentWithContainers(R"([{"name": "app"}, {"name": "sidecar"}])"_json),
                "kubectl");

  Json applied = MustApply(&live, DeploymentWithContainers(R"([{"name": "app"}])"_json), "kubectl");

  EXPECT_EQ(applied["spec"]["template"]["spec"]["containers"], R"([{"name": "app"}])"_json);
}

TEST(ServerSideApplyTest, OmittedListItemStaysWhileAnotherManagerOwnsPartOfIt) {
  Json live = MustApply(
      nullptr,
      DeploymentWithContainers(R"([{"name": "app"}, {"name": "sidecar", "image": "s1"}])"_json),
      "alice");
  Json changed = live;
  changed["spec"]["template"]["spec"]["containers"][1]["image"] = "s2";
  live = Update(&live, changed, "ctrl", kTime2);

  Json applied = MustApply(&live, DeploymentWithContainers(R"([{"name": "app"}])"_json), "alice",
                           false, kTime3);

  EXPECT_EQ(applied["spec"]["template"]["spec"]["containers"],
            R"([{"name": "app"}, {"name": "sidecar", "image": "s2"}])"_json);
  EXPECT_EQ(FieldsOf(applied, "ctrl", "Update"),
            R"({"f:spec": {"f:template": {"f:spec": {"f:containers":
                {"k:{\"name\":\"sidecar\"}": {"f:image": {}}}}}}})"_json);
}

TEST(ServerSideApplyTest, ListWithoutKeysIsAtomic) {
  Json live =
      Update(nullptr, DeploymentWithContainers(R"([{"name": "app", "args": ["a"]}])"_json), "ctrl");

  EXPECT_THAT(
      Apply(&live, DeploymentWithContainers(R"([{"name": "app", "args": ["b"]}])"_json), "kubectl"),
      StatusIs(StatusReason::kConflict,
               R"(Apply failed with 1 conflict: conflict with "ctrl" using apps/v1: )"
               R"(.spec.template.spec.containers[name="app"].args)"));
}

TEST(ServerSideApplyTest, SetItemsAreOwnedByValue) {
  Json config = R"({"apiVersion": "apps/v1", "kind": "Deployment",
                    "metadata": {"name": "web", "finalizers": ["a"]}})"_json;
  Json live = MustApply(nullptr, config, "alice");
  config["metadata"]["finalizers"] = R"(["b"])"_json;

  Json applied = MustApply(&live, config, "bob");

  EXPECT_EQ(applied["metadata"]["finalizers"], R"(["a", "b"])"_json);
  EXPECT_EQ(FieldsOf(applied, "bob", "Apply"),
            R"({"f:metadata": {"f:finalizers": {"v:\"b\"": {}}}})"_json);
}

TEST(ServerSideApplyTest, CustomResourceListsAreAtomic) {
  Json config = R"({"apiVersion": "stash.appscode.com/v1beta1", "kind": "BackupConfiguration",
    "metadata": {"name": "b", "finalizers": ["stash"]},
    "spec": {"tasks": [{"name": "t1"}], "target": {"ref": "x"}}})"_json;

  Json created =
      *ServerSideApply({nullptr, config, "kubectl", false, "stash.appscode.com/v1beta1", kTime1});

  EXPECT_EQ(FieldsOf(created, "kubectl", "Apply"),
            R"({"f:metadata": {"f:finalizers": {"v:\"stash\"": {}}},
                "f:spec": {"f:target": {"f:ref": {}}, "f:tasks": {}}})"_json);
}

TEST(ServerSideApplyTest, NullInTheConfigurationRemovesTheFieldAndOwnsIt) {
  Json live = MustApply(nullptr, Deployment(R"({"replicas": 3, "paused": true})"_json), "kubectl");

  Json applied =
      MustApply(&live, Deployment(R"({"replicas": null, "paused": true})"_json), "kubectl");

  EXPECT_EQ(applied["spec"], R"({"paused": true})"_json);
  EXPECT_EQ(FieldsOf(applied, "kubectl", "Apply"),
            R"({"f:spec": {"f:paused": {}, "f:replicas": {}}})"_json);
}

TEST(ServerSideApplyTest, UnmanagedLiveObjectBelongsToBeforeFirstApply) {
  Json live = Deployment(R"({"replicas": 1, "paused": false})"_json);

  EXPECT_THAT(Apply(&live, Deployment(R"({"replicas": 2})"_json), "kubectl"),
              StatusIs(StatusReason::kConflict,
                       R"(Apply failed with 1 conflict: conflict with "before-first-apply" )"
                       R"(using apps/v1: .spec.replicas)"));
  Json applied = MustApply(&live, Deployment(R"({"replicas": 2})"_json), "kubectl", true);
  EXPECT_EQ(FieldsOf(applied, "before-first-apply", "Update"),
            R"({"f:spec": {"f:paused": {}}})"_json);
}

TEST(ServerSideApplyTest, UpdaterAndApplierWithTheSameNameAreDifferentManagers) {
  Json live = Update(nullptr, Deployment(R"({"replicas": 1})"_json), "kubectl");

  EXPECT_THAT(Apply(&live, Deployment(R"({"replicas": 2})"_json), "kubectl"),
              StatusIs(StatusReason::kConflict,
                       R"(Apply failed with 1 conflict: conflict with "kubectl" using apps/v1: )"
                       R"(.spec.replicas)"));
}

TEST(ServerSideApplyTest, TimeChangesOnlyWhenTheObjectChanges) {
  Json config = Deployment(R"({"replicas": 1})"_json);
  Json live = MustApply(nullptr, config, "kubectl", false, kTime1);

  live = MustApply(&live, config, "kubectl", false, kTime2);
  EXPECT_EQ(EntryOf(live, "kubectl", "Apply")["time"], kTime1);

  config["spec"]["replicas"] = 2;
  live = MustApply(&live, config, "kubectl", false, kTime3);
  EXPECT_EQ(EntryOf(live, "kubectl", "Apply")["time"], kTime3);
}

TEST(ServerSideApplyTest, ConfigurationThatIsNotAnObjectIsBadRequest) {
  EXPECT_THAT(Apply(nullptr, R"([1])"_json, "kubectl"), StatusIs(StatusReason::kBadRequest));
}

TEST(ServerSideApplyTest, UpdateOnCreateOwnsEveryFieldWithMapNodes) {
  Json deployment = R"({"apiVersion": "apps/v1", "kind": "Deployment",
    "metadata": {"name": "web", "namespace": "default", "labels": {"app": "web"}},
    "spec": {"replicas": 2, "selector": {"matchLabels": {"app": "web"}},
      "template": {"metadata": {"labels": {"app": "web"}},
        "spec": {"containers": [{"name": "app", "image": "nginx"}]}}}})"_json;

  Json created = Update(nullptr, deployment, "kubectl-create");

  EXPECT_EQ(WithoutManagedFields(created), deployment);
  Json expected_fields = R"({
    "f:metadata": {"f:labels": {".": {}, "f:app": {}}},
    "f:spec": {"f:replicas": {}, "f:selector": {},
      "f:template": {"f:metadata": {"f:labels": {".": {}, "f:app": {}}},
        "f:spec": {"f:containers": {"k:{\"name\":\"app\"}": {".": {}, "f:image": {},
                                                              "f:name": {}}}}}}})"_json;
  Json expected_entry = {{"manager", "kubectl-create"}, {"operation", "Update"},
                         {"apiVersion", "apps/v1"},     {"time", kTime1},
                         {"fieldsType", "FieldsV1"},    {"fieldsV1", expected_fields}};
  EXPECT_EQ(created["metadata"]["managedFields"], Json::array({expected_entry}));
}

TEST(ServerSideApplyTest, UpdateTakesTheChangedFieldsFromOtherManagers) {
  Json live =
      MustApply(nullptr, Deployment(R"({"replicas": 3, "minReadySeconds": 5})"_json), "kubectl");
  Json scaled = live;
  scaled["spec"]["replicas"] = 4;

  Json updated = Update(&live, scaled, "hpa", kTime2);

  EXPECT_EQ(FieldsOf(updated, "hpa", "Update"), R"({"f:spec": {"f:replicas": {}}})"_json);
  EXPECT_EQ(EntryOf(updated, "hpa", "Update")["time"], kTime2);
  EXPECT_EQ(FieldsOf(updated, "kubectl", "Apply"), R"({"f:spec": {"f:minReadySeconds": {}}})"_json);
}

TEST(ServerSideApplyTest, UpdateRemovingAFieldRemovesItFromEverySet) {
  Json live =
      MustApply(nullptr, Deployment(R"({"replicas": 3, "minReadySeconds": 5})"_json), "kubectl");
  Json trimmed = live;
  trimmed["spec"].erase("minReadySeconds");

  Json updated = Update(&live, trimmed, "ctrl", kTime2);

  EXPECT_THAT(ManagersOf(updated), ElementsAre("kubectl/Apply"));
  EXPECT_EQ(FieldsOf(updated, "kubectl", "Apply"), R"({"f:spec": {"f:replicas": {}}})"_json);
}

TEST(ServerSideApplyTest, UpdateWithoutChangesKeepsTheEntries) {
  Json live = MustApply(nullptr, Deployment(R"({"replicas": 3})"_json), "kubectl");

  EXPECT_EQ(Update(&live, live, "ctrl", kTime2), live);
}

TEST(ServerSideApplyTest, UpdaterEntriesAreKeptPerApiVersion) {
  Json live = Update(nullptr, Deployment(R"({"replicas": 1})"_json), "ctrl");
  Json changed = live;
  changed["spec"]["paused"] = true;

  Json updated = RecordUpdateOwnership(&live, changed, "ctrl", "apps/v1beta2", kTime2);

  ASSERT_EQ(updated["metadata"]["managedFields"].size(), 2);
  EXPECT_EQ(updated["metadata"]["managedFields"][0]["apiVersion"], "apps/v1");
  EXPECT_EQ(updated["metadata"]["managedFields"][1]["apiVersion"], "apps/v1beta2");
}

TEST(ServerSideApplyTest, EntriesAreSortedByOperationTimeAndManager) {
  Json live = Update(nullptr, Deployment(R"({"replicas": 1})"_json), "zeta", kTime1);
  live = MustApply(&live, Deployment(R"({"paused": true})"_json), "beta", false, kTime2);
  Json changed = live;
  changed["spec"]["minReadySeconds"] = 1;
  live = Update(&live, changed, "alpha", kTime3);
  changed = live;
  changed["spec"]["revisionHistoryLimit"] = 1;

  live = Update(&live, changed, "aardvark", kTime3);

  EXPECT_THAT(ManagersOf(live),
              ElementsAre("beta/Apply", "zeta/Update", "aardvark/Update", "alpha/Update"));
}

TEST(ServerSideApplyTest, ManagedFieldsSentWithAnUpdateReplaceTheLiveOnes) {
  Json live = Update(nullptr, Deployment(R"({"replicas": 1})"_json), "ctrl");
  live = MustApply(&live, Deployment(R"({"paused": true})"_json), "kubectl", false, kTime2);
  Json edited = live;
  edited["metadata"]["managedFields"].erase(0);  // drops kubectl's Apply entry

  EXPECT_THAT(ManagersOf(Update(&live, edited, "ctrl", kTime3)), ElementsAre("ctrl/Update"));
}

TEST(ServerSideApplyTest, ListOfOneEmptyEntryClearsManagedFields) {
  Json live = Update(nullptr, Deployment(R"({"replicas": 1})"_json), "ctrl");
  Json reset = live;
  reset["metadata"]["managedFields"] = R"([{}])"_json;

  EXPECT_FALSE(Update(&live, reset, "ctrl", kTime2)["metadata"].contains("managedFields"));
}

}  // namespace
}  // namespace fakecluster
