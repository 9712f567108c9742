// Tests for the generated names of spec section 4.
#include "reference/naming.h"

#include <gtest/gtest.h>

#include <string>

namespace reference {
namespace {

TEST(GeneratedNameTest, TemplateEraUsesTheLowerCaseKind) {
  EXPECT_EQ(GeneratedName("Deployment", "stash-demo", Profile::kTemplate), "deployment-stash-demo");
  EXPECT_EQ(GeneratedName("StatefulSet", "sts-demo", Profile::kTemplate), "statefulset-sts-demo");
  EXPECT_EQ(GeneratedName("DaemonSet", "dmn-demo", Profile::kTemplate), "daemonset-dmn-demo");
  EXPECT_EQ(GeneratedName("PersistentVolumeClaim", "nfs-pvc", Profile::kTemplate),
            "persistentvolumeclaim-nfs-pvc");
  EXPECT_EQ(GeneratedName("AppBinding", "pg", Profile::kTemplate), "appbinding-pg");
  EXPECT_EQ(GeneratedName("ReplicationController", "rc", Profile::kTemplate),
            "replicationcontroller-rc");
  EXPECT_EQ(GeneratedName("DeploymentConfig", "dc", Profile::kTemplate), "deploymentconfig-dc");
}

TEST(GeneratedNameTest, TemplateEraNeverTruncates) {
  const std::string long_name(80, 'x');
  const std::string name = GeneratedName("Deployment", long_name, Profile::kTemplate);
  EXPECT_EQ(name, "deployment-" + long_name);
  EXPECT_EQ(GeneratedName("Deployment", "x-", Profile::kTemplate), "deployment-x-");
}

TEST(GeneratedNameTest, BlueprintEraUsesShortKinds) {
  EXPECT_EQ(GeneratedName("Deployment", "stash-demo", Profile::kBlueprint), "deploy-stash-demo");
  EXPECT_EQ(GeneratedName("ReplicationController", "x", Profile::kBlueprint), "rc-x");
  EXPECT_EQ(GeneratedName("DaemonSet", "x", Profile::kBlueprint), "ds-x");
  EXPECT_EQ(GeneratedName("StatefulSet", "x", Profile::kBlueprint), "sts-x");
  EXPECT_EQ(GeneratedName("PersistentVolumeClaim", "x", Profile::kBlueprint), "pvc-x");
  EXPECT_EQ(GeneratedName("AppBinding", "x", Profile::kBlueprint), "app-x");
  EXPECT_EQ(GeneratedName("ReplicaSet", "x", Profile::kBlueprint), "replicaset-x");
  EXPECT_EQ(GeneratedName("DeploymentConfig", "x", Profile::kBlueprint), "deploymentconfig-x");
}

TEST(GeneratedNameTest, BlueprintEraCutsTo63Bytes) {
  const std::string sixty(60, 'a');
  const std::string name = GeneratedName("Deployment", sixty, Profile::kBlueprint);
  EXPECT_EQ(name, "deploy-" + std::string(56, 'a'));
  EXPECT_EQ(name.size(), 63u);
}

TEST(GeneratedNameTest, BlueprintEraKeepsExactly63Bytes) {
  const std::string fifty_six(56, 'b');
  EXPECT_EQ(GeneratedName("Deployment", fifty_six, Profile::kBlueprint), "deploy-" + fifty_six);
}

TEST(GeneratedNameTest, BlueprintEraTrimsDashesLeftByTheCut) {
  // "deploy-" (7) + 55 'c' = 62 bytes; byte 63 is the '-' after them.
  const std::string target = std::string(55, 'c') + "--tail";
  EXPECT_EQ(GeneratedName("Deployment", target, Profile::kBlueprint),
            "deploy-" + std::string(55, 'c'));
}

TEST(GeneratedNameTest, BlueprintEraTrimsDashesEvenWithoutCut) {
  EXPECT_EQ(GeneratedName("Deployment", "x-", Profile::kBlueprint), "deploy-x");
  EXPECT_EQ(GeneratedName("", "x", Profile::kBlueprint), "x");
}

TEST(GeneratedNameTest, BlueprintEraCutsBytesNotCharacters) {
  // "deploy-" (7) + 55 'd' = 62 bytes, then a two-byte character: the cut splits it.
  const std::string target = std::string(55, 'd') + "\xC3\xA9";
  const std::string name = GeneratedName("Deployment", target, Profile::kBlueprint);
  EXPECT_EQ(name.size(), 63u);
  EXPECT_EQ(name, "deploy-" + std::string(55, 'd') + "\xC3");
}

TEST(GeneratedNameWithPrefixTest, TakesThePrefixVerbatim) {
  EXPECT_EQ(GeneratedNameWithPrefix("Deployment", "x", Profile::kTemplate), "Deployment-x");
  EXPECT_EQ(GeneratedNameWithPrefix("Deployment", "x", Profile::kBlueprint), "Deployment-x");
  EXPECT_EQ(GeneratedNameWithPrefix("ReplicaSet", "x-", Profile::kBlueprint), "ReplicaSet-x");
  EXPECT_EQ(GeneratedNameWithPrefix("P", std::string(70, 'x'), Profile::kBlueprint).size(), 63u);
}

TEST(ShortKindTest, UnknownKindsAreLowerCased) {
  EXPECT_EQ(ShortKind("Deployment"), "deploy");
  EXPECT_EQ(ShortKind("CronJob"), "cronjob");
  EXPECT_EQ(ShortKind("deployment"), "deployment");  // case-sensitive match, like upstream
}

}  // namespace
}  // namespace reference
