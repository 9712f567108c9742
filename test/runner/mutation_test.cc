// Mutation analysis (runner/mutation.h): a mutant is caught by the scenarios that fail with it,
// and the catching runs put first those that fail on something an external implementation can be
// checked against, so `mutants --impl ... --external-scenarios 1` tries one of those.
#include "runner/mutation.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "runner/suite.h"
#include "temp_dir.h"

namespace runner {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::Pair;

// A Deployment naming a missing template with one-part volume-mounts: the template era reports
// the volume-mounts error (spec 7). `expect` is the step's expectation block.
std::string OrderOfChecksScenario(const std::string& id, const std::string& features,
                                  const std::string& expect) {
  return "formatVersion: 1\nid: " + id +
         "\ntitle: order of checks\nprofiles: [stash-template]\nspec: default-backup.md#7\n" +
         features + R"(steps:
  - apply:
      - object:
          apiVersion: apps/v1
          kind: Deployment
          metadata:
            name: web
            namespace: demo
            annotations:
              stash.appscode.com/backup-template: missing
              stash.appscode.com/target-directories: /data
              stash.appscode.com/volume-mounts: data
    expect:
)" + expect;
}

std::vector<Scenario> Load(stashsim_testing::TempDir& dir,
                           const std::vector<std::pair<std::string, std::string>>& files) {
  for (const auto& [name, text] : files) dir.Write(name, text);
  auto suite = LoadSuite({dir.path().string()});
  EXPECT_TRUE(suite.ok());
  EXPECT_THAT(suite->failed, IsEmpty());
  return suite->scenarios;
}

TEST(MutationAnalysisTest, CatchingRunsObservableFromOutsideComeFirst) {
  stashsim_testing::TempDir dir;
  ASSERT_TRUE(dir.ok());
  // TPL-A-0001 catches the mutant only through the reconcile error; TPL-B-0001 also through the
  // (extended) Event, which an external implementation writes where it can be read.
  std::vector<Scenario> scenarios = Load(
      dir,
      {{"a.yaml", OrderOfChecksScenario("TPL-A-0001", "", R"(      errors:
        - target: {kind: Deployment, namespace: demo, name: web}
          message: "^invalid volume-mounts"
)")},
       {"b.yaml", OrderOfChecksScenario("TPL-B-0001", "features: [extended]\n", R"(      events:
        - involvedObject: {kind: Deployment, namespace: demo, name: web}
          message: "invalid volume-mounts"
      errors:
        - target: {kind: Deployment, namespace: demo, name: web}
          message: "^invalid volume-mounts"
)")}});
  ASSERT_EQ(scenarios.size(), 2u);
  SuiteOptions options;
  auto results =
      RunMutationAnalysis(scenarios, options, {Mutant::kParseAfterTemplateInTemplateEra});
  ASSERT_EQ(results.size(), 1u);
  EXPECT_TRUE(results[0].Caught());
  EXPECT_THAT(results[0].caught_by,
              ElementsAre("TPL-A-0001 (stash-template)", "TPL-B-0001 (stash-template)"));
  EXPECT_THAT(results[0].catching_runs, ElementsAre(Pair("TPL-B-0001", "stash-template"),
                                                    Pair("TPL-A-0001", "stash-template")));
}

TEST(MutationAnalysisTest, AMutantNoScenarioNoticesSurvives) {
  stashsim_testing::TempDir dir;
  ASSERT_TRUE(dir.ok());
  std::vector<Scenario> scenarios =
      Load(dir, {{"a.yaml", OrderOfChecksScenario("TPL-A-0001", "", R"(      errors:
        - target: {kind: Deployment, namespace: demo, name: web}
          message: "^invalid volume-mounts"
)")}});
  SuiteOptions options;
  auto results = RunMutationAnalysis(scenarios, options, {Mutant::kCopyWipeOut});
  ASSERT_EQ(results.size(), 1u);
  EXPECT_FALSE(results[0].Caught());
  EXPECT_THAT(results[0].caught_by, IsEmpty());
}

}  // namespace
}  // namespace runner
