// Tests for the reference Controller (reference/controller.h) running against the in-process
// FakeCluster under a virtual clock: the generated objects of the spec's worked example for every
// target kind in both eras (sections 4, 5 and 8), the lifecycle of section 6, idempotence of
// resyncs and restarts, and the retry behaviour of section 7.
#include "reference/controller.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <tuple>
#include <vector>

#include "fakecluster/cluster.h"
#include "kube/clock.h"
#include "reference/profile.h"
#include "status_matchers.h"

namespace reference {
namespace {

using ::kube::Json;
using ::kube::StatusIs;
using ::kube::StatusReason;
using ::testing::HasSubstr;

constexpr char kNamespace[] = "demo";
constexpr char kTemplateName[] = "workload-backup-template";

// One target kind with the name prefixes of both eras (spec section 4).
struct KindCase {
  std::string api_version;
  std::string kind;
  std::string target_name;
  std::string template_prefix;   // template era: lower-case kind
  std::string blueprint_prefix;  // blueprint era: short kind
};

const std::vector<KindCase>& AllKinds() {
  static const auto* kinds = new std::vector<KindCase>{
      {"apps/v1", "Deployment", "stash-demo", "deployment", "deploy"},
      {"apps/v1", "StatefulSet", "sts-demo", "statefulset", "sts"},
      {"apps/v1", "DaemonSet", "dmn-demo", "daemonset", "ds"},
      {"v1", "ReplicationController", "rc-demo", "replicationcontroller", "rc"},
      {"apps/v1", "ReplicaSet", "rs-demo", "replicaset", "replicaset"},
      {"v1", "PersistentVolumeClaim", "nfs-pvc", "persistentvolumeclaim", "pvc"},
      {"appcatalog.appscode.com/v1alpha1", "AppBinding", "pg", "appbinding", "app"},
  };
  return *kinds;
}

void PrintTo(const KindCase& c, std::ostream* os) { *os << c.kind << " " << c.target_name; }

const KindCase& DeploymentCase() { return AllKinds().front(); }

bool IsPvc(const KindCase& c) { return c.kind == "PersistentVolumeClaim"; }
bool IsAppBinding(const KindCase& c) { return c.kind == "AppBinding"; }
bool IsWorkload(const KindCase& c) { return !IsPvc(c) && !IsAppBinding(c); }

std::string GeneratedNameFor(const KindCase& c, Profile profile) {
  return (profile == Profile::kTemplate ? c.template_prefix : c.blueprint_prefix) + "-" +
         c.target_name;
}

// The worked example's template (spec section 8) as the kind of `profile`.
kube::Object WorkedExampleTemplate(Profile profile, const std::string& bucket = "appscode-qa") {
  Json json = {
      {"apiVersion", TemplateKind(profile).ApiVersion()},
      {"kind", TemplateKind(profile).kind},
      {"metadata", {{"name", kTemplateName}}},
      {"spec",
       {{"backend",
         {{"gcs",
           {{"bucket", bucket},
            {"prefix", "stash-backup/${TARGET_NAMESPACE}/${TARGET_KIND}/${TARGET_NAME}"}}},
          {"storageSecretName", "gcs-secret"}}},
        {"schedule", "*/5 * * * *"},
        {"retentionPolicy", {{"name", "keep-last-5"}, {"keepLast", 5}, {"prune", true}}}}}};
  return kube::Object(std::move(json));
}

// The annotations that make `c` a target in `profile` (spec section 2).
std::map<std::string, std::string> TargetAnnotations(const KindCase& c, Profile profile) {
  const AnnotationKeys keys = KeysFor(profile);
  std::map<std::string, std::string> annotations = {
      {std::string(keys.template_name), kTemplateName}};
  if (IsWorkload(c)) {
    annotations[std::string(keys.directories)] = "/source/data-1,/source/data-2";
    annotations[std::string(keys.volume_mounts)] =
        "source-data-1:/source/data-1,source-data-2:/source/data-2";
  } else if (IsPvc(c) && profile == Profile::kTemplate) {
    annotations[std::string(keys.directories)] = "/source/data";
    annotations[std::string(keys.mount_path)] = "/source/data";
  }
  return annotations;
}

kube::Object MakeTarget(const KindCase& c, Profile profile) {
  kube::Object target(Json{{"apiVersion", c.api_version}, {"kind", c.kind}});
  target.SetName(c.target_name);
  target.SetNamespace(kNamespace);
  target.SetAnnotations(TargetAnnotations(c, profile));
  if (IsAppBinding(c)) {
    target.json()["spec"] = {{"type", "kubedb.com/postgres"}, {"version", "11"}};
  } else if (IsPvc(c)) {
    target.json()["spec"] = {{"accessModes", Json::array({"ReadWriteOnce"})}};
  } else {
    target.json()["spec"] = {{"selector", {{"matchLabels", {{"app", c.target_name}}}}}};
  }
  return target;
}

kube::GroupVersionKind GvkOf(const KindCase& c) {
  return kube::GroupVersionKind::FromApiVersion(c.api_version, c.kind);
}

// Drops the BackupConfiguration fields an implementation may write as {} or omit (spec 1.2).
Json WithoutEmptyOptionalFields(Json spec) {
  for (const char* key : {"task", "runtimeSettings", "tempDir"}) {
    if (spec.contains(key) && spec[key] == Json::object()) spec.erase(key);
  }
  return spec;
}

// What the BackupConfiguration's spec.target must be for `c` in `profile`.
Json ExpectedTarget(const KindCase& c, Profile profile) {
  const std::string ref_api_version = IsWorkload(c) ? c.api_version : "v1";
  Json target = {
      {"ref", {{"apiVersion", ref_api_version}, {"kind", c.kind}, {"name", c.target_name}}}};
  const char* paths_key = profile == Profile::kTemplate ? "directories" : "paths";
  if (IsWorkload(c)) {
    target[paths_key] = Json::array({"/source/data-1", "/source/data-2"});
    target["volumeMounts"] =
        Json::array({{{"name", "source-data-1"}, {"mountPath", "/source/data-1"}},
                     {{"name", "source-data-2"}, {"mountPath", "/source/data-2"}}});
  } else if (IsPvc(c) && profile == Profile::kTemplate) {
    target[paths_key] = Json::array({"/source/data"});
    target["volumeMounts"] =
        Json::array({{{"name", "stash-volume"}, {"mountPath", "/source/data"}}});
  }
  return target;
}

Json ExpectedOwnerReference(const KindCase& c, Profile profile, const std::string& uid) {
  Json ref = {{"kind", c.kind}, {"name", c.target_name}, {"uid", uid}};
  if (profile == Profile::kTemplate) {
    ref["apiVersion"] = IsWorkload(c) ? c.api_version : "v1";
    ref["blockOwnerDeletion"] = false;
  } else {
    ref["apiVersion"] = c.api_version;  // AppBinding: its real group-version in this era
    ref["controller"] = true;
    ref["blockOwnerDeletion"] = true;
  }
  return ref;
}

// A fake cluster with the `demo` namespace, a user client and the controller under test.
class ControllerHarness {
 public:
  explicit ControllerHarness(Profile profile, bool watch_templates = true)
      : cluster_(clock_, fakecluster::ClusterOptions{}),
        user_(cluster_.ClientFor("user")),
        operator_client_(cluster_.ClientFor("stash-operator")) {
    ReconcilerOptions options;
    options.profile = profile;
    options.watch_templates = watch_templates;
    controller_ =
        std::make_unique<Controller>(*operator_client_, clock_, options, cluster_.Kinds());
    EXPECT_OK(user_->Create(kube::Object(
        Json{{"apiVersion", "v1"}, {"kind", "Namespace"}, {"metadata", {{"name", kNamespace}}}})));
  }

  // Runs the cluster's controllers and the reference until neither does anything.
  void Settle() {
    for (int round = 0; round < 1000; ++round) {
      if (!(cluster_.RunControllers() | controller_->Step())) return;
    }
    ADD_FAILURE() << "no quiescence after 1000 rounds";
  }

  kube::Object MustCreate(const kube::Object& object) {
    auto created = user_->Create(object);
    EXPECT_OK(created);
    return created.ok() ? *created : kube::Object();
  }

  kube::StatusOr<kube::Object> Repository(const std::string& name) {
    return cluster_.Get(RepositoryKind(), kNamespace, name);
  }
  kube::StatusOr<kube::Object> BackupConfiguration(const std::string& name) {
    return cluster_.Get(BackupConfigurationKind(), kNamespace, name);
  }

  // Events in the namespace with the given reason.
  std::vector<kube::Object> EventsWithReason(const std::string& reason) {
    kube::ListOptions options;
    options.namespace_name = kNamespace;
    auto list = cluster_.List(EventKind(), options);
    EXPECT_OK(list);
    std::vector<kube::Object> events;
    if (!list.ok()) return events;
    for (const auto& event : list->items) {
      if (event.json().value("reason", "") == reason) events.push_back(event);
    }
    return events;
  }

  kube::VirtualClock clock_;
  fakecluster::FakeCluster cluster_;
  std::unique_ptr<kube::Client> user_;
  std::unique_ptr<kube::Client> operator_client_;
  std::unique_ptr<Controller> controller_;
};

std::string ProfileTestName(Profile profile) {
  return profile == Profile::kTemplate ? "Template" : "Blueprint";
}

// --- generated objects per kind, both eras ------------------------------------------------------

class ControllerKindTest : public ::testing::TestWithParam<std::tuple<Profile, KindCase>> {};

TEST_P(ControllerKindTest, GeneratesWorkedExampleRepositoryAndBackupConfiguration) {
  const auto& [profile, c] = GetParam();
  ControllerHarness h(profile);
  h.MustCreate(WorkedExampleTemplate(profile));
  kube::Object target = h.MustCreate(MakeTarget(c, profile));
  ASSERT_OK(h.controller_->Start());
  h.Settle();

  const std::string name = GeneratedNameFor(c, profile);
  EXPECT_OK(h.controller_->LastError(c.kind, std::string(kNamespace) + "/" + c.target_name));
  auto repository = h.Repository(name);
  ASSERT_OK(repository);
  const std::string prefix = "stash-backup/demo/" + c.template_prefix + "/" + c.target_name;
  EXPECT_EQ(repository->json()["spec"],
            (Json{{"backend",
                   {{"gcs", {{"bucket", "appscode-qa"}, {"prefix", prefix}}},
                    {"storageSecretName", "gcs-secret"}}}}));
  EXPECT_FALSE(repository->Metadata().contains("ownerReferences"));
  EXPECT_FALSE(repository->Metadata().contains("labels"));

  auto configuration = h.BackupConfiguration(name);
  ASSERT_OK(configuration);
  EXPECT_EQ(configuration->Metadata().value("ownerReferences", Json()),
            Json::array({ExpectedOwnerReference(c, profile, target.Uid())}));
  Json expected_spec = {
      {"repository", {{"name", name}}},
      {"schedule", "*/5 * * * *"},
      {"retentionPolicy", {{"name", "keep-last-5"}, {"keepLast", 5}, {"prune", true}}},
      {"target", ExpectedTarget(c, profile)}};
  EXPECT_EQ(WithoutEmptyOptionalFields(configuration->json()["spec"]), expected_spec);

  const auto succeeded = h.EventsWithReason("Auto Backup Resources Creation Succeeded");
  if (profile == Profile::kBlueprint) {
    ASSERT_EQ(succeeded.size(), 1u);
    EXPECT_EQ(succeeded[0].json().value("type", ""), "Normal");
    EXPECT_EQ(kube::StringAt(succeeded[0].json(), {"involvedObject", "name"}), c.target_name);
  } else {
    EXPECT_TRUE(succeeded.empty()) << "the template era emits no events";
  }
}

INSTANTIATE_TEST_SUITE_P(
    ControllerAllKinds, ControllerKindTest,
    ::testing::Combine(::testing::Values(Profile::kTemplate, Profile::kBlueprint),
                       ::testing::ValuesIn(AllKinds())),
    [](const ::testing::TestParamInfo<ControllerKindTest::ParamType>& param_info) {
      return ProfileTestName(std::get<0>(param_info.param)) + "_" +
             std::get<1>(param_info.param).kind;
    });

// --- lifecycle on a Deployment, both eras -------------------------------------------------------

class ControllerLifecycleTest : public ::testing::TestWithParam<Profile> {
 protected:
  ControllerLifecycleTest() : h_(GetParam()) {}

  // The worked example converged: template, Deployment, both generated objects.
  void SetUpConverged() {
    h_.MustCreate(WorkedExampleTemplate(profile()));
    target_ = h_.MustCreate(MakeTarget(DeploymentCase(), profile()));
    ASSERT_OK(h_.controller_->Start());
    h_.Settle();
    ASSERT_OK(h_.Repository(name()));
    ASSERT_OK(h_.BackupConfiguration(name()));
  }

  Profile profile() const { return GetParam(); }
  std::string name() const { return GeneratedNameFor(DeploymentCase(), profile()); }
  kube::GroupVersionKind DeploymentGvk() const { return GvkOf(DeploymentCase()); }

  kube::Status MergePatch(const kube::GroupVersionKind& gvk, const std::string& ns,
                          const std::string& object_name, const Json& patch) {
    return h_.user_
        ->Patch(gvk, ns, object_name, kube::PatchType::kMerge, patch.dump(), kube::PatchOptions{})
        .status();
  }

  ControllerHarness h_;
  kube::Object target_;
};

TEST_P(ControllerLifecycleTest, RemovingAnAnnotationDeletesBackupConfigurationKeepsRepository) {
  SetUpConverged();
  const std::string key(KeysFor(profile()).volume_mounts);
  ASSERT_OK(MergePatch(DeploymentGvk(), kNamespace, "stash-demo",
                       {{"metadata", {{"annotations", {{key, nullptr}}}}}}));
  h_.Settle();

  EXPECT_THAT(h_.BackupConfiguration(name()), StatusIs(StatusReason::kNotFound));
  EXPECT_OK(h_.Repository(name()));
}

TEST_P(ControllerLifecycleTest, TemplateChangeIsFollowedWithoutResync) {
  SetUpConverged();
  ASSERT_OK(MergePatch(
      TemplateKind(profile()), "", kTemplateName,
      {{"spec",
        {{"schedule", "0 1 * * *"}, {"backend", {{"gcs", {{"bucket", "other-bucket"}}}}}}}}));
  h_.Settle();

  auto configuration = h_.BackupConfiguration(name());
  ASSERT_OK(configuration);
  EXPECT_EQ(configuration->json()["spec"]["schedule"], "0 1 * * *");
  auto repository = h_.Repository(name());
  ASSERT_OK(repository);
  EXPECT_EQ(repository->json()["spec"]["backend"]["gcs"]["bucket"], "other-bucket");
}

TEST_P(ControllerLifecycleTest, TemplateDeletionLeavesObjectsAloneAndReportsNotFound) {
  SetUpConverged();
  auto repository_before = h_.Repository(name());
  auto configuration_before = h_.BackupConfiguration(name());
  ASSERT_OK(repository_before);
  ASSERT_OK(configuration_before);

  ASSERT_OK(h_.user_->Delete(TemplateKind(profile()), "", kTemplateName));
  h_.Settle();

  auto repository_after = h_.Repository(name());
  auto configuration_after = h_.BackupConfiguration(name());
  ASSERT_OK(repository_after);
  ASSERT_OK(configuration_after);
  EXPECT_EQ(repository_after->ResourceVersion(), repository_before->ResourceVersion());
  EXPECT_EQ(configuration_after->ResourceVersion(), configuration_before->ResourceVersion());
  if (profile() == Profile::kTemplate) {
    EXPECT_THAT(
        h_.controller_->LastError("Deployment", "demo/stash-demo"),
        StatusIs(StatusReason::kNotFound, HasSubstr("\"workload-backup-template\" not found")));
  }
}

TEST_P(ControllerLifecycleTest, TargetDeletionGarbageCollectsBackupConfigurationKeepsRepository) {
  SetUpConverged();
  kube::DeleteOptions options;
  options.propagation = kube::PropagationPolicy::kBackground;
  ASSERT_OK(h_.user_->Delete(DeploymentGvk(), kNamespace, "stash-demo", options));
  h_.Settle();

  EXPECT_THAT(h_.BackupConfiguration(name()), StatusIs(StatusReason::kNotFound));
  EXPECT_OK(h_.Repository(name()));
  bool collected_by_gc = false;
  for (const auto& write : h_.cluster_.WriteLog()) {
    if (write.kind == "BackupConfiguration" && (write.verb == "delete" || write.verb == "remove")) {
      EXPECT_EQ(write.actor, "garbage-collector");
      collected_by_gc = true;
    }
  }
  EXPECT_TRUE(collected_by_gc);
}

// An informer lags: a reconcile from a cache that still holds a deleted target must not hand
// the BackupConfiguration it orphaned back to the garbage collector (spec 6: a deleted target
// gets nothing from the reconciler). Found by `stashsim explore` (TPL-LIFE-0011).
TEST_P(ControllerLifecycleTest, AStaleCachedTargetDoesNotAdoptItsOrphanedBackupConfiguration) {
  SetUpConverged();
  kube::DeleteOptions orphan;
  orphan.propagation = kube::PropagationPolicy::kOrphan;
  ASSERT_OK(h_.user_->Delete(DeploymentGvk(), kNamespace, "stash-demo", orphan));
  while (h_.cluster_.RunControllers()) {
  }
  auto orphaned = h_.BackupConfiguration(name());
  ASSERT_OK(orphaned);
  ASSERT_TRUE(orphaned->OwnerReferences().empty());
  const size_t writes_before = h_.cluster_.WriteLog().size();

  ReconcilerOptions options;
  options.profile = profile();
  const kube::KindRegistry kinds = h_.cluster_.Kinds();
  Reconciler reconciler(*h_.operator_client_, h_.clock_, kinds, options);
  ReconcileOutcome outcome = reconciler.Reconcile(target_);  // the deleted target, as cached
  EXPECT_OK(outcome.status);
  for (size_t i = writes_before; i < h_.cluster_.WriteLog().size(); ++i) {
    EXPECT_NE(h_.cluster_.WriteLog()[i].kind, "BackupConfiguration")
        << h_.cluster_.WriteLog()[i].verb;
  }
  while (h_.cluster_.RunControllers()) {
  }
  auto still_there = h_.BackupConfiguration(name());
  ASSERT_OK(still_there);
  EXPECT_TRUE(still_there->OwnerReferences().empty());
}

TEST_P(ControllerLifecycleTest, ManualEditOfManagedFieldIsRevertedAndPausedSurvives) {
  SetUpConverged();
  ASSERT_OK(MergePatch(BackupConfigurationKind(), kNamespace, name(),
                       {{"spec", {{"schedule", "0 0 * * *"}, {"paused", true}}}}));
  h_.Settle();
  // Generated objects are not watched: the edit is reverted at the next reconcile of the target.
  h_.controller_->ResyncNow();
  h_.Settle();

  auto configuration = h_.BackupConfiguration(name());
  ASSERT_OK(configuration);
  EXPECT_EQ(configuration->json()["spec"]["schedule"], "*/5 * * * *");
  EXPECT_EQ(configuration->json()["spec"]["paused"], true);
}

TEST_P(ControllerLifecycleTest, ResyncAfterConvergenceWritesNothing) {
  SetUpConverged();
  const uint64_t before = h_.cluster_.CurrentResourceVersion();
  const uint64_t reconciles_before = h_.controller_->Stats().reconciles;
  h_.controller_->ResyncNow();
  h_.Settle();

  EXPECT_GT(h_.controller_->Stats().reconciles, reconciles_before) << "the resync reconciled";
  EXPECT_EQ(h_.cluster_.CurrentResourceVersion(), before);
}

TEST_P(ControllerLifecycleTest, RestartAfterConvergenceWritesNothing) {
  SetUpConverged();
  const uint64_t before = h_.cluster_.CurrentResourceVersion();
  const uint64_t reconciles_before = h_.controller_->Stats().reconciles;
  ASSERT_OK(h_.controller_->Restart());
  h_.Settle();

  EXPECT_GT(h_.controller_->Stats().reconciles, reconciles_before) << "the restart reconciled";
  EXPECT_EQ(h_.cluster_.CurrentResourceVersion(), before);
}

INSTANTIATE_TEST_SUITE_P(ControllerBothProfiles, ControllerLifecycleTest,
                         ::testing::Values(Profile::kTemplate, Profile::kBlueprint),
                         [](const ::testing::TestParamInfo<Profile>& param_info) {
                           return ProfileTestName(param_info.param);
                         });

// --- retries (spec 7), with the upstream behaviour of not watching templates ----------------

TEST(ControllerRetryTest, TemplateEraRetriesMissingTemplateWithBackoff) {
  ControllerHarness h(Profile::kTemplate, /*watch_templates=*/false);
  h.MustCreate(MakeTarget(DeploymentCase(), Profile::kTemplate));
  ASSERT_OK(h.controller_->Start());
  h.Settle();
  EXPECT_THAT(
      h.controller_->LastError("Deployment", "demo/stash-demo"),
      StatusIs(StatusReason::kNotFound, HasSubstr("\"workload-backup-template\" not found")));
  EXPECT_THAT(h.Repository("deployment-stash-demo"), StatusIs(StatusReason::kNotFound));

  h.MustCreate(WorkedExampleTemplate(Profile::kTemplate));
  h.Settle();
  EXPECT_THAT(h.BackupConfiguration("deployment-stash-demo"), StatusIs(StatusReason::kNotFound))
      << "templates are not watched here: only the backoff retry may pick the template up";

  std::optional<kube::TimeMillis> wakeup = h.controller_->NextWakeup();
  ASSERT_TRUE(wakeup.has_value());
  EXPECT_LT(*wakeup, h.clock_.Now() + ReconcilerOptions{}.resync_period_ms)
      << "a retry is scheduled before the next resync";
  h.clock_.AdvanceTo(*wakeup);
  h.Settle();

  EXPECT_OK(h.Repository("deployment-stash-demo"));
  EXPECT_OK(h.BackupConfiguration("deployment-stash-demo"));
  EXPECT_OK(h.controller_->LastError("Deployment", "demo/stash-demo"));
}

TEST(ControllerRetryTest, BlueprintEraDoesNotRetryUntilResync) {
  ControllerHarness h(Profile::kBlueprint, /*watch_templates=*/false);
  h.MustCreate(MakeTarget(DeploymentCase(), Profile::kBlueprint));
  ASSERT_OK(h.controller_->Start());
  h.Settle();
  const auto failed = h.EventsWithReason("Auto Backup Resources Creation Failed");
  ASSERT_EQ(failed.size(), 1u);
  EXPECT_EQ(failed[0].json().value("type", ""), "Warning");
  EXPECT_THAT(failed[0].json().value("message", ""),
              HasSubstr("Failed to create auto backup resources for Deployment demo/stash-demo. "
                        "Reason: "));

  h.MustCreate(WorkedExampleTemplate(Profile::kBlueprint));
  h.Settle();
  // Time passes, well past any backoff but short of the periodic resync: nothing happens.
  const kube::TimeMillis resync_at = h.clock_.Now() + ReconcilerOptions{}.resync_period_ms;
  EXPECT_EQ(h.controller_->NextWakeup(), std::optional<kube::TimeMillis>(resync_at))
      << "no retry timer, only the resync";
  h.clock_.Advance(ReconcilerOptions{}.resync_period_ms / 2);
  h.Settle();
  EXPECT_THAT(h.BackupConfiguration("deploy-stash-demo"), StatusIs(StatusReason::kNotFound));
  EXPECT_THAT(h.Repository("deploy-stash-demo"), StatusIs(StatusReason::kNotFound));

  h.controller_->ResyncNow();
  h.Settle();
  EXPECT_OK(h.Repository("deploy-stash-demo"));
  EXPECT_OK(h.BackupConfiguration("deploy-stash-demo"));
  EXPECT_EQ(h.EventsWithReason("Auto Backup Resources Creation Succeeded").size(), 1u);
}

}  // namespace
}  // namespace reference
