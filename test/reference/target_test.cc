// Tests for target classification and annotation parsing (spec sections 1 and 2).
#include "reference/target.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "status_matchers.h"

namespace reference {
namespace {

using ::kube::StatusIs;
using ::kube::StatusReason;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

constexpr char kTemplateEraError[] =
    "invalid volume-mounts annotations. use 'vol1Name:mountPath,vol2Name:mountPath' format";
constexpr char kBlueprintEraError[] =
    "invalid volume-mounts annotations. use either 'volName:mountPath' or "
    "'volName:mountPath:subPath' format";

constexpr char kTemplateKey[] = "stash.appscode.com/backup-template";
constexpr char kDirectoriesKey[] = "stash.appscode.com/target-directories";
constexpr char kBlueprintKey[] = "stash.appscode.com/backup-blueprint";
constexpr char kPathsKey[] = "stash.appscode.com/target-paths";
constexpr char kVolumeMountsKey[] = "stash.appscode.com/volume-mounts";
constexpr char kMountPathKey[] = "stash.appscode.com/mountpath";

kube::Object MakeObject(const std::string& api_version, const std::string& kind,
                        const std::map<std::string, std::string>& annotations = {}) {
  kube::Object object(kube::Json{{"apiVersion", api_version}, {"kind", kind}});
  object.SetName("demo");
  object.SetNamespace("ns");
  if (!annotations.empty()) object.SetAnnotations(annotations);
  return object;
}

// --- classification -------------------------------------------------------------------------

TEST(ClassifyTargetTest, WorkloadKinds) {
  for (const kube::GroupVersionKind& gvk :
       std::vector<kube::GroupVersionKind>{{"apps", "v1", "Deployment"},
                                           {"apps", "v1", "DaemonSet"},
                                           {"apps", "v1", "StatefulSet"},
                                           {"apps", "v1", "ReplicaSet"},
                                           {"", "v1", "ReplicationController"},
                                           {"apps.openshift.io", "v1", "DeploymentConfig"}}) {
    EXPECT_EQ(ClassifyTarget(gvk), TargetClass::kWorkload) << gvk.kind;
  }
}

TEST(ClassifyTargetTest, PersistentVolumeClaimAndAppBinding) {
  EXPECT_EQ(ClassifyTarget({"", "v1", "PersistentVolumeClaim"}),
            TargetClass::kPersistentVolumeClaim);
  EXPECT_EQ(ClassifyTarget({"appcatalog.appscode.com", "v1alpha1", "AppBinding"}),
            TargetClass::kAppBinding);
}

TEST(ClassifyTargetTest, OtherKindsAndVersionsAreNotTargets) {
  EXPECT_EQ(ClassifyTarget({"", "v1", "ConfigMap"}), TargetClass::kNone);
  EXPECT_EQ(ClassifyTarget({"", "v1", "Pod"}), TargetClass::kNone);
  EXPECT_EQ(ClassifyTarget({"apps", "v1beta1", "Deployment"}), TargetClass::kNone);
  EXPECT_EQ(ClassifyTarget({"extensions", "v1beta1", "Deployment"}), TargetClass::kNone);
  EXPECT_EQ(ClassifyTarget({"apps", "v1", "deployment"}), TargetClass::kNone);
  EXPECT_EQ(ClassifyTarget({"stash.appscode.com", "v1beta1", "BackupConfiguration"}),
            TargetClass::kNone);
}

TEST(TargetKindsTest, ListsEveryTargetKindOnce) {
  std::vector<kube::GroupVersionKind> kinds = TargetKinds();
  EXPECT_EQ(kinds.size(), 8u);
  for (const kube::GroupVersionKind& gvk : kinds) {
    EXPECT_NE(ClassifyTarget(gvk), TargetClass::kNone) << gvk.kind;
  }
  std::sort(kinds.begin(), kinds.end());
  EXPECT_EQ(std::adjacent_find(kinds.begin(), kinds.end()), kinds.end());
}

// --- ReplicaSets owned by a Deployment --------------------------------------------------------

kube::Object ReplicaSetOwnedBy(const std::string& owner_kind) {
  kube::Object rs = MakeObject("apps/v1", "ReplicaSet");
  rs.SetOwnerReferences({{"apps/v1", owner_kind, "owner", "uid-1", true, true}});
  return rs;
}

TEST(IsOwnedByDeploymentTest, ReplicaSetWithDeploymentOwner) {
  EXPECT_TRUE(IsOwnedByDeployment(ReplicaSetOwnedBy("Deployment")));
  EXPECT_TRUE(IsSkippedTarget(ReplicaSetOwnedBy("Deployment")));
}

TEST(IsOwnedByDeploymentTest, AnyOfSeveralOwnersCounts) {
  kube::Object rs = MakeObject("apps/v1", "ReplicaSet");
  rs.SetOwnerReferences({{"v1", "ConfigMap", "a", "u1", std::nullopt, std::nullopt},
                         {"apps/v1", "Deployment", "b", "u2", std::nullopt, std::nullopt}});
  EXPECT_TRUE(IsOwnedByDeployment(rs));
}

TEST(IsOwnedByDeploymentTest, OtherOwnersAndOtherKindsAreNot) {
  EXPECT_FALSE(IsOwnedByDeployment(ReplicaSetOwnedBy("DeploymentConfig")));
  EXPECT_FALSE(IsOwnedByDeployment(MakeObject("apps/v1", "ReplicaSet")));
  kube::Object deployment = MakeObject("apps/v1", "Deployment");
  deployment.SetOwnerReferences({{"apps/v1", "Deployment", "x", "u", std::nullopt, std::nullopt}});
  EXPECT_FALSE(IsOwnedByDeployment(deployment));
  EXPECT_FALSE(IsSkippedTarget(deployment));
}

// --- required annotations ---------------------------------------------------------------------

struct PresenceCase {
  TargetClass target_class;
  Profile profile;
  std::vector<std::string> required;
};

std::vector<PresenceCase> PresenceCases() {
  return {
      {TargetClass::kWorkload,
       Profile::kTemplate,
       {kTemplateKey, kDirectoriesKey, kVolumeMountsKey}},
      {TargetClass::kWorkload, Profile::kBlueprint, {kBlueprintKey, kPathsKey, kVolumeMountsKey}},
      {TargetClass::kPersistentVolumeClaim,
       Profile::kTemplate,
       {kTemplateKey, kDirectoriesKey, kMountPathKey}},
      {TargetClass::kPersistentVolumeClaim, Profile::kBlueprint, {kBlueprintKey}},
      {TargetClass::kAppBinding, Profile::kTemplate, {kTemplateKey}},
      {TargetClass::kAppBinding, Profile::kBlueprint, {kBlueprintKey}},
  };
}

std::map<std::string, std::string> EmptyValues(const std::vector<std::string>& keys) {
  std::map<std::string, std::string> annotations;
  for (const std::string& key : keys) annotations[key] = "";
  return annotations;
}

TEST(HasRequiredAnnotationsTest, AllRequiredKeysPresentEvenEmpty) {
  for (const PresenceCase& c : PresenceCases()) {
    kube::Object object = MakeObject("v1", "Any", EmptyValues(c.required));
    EXPECT_TRUE(HasRequiredAnnotations(object, c.target_class, c.profile))
        << static_cast<int>(c.target_class) << " " << ProfileName(c.profile);
  }
}

TEST(HasRequiredAnnotationsTest, EachMissingKeyMakesItUnannotated) {
  for (const PresenceCase& c : PresenceCases()) {
    for (const std::string& missing : c.required) {
      std::map<std::string, std::string> annotations = EmptyValues(c.required);
      annotations.erase(missing);
      annotations["unrelated/key"] = "x";
      kube::Object object = MakeObject("v1", "Any", annotations);
      EXPECT_FALSE(HasRequiredAnnotations(object, c.target_class, c.profile))
          << "missing " << missing << " in " << ProfileName(c.profile);
    }
  }
}

TEST(HasRequiredAnnotationsTest, OtherEraKeysDoNotCount) {
  kube::Object template_keys =
      MakeObject("apps/v1", "Deployment",
                 EmptyValues({kTemplateKey, kDirectoriesKey, kVolumeMountsKey, kMountPathKey}));
  EXPECT_FALSE(HasRequiredAnnotations(template_keys, TargetClass::kWorkload, Profile::kBlueprint));
  EXPECT_FALSE(
      HasRequiredAnnotations(template_keys, TargetClass::kAppBinding, Profile::kBlueprint));
  kube::Object blueprint_keys = MakeObject(
      "apps/v1", "Deployment", EmptyValues({kBlueprintKey, kPathsKey, kVolumeMountsKey}));
  EXPECT_FALSE(HasRequiredAnnotations(blueprint_keys, TargetClass::kWorkload, Profile::kTemplate));
}

TEST(HasRequiredAnnotationsTest, PvcInTemplateEraNeedsNoVolumeMounts) {
  kube::Object pvc = MakeObject("v1", "PersistentVolumeClaim",
                                EmptyValues({kTemplateKey, kDirectoriesKey, kMountPathKey}));
  EXPECT_TRUE(HasRequiredAnnotations(pvc, TargetClass::kPersistentVolumeClaim, Profile::kTemplate));
  // ...but a workload with the same keys lacks volume-mounts.
  EXPECT_FALSE(HasRequiredAnnotations(pvc, TargetClass::kWorkload, Profile::kTemplate));
}

TEST(HasRequiredAnnotationsTest, NoneClassIsNeverAnnotated) {
  kube::Object object = MakeObject("v1", "ConfigMap",
                                   EmptyValues({kTemplateKey, kBlueprintKey, kDirectoriesKey,
                                                kPathsKey, kVolumeMountsKey, kMountPathKey}));
  EXPECT_FALSE(HasRequiredAnnotations(object, TargetClass::kNone, Profile::kTemplate));
  EXPECT_FALSE(HasRequiredAnnotations(object, TargetClass::kNone, Profile::kBlueprint));
}

// --- SplitLikeGo ------------------------------------------------------------------------------

TEST(SplitLikeGoTest, BehavesLikeStringsSplit) {
  EXPECT_THAT(SplitLikeGo("", ','), ElementsAre(""));
  EXPECT_THAT(SplitLikeGo("/a", ','), ElementsAre("/a"));
  EXPECT_THAT(SplitLikeGo("/a,", ','), ElementsAre("/a", ""));
  EXPECT_THAT(SplitLikeGo(",/a", ','), ElementsAre("", "/a"));
  EXPECT_THAT(SplitLikeGo("/a, /b", ','), ElementsAre("/a", " /b"));
  EXPECT_THAT(SplitLikeGo(",", ','), ElementsAre("", ""));
  EXPECT_THAT(SplitLikeGo("a,,b", ','), ElementsAre("a", "", "b"));
  EXPECT_THAT(SplitLikeGo("/a,/a", ','), ElementsAre("/a", "/a"));
  EXPECT_THAT(SplitLikeGo("a:b:c", ':'), ElementsAre("a", "b", "c"));
}

// --- volume mounts ----------------------------------------------------------------------------

TEST(ParseVolumeMountsTest, TwoPartsInBothEras) {
  for (Profile profile : {Profile::kTemplate, Profile::kBlueprint}) {
    auto mounts =
        ParseVolumeMounts("source-data-1:/source/data-1,source-data-2:/source/data-2", profile);
    ASSERT_OK(mounts);
    EXPECT_THAT(*mounts, ElementsAre(VolumeMount{"source-data-1", "/source/data-1", std::nullopt},
                                     VolumeMount{"source-data-2", "/source/data-2", std::nullopt}));
  }
}

TEST(ParseVolumeMountsTest, EmptyPartsAreKeptAndNothingIsTrimmed) {
  auto mounts = ParseVolumeMounts("v:,:/m, w : /x ", Profile::kTemplate);
  ASSERT_OK(mounts);
  EXPECT_THAT(*mounts,
              ElementsAre(VolumeMount{"v", "", std::nullopt}, VolumeMount{"", "/m", std::nullopt},
                          VolumeMount{" w ", " /x ", std::nullopt}));
}

TEST(ParseVolumeMountsTest, DuplicatesAreKept) {
  auto mounts = ParseVolumeMounts("v:/m,v:/m", Profile::kBlueprint);
  ASSERT_OK(mounts);
  EXPECT_EQ(mounts->size(), 2u);
}

TEST(ParseVolumeMountsTest, TemplateEraRejectsEverythingButTwoParts) {
  for (const char* bad : {"", "v", "v:/m:sub", "v:/m,", "v:/m,w", ",v:/m", "a:b:c:d"}) {
    EXPECT_THAT(ParseVolumeMounts(bad, Profile::kTemplate),
                StatusIs(StatusReason::kInvalid, kTemplateEraError))
        << "'" << bad << "'";
  }
}

TEST(ParseVolumeMountsTest, BlueprintEraAcceptsSubPath) {
  auto mounts = ParseVolumeMounts("v:/m:sub,w:/n", Profile::kBlueprint);
  ASSERT_OK(mounts);
  EXPECT_THAT(*mounts,
              ElementsAre(VolumeMount{"v", "/m", "sub"}, VolumeMount{"w", "/n", std::nullopt}));
}

TEST(ParseVolumeMountsTest, BlueprintEraKeepsEmptySubPath) {
  auto mounts = ParseVolumeMounts("v:/m:", Profile::kBlueprint);
  ASSERT_OK(mounts);
  EXPECT_THAT(*mounts, ElementsAre(VolumeMount{"v", "/m", ""}));
}

TEST(ParseVolumeMountsTest, BlueprintEraRejectsOtherPartCounts) {
  for (const char* bad : {"", "v", "v:/m:s:x", "v:/m,", "v:/m,w"}) {
    EXPECT_THAT(ParseVolumeMounts(bad, Profile::kBlueprint),
                StatusIs(StatusReason::kInvalid, kBlueprintEraError))
        << "'" << bad << "'";
  }
}

TEST(VolumeMountTest, ToJsonOmitsUnsetOrEmptySubPath) {
  EXPECT_EQ(VolumeMount({"v", "/m", std::nullopt}).ToJson(),
            (kube::Json{{"name", "v"}, {"mountPath", "/m"}}));
  EXPECT_EQ(VolumeMount({"v", "", ""}).ToJson(), (kube::Json{{"name", "v"}, {"mountPath", ""}}));
  EXPECT_EQ(VolumeMount({"v", "/m", "s"}).ToJson(),
            (kube::Json{{"name", "v"}, {"mountPath", "/m"}, {"subPath", "s"}}));
}

// --- ParseTargetAnnotations -------------------------------------------------------------------

TEST(ParseTargetAnnotationsTest, WorkloadTemplateEra) {
  kube::Object deployment = MakeObject("apps/v1", "Deployment",
                                       {{kTemplateKey, "workload-backup-template"},
                                        {kDirectoriesKey, "/source/data-1,/source/data-2"},
                                        {kVolumeMountsKey, "source-data-1:/source/data-1"},
                                        {kBlueprintKey, "ignored"},
                                        {kPathsKey, "/ignored"}});
  auto parsed = ParseTargetAnnotations(deployment, TargetClass::kWorkload, Profile::kTemplate);
  ASSERT_OK(parsed);
  EXPECT_EQ(parsed->template_name, "workload-backup-template");
  ASSERT_TRUE(parsed->paths.has_value());
  EXPECT_THAT(*parsed->paths, ElementsAre("/source/data-1", "/source/data-2"));
  ASSERT_TRUE(parsed->volume_mounts.has_value());
  EXPECT_THAT(*parsed->volume_mounts,
              ElementsAre(VolumeMount{"source-data-1", "/source/data-1", std::nullopt}));
}

TEST(ParseTargetAnnotationsTest, WorkloadBlueprintEraUsesBlueprintKeys) {
  kube::Object deployment = MakeObject("apps/v1", "Deployment",
                                       {{kBlueprintKey, "bp"},
                                        {kPathsKey, "/p"},
                                        {kVolumeMountsKey, "v:/p:sub"},
                                        {kTemplateKey, "ignored"},
                                        {kDirectoriesKey, "/ignored"}});
  auto parsed = ParseTargetAnnotations(deployment, TargetClass::kWorkload, Profile::kBlueprint);
  ASSERT_OK(parsed);
  EXPECT_EQ(parsed->template_name, "bp");
  EXPECT_THAT(*parsed->paths, ElementsAre("/p"));
  EXPECT_THAT(*parsed->volume_mounts, ElementsAre(VolumeMount{"v", "/p", "sub"}));
}

TEST(ParseTargetAnnotationsTest, DirectoriesAreSplitVerbatim) {
  for (const auto& [value, expected] :
       std::vector<std::pair<std::string, std::vector<std::string>>>{
           {"", {""}}, {"/a,", {"/a", ""}}, {"/a, /b", {"/a", " /b"}}, {"/a,/a", {"/a", "/a"}}}) {
    kube::Object deployment =
        MakeObject("apps/v1", "Deployment",
                   {{kTemplateKey, "t"}, {kDirectoriesKey, value}, {kVolumeMountsKey, "v:/m"}});
    auto parsed = ParseTargetAnnotations(deployment, TargetClass::kWorkload, Profile::kTemplate);
    ASSERT_OK(parsed);
    EXPECT_EQ(*parsed->paths, expected) << "'" << value << "'";
  }
}

TEST(ParseTargetAnnotationsTest, TemplateNameIsVerbatim) {
  kube::Object app =
      MakeObject("appcatalog.appscode.com/v1alpha1", "AppBinding", {{kTemplateKey, "a,b"}});
  auto parsed = ParseTargetAnnotations(app, TargetClass::kAppBinding, Profile::kTemplate);
  ASSERT_OK(parsed);
  EXPECT_EQ(parsed->template_name, "a,b");
  kube::Object spaced =
      MakeObject("appcatalog.appscode.com/v1alpha1", "AppBinding", {{kBlueprintKey, " bp "}});
  auto spaced_parsed =
      ParseTargetAnnotations(spaced, TargetClass::kAppBinding, Profile::kBlueprint);
  ASSERT_OK(spaced_parsed);
  EXPECT_EQ(spaced_parsed->template_name, " bp ");
}

TEST(ParseTargetAnnotationsTest, BadVolumeMountsFailWithTheEraText) {
  kube::Object template_era =
      MakeObject("apps/v1", "Deployment",
                 {{kTemplateKey, "t"}, {kDirectoriesKey, "/a"}, {kVolumeMountsKey, "v:/m:sub"}});
  EXPECT_THAT(ParseTargetAnnotations(template_era, TargetClass::kWorkload, Profile::kTemplate),
              StatusIs(StatusReason::kInvalid, kTemplateEraError));
  kube::Object blueprint_era = MakeObject(
      "apps/v1", "Deployment", {{kBlueprintKey, "t"}, {kPathsKey, "/a"}, {kVolumeMountsKey, ""}});
  EXPECT_THAT(ParseTargetAnnotations(blueprint_era, TargetClass::kWorkload, Profile::kBlueprint),
              StatusIs(StatusReason::kInvalid, kBlueprintEraError));
}

TEST(ParseTargetAnnotationsTest, PvcTemplateEraMountsStashVolume) {
  kube::Object pvc = MakeObject("v1", "PersistentVolumeClaim",
                                {{kTemplateKey, "t"},
                                 {kDirectoriesKey, "/data,/logs"},
                                 {kMountPathKey, "/mnt/pvc"},
                                 {kVolumeMountsKey, "ignored:/x"}});
  auto parsed =
      ParseTargetAnnotations(pvc, TargetClass::kPersistentVolumeClaim, Profile::kTemplate);
  ASSERT_OK(parsed);
  EXPECT_THAT(*parsed->paths, ElementsAre("/data", "/logs"));
  EXPECT_THAT(*parsed->volume_mounts,
              ElementsAre(VolumeMount{"stash-volume", "/mnt/pvc", std::nullopt}));
}

TEST(ParseTargetAnnotationsTest, PvcTemplateEraWithEmptyMountPath) {
  kube::Object pvc = MakeObject("v1", "PersistentVolumeClaim",
                                {{kTemplateKey, "t"}, {kDirectoriesKey, ""}, {kMountPathKey, ""}});
  auto parsed =
      ParseTargetAnnotations(pvc, TargetClass::kPersistentVolumeClaim, Profile::kTemplate);
  ASSERT_OK(parsed);
  EXPECT_THAT(*parsed->paths, ElementsAre(""));
  EXPECT_THAT(*parsed->volume_mounts, ElementsAre(VolumeMount{"stash-volume", "", std::nullopt}));
}

TEST(ParseTargetAnnotationsTest, PvcBlueprintEraHasNeither) {
  kube::Object pvc =
      MakeObject("v1", "PersistentVolumeClaim",
                 {{kBlueprintKey, "bp"}, {kPathsKey, "/data"}, {kVolumeMountsKey, "not a mount"}});
  auto parsed =
      ParseTargetAnnotations(pvc, TargetClass::kPersistentVolumeClaim, Profile::kBlueprint);
  ASSERT_OK(parsed);
  EXPECT_EQ(parsed->template_name, "bp");
  EXPECT_FALSE(parsed->paths.has_value());
  EXPECT_FALSE(parsed->volume_mounts.has_value());
}

TEST(ParseTargetAnnotationsTest, AppBindingHasNeitherInBothEras) {
  kube::Object app = MakeObject("appcatalog.appscode.com/v1alpha1", "AppBinding",
                                {{kTemplateKey, "t"},
                                 {kBlueprintKey, "bp"},
                                 {kDirectoriesKey, "/a"},
                                 {kPathsKey, "/a"},
                                 {kVolumeMountsKey, "bad"}});
  for (Profile profile : {Profile::kTemplate, Profile::kBlueprint}) {
    auto parsed = ParseTargetAnnotations(app, TargetClass::kAppBinding, profile);
    ASSERT_OK(parsed);
    EXPECT_FALSE(parsed->paths.has_value());
    EXPECT_FALSE(parsed->volume_mounts.has_value());
  }
}

}  // namespace
}  // namespace reference
