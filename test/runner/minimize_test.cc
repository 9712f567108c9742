// Minimisation (runner/minimize.h): for every fault-only mutant, a failing exploration run
// shrinks to fewer fault kinds and single faults with the same first failure, and the
// reproducer it writes is a valid scenario that replays that failure on its own (and passes
// once the bug is gone).
#include "runner/minimize.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "runner/suite.h"
#include "temp_dir.h"

namespace runner {
namespace {

using ::testing::IsEmpty;
using ::testing::Not;

const std::string kScenarios = STASHSIM_SCENARIOS_DIR;

// Every fault-only mutant: its first failing run shrinks, and the reproducer replays it.
class MinimizeMutantTest : public ::testing::TestWithParam<Mutant> {};

TEST_P(MinimizeMutantTest, AFailureShrinksAndItsReproducerReplaysIt) {
  auto scenarios = LoadScenarios({kScenarios});
  ASSERT_TRUE(scenarios.ok()) << scenarios.status().message();
  ExploreOptions options;
  options.mutants.Enable(GetParam());
  options.jobs = 2;
  // The first failing run exploration finds with the mutant is the one to minimise.
  ExploreSummary found = Explore(*scenarios, Selection{}, options);
  ASSERT_FALSE(found.failed.empty());
  const ExploreRun& failing = found.failed.front();
  const Scenario* scenario = nullptr;
  for (const Scenario& s : *scenarios) {
    if (s.id == failing.id) scenario = &s;
  }
  ASSERT_NE(scenario, nullptr);
  const uint64_t seed = failing.seed;
  const std::vector<std::string>& faults = ExploreFaultNames();
  options.first_seed = seed;

  auto result = Minimize(*scenario, failing.profile, seed, faults, options);
  ASSERT_TRUE(result.ok()) << result.status().message();
  EXPECT_THAT(result->failure, Not(IsEmpty()));
  EXPECT_LE(result->kept_steps.size(), scenario->steps.size());
  EXPECT_LT(result->faults.size(), faults.size());
  EXPECT_GT(result->tries, 2u);
  // Single faults shrink too: fewer fire than did with the kinds left.
  ASSERT_TRUE(result->occurrences.has_value());
  EXPECT_THAT(*result->occurrences, Not(IsEmpty()));
  EXPECT_LE(result->occurrences->size(), result->occurrences_fired);
  EXPECT_TRUE(std::is_sorted(result->occurrences->begin(), result->occurrences->end()));

  stashsim_testing::TempDir dir;
  ASSERT_TRUE(dir.ok());
  std::string path = (dir.path() / "regressions" / "repro.yaml").string();
  std::filesystem::create_directories(dir.path() / "regressions");
  ASSERT_TRUE(WriteReproducer(*scenario, failing.profile, seed, *result, path).ok());
  auto loaded = LoadScenarios({path});  // the lint's checks included
  ASSERT_TRUE(loaded.ok()) << loaded.status().message();
  ASSERT_EQ(loaded->size(), 1u);
  const Scenario& reproducer = loaded->front();
  EXPECT_EQ(reproducer.id, scenario->id + "-REPRO-" + std::to_string(seed));
  EXPECT_EQ(reproducer.explore_seeds, std::vector<uint64_t>{seed});
  EXPECT_EQ(reproducer.steps.size(), result->kept_steps.size());
  EXPECT_EQ(reproducer.explore_occurrences, result->occurrences);

  // `explore` on the file alone replays the failure with the bug, and passes without it.
  ExploreSummary with_bug = Explore(*loaded, Selection{}, options);
  ASSERT_EQ(with_bug.failed.size(), 1u);
  EXPECT_EQ(with_bug.failed.front().seed, seed);
  EXPECT_EQ(with_bug.failed.front().failures.front().message, result->failure);
  ExploreOptions fixed = options;
  fixed.mutants = MutantSet();
  EXPECT_TRUE(Explore(*loaded, Selection{}, fixed).Passed());
}

std::vector<Mutant> FaultOnly() {
  std::vector<Mutant> mutants;
  for (const auto& [mutant, name] : FaultOnlyMutants()) mutants.push_back(mutant);
  return mutants;
}

std::string MutantTestName(const ::testing::TestParamInfo<Mutant>& info) {
  std::string name(MutantName(info.param));
  std::replace(name.begin(), name.end(), '-', '_');
  return name;
}

INSTANTIATE_TEST_SUITE_P(FaultOnlyMutants, MinimizeMutantTest, ::testing::ValuesIn(FaultOnly()),
                         MutantTestName);

TEST(MinimizeTest, ARunThatPassesIsAnError) {
  auto scenarios = LoadScenarios({kScenarios + "/blueprint"});
  ASSERT_TRUE(scenarios.ok());
  const Scenario& scenario = scenarios->front();
  auto result =
      Minimize(scenario, scenario.profiles.front(), 1, ExploreFaultNames(), ExploreOptions{});
  ASSERT_FALSE(result.ok());
  EXPECT_THAT(result.status().message(), ::testing::HasSubstr("does not fail"));
}

}  // namespace
}  // namespace runner
