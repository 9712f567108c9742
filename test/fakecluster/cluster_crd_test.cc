// Kinds (fake-apiserver.md section 4): the built-in kinds, the project's six CRDs served at
// start, registration of new CRDs (names, scope, versions, schema), OpenAPI v3 validation of
// custom objects (422 with the field path) and CRD deletion removing every instance.
#include <string>
#include <vector>

#include "cluster_fixture.h"

namespace fakecluster_test {
namespace {

using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

using CrdTest = ClusterTest;

std::string ConditionStatus(const kube::Object& crd, const std::string& type) {
  for (const auto& condition : crd.json()["status"]["conditions"]) {
    if (condition.value("type", "") == type) return condition.value("status", "");
  }
  return "";
}

TEST_F(CrdTest, BuiltInKindsAreServed) {
  kube::KindRegistry kinds = cluster().Kinds();
  for (const kube::GroupVersionKind& gvk : std::vector<kube::GroupVersionKind>{
           {"", "v1", "Namespace"},
           {"", "v1", "ConfigMap"},
           {"", "v1", "Secret"},
           {"", "v1", "Event"},
           {"", "v1", "PersistentVolumeClaim"},
           {"", "v1", "ReplicationController"},
           {"apps", "v1", "Deployment"},
           {"apps", "v1", "StatefulSet"},
           {"apps", "v1", "DaemonSet"},
           {"apps", "v1", "ReplicaSet"},
           {"apiextensions.k8s.io", "v1", "CustomResourceDefinition"}}) {
    const kube::ResourceInfo* info = kinds.Find(gvk);
    ASSERT_NE(info, nullptr) << gvk.kind;
    EXPECT_TRUE(info->built_in) << gvk.kind;
    EXPECT_TRUE(cluster().List(gvk, {}).ok()) << gvk.kind;
  }
}

struct StashKind {
  kube::GroupVersionKind gvk;
  std::string plural;
  bool namespaced;
  bool has_status;
};

TEST_F(CrdTest, TheSixProjectCrdsAreServedAtStart) {
  for (const auto& kind :
       std::vector<StashKind>{{kRepositoryGvk, "repositories", true, true},
                              {kBackupConfigurationGvk, "backupconfigurations", true, true},
                              {kTemplateGvk, "backupconfigurationtemplates", false, false},
                              {kBlueprintGvk, "backupblueprints", false, false},
                              {kAppBindingGvk, "appbindings", true, false},
                              {kDeploymentConfigGvk, "deploymentconfigs", true, true}}) {
    auto info = cluster().FindKind(kind.gvk);
    ASSERT_TRUE(info.has_value()) << kind.gvk.kind;
    EXPECT_EQ(info->plural, kind.plural);
    EXPECT_EQ(info->namespaced, kind.namespaced) << kind.gvk.kind;
    EXPECT_EQ(info->has_status, kind.has_status) << kind.gvk.kind;
    EXPECT_FALSE(info->built_in);
    EXPECT_FALSE(cluster().SchemaFor(kind.gvk).is_null()) << kind.gvk.kind;

    kube::Object crd = MustGet(kCrdGvk, "", kind.plural + "." + kind.gvk.group);
    EXPECT_EQ(ConditionStatus(crd, "Established"), "True") << kind.gvk.kind;
    EXPECT_EQ(ConditionStatus(crd, "NamesAccepted"), "True") << kind.gvk.kind;
  }
}

TEST_F(CrdTest, ProjectCrdsCarryTheirShortNames) {
  EXPECT_THAT(cluster().FindKind(kRepositoryGvk)->short_names, ElementsAre("repo"));
  EXPECT_THAT(cluster().FindKind(kTemplateGvk)->short_names, ElementsAre("btpl"));
  EXPECT_THAT(cluster().FindKind(kDeploymentConfigGvk)->short_names, ElementsAre("dc"));
}

TEST_F(CrdTest, CrdCategoriesReachTheKindRegistry) {
  EXPECT_THAT(cluster().FindKind(kDeploymentConfigGvk)->categories, ElementsAre("all"));
  EXPECT_THAT(cluster().FindKind(kAppBindingGvk)->categories, ElementsAre("catalog", "appscode"));
}

TEST_F(CrdTest, DeploymentConfigKeepsUnknownFieldsAndHasAStatusSubresource) {
  kube::Object dc = ObjectOf(kDeploymentConfigGvk, "default", "web");
  dc.json()["spec"] = {{"replicas", 2},
                       {"strategy", {{"type", "Rolling"}}},
                       {"triggers", Json::array({{{"type", "ConfigChange"}}})}};
  dc.json()["status"] = {{"latestVersion", 3}};
  kube::Object created = MustCreate(dc);
  EXPECT_EQ(created.json()["spec"], dc.json()["spec"]);
  EXPECT_FALSE(created.json().contains("status"));
  created.json()["status"] = {{"latestVersion", 3}};
  auto with_status = cluster().UpdateStatus(created, {});
  ASSERT_OK(with_status);
  EXPECT_EQ(with_status->json()["status"]["latestVersion"], 3);
}

TEST_F(CrdTest, ProjectCrdsCanBeLeftOut) {
  fakecluster::ClusterOptions options;
  options.load_stash_crds = false;
  Reset(options);
  EXPECT_FALSE(cluster().FindKind(kRepositoryGvk).has_value());
  EXPECT_THAT(cluster().Create(Repository("default", "r")),
              kube::StatusIs(kube::StatusReason::kNotFound));
}

TEST_F(CrdTest, KindIsNotServedBeforeItsCrdExists) {
  EXPECT_FALSE(cluster().FindKind(kWidgetGvk).has_value());
  EXPECT_THAT(cluster().Create(Widget("default", "w", {{"size", 1}})),
              kube::StatusIs(kube::StatusReason::kNotFound,
                             HasSubstr("the server could not find the requested resource")));
}

TEST_F(CrdTest, CreatingACrdRegistersItsKind) {
  MustCreate(WidgetCrd());

  auto info = cluster().FindKind(kWidgetGvk);
  ASSERT_TRUE(info.has_value());
  EXPECT_EQ(info->plural, "widgets");
  EXPECT_EQ(info->singular, "widget");
  EXPECT_THAT(info->short_names, ElementsAre("wd"));
  EXPECT_TRUE(info->namespaced);
  EXPECT_TRUE(info->has_status);
  EXPECT_FALSE(info->built_in);
  EXPECT_EQ(cluster().SchemaFor(kWidgetGvk)["properties"]["spec"]["required"],
            Json::array({"size"}));
  EXPECT_NE(cluster().Kinds().Find(kWidgetGvk), nullptr);

  kube::Object widget = MustCreate(Widget("default", "w", {{"size", 3}}));
  EXPECT_EQ(widget.Generation(), 1);
  EXPECT_EQ(MustGet(kWidgetGvk, "default", "w").json()["spec"]["size"], 3);
  auto list = cluster().List(kWidgetGvk, {});
  ASSERT_OK(list);
  EXPECT_THAT(Keys(*list), ElementsAre("default/w"));
}

TEST_F(CrdTest, NewCrdIsEstablishedAndGuardedByTheCleanupFinalizer) {
  kube::Object crd = MustCreate(WidgetCrd());
  EXPECT_EQ(ConditionStatus(crd, "Established"), "True");
  EXPECT_THAT(crd.Finalizers(), Contains("customresourcecleanup.apiextensions.k8s.io"));
  EXPECT_EQ(crd.json()["status"]["acceptedNames"]["kind"], "Widget");
  EXPECT_EQ(crd.json()["status"]["storedVersions"], Json::array({"v1"}));
}

TEST_F(CrdTest, ClusterScopedCrdServesAClusterScopedKind) {
  kube::Object crd = WidgetCrd();
  crd.json()["spec"]["scope"] = "Cluster";
  MustCreate(crd);

  EXPECT_FALSE(cluster().FindKind(kWidgetGvk)->namespaced);
  kube::Object widget = MustCreate(Widget("default", "w", {{"size", 1}}));
  EXPECT_TRUE(widget.Namespace().empty());
  EXPECT_TRUE(Exists(kWidgetGvk, "", "w"));
}

TEST_F(CrdTest, EveryServedVersionResolvesToTheSameObjects) {
  kube::Object crd = WidgetCrd();
  Json beta = crd.json()["spec"]["versions"][0];
  beta["name"] = "v1beta1";
  beta["storage"] = false;
  crd.json()["spec"]["versions"].push_back(beta);
  MustCreate(crd);
  MustCreate(Widget("default", "w", {{"size", 2}}));

  kube::GroupVersionKind beta_gvk{"example.com", "v1beta1", "Widget"};
  ASSERT_TRUE(cluster().FindKind(beta_gvk).has_value());
  kube::Object through_beta = MustGet(beta_gvk, "default", "w");
  EXPECT_EQ(through_beta.ApiVersion(), "example.com/v1beta1");
  EXPECT_EQ(through_beta.json()["spec"]["size"], 2);
}

TEST_F(CrdTest, InvalidCrdsAreRejected) {
  kube::Object wrong_name = WidgetCrd();
  wrong_name.SetName("gadgets.example.com");
  auto named = cluster().Create(wrong_name);
  EXPECT_THAT(named, kube::StatusIs(kube::StatusReason::kInvalid,
                                    HasSubstr("must be spec.names.plural+\".\"+spec.group")));
  EXPECT_THAT(CauseFields(named.status()), ElementsAre("metadata.name"));

  kube::Object wrong_scope = WidgetCrd();
  wrong_scope.json()["spec"]["scope"] = "Global";
  auto scoped = cluster().Create(wrong_scope);
  EXPECT_THAT(scoped, kube::StatusIs(kube::StatusReason::kInvalid));
  EXPECT_THAT(CauseFields(scoped.status()), ElementsAre("spec.scope"));

  kube::Object no_storage = WidgetCrd();
  no_storage.json()["spec"]["versions"][0]["storage"] = false;
  auto stored = cluster().Create(no_storage);
  EXPECT_THAT(stored, kube::StatusIs(kube::StatusReason::kInvalid));
  EXPECT_THAT(CauseFields(stored.status()), ElementsAre("spec.versions"));

  EXPECT_FALSE(cluster().FindKind(kWidgetGvk).has_value());
  EXPECT_FALSE(Exists(kCrdGvk, "", "widgets.example.com"));
}

// ---------------------------------------------------------------------------------------------
// OpenAPI v3 validation of custom objects

class WidgetTest : public ClusterTest {
 protected:
  WidgetTest() { MustCreate(WidgetCrd()); }

  kube::Status CreateWidget(Json spec) {
    return cluster().Create(Widget("default", "w", std::move(spec))).status();
  }
};

TEST_F(WidgetTest, WrongTypeIsInvalidWithTheFieldPath) {
  kube::Status status = CreateWidget({{"size", "big"}});
  EXPECT_THAT(status, kube::StatusIs(kube::StatusReason::kInvalid,
                                     HasSubstr("spec.size in body must be of type integer")));
  EXPECT_THAT(CauseTypesAndFields(status), ElementsAre("FieldValueTypeInvalid spec.size"));
  EXPECT_FALSE(Exists(kWidgetGvk, "default", "w"));
}

TEST_F(WidgetTest, MinimumViolationIsInvalid) {
  kube::Status status = CreateWidget({{"size", 0}});
  EXPECT_THAT(status, kube::StatusIs(kube::StatusReason::kInvalid));
  EXPECT_THAT(CauseFields(status), ElementsAre("spec.size"));
}

TEST_F(WidgetTest, EnumViolationIsNotSupported) {
  kube::Status status = CreateWidget({{"size", 1}, {"color", "purple"}});
  EXPECT_THAT(status, kube::StatusIs(kube::StatusReason::kInvalid));
  EXPECT_THAT(CauseTypesAndFields(status), ElementsAre("FieldValueNotSupported spec.color"));
}

TEST_F(WidgetTest, MissingRequiredFieldIsRequired) {
  kube::Status status = CreateWidget({{"color", "red"}});
  EXPECT_THAT(status, kube::StatusIs(kube::StatusReason::kInvalid));
  EXPECT_THAT(CauseTypesAndFields(status), ElementsAre("FieldValueRequired spec.size"));
}

TEST_F(WidgetTest, NestedViolationNamesTheListIndex) {
  kube::Status status =
      CreateWidget({{"size", 1}, {"parts", Json::array({{{"name", "ok"}}, {{"name", 7}}})}});
  EXPECT_THAT(status, kube::StatusIs(kube::StatusReason::kInvalid));
  EXPECT_THAT(CauseFields(status), ElementsAre("spec.parts[1].name"));
}

TEST_F(WidgetTest, UpdatesAreValidatedToo) {
  ASSERT_OK(CreateWidget({{"size", 1}}));
  kube::Object widget = MustGet(kWidgetGvk, "default", "w");
  widget.json()["spec"]["size"] = -5;
  auto updated = cluster().Update(widget);
  EXPECT_THAT(updated, kube::StatusIs(kube::StatusReason::kInvalid));
  EXPECT_THAT(CauseFields(updated.status()), ElementsAre("spec.size"));
  EXPECT_EQ(MustGet(kWidgetGvk, "default", "w").json()["spec"]["size"], 1);

  auto patched = cluster().Patch(kWidgetGvk, "default", "w", kube::PatchType::kMerge,
                                 R"({"spec":{"color":"pink"}})", {});
  EXPECT_THAT(patched, kube::StatusIs(kube::StatusReason::kInvalid));
}

TEST_F(WidgetTest, UnknownFieldsArePrunedByDefault) {
  ASSERT_OK(CreateWidget({{"size", 1}, {"extra", "dropped"}}));
  kube::Object widget = MustGet(kWidgetGvk, "default", "w");
  EXPECT_FALSE(widget.json()["spec"].contains("extra"));
  EXPECT_EQ(widget.json()["spec"]["size"], 1);
}

TEST_F(WidgetTest, StrictFieldValidationRejectsUnknownFields) {
  kube::WriteOptions options;
  options.field_validation = kube::FieldValidation::kStrict;
  auto created = cluster().Create(Widget("default", "w", {{"size", 1}, {"extra", 1}}), options);
  EXPECT_THAT(created, kube::StatusIs(kube::StatusReason::kBadRequest,
                                      HasSubstr("unknown field \"spec.extra\"")));
  EXPECT_FALSE(Exists(kWidgetGvk, "default", "w"));
}

TEST_F(WidgetTest, UpdatingTheCrdSchemaChangesValidation) {
  kube::Object crd = MustGet(kCrdGvk, "", "widgets.example.com");
  crd.json()["spec"]["versions"][0]["schema"]["openAPIV3Schema"]["properties"]["spec"]["properties"]
            ["size"]["maximum"] = 10;
  ASSERT_OK(cluster().Update(crd));

  kube::Status status = CreateWidget({{"size", 11}});
  EXPECT_THAT(status, kube::StatusIs(kube::StatusReason::kInvalid));
  EXPECT_THAT(CauseFields(status), ElementsAre("spec.size"));
  EXPECT_OK(CreateWidget({{"size", 10}}));
}

// ---------------------------------------------------------------------------------------------
// CRD deletion

TEST_F(WidgetTest, DeletingTheCrdRemovesInstancesThenTheKind) {
  MustCreate(Widget("default", "a", {{"size", 1}}));
  MustCreate(Widget("default", "b", {{"size", 2}}));
  auto stream = MustWatch(kWidgetGvk, WatchFrom(Rv()));

  ASSERT_OK(cluster().Delete(kCrdGvk, "", "widgets.example.com"));
  EXPECT_TRUE(MustGet(kCrdGvk, "", "widgets.example.com").DeletionTimestamp().has_value());
  EXPECT_TRUE(Exists(kWidgetGvk, "default", "a"));

  cluster().RunControllers();

  EXPECT_FALSE(Exists(kCrdGvk, "", "widgets.example.com"));
  EXPECT_FALSE(cluster().FindKind(kWidgetGvk).has_value());
  EXPECT_THAT(cluster().Get(kWidgetGvk, "default", "a"),
              kube::StatusIs(kube::StatusReason::kNotFound,
                             HasSubstr("the server could not find the requested resource")));
  EXPECT_THAT(DrainDescribed(*stream), ElementsAre("DELETED default/a", "DELETED default/b"));
  EXPECT_TRUE(stream->Closed());
}

TEST_F(WidgetTest, CrdDeletionWaitsForInstanceFinalizers) {
  kube::Object held = Widget("default", "held", {{"size", 1}});
  held.SetFinalizers({"example.com/hold"});
  MustCreate(held);
  ASSERT_OK(cluster().Delete(kCrdGvk, "", "widgets.example.com"));

  cluster().RunControllers();

  EXPECT_TRUE(Exists(kCrdGvk, "", "widgets.example.com"));
  EXPECT_TRUE(MustGet(kWidgetGvk, "default", "held").DeletionTimestamp().has_value());

  ASSERT_OK(cluster().Patch(kWidgetGvk, "default", "held", kube::PatchType::kMerge,
                            R"({"metadata":{"finalizers":null}})", {}));
  cluster().RunControllers();

  EXPECT_FALSE(Exists(kCrdGvk, "", "widgets.example.com"));
  EXPECT_FALSE(cluster().FindKind(kWidgetGvk).has_value());
}

TEST_F(WidgetTest, KindCanBeRegisteredAgainAfterDeletion) {
  MustCreate(Widget("default", "old", {{"size", 1}}));
  ASSERT_OK(cluster().Delete(kCrdGvk, "", "widgets.example.com"));
  cluster().RunControllers();

  MustCreate(WidgetCrd());

  auto list = cluster().List(kWidgetGvk, {});
  ASSERT_OK(list);
  EXPECT_THAT(list->items, IsEmpty());
  EXPECT_OK(CreateWidget({{"size", 1}}));
}

TEST_F(WidgetTest, StatusSubresourceComesFromTheCrd) {
  kube::Object request = Widget("default", "w", {{"size", 1}});
  request.json()["status"] = {{"ready", true}};
  kube::Object created = MustCreate(request);
  EXPECT_FALSE(created.json().contains("status"));

  created.json()["status"] = {{"ready", true}};
  auto updated = cluster().UpdateStatus(created, {});
  ASSERT_OK(updated);
  EXPECT_EQ(updated->json()["status"]["ready"], true);
  EXPECT_EQ(updated->Generation(), 1);
}

}  // namespace
}  // namespace fakecluster_test
