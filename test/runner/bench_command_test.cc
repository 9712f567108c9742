// `stashsim bench` in process: each workload step on a small environment (what the reference
// writes, what remains, what the instrumented client sees), option validation, the JSON names
// and the end-state check.
#include "runner/bench_command.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sstream>

#include "reference/naming.h"
#include "reference/profile.h"
#include "runner/bench_environment.h"
#include "status_matchers.h"

namespace runner {
namespace {

using kube::IsOk;
using ::testing::HasSubstr;

class BenchEnvironmentTest : public ::testing::TestWithParam<reference::Profile> {
 protected:
  static WorkloadShape Shape() {
    WorkloadShape shape;
    shape.profile = GetParam();
    shape.targets = 30;
    shape.templates = 2;
    shape.namespaces = 3;
    return shape;
  }
  size_t Count(BenchEnvironment& env, const kube::GroupVersionKind& gvk) {
    auto count = env.CountObjects(gvk);
    EXPECT_THAT(count, IsOk());
    return count.ok() ? *count : 0;
  }
};

TEST_P(BenchEnvironmentTest, ColdStartThenTemplateChangeThenUnannotate) {
  BenchEnvironment env(Shape(), 1);
  ASSERT_THAT(env.CreateInputs(), IsOk());
  ASSERT_THAT(env.CreateTargets(0, 30), IsOk());
  ASSERT_THAT(env.StartController(), IsOk());
  ASSERT_THAT(env.Quiesce(), IsOk());
  EXPECT_EQ(Count(env, reference::RepositoryKind()), 30u);
  EXPECT_EQ(Count(env, reference::BackupConfigurationKind()), 30u);
  EXPECT_EQ(env.ControllerStats().reconciles, 30u);
  EXPECT_EQ(env.ControllerStats().failures, 0u);
  // One recognised reconcile per reconcile the controller ran, each with a latency.
  EXPECT_EQ(env.ReconcilesSeen(), 30u);
  EXPECT_EQ(env.TakeLatencies().size(), 30u);
  EXPECT_TRUE(env.TakeLatencies().empty());
  // Two creates per target, and the blueprint era's success Event.
  const uint64_t per_target = GetParam() == reference::Profile::kBlueprint ? 3 : 2;
  EXPECT_EQ(env.ReferenceWrites(), 30 * per_target);
  EXPECT_EQ(env.WatchEvents(), 0u);  // the informers listed the targets; nothing changed since

  ASSERT_THAT(env.ChangeTemplates(2), IsOk());
  ASSERT_THAT(env.Quiesce(), IsOk());
  EXPECT_EQ(env.ReferenceWrites(), 2 * 30 * per_target);
  EXPECT_EQ(env.ReconcilesSeen(), 60u);
  EXPECT_EQ(env.WatchEvents(), 2u);  // one per template
  kube::Object target = BenchTarget(Shape(), 1);
  auto repository =
      env.Cluster().Get(reference::RepositoryKind(), "bench-0001",
                        reference::GeneratedName(target.Kind(), target.Name(), GetParam()));
  ASSERT_THAT(repository, IsOk());
  EXPECT_THAT(repository->json().dump(), HasSubstr("stash-backup/r2/bench-0001/"));

  ASSERT_THAT(env.Unannotate(0, 30), IsOk());
  ASSERT_THAT(env.Quiesce(), IsOk());
  EXPECT_EQ(Count(env, reference::RepositoryKind()), 30u);
  EXPECT_EQ(Count(env, reference::BackupConfigurationKind()), 0u);
  EXPECT_EQ(env.WatchEvents(), 32u);
  EXPECT_EQ(env.TakeLatencies().size(), 60u);
}

TEST_P(BenchEnvironmentTest, DeletedTargetsLoseTheirBackupConfigurationsToGarbageCollection) {
  BenchEnvironment env(Shape(), 7);
  ASSERT_THAT(env.CreateInputs(), IsOk());
  ASSERT_THAT(env.StartController(), IsOk());
  for (size_t i = 0; i < 30; ++i) {  // arrival: one by one
    ASSERT_THAT(env.CreateTargets(i, i + 1), IsOk());
    ASSERT_THAT(env.Quiesce(), IsOk());
  }
  EXPECT_EQ(Count(env, reference::BackupConfigurationKind()), 30u);
  const uint64_t writes = env.ReferenceWrites();
  ASSERT_THAT(env.DeleteTargets(0, 30), IsOk());
  ASSERT_THAT(env.Quiesce(), IsOk());
  // Targets 9, 19 and 29 are AppBindings: in the template era their BackupConfigurations name
  // the owner as apiVersion v1, which the collector cannot resolve, so they stay.
  const size_t kept = GetParam() == reference::Profile::kTemplate ? 3 : 0;
  EXPECT_EQ(Count(env, reference::BackupConfigurationKind()), kept);
  EXPECT_EQ(ExpectedBackupConfigurations(BenchWorkload::kDelete, Shape()), kept);
  EXPECT_EQ(Count(env, reference::RepositoryKind()), 30u);
  EXPECT_EQ(env.ReferenceWrites(), writes);  // the garbage collector deletes, not the reference
}

INSTANTIATE_TEST_SUITE_P(BothProfiles, BenchEnvironmentTest,
                         ::testing::Values(reference::Profile::kTemplate,
                                           reference::Profile::kBlueprint));

TEST(BenchCommand, RejectsBadOptionsNamingTheOption) {
  BenchOptions options;
  options.shape.targets = 0;
  std::ostringstream out, err;
  EXPECT_EQ(RunBenchCommand(options, out, err), 2);
  EXPECT_THAT(err.str(), HasSubstr("--targets"));
  options.shape.targets = 10;
  options.shape.namespaces = 0;
  EXPECT_THAT(ValidateBenchOptions(options).value_or(""), HasSubstr("--namespaces"));
  options.shape.namespaces = 1;
  options.shape.templates = 0;
  EXPECT_THAT(ValidateBenchOptions(options).value_or(""), HasSubstr("--templates"));
  options.shape.templates = 1;
  EXPECT_FALSE(ValidateBenchOptions(options).has_value());
  options.json_path = "/nonexistent-directory/result.json";
  EXPECT_EQ(RunBenchCommand(options, out, err), 2);
  EXPECT_THAT(err.str(), HasSubstr("--json"));
}

TEST(BenchCommand, RunsAWorkloadAndWritesTheStableNames) {
  BenchOptions options;
  options.workload = BenchWorkload::kTemplateChange;
  options.shape.targets = 40;
  std::string error;
  std::ostringstream err;
  BenchResult result = RunBenchWorkload(options, err, error);
  ASSERT_EQ(error, "");
  EXPECT_FALSE(CheckBenchEndState(result).has_value()) << *CheckBenchEndState(result);
  EXPECT_GT(result.seconds, 0);
  EXPECT_GT(result.floor_ns_per_target, 0);
  EXPECT_EQ(result.reconciles, 40u);
  EXPECT_EQ(result.latency_samples, 40u);
  EXPECT_LE(*result.p50_us, *result.p99_us);
  EXPECT_LE(*result.p99_us, *result.p999_us);
  kube::Json json = kube::Json::parse(BenchResultJson(result));
  for (const char* key :
       {"workload", "targets", "templates", "namespaces", "seconds", "targets_per_second", "writes",
        "peak_rss_bytes", "bytes_per_object", "p50_us", "p99_us", "p999_us", "floor_ns_per_target",
        "floor_ratio", "commit", "machine"}) {
    EXPECT_TRUE(json.contains(key)) << key;
  }
  EXPECT_EQ(json["workload"], "template-change");
  EXPECT_EQ(json["targets"], 40);

  // The end-state check notices what a broken reference would leave.
  BenchResult broken = result;
  broken.backup_configurations = 39;
  EXPECT_THAT(CheckBenchEndState(broken).value_or(""), HasSubstr("BackupConfigurations"));
  broken = result;
  broken.writes = 79;
  EXPECT_THAT(CheckBenchEndState(broken).value_or(""), HasSubstr("writes"));
}

}  // namespace
}  // namespace runner
