// Namespaces (fake-apiserver.md 1.10): namespaces are objects, a namespaced object in a missing
// namespace is 404, a terminating namespace refuses new content, and deleting a namespace deletes
// what is in it.
#include <string>

#include "cluster_fixture.h"

namespace fakecluster_test {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::Optional;

using NamespacesTest = ClusterTest;

std::string Phase(const kube::Object& ns) { return kube::StringAt(ns.json(), {"status", "phase"}); }

TEST_F(NamespacesTest, DefaultAndKubeSystemExistAtStart) {
  EXPECT_TRUE(Exists(kNamespaceGvk, "", "default"));
  EXPECT_TRUE(Exists(kNamespaceGvk, "", "kube-system"));
}

TEST_F(NamespacesTest, NoNamespacesWhenTurnedOff) {
  fakecluster::ClusterOptions options;
  options.create_default_namespace = false;
  Reset(options);
  EXPECT_FALSE(Exists(kNamespaceGvk, "", "default"));
  EXPECT_THAT(cluster().Create(ConfigMap("default", "a")),
              kube::StatusIs(kube::StatusReason::kNotFound, "namespaces \"default\" not found"));
}

TEST_F(NamespacesTest, NewNamespaceIsActiveWithTheKubernetesFinalizer) {
  kube::Object ns = MustCreate(Namespace("team"));
  EXPECT_EQ(Phase(ns), "Active");
  EXPECT_EQ(ns.json()["spec"]["finalizers"], Json::array({"kubernetes"}));
  EXPECT_FALSE(ns.Uid().empty());
  EXPECT_TRUE(ns.Namespace().empty());
}

TEST_F(NamespacesTest, UpdateCannotChangeSpecFinalizers) {
  kube::Object ns = MustCreate(Namespace("team"));
  ns.json()["spec"]["finalizers"] = Json::array();
  ns.SetLabels({{"team", "a"}});

  auto updated = cluster().Update(ns);

  ASSERT_OK(updated);
  EXPECT_EQ(updated->json()["spec"]["finalizers"], Json::array({"kubernetes"}));
  EXPECT_EQ(updated->Labels().at("team"), "a");
}

TEST_F(NamespacesTest, CreateInMissingNamespaceIsNotFound) {
  std::string dump = cluster().DumpStore();
  auto created = cluster().Create(ConfigMap("nope", "a"));
  EXPECT_THAT(created,
              kube::StatusIs(kube::StatusReason::kNotFound, "namespaces \"nope\" not found"));
  EXPECT_EQ(created.status().details().kind, "namespaces");
  EXPECT_EQ(created.status().details().name, "nope");
  EXPECT_EQ(cluster().DumpStore(), dump);
}

TEST_F(NamespacesTest, CustomResourceInMissingNamespaceIsNotFound) {
  EXPECT_THAT(cluster().Create(Repository("nope", "r")),
              kube::StatusIs(kube::StatusReason::kNotFound, "namespaces \"nope\" not found"));
}

TEST_F(NamespacesTest, NamespacedObjectWithoutNamespaceIsInvalid) {
  auto created = cluster().Create(ConfigMap("", "a"));
  EXPECT_THAT(created, kube::StatusIs(kube::StatusReason::kInvalid));
  EXPECT_THAT(CauseFields(created.status()), ElementsAre("metadata.namespace"));
}

TEST_F(NamespacesTest, ReadsInMissingNamespaceFindNothing) {
  EXPECT_THAT(cluster().Get(kConfigMapGvk, "nope", "a"),
              kube::StatusIs(kube::StatusReason::kNotFound, "configmaps \"a\" not found"));
  kube::ListOptions options;
  options.namespace_name = "nope";
  auto list = cluster().List(kConfigMapGvk, options);
  ASSERT_OK(list);
  EXPECT_THAT(list->items, IsEmpty());
}

TEST_F(NamespacesTest, ClusterScopedObjectsDropANamespace) {
  kube::Object request = Template("t");
  request.SetNamespace("default");
  kube::Object created = MustCreate(request);
  EXPECT_TRUE(created.Namespace().empty());
  EXPECT_TRUE(Exists(kTemplateGvk, "", "t"));
}

TEST_F(NamespacesTest, SameNameInTwoNamespacesIsTwoObjects) {
  MustCreate(Namespace("team"));
  kube::Object a = MustCreate(ConfigMap("default", "same", {{"k", "default"}}));
  kube::Object b = MustCreate(ConfigMap("team", "same", {{"k", "team"}}));
  EXPECT_NE(a.Uid(), b.Uid());
  EXPECT_EQ(MustGet(kConfigMapGvk, "team", "same").json()["data"]["k"], "team");
}

TEST_F(NamespacesTest, DeleteMarksTheNamespaceTerminating) {
  MustCreate(Namespace("team"));
  MustCreate(ConfigMap("team", "a"));
  clock_.Advance(1000);

  ASSERT_OK(cluster().Delete(kNamespaceGvk, "", "team"));

  kube::Object ns = MustGet(kNamespaceGvk, "", "team");
  EXPECT_EQ(Phase(ns), "Terminating");
  EXPECT_THAT(ns.DeletionTimestamp(), Optional(std::string("2024-01-01T00:00:01Z")));
  EXPECT_TRUE(Exists(kConfigMapGvk, "team", "a"));
}

TEST_F(NamespacesTest, CreateInTerminatingNamespaceIsForbidden) {
  MustCreate(Namespace("team"));
  MustCreate(ConfigMap("team", "keep-alive"));
  ASSERT_OK(cluster().Delete(kNamespaceGvk, "", "team"));

  auto created = cluster().Create(ConfigMap("team", "late"));

  EXPECT_THAT(created, kube::StatusIs(kube::StatusReason::kForbidden,
                                      "configmaps \"late\" is forbidden: unable to create new "
                                      "content in namespace team because it is being terminated"));
  EXPECT_EQ(created.status().code(), 403);
  EXPECT_FALSE(Exists(kConfigMapGvk, "team", "late"));
}

TEST_F(NamespacesTest, NamespaceControllerDeletesContentThenTheNamespace) {
  MustCreate(Namespace("team"));
  MustCreate(ConfigMap("team", "cm"));
  MustCreate(Repository("team", "repo"));
  MustCreate(Deployment("team", "web"));
  MustCreate(ConfigMap("default", "elsewhere"));
  MustCreate(Template("cluster-wide"));
  auto stream = MustWatch(kNamespaceGvk, WatchFrom(Rv()));

  ASSERT_OK(cluster().Delete(kNamespaceGvk, "", "team"));
  EXPECT_TRUE(cluster().RunControllers());

  EXPECT_FALSE(Exists(kConfigMapGvk, "team", "cm"));
  EXPECT_FALSE(Exists(kRepositoryGvk, "team", "repo"));
  EXPECT_FALSE(Exists(kDeploymentGvk, "team", "web"));
  EXPECT_FALSE(Exists(kNamespaceGvk, "", "team"));
  EXPECT_TRUE(Exists(kConfigMapGvk, "default", "elsewhere"));
  EXPECT_TRUE(Exists(kTemplateGvk, "", "cluster-wide"));
  EXPECT_THAT(DrainDescribed(*stream), ElementsAre("MODIFIED team", "DELETED team"));
}

TEST_F(NamespacesTest, ContentWithFinalizersHoldsTheNamespace) {
  MustCreate(Namespace("team"));
  kube::Object held = ConfigMap("team", "held");
  held.SetFinalizers({"example.com/hold"});
  MustCreate(held);
  ASSERT_OK(cluster().Delete(kNamespaceGvk, "", "team"));

  cluster().RunControllers();

  EXPECT_TRUE(MustGet(kConfigMapGvk, "team", "held").DeletionTimestamp().has_value());
  EXPECT_EQ(Phase(MustGet(kNamespaceGvk, "", "team")), "Terminating");

  ASSERT_OK(cluster().Patch(kConfigMapGvk, "team", "held", kube::PatchType::kMerge,
                            R"({"metadata":{"finalizers":null}})", {}));
  cluster().RunControllers();

  EXPECT_FALSE(Exists(kConfigMapGvk, "team", "held"));
  EXPECT_FALSE(Exists(kNamespaceGvk, "", "team"));
}

TEST_F(NamespacesTest, EmptyNamespaceGoesOnTheNextControllerRun) {
  MustCreate(Namespace("team"));
  ASSERT_OK(cluster().Delete(kNamespaceGvk, "", "team"));
  EXPECT_TRUE(Exists(kNamespaceGvk, "", "team"));

  cluster().RunControllers();

  EXPECT_FALSE(Exists(kNamespaceGvk, "", "team"));
  EXPECT_EQ(cluster().WriteLog().back().actor, "namespace-controller");
}

TEST_F(NamespacesTest, NamespaceWithItsOwnFinalizerWaitsForIt) {
  kube::Object ns = Namespace("team");
  ns.SetFinalizers({"example.com/audit"});
  MustCreate(ns);
  ASSERT_OK(cluster().Delete(kNamespaceGvk, "", "team"));

  cluster().RunControllers();

  // The namespace controller has finalized (spec.finalizers emptied), metadata.finalizers hold.
  kube::Object finalized = MustGet(kNamespaceGvk, "", "team");
  EXPECT_FALSE(finalized.json()["spec"].contains("finalizers"));
  EXPECT_EQ(Phase(finalized), "Terminating");

  finalized.SetFinalizers({});
  ASSERT_OK(cluster().Update(finalized));
  EXPECT_FALSE(Exists(kNamespaceGvk, "", "team"));
}

TEST_F(NamespacesTest, RemovingMetadataFinalizersDoesNotBypassTheNamespaceController) {
  kube::Object ns = Namespace("team");
  ns.SetFinalizers({"example.com/audit"});
  MustCreate(ns);
  MustCreate(ConfigMap("team", "content"));
  ASSERT_OK(cluster().Delete(kNamespaceGvk, "", "team"));

  kube::Object marked = MustGet(kNamespaceGvk, "", "team");
  marked.SetFinalizers({});
  ASSERT_OK(cluster().Update(marked));

  // spec.finalizers ["kubernetes"] still holds it until its content is gone.
  EXPECT_TRUE(Exists(kNamespaceGvk, "", "team"));
  cluster().RunControllers();
  EXPECT_FALSE(Exists(kConfigMapGvk, "team", "content"));
  EXPECT_FALSE(Exists(kNamespaceGvk, "", "team"));
}

TEST_F(NamespacesTest, NamespaceCanBeRecreatedAfterItIsGone) {
  kube::Object first = MustCreate(Namespace("team"));
  ASSERT_OK(cluster().Delete(kNamespaceGvk, "", "team"));
  cluster().RunControllers();

  kube::Object second = MustCreate(Namespace("team"));

  EXPECT_NE(first.Uid(), second.Uid());
  EXPECT_OK(cluster().Create(ConfigMap("team", "a")));
}

}  // namespace
}  // namespace fakecluster_test
