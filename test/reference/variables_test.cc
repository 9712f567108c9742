// Tests for the variables supplied to a template for one target (spec section 3).
#include "reference/variables.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

namespace reference {
namespace {

kube::Object MakeTarget(const std::string& api_version, const std::string& kind,
                        kube::Json spec = kube::Json::object()) {
  kube::Object object(kube::Json{{"apiVersion", api_version}, {"kind", kind}, {"spec", spec}});
  object.SetName("stash-demo");
  object.SetNamespace("demo");
  return object;
}

const kube::KindRegistry& BuiltIns() {
  static const kube::KindRegistry* const kRegistry =
      new kube::KindRegistry(kube::KindRegistry::WithBuiltIns());
  return *kRegistry;
}

TEST(TargetVariablesTest, DeploymentInBothEras) {
  const Variables expected = {{"TARGET_API_VERSION", "apps/v1"},
                              {"TARGET_KIND", "deployment"},
                              {"TARGET_NAME", "stash-demo"},
                              {"TARGET_NAMESPACE", "demo"},
                              {"TARGET_RESOURCE", "deployments"}};
  for (Profile profile : {Profile::kTemplate, Profile::kBlueprint}) {
    EXPECT_EQ(TargetVariables(MakeTarget("apps/v1", "Deployment"), TargetClass::kWorkload, profile,
                              BuiltIns()),
              expected)
        << ProfileName(profile);
  }
}

TEST(TargetVariablesTest, EveryWorkloadKind) {
  struct Case {
    std::string api_version, kind, lower_kind, resource;
  };
  for (const Case& c :
       {Case{"apps/v1", "DaemonSet", "daemonset", "daemonsets"},
        Case{"apps/v1", "StatefulSet", "statefulset", "statefulsets"},
        Case{"apps/v1", "ReplicaSet", "replicaset", "replicasets"},
        Case{"v1", "ReplicationController", "replicationcontroller", "replicationcontrollers"},
        Case{"apps.openshift.io/v1", "DeploymentConfig", "deploymentconfig",
             "deploymentconfigs"}}) {
    Variables vars = TargetVariables(MakeTarget(c.api_version, c.kind), TargetClass::kWorkload,
                                     Profile::kTemplate, BuiltIns());
    EXPECT_EQ(vars["TARGET_API_VERSION"], c.api_version);
    EXPECT_EQ(vars["TARGET_KIND"], c.lower_kind);
    EXPECT_EQ(vars["TARGET_RESOURCE"], c.resource);
  }
}

TEST(TargetVariablesTest, ResourceComesFromTheRegistry) {
  kube::KindRegistry registry = kube::KindRegistry::WithBuiltIns();
  kube::ResourceInfo info;
  info.gvk = {"apps.openshift.io", "v1", "DeploymentConfig"};
  info.plural = "dcs-from-registry";
  registry.Add(info);
  Variables vars = TargetVariables(MakeTarget("apps.openshift.io/v1", "DeploymentConfig"),
                                   TargetClass::kWorkload, Profile::kTemplate, registry);
  EXPECT_EQ(vars["TARGET_RESOURCE"], "dcs-from-registry");
}

TEST(TargetVariablesTest, PersistentVolumeClaimHasNoResource) {
  const Variables expected = {{"TARGET_API_VERSION", "v1"},
                              {"TARGET_KIND", "persistentvolumeclaim"},
                              {"TARGET_NAME", "stash-demo"},
                              {"TARGET_NAMESPACE", "demo"}};
  for (Profile profile : {Profile::kTemplate, Profile::kBlueprint}) {
    EXPECT_EQ(TargetVariables(MakeTarget("v1", "PersistentVolumeClaim"),
                              TargetClass::kPersistentVolumeClaim, profile, BuiltIns()),
              expected);
  }
}

TEST(TargetVariablesTest, AppBindingTemplateEra) {
  kube::Object app = MakeTarget("appcatalog.appscode.com/v1alpha1", "AppBinding",
                                {{"type", "kubedb.com/postgres"}, {"version", "11.2"}});
  const Variables expected = {{"TARGET_API_VERSION", "v1"},
                              {"TARGET_KIND", "appbinding"},
                              {"TARGET_NAME", "stash-demo"},
                              {"TARGET_NAMESPACE", "demo"},
                              {"TARGET_APP_VERSION", "11.2"}};
  EXPECT_EQ(TargetVariables(app, TargetClass::kAppBinding, Profile::kTemplate, BuiltIns()),
            expected);
}

TEST(TargetVariablesTest, AppBindingBlueprintEra) {
  kube::Object app = MakeTarget("appcatalog.appscode.com/v1alpha1", "AppBinding",
                                {{"type", "kubedb.com/postgres"}, {"version", "11.2"}});
  const Variables expected = {
      {"TARGET_API_VERSION", "v1"},       {"TARGET_KIND", "appbinding"},
      {"TARGET_NAME", "stash-demo"},      {"TARGET_NAMESPACE", "demo"},
      {"TARGET_APP_VERSION", "11.2"},     {"TARGET_APP_TYPE", "kubedb.com/postgres"},
      {"TARGET_APP_GROUP", "kubedb.com"}, {"TARGET_APP_RESOURCE", "postgres"}};
  EXPECT_EQ(TargetVariables(app, TargetClass::kAppBinding, Profile::kBlueprint, BuiltIns()),
            expected);
}

TEST(TargetVariablesTest, AppBindingTypeWithoutSlashAndNoVersion) {
  kube::Object app =
      MakeTarget("appcatalog.appscode.com/v1alpha1", "AppBinding", {{"type", "postgres"}});
  Variables vars = TargetVariables(app, TargetClass::kAppBinding, Profile::kBlueprint, BuiltIns());
  ASSERT_EQ(vars.count("TARGET_APP_VERSION"), 1u);  // supplied, empty
  EXPECT_EQ(vars["TARGET_APP_VERSION"], "");
  EXPECT_EQ(vars["TARGET_APP_TYPE"], "postgres");
  EXPECT_EQ(vars["TARGET_APP_GROUP"], "");
  EXPECT_EQ(vars["TARGET_APP_RESOURCE"], "postgres");
}

TEST(TargetVariablesTest, AppBindingTypeSplitsAtTheLastSlash) {
  kube::Object app = MakeTarget("appcatalog.appscode.com/v1alpha1", "AppBinding",
                                {{"type", "a.example.com/sub/mysql"}});
  Variables vars = TargetVariables(app, TargetClass::kAppBinding, Profile::kBlueprint, BuiltIns());
  EXPECT_EQ(vars["TARGET_APP_GROUP"], "a.example.com/sub");
  EXPECT_EQ(vars["TARGET_APP_RESOURCE"], "mysql");
}

TEST(TargetVariablesTest, AppBindingWithoutTypeInBlueprintEra) {
  kube::Object app = MakeTarget("appcatalog.appscode.com/v1alpha1", "AppBinding");
  Variables vars = TargetVariables(app, TargetClass::kAppBinding, Profile::kBlueprint, BuiltIns());
  EXPECT_EQ(vars["TARGET_APP_TYPE"], "");
  EXPECT_EQ(vars["TARGET_APP_GROUP"], "");
  EXPECT_EQ(vars["TARGET_APP_RESOURCE"], "");
}

TEST(TargetVariablesTest, WorkloadsGetNoAppVariables) {
  Variables vars = TargetVariables(MakeTarget("apps/v1", "StatefulSet", {{"version", "x"}}),
                                   TargetClass::kWorkload, Profile::kBlueprint, BuiltIns());
  EXPECT_EQ(vars.count("TARGET_APP_VERSION"), 0u);
  EXPECT_EQ(vars.count("TARGET_APP_TYPE"), 0u);
  EXPECT_EQ(vars.size(), 5u);
}

}  // namespace
}  // namespace reference
