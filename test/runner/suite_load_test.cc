// Tests of loading a suite with problems (runner/suite.h): `run` applies the lint's checks
// (duplicate IDs included), a file that fails them becomes an `error` result in every report,
// and the other files still load.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sstream>
#include <string>

#include "kube/object.h"
#include "runner/report.h"
#include "runner/suite.h"
#include "temp_dir.h"

namespace runner {
namespace {

using ::testing::HasSubstr;
using ::testing::SizeIs;

std::string Scenario(const std::string& id, const std::string& extra = "") {
  return "formatVersion: 1\nid: " + id +
         "\ntitle: t\nprofiles: [stash-template]\nspec: default-backup.md#2\n" + extra +
         "steps: [{resync: true}]\n";
}

class SuiteLoadTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(temp_.ok());
    good_ = temp_.Write("a.yaml", Scenario("X-0001"));
    bad_ = temp_.Write("b.yaml", Scenario("X-0002", "colour: blue\n"));
    duplicate_ = temp_.Write("c.yaml", Scenario("X-0001"));
  }

  stashsim_testing::TempDir temp_{"stashsim-suite-load"};
  std::string good_, bad_, duplicate_;
};

TEST_F(SuiteLoadTest, FilesThatFailTheLintAreSetAsideAndTheOthersLoad) {
  auto suite = LoadSuite({temp_.path().string()});
  ASSERT_TRUE(suite.ok()) << suite.status().message();
  ASSERT_THAT(suite->scenarios, SizeIs(1));
  EXPECT_EQ(suite->scenarios[0].id, "X-0001");
  ASSERT_THAT(suite->failed, SizeIs(2));
  EXPECT_EQ(suite->failed[0].file, bad_);
  EXPECT_EQ(suite->failed[0].id, "X-0002");
  EXPECT_EQ(suite->failed[1].file, duplicate_);
  ASSERT_THAT(suite->failed[1].issues, SizeIs(1));
  EXPECT_THAT(suite->failed[1].issues[0].message, HasSubstr("duplicate id \"X-0001\""));
}

TEST_F(SuiteLoadTest, StrictLoadingRejectsADuplicateIdLikeTheLint) {
  auto strict = LoadScenarios({good_, duplicate_});
  ASSERT_FALSE(strict.ok());
  EXPECT_THAT(strict.status().message(), HasSubstr("duplicate id \"X-0001\""));
}

TEST_F(SuiteLoadTest, LoadErrorsBecomeErrorResultsInEveryReport) {
  auto suite = LoadSuite({temp_.path().string()});
  ASSERT_TRUE(suite.ok());
  RunSummary summary = RunSuite(suite->scenarios, SuiteOptions{});
  ASSERT_EQ(AddLoadErrors(suite->failed, Selection{}, summary), 2u);
  ASSERT_THAT(summary.results, SizeIs(3));
  EXPECT_EQ(summary.results[0].outcome, Outcome::kError);
  EXPECT_EQ(summary.results[0].file, bad_);
  EXPECT_EQ(summary.results[2].outcome, Outcome::kPassed);
  EXPECT_FALSE(summary.Ok());

  std::ostringstream json;
  WriteJsonReport(summary, json);
  kube::Json report = kube::Json::parse(json.str());
  EXPECT_EQ(report["results"][0]["outcome"], "error");
  EXPECT_THAT(report["results"][0]["failures"][0]["message"].get<std::string>(),
              HasSubstr("unknown field \"colour\""));
  EXPECT_EQ(report["summary"][""]["errors"], 2);

  std::ostringstream junit;
  WriteJunitReport(summary, junit);
  EXPECT_THAT(junit.str(), HasSubstr("<error message=\"" + bad_));

  std::ostringstream terminal;
  WriteTerminalReport(summary, terminal, /*colour=*/false, /*verbose=*/false);
  EXPECT_THAT(terminal.str(), HasSubstr("ERROR X-0002"));
}

TEST_F(SuiteLoadTest, AFileOfAnotherSelectedIdIsLeftOut) {
  auto suite = LoadSuite({temp_.path().string()});
  ASSERT_TRUE(suite.ok());
  Selection selection;
  selection.ids = {"X-0001"};
  RunSummary summary;
  EXPECT_EQ(AddLoadErrors(suite->failed, selection, summary), 1u);  // the duplicate only
  ASSERT_THAT(summary.results, SizeIs(1));
  EXPECT_EQ(summary.results[0].file, duplicate_);
}

}  // namespace
}  // namespace runner
