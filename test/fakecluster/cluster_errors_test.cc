// Errors (fake-apiserver.md section 3): every failure is a metav1.Status with the real server's
// reason, code, message and details; bad input of every sort is refused with the right Status
// and leaves the store, the write log and the resourceVersion exactly as they were.
#include <functional>
#include <string>
#include <vector>

#include "cluster_fixture.h"

namespace fakecluster_test {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::StartsWith;

using ErrorsTest = ClusterTest;

TEST_F(ErrorsTest, NotFoundOfAClusterScopedCustomResourceHasTheRealShape) {
  auto got = cluster().Get(kTemplateGvk, "", "x");

  ASSERT_THAT(got, kube::StatusIs(kube::StatusReason::kNotFound));
  EXPECT_EQ(got.status().ToJson(),
            (Json{{"kind", "Status"},
                  {"apiVersion", "v1"},
                  {"metadata", Json::object()},
                  {"status", "Failure"},
                  {"message", "backupconfigurationtemplates.stash.appscode.com \"x\" not found"},
                  {"reason", "NotFound"},
                  {"details",
                   {{"name", "x"},
                    {"group", "stash.appscode.com"},
                    {"kind", "backupconfigurationtemplates"}}},
                  {"code", 404}}));
}

TEST_F(ErrorsTest, NotFoundOfACoreKindHasNoGroup) {
  auto got = cluster().Get(kConfigMapGvk, "default", "x");
  ASSERT_THAT(got, kube::StatusIs(kube::StatusReason::kNotFound, "configmaps \"x\" not found"));
  EXPECT_EQ(got.status().ToJson()["details"], (Json{{"name", "x"}, {"kind", "configmaps"}}));
}

TEST_F(ErrorsTest, NotFoundOfAGroupedBuiltInNamesTheGroup) {
  EXPECT_THAT(cluster().Get(kDeploymentGvk, "default", "web"),
              kube::StatusIs(kube::StatusReason::kNotFound, "deployments.apps \"web\" not found"));
  EXPECT_THAT(cluster().Delete(kRepositoryGvk, "default", "r"),
              kube::StatusIs(kube::StatusReason::kNotFound,
                             "repositories.stash.appscode.com \"r\" not found"));
}

TEST_F(ErrorsTest, AlreadyExistsHasTheRealShape) {
  MustCreate(Repository("default", "r"));
  auto again = cluster().Create(Repository("default", "r"));
  ASSERT_THAT(again, kube::StatusIs(kube::StatusReason::kAlreadyExists,
                                    "repositories.stash.appscode.com \"r\" already exists"));
  Json status = again.status().ToJson();
  EXPECT_EQ(status["code"], 409);
  EXPECT_EQ(status["reason"], "AlreadyExists");
  EXPECT_EQ(status["details"],
            (Json{{"name", "r"}, {"group", "stash.appscode.com"}, {"kind", "repositories"}}));
}

TEST_F(ErrorsTest, ConflictHasTheRealShape) {
  kube::Object d = MustCreate(Deployment("default", "web", "nginx:1"));
  ASSERT_OK(cluster().Patch(kDeploymentGvk, "default", "web", kube::PatchType::kMerge,
                            R"({"spec":{"replicas":2}})", {}));
  d.json()["spec"]["replicas"] = 3;

  auto stale = cluster().Update(d);

  ASSERT_THAT(stale, kube::StatusIs(kube::StatusReason::kConflict,
                                    "Operation cannot be fulfilled on deployments.apps \"web\": "
                                    "the object has been modified; please apply your changes to "
                                    "the latest version and try again"));
  Json status = stale.status().ToJson();
  EXPECT_EQ(status["code"], 409);
  EXPECT_EQ(status["details"], (Json{{"name", "web"}, {"group", "apps"}, {"kind", "deployments"}}));
}

TEST_F(ErrorsTest, InvalidHasTheRealShapeWithFieldCauses) {
  auto created = cluster().Create(ConfigMap("default", "Bad_Name"));

  ASSERT_THAT(created, kube::StatusIs(kube::StatusReason::kInvalid,
                                      StartsWith("ConfigMap \"Bad_Name\" is invalid: "
                                                 "metadata.name: Invalid value: \"Bad_Name\": a "
                                                 "lowercase RFC 1123 subdomain must consist of")));
  Json status = created.status().ToJson();
  EXPECT_EQ(status["code"], 422);
  EXPECT_EQ(status["status"], "Failure");
  EXPECT_EQ(status["details"]["name"], "Bad_Name");
  EXPECT_EQ(status["details"]["kind"], "ConfigMap");
  ASSERT_EQ(status["details"]["causes"].size(), 1u);
  EXPECT_EQ(status["details"]["causes"][0]["reason"], "FieldValueInvalid");
  EXPECT_EQ(status["details"]["causes"][0]["field"], "metadata.name");
  EXPECT_THAT(status["details"]["causes"][0]["message"].get<std::string>(),
              StartsWith("Invalid value: \"Bad_Name\": "));
}

TEST_F(ErrorsTest, InvalidWithSeveralCausesListsThemAll) {
  kube::Object cm = ConfigMap("default", "Bad_Name", Json::object(), {{"app", "a b"}});
  auto created = cluster().Create(cm);
  ASSERT_THAT(created, kube::StatusIs(kube::StatusReason::kInvalid,
                                      StartsWith("ConfigMap \"Bad_Name\" is invalid: [")));
  EXPECT_THAT(CauseFields(created.status()), ElementsAre("metadata.name", "metadata.labels"));
}

TEST_F(ErrorsTest, SchemaViolationOfACustomResourceNamesTheFieldPath) {
  kube::Object repo = Repository("default", "r");
  repo.json()["spec"]["wipeOut"] = "yes";

  auto created = cluster().Create(repo);

  ASSERT_THAT(created, kube::StatusIs(kube::StatusReason::kInvalid,
                                      StartsWith("Repository.stash.appscode.com \"r\" is "
                                                 "invalid: spec.wipeOut: Invalid value: ")));
  EXPECT_THAT(created.status().message(), HasSubstr("must be of type boolean"));
  EXPECT_THAT(CauseTypesAndFields(created.status()),
              ElementsAre("FieldValueTypeInvalid spec.wipeOut"));
  EXPECT_EQ(created.status().details().group, "stash.appscode.com");
  EXPECT_EQ(created.status().details().kind, "Repository");
}

TEST_F(ErrorsTest, UnknownKindIsNotFound) {
  auto got = cluster().Get({"example.com", "v1", "Gadget"}, "default", "g");
  EXPECT_THAT(got, kube::StatusIs(kube::StatusReason::kNotFound,
                                  HasSubstr("the server could not find the requested resource")));
  EXPECT_EQ(got.status().code(), 404);
}

TEST_F(ErrorsTest, KnownKindAtAnUnservedVersionIsNotFound) {
  EXPECT_THAT(cluster().Get({"stash.appscode.com", "v1", "Repository"}, "default", "r"),
              kube::StatusIs(kube::StatusReason::kNotFound,
                             HasSubstr("the server could not find the requested resource")));
}

TEST_F(ErrorsTest, StatusRoundTripsThroughJson) {
  kube::Object repo = Repository("default", "r");
  repo.json()["spec"]["wipeOut"] = "yes";
  auto created = cluster().Create(repo);
  ASSERT_FALSE(created.ok());
  EXPECT_EQ(kube::Status::FromJson(created.status().ToJson()), created.status());
}

// ---------------------------------------------------------------------------------------------
// Bad input: the right Status, and nothing changes.

struct BadInput {
  std::string name;
  kube::StatusReason reason;
  std::function<kube::Status(fakecluster::FakeCluster&)> call;
};

class BadInputTest : public ClusterTest, public ::testing::WithParamInterface<BadInput> {
 protected:
  BadInputTest() {
    fakecluster::ClusterOptions options;
    options.max_object_bytes = 64 * 1024;
    Reset(options);
    MustCreate(ConfigMap("default", "cm", {{"k", "v"}}));
    MustCreate(Repository("default", "repo"));
    MustCreate(Deployment("default", "web"));
  }
};

TEST_P(BadInputTest, IsRefusedWithTheRightStatusAndChangesNothing) {
  std::string store = cluster().DumpStore();
  std::string log = cluster().DumpWriteLog();
  uint64_t rv = cluster().CurrentResourceVersion();

  kube::Status status = GetParam().call(cluster());

  EXPECT_THAT(status, kube::StatusIs(GetParam().reason));
  EXPECT_EQ(status.ToJson()["code"], kube::ReasonCode(GetParam().reason));
  EXPECT_EQ(cluster().DumpStore(), store);
  EXPECT_EQ(cluster().DumpWriteLog(), log);
  EXPECT_EQ(cluster().CurrentResourceVersion(), rv);
  EXPECT_FALSE(cluster().HasPendingControllerWork());
}

kube::Status MergePatch(fakecluster::FakeCluster& c, const kube::GroupVersionKind& gvk,
                        const std::string& name, const std::string& body,
                        kube::PatchType type = kube::PatchType::kMerge) {
  return c.Patch(gvk, "default", name, type, body, {}).status();
}

kube::Status ListWith(fakecluster::FakeCluster& c, const std::string& labels,
                      const std::string& fields) {
  kube::ListOptions options;
  options.label_selector = labels;
  options.field_selector = fields;
  return c.List(kConfigMapGvk, options).status();
}

std::vector<BadInput> BadInputs() {
  using R = kube::StatusReason;
  return {
      {"InvalidName", R::kInvalid,
       [](auto& c) { return c.Create(ConfigMap("default", "No_Good")).status(); }},
      {"InvalidNamespaceName", R::kInvalid,
       [](auto& c) { return c.Create(Namespace("a.b")).status(); }},
      {"InvalidLabelOnUpdate", R::kInvalid,
       [](auto& c) {
         kube::Object cm = ConfigMap("default", "cm", {{"k", "v"}}, {{"a/b/c", "x"}});
         return c.Update(cm).status();
       }},
      {"InvalidOwnerReference", R::kInvalid,
       [](auto& c) {
         kube::Object cm = ConfigMap("default", "owned");
         cm.MutableMetadata()["ownerReferences"] = Json::array({{{"kind", "ConfigMap"}}});
         return c.Create(cm).status();
       }},
      {"InvalidFinalizerName", R::kInvalid,
       [](auto& c) {
         kube::Object cm = ConfigMap("default", "fin");
         cm.SetFinalizers({"not a name"});
         return c.Create(cm).status();
       }},
      {"SchemaViolation", R::kInvalid,
       [](auto& c) {
         kube::Object repo = Repository("default", "bad");
         repo.json()["spec"]["backend"]["gcs"]["maxConnections"] = "many";
         return c.Create(repo).status();
       }},
      {"MalformedMergePatch", R::kBadRequest,
       [](auto& c) { return MergePatch(c, kConfigMapGvk, "cm", "{not json"); }},
      {"MalformedJsonPatchDocument", R::kBadRequest,
       [](auto& c) {
         return MergePatch(c, kConfigMapGvk, "cm", R"({"op":"add"})", kube::PatchType::kJson);
       }},
      {"UnappliableJsonPatch", R::kInvalid,
       [](auto& c) {
         return MergePatch(c, kConfigMapGvk, "cm",
                           R"([{"op":"add","path":"/data/x","value":"1"},)"
                           R"({"op":"remove","path":"/nope"}])",
                           kube::PatchType::kJson);
       }},
      {"MalformedStrategicPatch", R::kBadRequest,
       [](auto& c) {
         return MergePatch(c, kDeploymentGvk, "web", "[1,2]", kube::PatchType::kStrategicMerge);
       }},
      {"StrategicPatchOnCustomResource", R::kUnsupportedMediaType,
       [](auto& c) {
         return MergePatch(c, kRepositoryGvk, "repo", R"({"spec":{}})",
                           kube::PatchType::kStrategicMerge);
       }},
      {"MalformedApplyYaml", R::kBadRequest,
       [](auto& c) {
         kube::PatchOptions options;
         options.field_manager = "m";
         return c
             .Patch(kConfigMapGvk, "default", "cm", kube::PatchType::kApply, "data: [: x", options)
             .status();
       }},
      {"ApplyWithoutFieldManager", R::kBadRequest,
       [](auto& c) {
         return MergePatch(c, kConfigMapGvk, "cm", "apiVersion: v1\nkind: ConfigMap\n",
                           kube::PatchType::kApply);
       }},
      {"PatchRenamingTheObject", R::kBadRequest,
       [](auto& c) {
         return MergePatch(c, kConfigMapGvk, "cm", R"({"metadata":{"name":"other"}})");
       }},
      {"PatchMakingTheObjectInvalid", R::kInvalid,
       [](auto& c) {
         return MergePatch(c, kConfigMapGvk, "cm", R"({"metadata":{"labels":{"-x":"y"}}})");
       }},
      {"CreateOfUnknownKind", R::kNotFound,
       [](auto& c) {
         return c.Create(ObjectOf({"example.com", "v1", "Gadget"}, "default", "g")).status();
       }},
      {"PatchOfUnknownKind", R::kNotFound,
       [](auto& c) {
         return MergePatch(c, {"example.com", "v1", "Gadget"}, "g", "{}");
       }},
      {"DeleteOfUnknownKind", R::kNotFound,
       [](auto& c) {
         return c.Delete({"example.com", "v1", "Gadget"}, "default", "g");
       }},
      {"UnparsableLabelSelector", R::kBadRequest,
       [](auto& c) { return ListWith(c, "app in (a", ""); }},
      {"LabelSelectorWithInvalidValue", R::kBadRequest,
       [](auto& c) { return ListWith(c, "app=" + std::string(64, 'x'), ""); }},
      {"UnsupportedFieldSelector", R::kBadRequest,
       [](auto& c) { return ListWith(c, "", "status.phase=Running"); }},
      {"UnparsableFieldSelector", R::kBadRequest,
       [](auto& c) { return ListWith(c, "", "metadata.name"); }},
      {"UnparsableWatchSelector", R::kBadRequest,
       [](auto& c) {
         kube::WatchOptions options;
         options.label_selector = "!";
         return c.Watch(kConfigMapGvk, options).status();
       }},
      {"CreateInMissingNamespace", R::kNotFound,
       [](auto& c) { return c.Create(ConfigMap("missing", "cm")).status(); }},
      {"CreateOfExistingObject", R::kAlreadyExists,
       [](auto& c) { return c.Create(ConfigMap("default", "cm")).status(); }},
      {"UpdateWithStaleResourceVersion", R::kConflict,
       [](auto& c) {
         kube::Object cm = ConfigMap("default", "cm", {{"k", "other"}});
         cm.SetResourceVersion("1");
         return c.Update(cm).status();
       }},
      {"CustomResourceUpdateWithoutResourceVersion", R::kInvalid,
       [](auto& c) { return c.Update(Repository("default", "repo", "other")).status(); }},
      {"UpdateOfMissingObject", R::kNotFound,
       [](auto& c) { return c.Update(ConfigMap("default", "missing")).status(); }},
      {"DeleteWithWrongUidPrecondition", R::kConflict,
       [](auto& c) {
         kube::DeleteOptions options;
         options.precondition_uid = "00000000-0000-4000-8000-000000000000";
         return c.Delete(kConfigMapGvk, "default", "cm", options);
       }},
      {"ObjectLargerThanTheRequestLimit", R::kRequestEntityTooLarge,
       [](auto& c) {
         return c.Create(ConfigMap("default", "big", {{"k", std::string(70 * 1024, 'x')}}))
             .status();
       }},
      {"UpdateLargerThanTheRequestLimit", R::kRequestEntityTooLarge,
       [](auto& c) {
         return c.Update(ConfigMap("default", "cm", {{"k", std::string(70 * 1024, 'x')}})).status();
       }},
      {"ResourceVersionSetOnCreate", R::kInternalError,
       [](auto& c) {
         kube::Object cm = ConfigMap("default", "fresh");
         cm.SetResourceVersion("5");
         return c.Create(cm).status();
       }},
      {"StrictFieldValidationOfUnknownField", R::kBadRequest,
       [](auto& c) {
         kube::Object repo = Repository("default", "strict");
         repo.json()["spec"]["unknownField"] = 1;
         kube::WriteOptions options;
         options.field_validation = kube::FieldValidation::kStrict;
         return c.Create(repo, options).status();
       }},
      {"NegativeLimit", R::kBadRequest,
       [](auto& c) {
         kube::ListOptions options;
         options.limit = -1;
         return c.List(kConfigMapGvk, options).status();
       }},
  };
}

INSTANTIATE_TEST_SUITE_P(Section3, BadInputTest, ::testing::ValuesIn(BadInputs()),
                         [](const ::testing::TestParamInfo<BadInput>& param_info) {
                           return param_info.param.name;
                         });

}  // namespace
}  // namespace fakecluster_test
