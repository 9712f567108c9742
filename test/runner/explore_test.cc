// Exploration (runner/explore.h): the reference converges under seeded faults, the same seed
// replays byte for byte, and each fault-only mutant, which passes every calm run, is caught.
#include "runner/explore.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

#include "runner/suite.h"

namespace runner {
namespace {

using ::testing::IsEmpty;
using ::testing::Not;

const std::string kScenarios = STASHSIM_SCENARIOS_DIR;

std::vector<Scenario> Scenarios(const std::string& relative) {
  auto scenarios = LoadScenarios({kScenarios + "/" + relative});
  EXPECT_TRUE(scenarios.ok()) << scenarios.status().message();
  return scenarios.ok() ? *scenarios : std::vector<Scenario>{};
}

const Scenario* Find(const std::vector<Scenario>& scenarios, const std::string& id) {
  for (const Scenario& scenario : scenarios) {
    if (scenario.id == id) return &scenario;
  }
  return nullptr;
}

TEST(ExploreTest, TheSameSeedReplaysByteForByte) {
  std::vector<Scenario> scenarios = Scenarios("template/lifecycle");
  const Scenario* scenario = Find(scenarios, "TPL-LIFE-0011");
  ASSERT_NE(scenario, nullptr);
  ExploreOptions options;
  ExploreRun first = ExploreOne(*scenario, "stash-template", 5, ExploreFaultNames(), options);
  ExploreRun again = ExploreOne(*scenario, "stash-template", 5, ExploreFaultNames(), options);
  EXPECT_THAT(first.faults_fired, Not(IsEmpty()));
  EXPECT_THAT(first.fingerprint, Not(IsEmpty()));
  EXPECT_EQ(first.fingerprint, again.fingerprint);
  EXPECT_EQ(first.faults_fired, again.faults_fired);
  ExploreRun other = ExploreOne(*scenario, "stash-template", 6, ExploreFaultNames(), options);
  EXPECT_NE(first.fingerprint, other.fingerprint);
}

TEST(ExploreTest, TheReferenceConvergesUnderEveryDefaultFault) {
  std::vector<Scenario> scenarios = Scenarios("template/lifecycle");
  ExploreOptions options;
  options.seeds = 2;
  ExploreSummary summary = Explore(scenarios, Selection{}, options);
  EXPECT_GT(summary.runs, 0u);
  EXPECT_GT(summary.faults_fired, 0u);
  for (const ExploreRun& run : summary.failed) {
    ADD_FAILURE() << run.id << " seed " << run.seed << ": " << run.failures.front().message << "\n"
                  << run.replay_command;
  }
}

TEST(ExploreTest, EveryFaultOnlyMutantPassesCalmAndIsCaught) {
  std::vector<Scenario> scenarios = Scenarios("");
  for (const auto& [mutant, name] : FaultOnlyMutants()) {
    ExploreOptions options;
    options.seeds = 3;
    options.jobs = 2;
    options.mutants.Enable(mutant);
    ExploreSummary summary = Explore(scenarios, Selection{}, options);
    EXPECT_FALSE(summary.Passed()) << name << " survived " << summary.runs << " runs";
    for (const ExploreRun& run : summary.failed) {
      EXPECT_NE(run.seed, 0u) << name << " fails the calm run of " << run.id
                              << ": it is not fault-only";
    }
  }
}

TEST(ExploreTest, FaultNamesAreChecked) {
  EXPECT_TRUE(ExploreFaultPlan({"all"}).ok());
  EXPECT_TRUE(ExploreFaultPlan({"none"}).ok());
  auto unknown = ExploreFaultPlan({"conflict", "meteor"});
  ASSERT_FALSE(unknown.ok());
  EXPECT_THAT(unknown.status().message(), ::testing::HasSubstr("\"meteor\""));
  auto plan = ExploreFaultPlan({"crash", "uid-churn"});
  ASSERT_TRUE(plan.ok());
  EXPECT_GT(plan->crash_rate, 0);
  EXPECT_GT(plan->uid_churn_rate, 0);
  EXPECT_EQ(plan->conflict_rate, 0);
}

TEST(ExploreTest, FaultListsResolveAsTheCommandLineSays) {
  EXPECT_EQ(*ResolveExploreFaults({}), ExploreFaultNames());
  EXPECT_EQ(*ResolveExploreFaults({"crash", "all"}), ExploreFaultNames());
  EXPECT_THAT(*ResolveExploreFaults({"none"}), IsEmpty());
  EXPECT_EQ(*ResolveExploreFaults({"none", "crash", "conflict", "crash"}),
            (std::vector<std::string>{"crash", "conflict"}));
  auto unknown = ResolveExploreFaults({"crash", "meteor"});
  ASSERT_FALSE(unknown.ok());
  EXPECT_THAT(unknown.status().message(), ::testing::HasSubstr("\"meteor\""));
}

TEST(ExploreTest, MutantNamesParseIntoOneSet) {
  auto parsed = ParseMutants({"no-rewatch-after-cut", "no-owner-ref", "no-owner-ref"});
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed->Enabled(), (std::set<Mutant>{Mutant::kNoOwnerRef, Mutant::kNoRewatchAfterCut}));
  EXPECT_TRUE(ParseMutants({})->Empty());
  auto unknown = ParseMutants({"no-owner-ref", "gremlin"});
  ASSERT_FALSE(unknown.ok());
  EXPECT_THAT(unknown.status().message(), ::testing::HasSubstr("\"gremlin\""));
}

TEST(ExploreTest, AScenarioSaysWhichFaultsItMayRunUnder) {
  std::vector<Scenario> scenarios = Scenarios("");
  const Scenario* own_faults = Find(scenarios, "TPL-FLT-0001");
  ASSERT_NE(own_faults, nullptr);
  EXPECT_THAT(AllowedFaults(*own_faults), IsEmpty());
  const Scenario* opted_out = Find(scenarios, "TPL-LIFE-0015");
  ASSERT_NE(opted_out, nullptr);
  std::vector<std::string> allowed = AllowedFaults(*opted_out);
  EXPECT_EQ(std::count(allowed.begin(), allowed.end(), "uid-churn"), 0);
  EXPECT_EQ(std::count(allowed.begin(), allowed.end(), "crash"), 1);
  const Scenario* plain = Find(scenarios, "TPL-WL-0002");
  ASSERT_NE(plain, nullptr);
  EXPECT_EQ(AllowedFaults(*plain), ExploreFaultNames());
}

}  // namespace
}  // namespace runner
