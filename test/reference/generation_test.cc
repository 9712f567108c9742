// Tests for template resolution, the desired Repository and BackupConfiguration, and the
// create-or-patch transforms (spec sections 1.2, 3, 5 and 8).
#include "reference/generation.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "reference/naming.h"
#include "reference/variables.h"
#include "status_matchers.h"
#include "worked_example.h"

namespace reference {
namespace {

using ::kube::Json;
using ::kube::StatusIs;
using ::kube::StatusReason;
using ::testing::HasSubstr;

// --- fixtures ---------------------------------------------------------------------------------

// The template of spec section 8, as the kind of `profile`.
kube::Object WorkedExampleTemplate(Profile profile) {
  Json json = Json::parse(R"json({
    "apiVersion": "stash.appscode.com/v1beta1",
    "metadata": {"name": "workload-backup-template"},
    "spec": {
      "backend": {
        "gcs": {"bucket": "appscode-qa",
                "prefix": "stash-backup/${TARGET_NAMESPACE}/${TARGET_KIND}/${TARGET_NAME}"},
        "storageSecretName": "gcs-secret"
      },
      "schedule": "*/5 * * * *",
      "retentionPolicy": {"name": "keep-last-5", "keepLast": 5, "prune": true}
    }
  })json");
  json["kind"] = TemplateKind(profile).kind;
  return kube::Object(json);
}

kube::Object MakeTarget(const std::string& api_version, const std::string& kind,
                        const std::string& name, const std::map<std::string, std::string>& ann) {
  kube::Object target(Json{{"apiVersion", api_version}, {"kind", kind}});
  target.SetName(name);
  target.SetNamespace("demo");
  target.MutableMetadata()["uid"] = "U";
  if (!ann.empty()) target.SetAnnotations(ann);
  return target;
}

// Deployment demo/stash-demo of spec section 8 with the keys of `profile`.
kube::Object WorkedExampleDeployment(Profile profile) {
  const AnnotationKeys keys = KeysFor(profile);
  return MakeTarget("apps/v1", "Deployment", "stash-demo",
                    {{std::string(keys.template_name), "workload-backup-template"},
                     {std::string(keys.directories), "/source/data-1,/source/data-2"},
                     {std::string(keys.volume_mounts),
                      "source-data-1:/source/data-1,source-data-2:/source/data-2"}});
}

kube::Object AppBinding() {
  kube::Object app = MakeTarget("appcatalog.appscode.com/v1alpha1", "AppBinding", "pg", {});
  app.json()["spec"] = {{"type", "kubedb.com/postgres"}, {"version", "11"}};
  return app;
}

kube::Object Pvc(const std::map<std::string, std::string>& annotations) {
  return MakeTarget("v1", "PersistentVolumeClaim", "nfs-pvc", annotations);
}

// Parses the target's annotations, resolves `tmpl` with the target's variables and builds.
DesiredObjects Generate(const kube::Object& tmpl, const kube::Object& target, Profile profile) {
  const TargetClass target_class = ClassifyTarget(target.Gvk());
  auto annotations = ParseTargetAnnotations(target, target_class, profile);
  EXPECT_OK(annotations);
  if (!annotations.ok()) return {};
  const Variables vars =
      TargetVariables(target, target_class, profile, kube::KindRegistry::WithBuiltIns());
  auto resolved = ResolveTemplate(tmpl, vars);
  EXPECT_OK(resolved);
  if (!resolved.ok()) return {};
  return BuildDesired(*resolved, target, target_class, *annotations,
                      GeneratedName(target.Kind(), target.Name(), profile), profile);
}

// A template spec without ${...}, for tests that do not care about substitution.
Json PlainTemplate(Json spec) {
  return {{"apiVersion", "stash.appscode.com/v1beta1"},
          {"kind", "BackupConfigurationTemplate"},
          {"metadata", {{"name", "t"}}},
          {"spec", std::move(spec)}};
}

Json BackendOnly() { return {{"backend", {{"s3", {{"bucket", "b"}}}}}}; }

TargetAnnotations NoPaths(const std::string& template_name = "t") {
  return {template_name, std::nullopt, std::nullopt};
}

DesiredObjects BuildForDeployment(const Json& resolved, Profile profile) {
  return BuildDesired(resolved, WorkedExampleDeployment(profile), TargetClass::kWorkload, NoPaths(),
                      GeneratedName("Deployment", "stash-demo", profile), profile);
}

// --- spec section 8: the worked example, whole JSON --------------------------------------------

TEST(WorkedExampleTest, TemplateEra) {
  DesiredObjects desired =
      Generate(WorkedExampleTemplate(Profile::kTemplate),
               WorkedExampleDeployment(Profile::kTemplate), Profile::kTemplate);
  EXPECT_EQ(desired.repository, Json::parse(R"json({
    "apiVersion": "stash.appscode.com/v1alpha1",
    "kind": "Repository",
    "metadata": {"name": "deployment-stash-demo", "namespace": "demo"},
    "spec": {"backend": {"gcs": {"bucket": "appscode-qa",
                                 "prefix": "stash-backup/demo/deployment/stash-demo"},
                         "storageSecretName": "gcs-secret"}}
  })json"));
  EXPECT_EQ(desired.backup_configuration, stashsim_testing::WorkedExampleBackupConfiguration());
}

TEST(WorkedExampleTest, BlueprintEra) {
  DesiredObjects desired =
      Generate(WorkedExampleTemplate(Profile::kBlueprint),
               WorkedExampleDeployment(Profile::kBlueprint), Profile::kBlueprint);
  EXPECT_EQ(desired.repository, Json::parse(R"json({
    "apiVersion": "stash.appscode.com/v1alpha1",
    "kind": "Repository",
    "metadata": {"name": "deploy-stash-demo", "namespace": "demo"},
    "spec": {"backend": {"gcs": {"bucket": "appscode-qa",
                                 "prefix": "stash-backup/demo/deployment/stash-demo"},
                         "storageSecretName": "gcs-secret"}}
  })json"));
  EXPECT_EQ(desired.backup_configuration, Json::parse(R"json({
    "apiVersion": "stash.appscode.com/v1beta1",
    "kind": "BackupConfiguration",
    "metadata": {
      "name": "deploy-stash-demo",
      "namespace": "demo",
      "ownerReferences": [{"apiVersion": "apps/v1", "kind": "Deployment", "name": "stash-demo",
                           "uid": "U", "controller": true, "blockOwnerDeletion": true}]
    },
    "spec": {
      "repository": {"name": "deploy-stash-demo"},
      "schedule": "*/5 * * * *",
      "retentionPolicy": {"name": "keep-last-5", "keepLast": 5, "prune": true},
      "target": {
        "ref": {"apiVersion": "apps/v1", "kind": "Deployment", "name": "stash-demo"},
        "paths": ["/source/data-1", "/source/data-2"],
        "volumeMounts": [{"name": "source-data-1", "mountPath": "/source/data-1"},
                         {"name": "source-data-2", "mountPath": "/source/data-2"}]
      },
      "runtimeSettings": {},
      "task": {},
      "tempDir": {}
    }
  })json"));
}

// --- ResolveTemplate --------------------------------------------------------------------------

TEST(ResolveTemplateTest, SubstitutesTheWholeObject) {
  kube::Object tmpl(PlainTemplate(
      {{"backend", {{"s3", {{"prefix", "${TARGET_NAME}"}}}}}, {"schedule", "${TARGET_KIND}"}}));
  tmpl.SetAnnotation("note", "for ${TARGET_NAMESPACE}");
  auto resolved = ResolveTemplate(
      tmpl, {{"TARGET_NAME", "n"}, {"TARGET_KIND", "k"}, {"TARGET_NAMESPACE", "ns"}});
  ASSERT_OK(resolved);
  EXPECT_EQ((*resolved)["spec"]["backend"]["s3"]["prefix"], "n");
  EXPECT_EQ((*resolved)["spec"]["schedule"], "k");
  EXPECT_EQ((*resolved)["metadata"]["annotations"]["note"], "for ns");
}

TEST(ResolveTemplateTest, UnresolvedVariableAnywhereFails) {
  kube::Object tmpl(PlainTemplate(BackendOnly()));
  tmpl.SetAnnotation("note", "${NOT_SUPPLIED}");
  auto resolved = ResolveTemplate(tmpl, {{"TARGET_NAME", "n"}});
  EXPECT_THAT(resolved, StatusIs(StatusReason::kBadRequest, HasSubstr("NOT_SUPPLIED")));
}

// --- owner references -------------------------------------------------------------------------

Json OwnerReferences(const DesiredObjects& desired) {
  return desired.backup_configuration["metadata"]["ownerReferences"];
}

TEST(OwnerReferenceTest, TemplateEraForm) {
  DesiredObjects desired = BuildForDeployment(PlainTemplate(BackendOnly()), Profile::kTemplate);
  EXPECT_EQ(OwnerReferences(desired), Json::parse(R"json([{"apiVersion": "apps/v1",
      "kind": "Deployment", "name": "stash-demo", "uid": "U", "blockOwnerDeletion": false}])json"));
  EXPECT_FALSE(OwnerReferences(desired)[0].contains("controller"));
}

TEST(OwnerReferenceTest, BlueprintEraForm) {
  DesiredObjects desired = BuildForDeployment(PlainTemplate(BackendOnly()), Profile::kBlueprint);
  EXPECT_EQ(OwnerReferences(desired), Json::parse(R"json([{"apiVersion": "apps/v1",
      "kind": "Deployment", "name": "stash-demo", "uid": "U", "controller": true,
      "blockOwnerDeletion": true}])json"));
}

TEST(OwnerReferenceTest, ReplicationControllerUsesV1) {
  kube::Object rc = MakeTarget("v1", "ReplicationController", "r", {});
  DesiredObjects desired = BuildDesired(PlainTemplate(BackendOnly()), rc, TargetClass::kWorkload,
                                        NoPaths(), "replicationcontroller-r", Profile::kTemplate);
  EXPECT_EQ(OwnerReferences(desired)[0]["apiVersion"], "v1");
  EXPECT_EQ(desired.backup_configuration["spec"]["target"]["ref"]["apiVersion"], "v1");
  EXPECT_EQ(desired.repository["metadata"]["name"], "replicationcontroller-r");
}

// --- AppBinding and PVC -----------------------------------------------------------------------

TEST(AppBindingTest, TemplateEra) {
  kube::Object app = AppBinding();
  app.SetAnnotation("stash.appscode.com/backup-template", "t");
  DesiredObjects desired =
      Generate(kube::Object(PlainTemplate(BackendOnly())), app, Profile::kTemplate);
  EXPECT_EQ(desired.repository["metadata"]["name"], "appbinding-pg");
  EXPECT_EQ(OwnerReferences(desired), Json::parse(R"json([{"apiVersion": "v1",
      "kind": "AppBinding", "name": "pg", "uid": "U", "blockOwnerDeletion": false}])json"));
  EXPECT_EQ(desired.backup_configuration["spec"]["target"], Json::parse(R"json(
      {"ref": {"apiVersion": "v1", "kind": "AppBinding", "name": "pg"}})json"));
}

TEST(AppBindingTest, BlueprintEra) {
  kube::Object app = AppBinding();
  app.SetAnnotation("stash.appscode.com/backup-blueprint", "t");
  DesiredObjects desired =
      Generate(kube::Object(PlainTemplate(BackendOnly())), app, Profile::kBlueprint);
  EXPECT_EQ(desired.repository["metadata"]["name"], "app-pg");
  EXPECT_EQ(OwnerReferences(desired), Json::parse(R"json([{
      "apiVersion": "appcatalog.appscode.com/v1alpha1", "kind": "AppBinding", "name": "pg",
      "uid": "U", "controller": true, "blockOwnerDeletion": true}])json"));
  EXPECT_EQ(desired.backup_configuration["spec"]["target"], Json::parse(R"json(
      {"ref": {"apiVersion": "v1", "kind": "AppBinding", "name": "pg"}})json"));
}

TEST(AppBindingTest, AppVariablesResolveInTheBlueprintEra) {
  kube::Object app = AppBinding();
  app.SetAnnotation("stash.appscode.com/backup-blueprint", "t");
  Json tmpl = PlainTemplate(
      {{"backend", {{"gcs", {{"prefix", "${TARGET_APP_GROUP}/${TARGET_APP_RESOURCE}"}}}}},
       {"task", {{"name", "${TARGET_APP_RESOURCE}-backup-${TARGET_APP_VERSION}"}}}});
  DesiredObjects desired = Generate(kube::Object(tmpl), app, Profile::kBlueprint);
  EXPECT_EQ(desired.repository["spec"]["backend"]["gcs"]["prefix"], "kubedb.com/postgres");
  EXPECT_EQ(desired.backup_configuration["spec"]["task"], (Json{{"name", "postgres-backup-11"}}));
}

TEST(PvcTest, TemplateEra) {
  kube::Object pvc = Pvc({{"stash.appscode.com/backup-template", "t"},
                          {"stash.appscode.com/target-directories", "/data"},
                          {"stash.appscode.com/mountpath", "/mnt/data"}});
  DesiredObjects desired =
      Generate(kube::Object(PlainTemplate(BackendOnly())), pvc, Profile::kTemplate);
  EXPECT_EQ(desired.repository["metadata"]["name"], "persistentvolumeclaim-nfs-pvc");
  EXPECT_EQ(OwnerReferences(desired), Json::parse(R"json([{"apiVersion": "v1",
      "kind": "PersistentVolumeClaim", "name": "nfs-pvc", "uid": "U",
      "blockOwnerDeletion": false}])json"));
  EXPECT_EQ(desired.backup_configuration["spec"]["target"], Json::parse(R"json({
      "ref": {"apiVersion": "v1", "kind": "PersistentVolumeClaim", "name": "nfs-pvc"},
      "directories": ["/data"],
      "volumeMounts": [{"name": "stash-volume", "mountPath": "/mnt/data"}]})json"));
}

TEST(PvcTest, BlueprintEra) {
  kube::Object pvc = Pvc({{"stash.appscode.com/backup-blueprint", "t"},
                          {"stash.appscode.com/target-paths", "/data"},
                          {"stash.appscode.com/volume-mounts", "v:/data"}});
  DesiredObjects desired =
      Generate(kube::Object(PlainTemplate(BackendOnly())), pvc, Profile::kBlueprint);
  EXPECT_EQ(desired.repository["metadata"]["name"], "pvc-nfs-pvc");
  EXPECT_EQ(OwnerReferences(desired)[0]["apiVersion"], "v1");
  EXPECT_EQ(OwnerReferences(desired)[0]["kind"], "PersistentVolumeClaim");
  EXPECT_EQ(desired.backup_configuration["spec"]["target"], Json::parse(R"json({
      "ref": {"apiVersion": "v1", "kind": "PersistentVolumeClaim", "name": "nfs-pvc"}})json"));
}

// --- copied and never-copied template fields --------------------------------------------------

TEST(BuildDesiredTest, WipeOutIsNeverCopied) {
  Json tmpl = PlainTemplate({{"backend", {{"s3", {{"bucket", "b"}}}}}, {"wipeOut", true}});
  for (Profile profile : {Profile::kTemplate, Profile::kBlueprint}) {
    DesiredObjects desired = BuildForDeployment(tmpl, profile);
    EXPECT_EQ(desired.repository["spec"], (Json{{"backend", {{"s3", {{"bucket", "b"}}}}}}));
    EXPECT_FALSE(desired.backup_configuration["spec"].contains("wipeOut"));
  }
}

TEST(BuildDesiredTest, MissingBackendGivesEmptyObject) {
  DesiredObjects desired = BuildForDeployment(PlainTemplate(Json::object()), Profile::kTemplate);
  EXPECT_EQ(desired.repository["spec"], (Json{{"backend", Json::object()}}));
}

TEST(BuildDesiredTest, ScheduleAndRetentionPolicyOnlyWhenPresent) {
  DesiredObjects desired = BuildForDeployment(PlainTemplate(BackendOnly()), Profile::kTemplate);
  const Json& spec = desired.backup_configuration["spec"];
  EXPECT_FALSE(spec.contains("schedule"));
  EXPECT_FALSE(spec.contains("retentionPolicy"));
  EXPECT_EQ(spec["task"], Json::object());
  EXPECT_EQ(spec["runtimeSettings"], Json::object());
  EXPECT_EQ(spec["tempDir"], Json::object());
}

TEST(BuildDesiredTest, TaskRuntimeSettingsAndTempDirAreCopiedOpaquely) {
  Json template_spec = Json::parse(R"json({
    "backend": {"local": {"mountPath": "/safe", "hostPath": {"path": "/data"}}},
    "schedule": "@hourly",
    "task": {"name": "pg-backup", "params": [{"name": "args", "value": "--all"}]},
    "runtimeSettings": {"pod": {"serviceAccountName": "sa"},
                        "container": {"nice": {"adjustment": 5}}},
    "tempDir": {"medium": "Memory", "sizeLimit": "1Gi", "disableCaching": true},
    "retentionPolicy": {"name": "r", "keepDaily": 7, "keepTags": ["a"], "prune": false,
                        "dryRun": true}
  })json");
  DesiredObjects desired = BuildForDeployment(PlainTemplate(template_spec), Profile::kTemplate);
  const Json& spec = desired.backup_configuration["spec"];
  for (const char* field : {"schedule", "task", "runtimeSettings", "tempDir", "retentionPolicy"}) {
    EXPECT_EQ(spec[field], template_spec[field]) << field;
  }
  EXPECT_EQ(desired.repository["spec"]["backend"], template_spec["backend"]);
}

TEST(BuildDesiredTest, NeverSetsDriverPausedHooksOrReplicas) {
  Json template_spec = BackendOnly();
  template_spec["driver"] = "VolumeSnapshotter";
  template_spec["paused"] = true;
  template_spec["hooks"] = {{"preBackup", {{"exec", {{"command", {"x"}}}}}}};
  template_spec["target"] = {{"replicas", 3}, {"snapshotClassName", "c"}};
  template_spec["repository"] = {{"name", "other"}};
  for (Profile profile : {Profile::kTemplate, Profile::kBlueprint}) {
    DesiredObjects desired = BuildForDeployment(PlainTemplate(template_spec), profile);
    const Json& spec = desired.backup_configuration["spec"];
    EXPECT_FALSE(spec.contains("driver"));
    EXPECT_FALSE(spec.contains("paused"));
    EXPECT_FALSE(spec.contains("hooks"));
    EXPECT_FALSE(spec["target"].contains("replicas"));
    EXPECT_FALSE(spec["target"].contains("snapshotClassName"));
    EXPECT_EQ(spec["repository"], (Json{{"name", desired.repository["metadata"]["name"]}}));
  }
}

TEST(BuildDesiredTest, InterimVolumeTemplateAndHistoryLimitOnlyInBlueprintEra) {
  Json template_spec = BackendOnly();
  template_spec["interimVolumeTemplate"] = {{"metadata", {{"name", "${TARGET_NAME}-interim"}}},
                                            {"spec", {{"accessModes", {"ReadWriteOnce"}}}}};
  template_spec["backupHistoryLimit"] = 3;
  DesiredObjects blueprint = BuildForDeployment(PlainTemplate(template_spec), Profile::kBlueprint);
  EXPECT_EQ(blueprint.backup_configuration["spec"]["interimVolumeTemplate"],
            template_spec["interimVolumeTemplate"]);
  EXPECT_EQ(blueprint.backup_configuration["spec"]["backupHistoryLimit"], 3);
  DesiredObjects template_era =
      BuildForDeployment(PlainTemplate(template_spec), Profile::kTemplate);
  EXPECT_FALSE(template_era.backup_configuration["spec"].contains("interimVolumeTemplate"));
  EXPECT_FALSE(template_era.backup_configuration["spec"].contains("backupHistoryLimit"));
}

TEST(BuildDesiredTest, TargetListsOmittedWhenUnsetOrEmpty) {
  TargetAnnotations empty_lists = {"t", std::vector<std::string>{}, std::vector<VolumeMount>{}};
  DesiredObjects desired = BuildDesired(
      PlainTemplate(BackendOnly()), WorkedExampleDeployment(Profile::kTemplate),
      TargetClass::kWorkload, empty_lists, "deployment-stash-demo", Profile::kTemplate);
  EXPECT_EQ(
      desired.backup_configuration["spec"]["target"],
      (Json{{"ref", {{"apiVersion", "apps/v1"}, {"kind", "Deployment"}, {"name", "stash-demo"}}}}));
}

TEST(BuildDesiredTest, EmptyDirectoryIsKeptAndSubPathEmitted) {
  TargetAnnotations annotations = {
      "t", std::vector<std::string>{""},
      std::vector<VolumeMount>{{"v", "/m", "sub"}, {"w", "", std::nullopt}}};
  DesiredObjects desired =
      BuildDesired(PlainTemplate(BackendOnly()), WorkedExampleDeployment(Profile::kBlueprint),
                   TargetClass::kWorkload, annotations, "deploy-stash-demo", Profile::kBlueprint);
  EXPECT_EQ(desired.backup_configuration["spec"]["target"]["paths"], Json::array({""}));
  EXPECT_EQ(desired.backup_configuration["spec"]["target"]["volumeMounts"], Json::parse(R"json(
      [{"name": "v", "mountPath": "/m", "subPath": "sub"}, {"name": "w", "mountPath": ""}])json"));
}

// --- create-or-patch transforms (spec section 5) ----------------------------------------------

Json ExistingRepository() {
  return Json::parse(R"json({
    "apiVersion": "stash.appscode.com/v1alpha1",
    "kind": "Repository",
    "metadata": {"name": "deployment-stash-demo", "namespace": "demo", "resourceVersion": "7",
                 "labels": {"team": "a"}, "annotations": {"note": "x"}, "finalizers": ["f"]},
    "spec": {"backend": {"s3": {"bucket": "edited"}, "storageSecretName": "old"},
             "wipeOut": true},
    "status": {"totalSize": "1Gi"}
  })json");
}

TEST(WithManagedRepositoryFieldsTest, ReplacesBackendKeepsTheRest) {
  DesiredObjects desired = BuildForDeployment(PlainTemplate(BackendOnly()), Profile::kTemplate);
  Json expected = ExistingRepository();
  expected["spec"]["backend"] = {{"s3", {{"bucket", "b"}}}};
  EXPECT_EQ(WithManagedRepositoryFields(ExistingRepository(), desired.repository), expected);
}

TEST(WithManagedRepositoryFieldsTest, IsIdempotentOnDesired) {
  DesiredObjects desired = BuildForDeployment(PlainTemplate(BackendOnly()), Profile::kTemplate);
  EXPECT_EQ(WithManagedRepositoryFields(desired.repository, desired.repository),
            desired.repository);
}

TEST(WithManagedRepositoryFieldsTest, BackendAbsentFromDesiredIsRemoved) {
  Json desired = {{"spec", Json::object()}};
  EXPECT_FALSE(
      WithManagedRepositoryFields(ExistingRepository(), desired)["spec"].contains("backend"));
}

TEST(WithManagedRepositoryFieldsTest, CurrentWithoutSpecOrNotAnObject) {
  DesiredObjects desired = BuildForDeployment(PlainTemplate(BackendOnly()), Profile::kTemplate);
  Json current = {{"metadata", {{"name", "x"}}}, {"spec", "garbage"}};
  EXPECT_EQ(WithManagedRepositoryFields(current, desired.repository),
            (Json{{"metadata", {{"name", "x"}}}, {"spec", desired.repository["spec"]}}));
  EXPECT_EQ(WithManagedRepositoryFields(Json(), desired.repository), desired.repository);
}

Json ExistingBackupConfiguration() {
  return Json::parse(R"json({
    "apiVersion": "stash.appscode.com/v1beta1",
    "kind": "BackupConfiguration",
    "metadata": {
      "name": "deployment-stash-demo", "namespace": "demo", "resourceVersion": "9",
      "labels": {"team": "a"}, "annotations": {"note": "x"}, "finalizers": ["f"],
      "ownerReferences": [
        {"apiVersion": "v1", "kind": "ConfigMap", "name": "cm", "uid": "other"},
        {"apiVersion": "apps/v1", "kind": "Deployment", "name": "old-name", "uid": "U",
         "controller": true}
      ]
    },
    "spec": {
      "repository": {"name": "edited"},
      "schedule": "@daily",
      "paused": true,
      "driver": "Restic",
      "hooks": {"preBackup": {"exec": {"command": ["x"]}}},
      "task": {"name": "edited"},
      "target": {"ref": {"apiVersion": "apps/v1", "kind": "Deployment", "name": "stash-demo"},
                 "replicas": 2, "directories": ["/edited"]},
      "interimVolumeTemplate": {"metadata": {"name": "user"}},
      "backupHistoryLimit": 9
    },
    "status": {"observedGeneration": 3}
  })json");
}

TEST(WithManagedBackupConfigurationFieldsTest, TemplateEraReassertsManagedKeepsTheRest) {
  DesiredObjects desired =
      Generate(WorkedExampleTemplate(Profile::kTemplate),
               WorkedExampleDeployment(Profile::kTemplate), Profile::kTemplate);
  Json result = WithManagedBackupConfigurationFields(
      ExistingBackupConfiguration(), desired.backup_configuration, Profile::kTemplate);
  Json expected = ExistingBackupConfiguration();
  expected["metadata"]["ownerReferences"][1] =
      desired.backup_configuration["metadata"]["ownerReferences"][0];
  for (const char* field : {"repository", "schedule", "retentionPolicy", "task", "target",
                            "runtimeSettings", "tempDir"}) {
    expected["spec"][field] = desired.backup_configuration["spec"][field];
  }
  EXPECT_EQ(result, expected);
  // Spelled out: the user's fields survive, target.replicas does not.
  EXPECT_EQ(result["spec"]["paused"], true);
  EXPECT_EQ(result["spec"]["driver"], "Restic");
  EXPECT_EQ(result["metadata"]["labels"], (Json{{"team", "a"}}));
  EXPECT_EQ(result["status"], (Json{{"observedGeneration", 3}}));
  EXPECT_FALSE(result["spec"]["target"].contains("replicas"));
  EXPECT_EQ(result["spec"]["interimVolumeTemplate"], (Json{{"metadata", {{"name", "user"}}}}));
  EXPECT_EQ(result["spec"]["backupHistoryLimit"], 9);
}

TEST(WithManagedBackupConfigurationFieldsTest, BlueprintEraManagesInterimFields) {
  Json tmpl = PlainTemplate(BackendOnly());
  tmpl["spec"]["backupHistoryLimit"] = 4;
  DesiredObjects desired = BuildForDeployment(tmpl, Profile::kBlueprint);
  Json result = WithManagedBackupConfigurationFields(
      ExistingBackupConfiguration(), desired.backup_configuration, Profile::kBlueprint);
  EXPECT_EQ(result["spec"]["backupHistoryLimit"], 4);
  EXPECT_FALSE(result["spec"].contains("interimVolumeTemplate"));
  EXPECT_FALSE(result["spec"].contains("schedule"));  // managed, absent from the template
  EXPECT_EQ(result["spec"]["paused"], true);
}

TEST(WithManagedBackupConfigurationFieldsTest, OwnerReferenceReplacedByUidOrAppended) {
  DesiredObjects desired = BuildForDeployment(PlainTemplate(BackendOnly()), Profile::kBlueprint);
  const Json wanted = desired.backup_configuration["metadata"]["ownerReferences"][0];
  Json replaced = WithManagedBackupConfigurationFields(
      ExistingBackupConfiguration(), desired.backup_configuration, Profile::kBlueprint);
  EXPECT_EQ(replaced["metadata"]["ownerReferences"],
            Json::array({ExistingBackupConfiguration()["metadata"]["ownerReferences"][0], wanted}));

  Json other_owner = ExistingBackupConfiguration();
  other_owner["metadata"]["ownerReferences"][1]["uid"] = "previous-target";
  Json appended = WithManagedBackupConfigurationFields(other_owner, desired.backup_configuration,
                                                       Profile::kBlueprint);
  ASSERT_EQ(appended["metadata"]["ownerReferences"].size(), 3u);
  EXPECT_EQ(appended["metadata"]["ownerReferences"][2], wanted);

  Json no_refs = ExistingBackupConfiguration();
  no_refs["metadata"].erase("ownerReferences");
  Json added = WithManagedBackupConfigurationFields(no_refs, desired.backup_configuration,
                                                    Profile::kBlueprint);
  EXPECT_EQ(added["metadata"]["ownerReferences"], Json::array({wanted}));
}

TEST(WithManagedBackupConfigurationFieldsTest, IsIdempotentOnDesired) {
  for (Profile profile : {Profile::kTemplate, Profile::kBlueprint}) {
    DesiredObjects desired =
        Generate(WorkedExampleTemplate(profile), WorkedExampleDeployment(profile), profile);
    EXPECT_EQ(WithManagedBackupConfigurationFields(desired.backup_configuration,
                                                   desired.backup_configuration, profile),
              desired.backup_configuration);
  }
}

TEST(WithManagedBackupConfigurationFieldsTest, NonObjectCurrentGivesDesired) {
  DesiredObjects desired = BuildForDeployment(PlainTemplate(BackendOnly()), Profile::kTemplate);
  EXPECT_EQ(WithManagedBackupConfigurationFields(Json(), desired.backup_configuration,
                                                 Profile::kTemplate),
            desired.backup_configuration);
}

}  // namespace
}  // namespace reference
