// ClusterNames and RenamingClient: a scenario's names on a shared cluster, and back.
#include "runner/cluster_names.h"

#include <gtest/gtest.h>

#include "fakecluster/cluster.h"
#include "kube/clock.h"
#include "renaming_client.h"

namespace runner {
namespace {

TEST(ClusterNamesTest, SuffixNeverLooksHexadecimalAndVaries) {
  std::set<std::string> seen;
  for (uint64_t entropy = 0; entropy < 1000; ++entropy) {
    std::string suffix = ClusterNames::MakeSuffix(entropy * 2654435761u);
    ASSERT_EQ(suffix.size(), 5u);
    EXPECT_TRUE(suffix[0] > 'f') << suffix;
    seen.insert(suffix);
  }
  EXPECT_GT(seen.size(), 990u);
}

TEST(ClusterNamesTest, ObjectToClusterRenamesNamespaceClusterNamesAndTemplateAnnotations) {
  ClusterNames names("zk3q1");
  kube::Json target = kube::Json::parse(R"({"apiVersion": "apps/v1", "kind": "Deployment",
      "metadata": {"name": "web", "namespace": "demo", "annotations": {
        "stash.appscode.com/backup-template": "tpl", "stash.appscode.com/volume-mounts": "demo:/d"}},
      "spec": {"note": "demo"}})");
  names.ObjectToCluster(target, /*namespaced=*/true);
  EXPECT_EQ(target["metadata"]["name"], "web");
  EXPECT_EQ(target["metadata"]["namespace"], "demo-zk3q1");
  EXPECT_EQ(target["metadata"]["annotations"]["stash.appscode.com/backup-template"], "tpl-zk3q1");
  EXPECT_EQ(target["metadata"]["annotations"]["stash.appscode.com/volume-mounts"], "demo:/d");
  EXPECT_EQ(target["spec"]["note"], "demo");

  kube::Json blueprint = {{"apiVersion", "stash.appscode.com/v1beta1"},
                          {"kind", "BackupBlueprint"},
                          {"metadata", {{"name", "bp"}}}};
  names.ObjectToCluster(blueprint, /*namespaced=*/false);
  EXPECT_EQ(blueprint["metadata"]["name"], "bp-zk3q1");

  kube::Json crd = {{"apiVersion", "apiextensions.k8s.io/v1"},
                    {"kind", "CustomResourceDefinition"},
                    {"metadata", {{"name", "things.example.com"}}}};
  names.ObjectToCluster(crd, /*namespaced=*/false);
  EXPECT_EQ(crd["metadata"]["name"], "things.example.com");
}

TEST(ClusterNamesTest, PatchesRenameTheTemplateAnnotationInEveryForm) {
  ClusterNames names("zk3q1");
  kube::Json merge = {
      {"metadata", {{"annotations", {{"stash.appscode.com/backup-blueprint", "b"}}}}}};
  names.PatchToCluster(merge, kube::PatchType::kMerge);
  EXPECT_EQ(merge["metadata"]["annotations"]["stash.appscode.com/backup-blueprint"], "b-zk3q1");

  kube::Json json_patch = kube::Json::parse(R"([
      {"op": "add", "path": "/metadata/annotations/stash.appscode.com~1backup-template", "value": "t"},
      {"op": "replace", "path": "/metadata/annotations", "value": {"stash.appscode.com/backup-template": "u"}},
      {"op": "replace", "path": "/spec/replicas", "value": "t"}])");
  names.PatchToCluster(json_patch, kube::PatchType::kJson);
  EXPECT_EQ(json_patch[0]["value"], "t-zk3q1");
  EXPECT_EQ(json_patch[1]["value"]["stash.appscode.com/backup-template"], "u-zk3q1");
  EXPECT_EQ(json_patch[2]["value"], "t");
}

TEST(ClusterNamesTest, FromClusterRemovesOnlyWholeSuffixes) {
  ClusterNames names("zk3q1");
  EXPECT_EQ(names.FromCluster("Deployment demo-zk3q1/web"), "Deployment demo/web");
  EXPECT_EQ(names.FromCluster("stash/demo-zk3q1/deployment/web"), "stash/demo/deployment/web");
  EXPECT_EQ(names.FromCluster("\"tpl-zk3q1\" not found"), "\"tpl\" not found");
  EXPECT_EQ(names.FromCluster("demo-zk3q1x"), "demo-zk3q1x");  // a longer name: not ours
  EXPECT_EQ(names.FromCluster("no suffix here"), "no suffix here");
  kube::Json tree = {{"a", {"x-zk3q1", 3, {{"b", "y-zk3q1.svc"}}}}};
  names.FromCluster(tree);
  EXPECT_EQ(tree["a"][0], "x");
  EXPECT_EQ(tree["a"][2]["b"], "y.svc");
  EXPECT_TRUE(names.IsOurs("demo-zk3q1"));
  EXPECT_FALSE(names.IsOurs("-zk3q1"));
  EXPECT_FALSE(names.IsOurs("demo"));
}

// Two scenarios with the same names share one cluster without seeing each other.
TEST(RenamingClientTest, ScenariosWithTheSameNamesDoNotSeeEachOther) {
  kube::VirtualClock clock;
  fakecluster::FakeCluster cluster(clock, fakecluster::ClusterOptions{});
  auto raw = cluster.ClientFor("scenario");
  const kube::KindRegistry kinds = cluster.Kinds();
  auto namespaced = [&kinds](const kube::GroupVersionKind& gvk) -> std::optional<bool> {
    const kube::ResourceInfo* info = kinds.Find(gvk);
    if (!info) return std::nullopt;
    return info->namespaced;
  };
  ClusterNames first_names("zaaaa"), second_names("zbbbb");
  RenamingClient first(*raw, first_names, namespaced), second(*raw, second_names, namespaced);
  kube::Json ns = {{"apiVersion", "v1"}, {"kind", "Namespace"}, {"metadata", {{"name", "demo"}}}};
  kube::Json map = {{"apiVersion", "v1"},
                    {"kind", "ConfigMap"},
                    {"metadata", {{"name", "settings"}, {"namespace", "demo"}}},
                    {"data", {{"where", "demo-zaaaa"}}}};
  for (RenamingClient* client : {&first, &second}) {
    ASSERT_TRUE(client->Create(kube::Object(ns)).ok());
    ASSERT_TRUE(client->Create(kube::Object(map)).ok());
  }
  ASSERT_TRUE(raw->Get({"", "v1", "ConfigMap"}, "demo-zaaaa", "settings").ok());
  ASSERT_TRUE(raw->Get({"", "v1", "ConfigMap"}, "demo-zbbbb", "settings").ok());

  auto read = first.Get({"", "v1", "ConfigMap"}, "demo", "settings");
  ASSERT_TRUE(read.ok()) << read.status().ToString();
  EXPECT_EQ(read->Namespace(), "demo");
  EXPECT_EQ(read->json()["data"]["where"], "demo");

  auto all = second.List({"", "v1", "ConfigMap"}, {});
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->items.size(), 1u);
  EXPECT_EQ(all->items[0].Namespace(), "demo");
  auto namespaces = first.List({"", "v1", "Namespace"}, {});
  ASSERT_TRUE(namespaces.ok());
  ASSERT_EQ(namespaces->items.size(), 1u);  // not "default", not the other scenario's

  auto missing = first.Get({"", "v1", "ConfigMap"}, "demo", "nothing");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().message(), "configmaps \"nothing\" not found");
  ASSERT_EQ(first.CreatedInClusterScope().size(), 1u);
  EXPECT_EQ(first.CreatedInClusterScope()[0].name, "demo-zaaaa");
}

}  // namespace
}  // namespace runner
