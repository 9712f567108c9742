// The faults exploration adds to FaultPlan (fake-apiserver.md section 6): a crash of the faulted
// actor after a write, the replacement of an owner under the same name (uid churn), coalesced
// and delayed watch events; the resourceVersion and occurrence number each fault is recorded
// at; firing only named occurrences; pausing the seeded faults while aimed errors keep counting.
#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "cluster_fixture.h"

namespace fakecluster_test {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::SizeIs;

class ExploreFaultsTest : public ClusterTest {
 protected:
  // Faults for the actor "impl"; the test's own client ("tester") is never hit.
  void Plan(fakecluster::FaultPlan plan, uint64_t seed = 1) {
    fakecluster::ClusterOptions options;
    options.seed = seed;
    plan.only_actor = "impl";
    options.faults = std::move(plan);
    Reset(options);
    impl_ = cluster().ClientFor("impl");
    tester_ = cluster().ClientFor("tester");
  }

  std::vector<std::string> FaultNames() {
    std::vector<std::string> names;
    for (const auto& fault : cluster().FaultLog()) names.push_back(fault.fault);
    return names;
  }

  std::unique_ptr<kube::Client> impl_;
  std::unique_ptr<kube::Client> tester_;
};

TEST_F(ExploreFaultsTest, ACrashAfterAWriteBlocksTheActorUntilTaken) {
  fakecluster::FaultPlan plan;
  plan.crash_rate = 1;
  Plan(plan);
  ASSERT_OK(impl_->Create(ConfigMap("default", "a")));  // the write stands
  EXPECT_TRUE(Exists(kConfigMapGvk, "default", "a"));
  EXPECT_THAT(impl_->Get(kConfigMapGvk, "default", "a"),
              kube::StatusIs(kube::StatusReason::kServiceUnavailable));
  EXPECT_OK(tester_->Get(kConfigMapGvk, "default", "a"));  // other actors are served
  EXPECT_TRUE(cluster().TakeCrash());
  EXPECT_FALSE(cluster().TakeCrash());  // once
  EXPECT_OK(impl_->Get(kConfigMapGvk, "default", "a"));
  ASSERT_THAT(cluster().FaultLog(), SizeIs(1));
  EXPECT_EQ(cluster().FaultLog()[0].fault, "crash");
  EXPECT_EQ(cluster().FaultLog()[0].name, "a");
  EXPECT_EQ(cluster().FaultLog()[0].resource_version, cluster().CurrentResourceVersion());
}

TEST_F(ExploreFaultsTest, ACrashNeedsATargetedActor) {
  fakecluster::ClusterOptions options;
  options.faults.crash_rate = 1;  // no only_actor: nobody to restart
  Reset(options);
  ASSERT_OK(cluster().Create(ConfigMap("default", "a")));
  EXPECT_OK(cluster().Get(kConfigMapGvk, "default", "a"));
  EXPECT_FALSE(cluster().TakeCrash());
}

TEST_F(ExploreFaultsTest, UidChurnReplacesTheOwnerBeforeTheWrite) {
  fakecluster::FaultPlan plan;
  plan.uid_churn_rate = 1;
  Plan(plan);
  kube::Object owner = MustCreate(Deployment("default", "web"));
  ASSERT_OK(impl_->Create(WithOwners(ConfigMap("default", "dependent"), {RefTo(owner)})));
  kube::Object now = MustGet(kDeploymentGvk, "default", "web");
  EXPECT_NE(now.Uid(), owner.Uid());
  // The dependent was written as asked, pointing at the uid that is gone.
  kube::Object dependent = MustGet(kConfigMapGvk, "default", "dependent");
  ASSERT_THAT(dependent.OwnerReferences(), SizeIs(1));
  EXPECT_EQ(dependent.OwnerReferences()[0].uid, owner.Uid());
  ASSERT_THAT(cluster().FaultLog(), SizeIs(1));
  EXPECT_EQ(cluster().FaultLog()[0].fault, "uid-churn");
  EXPECT_EQ(cluster().FaultLog()[0].verb, "create");
  EXPECT_EQ(cluster().FaultLog()[0].kind, "Deployment");
  EXPECT_EQ(cluster().FaultLog()[0].name, "web");
  // A patch churns the owner the stored object names, when that is still the current one.
  ASSERT_OK(tester_->Create(WithOwners(ConfigMap("default", "second"), {RefTo(now)})));
  ASSERT_OK(impl_->Patch(kConfigMapGvk, "default", "second", kube::PatchType::kMerge,
                         R"({"data":{"k":"v"}})", {}));
  kube::Object after_patch = MustGet(kDeploymentGvk, "default", "web");
  EXPECT_NE(after_patch.Uid(), now.Uid());
  // The first dependent names a uid that is gone: patching it churns nothing.
  ASSERT_OK(impl_->Patch(kConfigMapGvk, "default", "dependent", kube::PatchType::kMerge,
                         R"({"data":{"k":"v"}})", {}));
  EXPECT_EQ(MustGet(kDeploymentGvk, "default", "web").Uid(), after_patch.Uid());
  EXPECT_THAT(cluster().FaultLog(), SizeIs(2));
}

TEST_F(ExploreFaultsTest, UidChurnLeavesAnOwnerWithFinalizersAlone) {
  fakecluster::FaultPlan plan;
  plan.uid_churn_rate = 1;
  Plan(plan);
  kube::Object deployment = Deployment("default", "web");
  deployment.json()["metadata"]["finalizers"] = Json::array({"example.com/keep"});
  kube::Object owner = MustCreate(deployment);
  ASSERT_OK(impl_->Create(WithOwners(ConfigMap("default", "dependent"), {RefTo(owner)})));
  EXPECT_EQ(MustGet(kDeploymentGvk, "default", "web").Uid(), owner.Uid());
  EXPECT_THAT(cluster().FaultLog(), IsEmpty());
}

TEST_F(ExploreFaultsTest, CoalescedEventsShowOnlyTheLaterState) {
  fakecluster::FaultPlan plan;
  plan.watch_coalesce_rate = 1;
  Plan(plan);
  ASSERT_OK(tester_->Create(ConfigMap("default", "a", {{"v", "0"}})));
  auto impl_stream = impl_->Watch(kConfigMapGvk, WatchFrom(Rv()));
  ASSERT_OK(impl_stream);
  auto tester_stream = tester_->Watch(kConfigMapGvk, WatchFrom(Rv()));
  ASSERT_OK(tester_stream);
  for (const char* value : {"1", "2", "3"}) {
    ASSERT_OK(tester_->Patch(kConfigMapGvk, "default", "a", kube::PatchType::kMerge,
                             std::string(R"({"data":{"v":")") + value + "\"}}", {}));
  }
  std::vector<kube::WatchEvent> seen = Drain(**impl_stream);
  ASSERT_THAT(seen, SizeIs(1));
  EXPECT_EQ(seen[0].object.json()["data"]["v"], "3");
  // A watcher of another actor sees every event.
  EXPECT_THAT(DrainDescribed(**tester_stream),
              ElementsAre("MODIFIED default/a", "MODIFIED default/a", "MODIFIED default/a"));
  EXPECT_THAT(FaultNames(), ElementsAre("watch-coalesce", "watch-coalesce"));
}

TEST_F(ExploreFaultsTest, PausedFaultsDrawNothingAndAimedErrorsKeepCounting) {
  fakecluster::FaultPlan plan;
  plan.server_error_rate = 1;
  fakecluster::AimedError aimed;
  aimed.verb = "delete";
  aimed.kind = "ConfigMap";
  aimed.nth = 2;
  aimed.code = 500;
  plan.errors.push_back(aimed);
  Plan(plan);
  // A server error, drawn from the seed.
  EXPECT_THAT(impl_->Get(kConfigMapGvk, "default", "x"), ::testing::Not(kube::IsOk()));
  cluster().SetRandomFaultsPaused(true);
  for (const char* name : {"a", "b"}) ASSERT_OK(tester_->Create(ConfigMap("default", name)));
  EXPECT_OK(impl_->Delete(kConfigMapGvk, "default", "a", {}));  // 1st delete
  cluster().SetRandomFaultsPaused(false);
  cluster().SetRandomFaultsPaused(true);
  EXPECT_THAT(impl_->Delete(kConfigMapGvk, "default", "b", {}),
              kube::StatusIs(kube::StatusReason::kInternalError));  // 2nd delete: aimed
  EXPECT_THAT(impl_->Get(kConfigMapGvk, "default", "b"), kube::IsOk());
  cluster().SetRandomFaultsPaused(false);
  EXPECT_THAT(impl_->Get(kConfigMapGvk, "default", "b"), ::testing::Not(kube::IsOk()));
  EXPECT_THAT(FaultNames(), ElementsAre("server-error", "aimed-error", "server-error"));
}

TEST_F(ExploreFaultsTest, DelayedEventsArriveInOrderWhenTheirTimeComes) {
  fakecluster::FaultPlan plan;
  plan.watch_delay_rate = 1;
  plan.watch_delay_max_ms = 1000;
  Plan(plan);
  auto impl_stream = impl_->Watch(kConfigMapGvk, WatchFrom(Rv()));
  ASSERT_OK(impl_stream);
  auto tester_stream = tester_->Watch(kConfigMapGvk, WatchFrom(Rv()));
  ASSERT_OK(tester_stream);
  ASSERT_OK(tester_->Create(ConfigMap("default", "a", {{"v", "0"}})));
  ASSERT_OK(tester_->Patch(kConfigMapGvk, "default", "a", kube::PatchType::kMerge,
                           R"({"data":{"v":"1"}})", {}));
  // Another actor's watcher is not delayed; the faulted one sees nothing yet.
  EXPECT_THAT(DrainDescribed(**tester_stream),
              ElementsAre("ADDED default/a", "MODIFIED default/a"));
  EXPECT_THAT(Drain(**impl_stream), IsEmpty());
  std::optional<kube::TimeMillis> due = cluster().NextControllerWakeup();
  ASSERT_TRUE(due.has_value());
  EXPECT_GT(*due, clock_.Now());
  EXPECT_LE(*due, clock_.Now() + 1000);
  EXPECT_FALSE(cluster().HasPendingControllerWork());
  // Run the clock through every hold: both events, in their order.
  clock_.AdvanceTo(clock_.Now() + 2000);
  EXPECT_TRUE(cluster().HasPendingControllerWork());
  EXPECT_TRUE(cluster().RunControllers());
  std::vector<kube::WatchEvent> seen = Drain(**impl_stream);
  ASSERT_THAT(seen, SizeIs(2));
  EXPECT_EQ(seen[0].type, kube::WatchEventType::kAdded);
  EXPECT_EQ(seen[1].object.json()["data"]["v"], "1");
  EXPECT_THAT(FaultNames(), ElementsAre("watch-delay", "watch-delay"));
}

TEST_F(ExploreFaultsTest, OnlyTheNamedOccurrencesOfDrawnFaultsFire) {
  fakecluster::FaultPlan plan;
  plan.server_error_rate = 1;  // every request draws a fault: occurrence n is request n
  plan.only_occurrences = std::vector<uint64_t>{2, 4};
  Plan(plan);
  ASSERT_OK(tester_->Create(ConfigMap("default", "a")));
  std::vector<bool> served;
  for (int i = 0; i < 5; ++i) served.push_back(impl_->Get(kConfigMapGvk, "default", "a").ok());
  EXPECT_THAT(served, ElementsAre(true, false, true, false, true));
  std::vector<uint64_t> occurrences;
  for (const auto& fault : cluster().FaultLog()) occurrences.push_back(fault.occurrence);
  EXPECT_THAT(occurrences, ElementsAre(2, 4));
}

TEST_F(ExploreFaultsTest, SparingOccurrencesKeepsTheOtherDraws) {
  // A plan whose draws all fire, then the same seed with only the ones it fired: the same run.
  fakecluster::FaultPlan plan;
  plan.server_error_rate = 0.3;
  plan.conflict_rate = 0.5;
  auto run = [&](std::optional<std::vector<uint64_t>> only) {
    fakecluster::FaultPlan faults = plan;
    faults.only_occurrences = std::move(only);
    Plan(faults, 7);
    ASSERT_OK(tester_->Create(ConfigMap("default", "a")));
    for (int i = 0; i < 20; ++i) {
      (void)impl_->Get(kConfigMapGvk, "default", "a");
      (void)impl_->Patch(kConfigMapGvk, "default", "a", kube::PatchType::kMerge,
                         kube::Json{{"data", {{"n", std::to_string(i)}}}}.dump(), {});
    }
  };
  run(std::nullopt);
  std::vector<fakecluster::FaultRecord> all = cluster().FaultLog();
  ASSERT_THAT(all, SizeIs(::testing::Ge(4u)));
  std::vector<uint64_t> fired;
  for (const auto& fault : all) fired.push_back(fault.occurrence);
  EXPECT_TRUE(std::is_sorted(fired.begin(), fired.end()));
  EXPECT_EQ(fired.front(), 1u);
  run(fired);
  EXPECT_EQ(cluster().FaultLog().size(), all.size());
  // Sparing the first leaves later draws numbered as before.
  std::vector<uint64_t> later(fired.begin() + 1, fired.end());
  run(later);
  ASSERT_FALSE(cluster().FaultLog().empty());
  EXPECT_GE(cluster().FaultLog().front().occurrence, 2u);
  for (const auto& fault : cluster().FaultLog()) {
    EXPECT_TRUE(std::binary_search(later.begin(), later.end(), fault.occurrence));
  }
}

// ListOptions.resource_version and resource_version_match, as kube-apiserver reads them.
TEST_F(ExploreFaultsTest, ListsHonourTheResourceVersionTheyAskFor) {
  Plan(fakecluster::FaultPlan{});
  ASSERT_OK(tester_->Create(ConfigMap("default", "a")));
  const std::string after_a = Rv();
  ASSERT_OK(tester_->Create(ConfigMap("default", "b")));
  kube::ListOptions exact;
  exact.namespace_name = "default";
  exact.resource_version = after_a;
  exact.resource_version_match = "Exact";
  auto at_a = impl_->List(kConfigMapGvk, exact);
  ASSERT_OK(at_a);
  EXPECT_THAT(Keys(*at_a), ElementsAre("default/a"));
  EXPECT_EQ(at_a->resource_version, after_a);
  kube::ListOptions not_older = exact;
  not_older.resource_version_match = "";
  auto now = impl_->List(kConfigMapGvk, not_older);
  ASSERT_OK(now);
  EXPECT_THAT(Keys(*now), ElementsAre("default/a", "default/b"));
  kube::ListOptions ahead = not_older;
  ahead.resource_version = std::to_string(cluster().CurrentResourceVersion() + 5);
  EXPECT_THAT(impl_->List(kConfigMapGvk, ahead), kube::StatusIs(kube::StatusReason::kTimeout));
  kube::ListOptions match_alone;
  match_alone.resource_version_match = "Exact";
  EXPECT_THAT(impl_->List(kConfigMapGvk, match_alone),
              kube::StatusIs(kube::StatusReason::kInvalid,
                             ::testing::HasSubstr("resourceVersionMatch is forbidden unless "
                                                  "resourceVersion is provided")));
  kube::ListOptions exact_zero = exact;
  exact_zero.resource_version = "0";
  EXPECT_THAT(impl_->List(kConfigMapGvk, exact_zero), kube::StatusIs(kube::StatusReason::kInvalid));
}

TEST_F(ExploreFaultsTest, CachedOnlyStaleReadsSpareConsistentReads) {
  fakecluster::FaultPlan plan;
  plan.stale_read_rate = 1;
  plan.stale_read_max_lag = 1;
  plan.stale_reads_cached_only = true;
  Plan(plan);
  ASSERT_OK(tester_->Create(ConfigMap("default", "a")));
  ASSERT_OK(tester_->Create(ConfigMap("default", "b")));
  kube::ListOptions consistent;
  consistent.namespace_name = "default";
  for (int i = 0; i < 5; ++i) {
    auto list = impl_->List(kConfigMapGvk, consistent);
    ASSERT_OK(list);
    EXPECT_THAT(Keys(*list), ElementsAre("default/a", "default/b"));
    EXPECT_OK(impl_->Get(kConfigMapGvk, "default", "b"));
  }
  EXPECT_THAT(cluster().FaultLog(), IsEmpty());
  kube::ListOptions any = consistent;
  any.resource_version = "0";
  size_t stale = 0;
  for (int i = 0; i < 10; ++i) {  // the lag drawn is 0 or 1 write
    auto cached = impl_->List(kConfigMapGvk, any);
    ASSERT_OK(cached);
    if (Keys(*cached).size() == 1) {
      EXPECT_THAT(Keys(*cached), ElementsAre("default/a"));  // one write behind
      ++stale;
    }
  }
  EXPECT_GT(stale, 0u);
  EXPECT_EQ(FaultNames(), std::vector<std::string>(stale, "stale-read"));
}

}  // namespace
}  // namespace fakecluster_test
