// Determinism and faults (fake-apiserver.md section 6): one seeded random source and a virtual
// clock make the same seed and operations produce byte-identical stores and write logs; each
// seeded fault (conflicts, server errors, stale reads, cut watches, expired re-watches, delayed
// garbage collection) can be switched on alone.
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "cluster_fixture.h"

namespace fakecluster_test {
namespace {

using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::Not;
using ::testing::SizeIs;

// A run of the same operations against a cluster of its own (own clock).
struct RunResult {
  std::string store;
  std::string write_log;
  std::string trace;                             // the outcome of every call, in order
  std::vector<fakecluster::FaultRecord> faults;  // every fault injected
};

// The kinds of fault ("conflict", "stale-read", ...) that fired in a run.
std::set<std::string> FaultKinds(const std::vector<fakecluster::FaultRecord>& faults) {
  std::set<std::string> kinds;
  for (const auto& fault : faults) kinds.insert(fault.fault);
  return kinds;
}

// Exercises everything that draws randomness or reads the clock: uids, generateName, GC (with
// delays), namespace cleanup, watches and injected faults.
RunResult RunScenario(uint64_t seed, const fakecluster::FaultPlan& faults = {}) {
  kube::VirtualClock clock;
  fakecluster::ClusterOptions options;
  options.seed = seed;
  options.faults = faults;
  fakecluster::FakeCluster cluster(clock, options);
  std::string trace;
  auto note = [&trace](const kube::Status& status) { trace += status.ToString() + "\n"; };

  note(cluster.Create(Namespace("team")).status());
  auto owner = cluster.Create(Deployment("team", "web"));
  note(owner.status());
  for (int i = 0; i < 4; ++i) {
    kube::Object rs = ObjectOf(kReplicaSetGvk, "team", "");
    rs.MutableMetadata().erase("name");
    rs.MutableMetadata()["generateName"] = "web-";
    if (owner.ok()) rs.SetOwnerReferences({RefTo(*owner, true)});
    note(cluster.Create(rs).status());
    clock.Advance(1500);
  }
  note(cluster.Create(Repository("team", "repo")).status());
  note(cluster
           .Patch(kRepositoryGvk, "team", "repo", kube::PatchType::kMerge,
                  R"({"metadata":{"labels":{"a":"b"}}})", {})
           .status());
  kube::PatchOptions apply;
  apply.field_manager = "stash";
  note(cluster
           .Patch(kConfigMapGvk, "default", "applied", kube::PatchType::kApply,
                  "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: applied}\ndata: {k: v}\n",
                  apply)
           .status());
  auto list = cluster.List(kReplicaSetGvk, {});
  note(list.status());
  auto watch = cluster.Watch(kReplicaSetGvk, {});
  note(watch.status());

  kube::DeleteOptions foreground;
  foreground.propagation = kube::PropagationPolicy::kForeground;
  note(cluster.Delete(kDeploymentGvk, "team", "web", foreground));
  for (int step = 0; step < 20; ++step) {
    clock.Advance(700);
    cluster.RunControllers();
  }
  note(cluster.Delete(kNamespaceGvk, "", "team"));
  clock.Advance(60'000);
  cluster.RunControllers();
  if (watch.ok()) {
    for (const auto& event : Drain(**watch)) trace += Describe(event) + "\n";
  }
  return {cluster.DumpStore(), cluster.DumpWriteLog(), trace, cluster.FaultLog()};
}

TEST(DeterminismTest, SameSeedAndOperationsGiveByteIdenticalResults) {
  RunResult first = RunScenario(42);
  RunResult second = RunScenario(42);
  EXPECT_EQ(first.store, second.store);
  EXPECT_EQ(first.write_log, second.write_log);
  EXPECT_EQ(first.trace, second.trace);
  EXPECT_THAT(first.write_log, ::testing::HasSubstr("garbage-collector"));
}

TEST(DeterminismTest, SameSeedWithFaultsGivesByteIdenticalResults) {
  fakecluster::FaultPlan faults;
  faults.conflict_rate = 0.3;
  faults.server_error_rate = 0.2;
  faults.stale_read_rate = 0.5;
  faults.watch_cut_rate = 0.1;
  faults.gc_delay_max_ms = 3000;
  RunResult first = RunScenario(7, faults);
  RunResult second = RunScenario(7, faults);
  EXPECT_EQ(first.store, second.store);
  EXPECT_EQ(first.write_log, second.write_log);
  EXPECT_EQ(first.trace, second.trace);
  // The faults did fire (a run they all missed would prove nothing), and identically.
  EXPECT_THAT(FaultKinds(first.faults), ::testing::IsSupersetOf({"server-error", "stale-read"}));
  EXPECT_THAT(first.trace, ::testing::HasSubstr("injected fault"));
  ASSERT_EQ(first.faults.size(), second.faults.size());
  for (size_t i = 0; i < first.faults.size(); ++i) {
    EXPECT_EQ(first.faults[i].fault + first.faults[i].verb + first.faults[i].name,
              second.faults[i].fault + second.faults[i].verb + second.faults[i].name);
  }
  // Without faults the same run differs: the faults changed what happened.
  EXPECT_NE(RunScenario(7).trace, first.trace);
  EXPECT_THAT(RunScenario(7).faults, ::testing::IsEmpty());
}

TEST(DeterminismTest, DifferentSeedsGiveDifferentUidsAndGeneratedNames) {
  kube::VirtualClock clock;
  fakecluster::ClusterOptions one;
  one.seed = 1;
  fakecluster::ClusterOptions two;
  two.seed = 2;
  fakecluster::FakeCluster a(clock, one);
  fakecluster::FakeCluster b(clock, two);
  kube::Object request = ConfigMap("default", "");
  request.MutableMetadata().erase("name");
  request.MutableMetadata()["generateName"] = "gen-";

  auto from_a = a.Create(request);
  auto from_b = b.Create(request);

  ASSERT_OK(from_a);
  ASSERT_OK(from_b);
  EXPECT_NE(from_a->Uid(), from_b->Uid());
  EXPECT_NE(from_a->Name(), from_b->Name());
  EXPECT_NE(a.DumpStore(), b.DumpStore());
  EXPECT_NE(RunScenario(1).store, RunScenario(2).store);
}

TEST(DeterminismTest, DumpStoreIsSortedByApiVersionKindNamespaceName) {
  kube::VirtualClock clock;
  fakecluster::ClusterOptions options;
  options.load_stash_crds = false;
  fakecluster::FakeCluster cluster(clock, options);
  ASSERT_OK(cluster.Create(ConfigMap("kube-system", "b")));
  ASSERT_OK(cluster.Create(ConfigMap("default", "z")));
  ASSERT_OK(cluster.Create(Deployment("default", "a")));

  std::vector<std::string> lines;
  std::string dump = cluster.DumpStore();
  for (size_t start = 0, end; (end = dump.find('\n', start)) != std::string::npos;
       start = end + 1) {
    kube::Object object(Json::parse(dump.substr(start, end - start)));
    lines.push_back(object.ApiVersion() + " " + object.Kind() + " " + object.Key());
  }
  EXPECT_THAT(lines, ElementsAre("apps/v1 Deployment default/a", "v1 ConfigMap default/z",
                                 "v1 ConfigMap kube-system/b", "v1 Namespace default",
                                 "v1 Namespace kube-system"));
}

// ---------------------------------------------------------------------------------------------
// faults

class FaultsTest : public ClusterTest {
 protected:
  FaultsTest() {
    MustCreate(ConfigMap("default", "cm", {{"v", "0"}}));
    MustCreate(Repository("default", "repo"));
  }

  void SetFaults(const std::function<void(fakecluster::FaultPlan&)>& edit) {
    fakecluster::FaultPlan plan;
    edit(plan);
    cluster().SetFaults(plan);
  }
};

TEST_F(FaultsTest, NoFaultsByDefault) {
  for (int i = 0; i < 50; ++i) {
    ASSERT_OK(cluster().Get(kConfigMapGvk, "default", "cm"));
    ASSERT_OK(cluster().Patch(kConfigMapGvk, "default", "cm", kube::PatchType::kMerge,
                              Json{{"data", {{"v", std::to_string(i)}}}}.dump(), {}));
  }
}

TEST_F(FaultsTest, ConflictRateOneMakesEveryUpdateAndPatchConflict) {
  kube::Object cm = MustGet(kConfigMapGvk, "default", "cm");
  std::string dump = cluster().DumpStore();
  SetFaults([](auto& plan) { plan.conflict_rate = 1; });

  cm.json()["data"]["v"] = "1";
  EXPECT_THAT(cluster().Update(cm), kube::StatusIs(kube::StatusReason::kConflict));
  EXPECT_THAT(cluster().UpdateStatus(MustGet(kRepositoryGvk, "default", "repo"), {}),
              kube::StatusIs(kube::StatusReason::kConflict));
  EXPECT_THAT(cluster().Patch(kConfigMapGvk, "default", "cm", kube::PatchType::kMerge,
                              R"({"data":{"v":"2"}})", {}),
              kube::StatusIs(kube::StatusReason::kConflict));
  EXPECT_EQ(cluster().DumpStore(), dump);

  // Reads, creates and deletes are not updates.
  EXPECT_OK(cluster().Get(kConfigMapGvk, "default", "cm"));
  EXPECT_OK(cluster().Create(ConfigMap("default", "new")));
  EXPECT_OK(cluster().Delete(kConfigMapGvk, "default", "new"));

  cluster().SetFaults({});
  EXPECT_OK(cluster().Update(cm));
}

TEST_F(FaultsTest, ServerErrorRateOneFailsEveryVerbWith429Or500Or503) {
  std::string dump = cluster().DumpStore();
  SetFaults([](auto& plan) { plan.server_error_rate = 1; });

  std::set<int> codes;
  for (int i = 0; i < 60; ++i) {
    auto got = cluster().Get(kConfigMapGvk, "default", "cm");
    ASSERT_FALSE(got.ok());
    codes.insert(got.status().code());
    if (got.status().code() == 429) {
      EXPECT_EQ(got.status().details().retry_after_seconds, 1);
    }
  }
  EXPECT_EQ(codes, (std::set<int>{429, 500, 503}));

  std::vector<kube::Status> others = {
      cluster().List(kConfigMapGvk, {}).status(),
      cluster().Create(ConfigMap("default", "new")).status(),
      cluster().Update(ConfigMap("default", "cm", {{"v", "9"}})).status(),
      cluster().Patch(kConfigMapGvk, "default", "cm", kube::PatchType::kMerge, "{}", {}).status(),
      cluster().Delete(kConfigMapGvk, "default", "cm"),
      cluster().Watch(kConfigMapGvk, {}).status()};
  for (const auto& status : others) {
    EXPECT_THAT(status.code(), ::testing::AnyOf(429, 500, 503)) << status.ToString();
  }
  EXPECT_EQ(cluster().DumpStore(), dump);
}

TEST_F(FaultsTest, FaultDecisionsFollowTheSeed) {
  auto outcomes = [](uint64_t seed) {
    kube::VirtualClock clock;
    fakecluster::ClusterOptions options;
    options.seed = seed;
    options.faults.server_error_rate = 0.5;
    fakecluster::FakeCluster cluster(clock, options);
    std::string out;
    for (int i = 0; i < 64; ++i) {
      out += std::to_string(cluster.Get(kNamespaceGvk, "", "default").status().code()) + " ";
    }
    return out;
  };
  EXPECT_EQ(outcomes(5), outcomes(5));
  EXPECT_NE(outcomes(5), outcomes(6));
  EXPECT_THAT(outcomes(5), ::testing::HasSubstr("200"));
}

TEST_F(FaultsTest, StaleReadsServeAnOlderState) {
  std::map<std::string, std::string> value_at;  // resourceVersion -> data.v stored then
  value_at[MustGet(kConfigMapGvk, "default", "cm").ResourceVersion()] = "0";
  for (int v = 1; v <= 5; ++v) {
    auto patched = cluster().Patch(kConfigMapGvk, "default", "cm", kube::PatchType::kMerge,
                                   Json{{"data", {{"v", std::to_string(v)}}}}.dump(), {});
    ASSERT_OK(patched);
    value_at[patched->ResourceVersion()] = std::to_string(v);
  }
  SetFaults([](auto& plan) {
    plan.stale_read_rate = 1;
    plan.stale_read_max_lag = 5;
  });

  std::set<std::string> seen;
  for (int i = 0; i < 40; ++i) {
    kube::Object cm = MustGet(kConfigMapGvk, "default", "cm");
    // Every answer is a state that was stored, at most five writes ago.
    ASSERT_TRUE(value_at.count(cm.ResourceVersion())) << cm.ResourceVersion();
    EXPECT_EQ(cm.json()["data"]["v"], value_at[cm.ResourceVersion()]);
    seen.insert(cm.json()["data"]["v"].get<std::string>());
  }
  EXPECT_THAT(seen, Contains(Not("5")));
  EXPECT_THAT(FaultKinds(cluster().FaultLog()), Contains("stale-read"));

  std::set<std::string> list_versions;
  for (int i = 0; i < 20; ++i) {
    auto list = cluster().List(kConfigMapGvk, {});
    ASSERT_OK(list);
    list_versions.insert(list->resource_version);
  }
  EXPECT_GT(list_versions.size(), 1u);

  cluster().SetFaults({});
  EXPECT_EQ(MustGet(kConfigMapGvk, "default", "cm").json()["data"]["v"], "5");
}

TEST_F(FaultsTest, StaleReadCanMissAnObjectJustCreated) {
  SetFaults([](auto& plan) {
    plan.stale_read_rate = 1;
    plan.stale_read_max_lag = 1;
  });
  int missing = 0;
  for (int i = 0; i < 20; ++i) {
    std::string name = "fresh-" + std::to_string(i);
    MustCreate(ConfigMap("default", name));
    if (!Exists(kConfigMapGvk, "default", name)) ++missing;
  }
  int stale_reads = 0;
  for (const auto& fault : cluster().FaultLog()) stale_reads += fault.fault == "stale-read";
  EXPECT_EQ(stale_reads, missing) << "every miss is a recorded stale read, and only those";
  EXPECT_GT(missing, 0);
  EXPECT_LT(missing, 20);
}

TEST_F(FaultsTest, StaleReadNeverLagsPastTheRetainedHistory) {
  fakecluster::ClusterOptions options;
  options.watch_history_size = 2;
  options.faults.stale_read_rate = 1;
  options.faults.stale_read_max_lag = 5;
  Reset(options);
  cluster().SetFaults({});
  MustCreate(ConfigMap("default", "old"));
  for (int i = 0; i < 5; ++i) MustCreate(ConfigMap("default", "other-" + std::to_string(i)));
  cluster().SetFaults(options.faults);

  // Lags beyond the two retained writes cannot be served, so they read the current state.
  for (int i = 0; i < 30; ++i) EXPECT_OK(cluster().Get(kConfigMapGvk, "default", "old")) << i;
  // Stale reads were drawn and served within the history (lags of one or two), so the test
  // did exercise the fault, and none lagged past the retained writes.
  size_t stale = cluster().FaultLog().size();
  EXPECT_GT(stale, 0u);
  EXPECT_LT(stale, 30u);
}

TEST_F(FaultsTest, WatchCutRateOneClosesTheStreamAfterAnEvent) {
  SetFaults([](auto& plan) { plan.watch_cut_rate = 1; });
  auto stream = MustWatch(kConfigMapGvk, WatchFrom(Rv()));

  MustCreate(ConfigMap("default", "one"));
  MustCreate(ConfigMap("default", "two"));

  EXPECT_TRUE(stream->Closed());
  EXPECT_THAT(DrainDescribed(*stream), ElementsAre("ADDED default/one"));
}

TEST_F(FaultsTest, RewatchExpiredRateOneAnswersEveryResumeWith410) {
  std::string rv = Rv();
  SetFaults([](auto& plan) { plan.rewatch_expired_rate = 1; });

  auto resumed = MustWatch(kConfigMapGvk, WatchFrom(rv));
  auto events = Drain(*resumed);
  ASSERT_THAT(events, SizeIs(1));
  EXPECT_EQ(events[0].type, kube::WatchEventType::kError);
  EXPECT_EQ(events[0].object.json()["code"], 410);
  EXPECT_TRUE(resumed->Closed());

  // A watch without a resourceVersion is not a resume.
  auto fresh = MustWatch(kConfigMapGvk);
  EXPECT_THAT(DrainDescribed(*fresh), ElementsAre("ADDED default/cm"));
}

TEST_F(FaultsTest, GcDelayHoldsCollectionUntilTheClockAdvances) {
  SetFaults([](auto& plan) { plan.gc_delay_max_ms = 10'000; });
  kube::Object owner = MustCreate(ConfigMap("default", "owner"));
  for (int i = 0; i < 6; ++i) {
    MustCreate(WithOwners(ConfigMap("default", "dep-" + std::to_string(i)), {RefTo(owner)}));
  }
  cluster().RunControllers();  // the creations' checks, delayed as well
  clock_.Advance(10'000);
  cluster().RunControllers();
  ASSERT_OK(cluster().Delete(kConfigMapGvk, "default", "owner"));

  cluster().RunControllers();
  int left = 0;
  for (int i = 0; i < 6; ++i) left += Exists(kConfigMapGvk, "default", "dep-" + std::to_string(i));
  EXPECT_GT(left, 0);
  ASSERT_TRUE(cluster().NextControllerWakeup().has_value());
  EXPECT_GT(*cluster().NextControllerWakeup(), clock_.Now());
  EXPECT_LE(*cluster().NextControllerWakeup(), clock_.Now() + 10'000);

  // Driving the clock to each wakeup collects the dependents one due time after another.
  kube::TimeMillis deadline = clock_.Now() + 10'000;
  while (auto wakeup = cluster().NextControllerWakeup()) {
    ASSERT_LE(*wakeup, deadline);
    clock_.AdvanceTo(*wakeup);
    cluster().RunControllers();
  }
  for (int i = 0; i < 6; ++i) {
    EXPECT_FALSE(Exists(kConfigMapGvk, "default", "dep-" + std::to_string(i))) << i;
  }
}

TEST_F(FaultsTest, FaultsAreSwitchedOffByAnEmptyPlan) {
  SetFaults([](auto& plan) {
    plan.server_error_rate = 1;
    plan.conflict_rate = 1;
  });
  EXPECT_FALSE(cluster().Get(kConfigMapGvk, "default", "cm").ok());
  cluster().SetFaults({});
  EXPECT_TRUE(fakecluster::FaultPlan{}.Empty());
  EXPECT_OK(cluster().Get(kConfigMapGvk, "default", "cm"));
  EXPECT_OK(cluster().Patch(kConfigMapGvk, "default", "cm", kube::PatchType::kMerge,
                            R"({"data":{"v":"1"}})", {}));
}

}  // namespace
}  // namespace fakecluster_test
