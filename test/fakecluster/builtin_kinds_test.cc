// The built-in kind table (kube/src/builtin_kinds.cc) as the fake cluster serves it: spot checks
// of names, scopes and subresources against Kubernetes 1.30, then, for every kind of the table,
// create/get/list/delete in its scope, the status subresource (or its absence) and
// metadata.generation; HorizontalPodAutoscaler shared between autoscaling/v1 and v2.
#include <algorithm>
#include <cctype>
#include <ostream>
#include <string>
#include <vector>

#include "cluster_fixture.h"

namespace kube {
// Test parameters print as "<apiVersion> <Kind>" rather than as bytes.
inline void PrintTo(const ResourceInfo& info, std::ostream* os) {
  *os << info.gvk.ApiVersion() << " " << info.gvk.kind;
}
}  // namespace kube

namespace fakecluster_test {
namespace {

using ::testing::ElementsAre;
using ::testing::ElementsAreArray;

const kube::GroupVersionKind kHpaV1{"autoscaling", "v1", "HorizontalPodAutoscaler"};
const kube::GroupVersionKind kHpaV2{"autoscaling", "v2", "HorizontalPodAutoscaler"};

// Facts from `kubectl api-resources` of a 1.30 cluster, written out independently of the table.
struct ExpectedKind {
  kube::GroupVersionKind gvk;
  std::string plural;
  std::vector<std::string> short_names;
  bool namespaced;
  bool has_status;
};

const std::vector<ExpectedKind>& ExpectedKinds() {
  static const auto* kinds = new std::vector<ExpectedKind>{
      {{"", "v1", "Pod"}, "pods", {"po"}, true, true},
      {{"", "v1", "Service"}, "services", {"svc"}, true, true},
      {{"", "v1", "ServiceAccount"}, "serviceaccounts", {"sa"}, true, false},
      {{"", "v1", "Endpoints"}, "endpoints", {"ep"}, true, false},
      {{"", "v1", "PersistentVolume"}, "persistentvolumes", {"pv"}, false, true},
      {{"", "v1", "LimitRange"}, "limitranges", {"limits"}, true, false},
      {{"", "v1", "ResourceQuota"}, "resourcequotas", {"quota"}, true, true},
      {{"", "v1", "Node"}, "nodes", {"no"}, false, true},
      {{"", "v1", "PodTemplate"}, "podtemplates", {}, true, false},
      {{"", "v1", "Namespace"}, "namespaces", {"ns"}, false, true},
      {{"", "v1", "Secret"}, "secrets", {}, true, false},
      {{"apps", "v1", "ControllerRevision"}, "controllerrevisions", {}, true, false},
      {{"apps", "v1", "Deployment"}, "deployments", {"deploy"}, true, true},
      {{"batch", "v1", "Job"}, "jobs", {}, true, true},
      {{"batch", "v1", "CronJob"}, "cronjobs", {"cj"}, true, true},
      {{"networking.k8s.io", "v1", "Ingress"}, "ingresses", {"ing"}, true, true},
      {{"networking.k8s.io", "v1", "IngressClass"}, "ingressclasses", {}, false, false},
      {{"networking.k8s.io", "v1", "NetworkPolicy"}, "networkpolicies", {"netpol"}, true, false},
      {kHpaV1, "horizontalpodautoscalers", {"hpa"}, true, true},
      {kHpaV2, "horizontalpodautoscalers", {"hpa"}, true, true},
      {{"policy", "v1", "PodDisruptionBudget"}, "poddisruptionbudgets", {"pdb"}, true, true},
      {{"rbac.authorization.k8s.io", "v1", "Role"}, "roles", {}, true, false},
      {{"rbac.authorization.k8s.io", "v1", "ClusterRoleBinding"},
       "clusterrolebindings",
       {},
       false,
       false},
      {{"storage.k8s.io", "v1", "StorageClass"}, "storageclasses", {"sc"}, false, false},
      {{"storage.k8s.io", "v1", "VolumeAttachment"}, "volumeattachments", {}, false, true},
      {{"storage.k8s.io", "v1", "CSIDriver"}, "csidrivers", {}, false, false},
      {{"storage.k8s.io", "v1", "CSINode"}, "csinodes", {}, false, false},
      {{"storage.k8s.io", "v1", "CSIStorageCapacity"}, "csistoragecapacities", {}, true, false},
      {{"scheduling.k8s.io", "v1", "PriorityClass"}, "priorityclasses", {"pc"}, false, false},
      {{"coordination.k8s.io", "v1", "Lease"}, "leases", {}, true, false},
      {{"discovery.k8s.io", "v1", "EndpointSlice"}, "endpointslices", {}, true, false},
      {{"node.k8s.io", "v1", "RuntimeClass"}, "runtimeclasses", {}, false, false},
      {{"admissionregistration.k8s.io", "v1", "MutatingWebhookConfiguration"},
       "mutatingwebhookconfigurations",
       {},
       false,
       false},
      {{"certificates.k8s.io", "v1", "CertificateSigningRequest"},
       "certificatesigningrequests",
       {"csr"},
       false,
       true},
      {{"flowcontrol.apiserver.k8s.io", "v1", "FlowSchema"}, "flowschemas", {}, false, true},
      {{"flowcontrol.apiserver.k8s.io", "v1", "PriorityLevelConfiguration"},
       "prioritylevelconfigurations",
       {},
       false,
       true},
      {{"apiregistration.k8s.io", "v1", "APIService"}, "apiservices", {}, false, true},
      {{"apiextensions.k8s.io", "v1", "CustomResourceDefinition"},
       "customresourcedefinitions",
       {"crd", "crds"},
       false,
       true},
  };
  return *kinds;
}

using BuiltInKindFactsTest = ClusterTest;

TEST_F(BuiltInKindFactsTest, NamesScopesAndSubresourcesMatchKubernetes130) {
  kube::KindRegistry kinds = cluster().Kinds();
  for (const ExpectedKind& expected : ExpectedKinds()) {
    SCOPED_TRACE(expected.gvk.ApiVersion() + " " + expected.gvk.kind);
    const kube::ResourceInfo* info = kinds.Find(expected.gvk);
    ASSERT_NE(info, nullptr);
    EXPECT_EQ(info->plural, expected.plural);
    EXPECT_THAT(info->short_names, ElementsAreArray(expected.short_names));
    EXPECT_EQ(info->namespaced, expected.namespaced);
    EXPECT_EQ(info->has_status, expected.has_status);
    EXPECT_TRUE(info->built_in);
    EXPECT_EQ(kinds.FindByResource(info->Gvr()), info);
  }
}

TEST_F(BuiltInKindFactsTest, CategoryAllHoldsWhatKubectlGetAllLists) {
  std::vector<std::string> all;
  const kube::KindRegistry registry = kube::KindRegistry::WithBuiltIns();
  for (const kube::ResourceInfo* info : registry.All()) {
    const auto& categories = info->categories;
    if (std::find(categories.begin(), categories.end(), "all") != categories.end()) {
      all.push_back(info->plural);
    }
  }
  std::sort(all.begin(), all.end());
  all.erase(std::unique(all.begin(), all.end()), all.end());
  EXPECT_THAT(all, ElementsAre("cronjobs", "daemonsets", "deployments", "horizontalpodautoscalers",
                               "jobs", "pods", "replicasets", "replicationcontrollers", "services",
                               "statefulsets"));
}

TEST_F(BuiltInKindFactsTest, FindsByResourceAndByGroupResource) {
  kube::KindRegistry kinds = kube::KindRegistry::WithBuiltIns();
  const kube::ResourceInfo* v2 =
      kinds.FindByResource({"autoscaling", "v2", "horizontalpodautoscalers"});
  ASSERT_NE(v2, nullptr);
  EXPECT_EQ(v2->gvk, kHpaV2);
  EXPECT_EQ(kinds.FindByResource({"autoscaling", "v3", "horizontalpodautoscalers"}), nullptr);
  EXPECT_EQ(kinds.FindByResource({"", "v1", "horizontalpodautoscalers"}), nullptr);
  const kube::ResourceInfo* any =
      kinds.FindByGroupResource("autoscaling", "horizontalpodautoscalers");
  ASSERT_NE(any, nullptr);
  EXPECT_EQ(any->gvk, kHpaV1);  // the lowest version, as before the index existed
  EXPECT_EQ(kinds.FindByGroupResource("", "ingresses"), nullptr);
  EXPECT_EQ(kinds.FindByGroupResource("networking.k8s.io", "ingresses")->gvk.kind, "Ingress");

  // Replacing an entry under a new plural drops the old plural from the index.
  kube::ResourceInfo renamed = *kinds.Find({"", "v1", "ConfigMap"});
  renamed.plural = "configurationmaps";
  kinds.Add(renamed);
  EXPECT_EQ(kinds.FindByGroupResource("", "configmaps"), nullptr);
  EXPECT_EQ(kinds.FindByResource({"", "v1", "configurationmaps"})->gvk.kind, "ConfigMap");
  kinds.Remove({"", "v1", "ConfigMap"});
  EXPECT_EQ(kinds.FindByResource({"", "v1", "configurationmaps"}), nullptr);
}

TEST_F(BuiltInKindFactsTest, EventsK8sIoIsNotServed) {
  EXPECT_FALSE(cluster().FindKind({"events.k8s.io", "v1", "Event"}).has_value());
}

// --- every kind of the table -------------------------------------------------------------

std::vector<kube::ResourceInfo> TableKinds() {
  std::vector<kube::ResourceInfo> kinds;
  const kube::KindRegistry registry = kube::KindRegistry::WithBuiltIns();
  for (const kube::ResourceInfo* info : registry.All()) {
    kinds.push_back(*info);
  }
  return kinds;
}

std::string TestName(const ::testing::TestParamInfo<kube::ResourceInfo>& info) {
  std::string name = info.param.gvk.kind + "_" + info.param.gvk.version;
  std::replace_if(
      name.begin(), name.end(), [](char c) { return !std::isalnum(c); }, '_');
  return name;
}

class EveryBuiltInKindTest : public ClusterTest,
                             public ::testing::WithParamInterface<kube::ResourceInfo> {
 protected:
  const kube::ResourceInfo& Kind() const { return GetParam(); }
  std::string Ns() const { return Kind().namespaced ? "default" : ""; }
  std::string Name() const { return "sample-" + Kind().singular; }

  // An object of the kind with a spec (a valid CRD for CustomResourceDefinition).
  kube::Object Sample() const {
    if (Kind().gvk.kind == "CustomResourceDefinition") return WidgetCrd();
    kube::Object object = ObjectOf(Kind().gvk, Ns(), Name());
    object.json()["spec"] = {{"size", 1}};
    object.json()["status"] = {{"phase", "FromCreate"}};
    return object;
  }

  void RunControllersToQuiescence() {
    for (int i = 0; i < 20 && cluster().RunControllers(); ++i) {
    }
  }
};

TEST_P(EveryBuiltInKindTest, CreateGetListDeleteInItsScope) {
  kube::Object sample = Sample();
  kube::Object created = MustCreate(sample);
  EXPECT_EQ(created.ApiVersion(), Kind().gvk.ApiVersion());
  EXPECT_EQ(created.Namespace(), Ns());
  EXPECT_FALSE(created.Uid().empty());

  kube::Object got = MustGet(Kind().gvk, Ns(), sample.Name());
  EXPECT_EQ(got.Uid(), created.Uid());

  auto list = cluster().List(Kind().gvk, {});
  ASSERT_OK(list);
  EXPECT_THAT(Keys(*list), testing::Contains(created.Key()));

  if (Kind().namespaced) {
    MustCreate(Namespace("elsewhere"));
    kube::ListOptions elsewhere;
    elsewhere.namespace_name = "elsewhere";
    auto other = cluster().List(Kind().gvk, elsewhere);
    ASSERT_OK(other);
    EXPECT_THAT(Keys(*other), testing::Not(testing::Contains(created.Key())));
  }

  ASSERT_OK(cluster().Delete(Kind().gvk, Ns(), sample.Name(), {}));
  RunControllersToQuiescence();
  EXPECT_FALSE(Exists(Kind().gvk, Ns(), sample.Name()));
}

TEST_P(EveryBuiltInKindTest, StatusSubresourceOrItsAbsence) {
  if (Kind().gvk.kind == "CustomResourceDefinition" || Kind().gvk.kind == "Namespace") {
    GTEST_SKIP() << "the server writes this kind's status itself (covered elsewhere)";
  }
  kube::Object created = MustCreate(Sample());
  if (!Kind().has_status) {
    // Stored as written; no /status endpoint.
    EXPECT_EQ(created.json()["status"]["phase"], "FromCreate");
    auto status_update = cluster().UpdateStatus(created, {});
    EXPECT_EQ(status_update.status().reason(), kube::StatusReason::kNotFound);
    return;
  }
  EXPECT_FALSE(created.json().contains("status")) << "create must drop status";

  kube::Object main_update = created;
  main_update.json()["status"] = {{"phase", "FromUpdate"}};
  auto updated = cluster().Update(main_update, {});
  ASSERT_OK(updated);
  EXPECT_FALSE(updated->json().contains("status")) << "the main resource must ignore status";

  kube::Object status_update = *updated;
  status_update.json()["status"] = {{"phase", "FromStatus"}};
  status_update.json()["spec"] = {{"size", 99}};
  auto with_status = cluster().UpdateStatus(status_update, {});
  ASSERT_OK(with_status);
  EXPECT_EQ(with_status->json()["status"]["phase"], "FromStatus");
  EXPECT_EQ(with_status->json()["spec"]["size"], 1) << "/status must ignore spec";
}

TEST_P(EveryBuiltInKindTest, GenerationFollowsSpecChangesWhereKubernetesDoes) {
  if (Kind().gvk.kind == "CustomResourceDefinition") {
    GTEST_SKIP() << "CRD specs are validated; covered by cluster_crd_test";
  }
  kube::Object created = MustCreate(Sample());
  kube::Object changed = created;
  changed.json()["spec"]["size"] = 2;
  auto updated = cluster().Update(changed, {});
  ASSERT_OK(updated);
  if (Kind().spec_bumps_generation) {
    EXPECT_EQ(created.json()["metadata"].value("generation", 0), 1);
    EXPECT_EQ(updated->json()["metadata"].value("generation", 0), 2);
  } else {
    EXPECT_FALSE(created.json()["metadata"].contains("generation"));
    EXPECT_FALSE(updated->json()["metadata"].contains("generation"));
  }
}

INSTANTIATE_TEST_SUITE_P(Table, EveryBuiltInKindTest, ::testing::ValuesIn(TableKinds()), TestName);

// --- HorizontalPodAutoscaler: one table, two versions ---------------------------------------

using HorizontalPodAutoscalerVersionsTest = ClusterTest;

kube::Object Hpa(const kube::GroupVersionKind& gvk, const std::string& name) {
  kube::Object hpa = ObjectOf(gvk, "default", name);
  hpa.json()["spec"] = {
      {"scaleTargetRef", {{"apiVersion", "apps/v1"}, {"kind", "Deployment"}, {"name", "web"}}},
      {"minReplicas", 1},
      {"maxReplicas", 3}};
  return hpa;
}

TEST_F(HorizontalPodAutoscalerVersionsTest, CreatedThroughV1IsReadThroughV2AndBack) {
  kube::Object created = MustCreate(Hpa(kHpaV1, "web"));
  kube::Object as_v2 = MustGet(kHpaV2, "default", "web");
  EXPECT_EQ(as_v2.ApiVersion(), "autoscaling/v2");
  EXPECT_EQ(as_v2.Uid(), created.Uid());
  EXPECT_EQ(as_v2.json()["spec"]["maxReplicas"], 3);

  MustCreate(Hpa(kHpaV2, "api"));
  auto v1_list = cluster().List(kHpaV1, {});
  ASSERT_OK(v1_list);
  EXPECT_THAT(Keys(*v1_list), ElementsAre("default/api", "default/web"));
  for (const auto& item : v1_list->items) EXPECT_EQ(item.ApiVersion(), "autoscaling/v1");

  // A name is unique across both versions.
  auto duplicate = cluster().Create(Hpa(kHpaV2, "web"));
  EXPECT_EQ(duplicate.status().reason(), kube::StatusReason::kAlreadyExists);

  ASSERT_OK(cluster().Delete(kHpaV2, "default", "web", {}));
  EXPECT_FALSE(Exists(kHpaV1, "default", "web"));
}

TEST_F(HorizontalPodAutoscalerVersionsTest, WatchThroughV2SeesWritesThroughV1) {
  auto stream = MustWatch(kHpaV2, WatchFrom(Rv()));
  ASSERT_NE(stream, nullptr);
  MustCreate(Hpa(kHpaV1, "web"));
  auto events = Drain(*stream);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(Describe(events[0]), "ADDED default/web");
  EXPECT_EQ(events[0].object.ApiVersion(), "autoscaling/v2");
}

TEST_F(HorizontalPodAutoscalerVersionsTest, NoFieldConversionBetweenVersions) {
  kube::Object hpa = Hpa(kHpaV1, "web");
  hpa.json()["spec"]["targetCPUUtilizationPercentage"] = 80;
  MustCreate(hpa);
  kube::Object as_v2 = MustGet(kHpaV2, "default", "web");
  EXPECT_EQ(as_v2.json()["spec"]["targetCPUUtilizationPercentage"], 80);
  EXPECT_FALSE(as_v2.json()["spec"].contains("metrics"));
}

TEST_F(HorizontalPodAutoscalerVersionsTest, OtherKindsHaveOneVersion) {
  EXPECT_THAT(
      cluster().List({"autoscaling", "v2beta2", "HorizontalPodAutoscaler"}, {}).status().reason(),
      kube::StatusReason::kNotFound);
  kube::KindRegistry kinds = cluster().Kinds();
  std::vector<std::string> multi_version;
  for (const kube::ResourceInfo* info : kinds.All()) {
    if (info->gvk.version != "v1" && info->built_in) multi_version.push_back(info->gvk.kind);
  }
  EXPECT_THAT(multi_version, ElementsAre("HorizontalPodAutoscaler"));
}

}  // namespace
}  // namespace fakecluster_test
