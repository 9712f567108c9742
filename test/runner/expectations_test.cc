// Expectations files (runner/suite.h): LoadExpectations reads entries of id, optional profile
// and reason, and rejects a bad file with an error naming it; RunSuite counts a listed scenario
// that fails as an expected failure, and one that passes as an unexpected pass that fails the
// run, in the summary and in the reports.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <exception>
#include <sstream>
#include <string>
#include <vector>

#include "kube/object.h"
#include "kube/status.h"
#include "runner/report.h"
#include "runner/suite.h"
#include "temp_dir.h"

namespace runner {
namespace {

using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using ::testing::SizeIs;

const std::string kScenarios = STASHSIM_SCENARIOS_DIR;

class ExpectationsFileTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(temp_.ok()); }

  // Writes `text` as an expectations file and loads it; an exception is a test failure.
  kube::StatusOr<std::vector<ExpectedFailure>> Load(const std::string& text) {
    path_ = temp_.Write("expectations.yaml", text);
    try {
      return LoadExpectations(path_);
    } catch (const std::exception& e) {
      ADD_FAILURE() << "LoadExpectations threw instead of returning an error: " << e.what();
      return kube::BadRequestError("threw");
    }
  }

  // The load failed with a message naming the file and containing `what`.
  void ExpectErrorNamingTheFile(const kube::StatusOr<std::vector<ExpectedFailure>>& loaded,
                                const std::string& what) {
    ASSERT_FALSE(loaded.ok()) << "loaded " << loaded->size() << " entries";
    EXPECT_THAT(loaded.status().message(), HasSubstr(path_));
    EXPECT_THAT(loaded.status().message(), HasSubstr(what));
  }

  stashsim_testing::TempDir temp_{"stashsim-expectations"};
  std::string path_;
};

TEST_F(ExpectationsFileTest, AValidFileLoadsEveryEntryInOrder) {
  auto loaded = Load(R"(# known deviations
implementation: my-operator
expectedFailures:
  - {id: TPL-LIFE-0003, profile: stash-template, reason: "we only follow at resync"}
  - id: BP-NORM-0001
    reason: every profile
)");
  ASSERT_TRUE(loaded.ok()) << loaded.status().message();
  ASSERT_THAT(*loaded, SizeIs(2));
  EXPECT_EQ((*loaded)[0].id, "TPL-LIFE-0003");
  EXPECT_EQ((*loaded)[0].profile, "stash-template");
  EXPECT_EQ((*loaded)[0].reason, "we only follow at resync");
  EXPECT_EQ((*loaded)[1].id, "BP-NORM-0001");
  EXPECT_EQ((*loaded)[1].profile, "");  // every profile
  EXPECT_EQ((*loaded)[1].reason, "every profile");
}

TEST_F(ExpectationsFileTest, AnEmptyListLoadsNothing) {
  auto loaded = Load("implementation: x\nexpectedFailures: []\n");
  ASSERT_TRUE(loaded.ok()) << loaded.status().message();
  EXPECT_THAT(*loaded, IsEmpty());
}

TEST_F(ExpectationsFileTest, TheRepositorysOwnFilesLoad) {
  for (const char* name : {"stash-template-era.yaml", "stash-blueprint-era.yaml"}) {
    auto loaded = LoadExpectations(kScenarios + "/../expectations/" + name);
    ASSERT_TRUE(loaded.ok()) << loaded.status().message();
    EXPECT_THAT(*loaded, Not(IsEmpty())) << name;
  }
}

TEST_F(ExpectationsFileTest, AMissingFileIsAnErrorNamingIt) {
  path_ = (temp_.path() / "nope.yaml").string();
  auto loaded = LoadExpectations(path_);
  ExpectErrorNamingTheFile(loaded, "cannot read");
}

TEST_F(ExpectationsFileTest, MalformedYamlIsAnErrorNamingTheFile) {
  ExpectErrorNamingTheFile(Load("expectedFailures:\n  - {id: X-0001, reason: \"open\n"), "");
  ExpectErrorNamingTheFile(Load("expectedFailures: [\n"), "");
}

TEST_F(ExpectationsFileTest, AFileThatIsNotAMappingIsAnError) {
  ExpectErrorNamingTheFile(Load("- {id: X-0001, reason: r}\n"), "expected a mapping");
}

TEST_F(ExpectationsFileTest, AnUnknownTopLevelFieldIsAnError) {
  ExpectErrorNamingTheFile(Load("implementation: x\nexpectedFailure: []\n"),
                           "unknown field \"expectedFailure\"");
}

TEST_F(ExpectationsFileTest, AnUnknownEntryFieldIsAnError) {
  ExpectErrorNamingTheFile(
      Load("expectedFailures:\n  - {id: X-0001, reason: r}\n  - {id: X-0002, reson: r}\n"),
      "expectedFailures[1]: unknown field \"reson\"");
}

TEST_F(ExpectationsFileTest, ExpectedFailuresMustBeAList) {
  ExpectErrorNamingTheFile(Load("expectedFailures: {id: X-0001, reason: r}\n"),
                           "expectedFailures must be a list");
}

TEST_F(ExpectationsFileTest, AnEntryNeedsAStringId) {
  ExpectErrorNamingTheFile(Load("expectedFailures:\n  - {profile: stash-template, reason: r}\n"),
                           "expectedFailures[0] needs an id");
  ExpectErrorNamingTheFile(Load("expectedFailures:\n  - {id: 7, reason: r}\n"),
                           "expectedFailures[0] needs an id");
  ExpectErrorNamingTheFile(Load("expectedFailures:\n  - X-0001\n"),
                           "expectedFailures[0] needs an id");
}

// A profile or reason of the wrong type is a bad file like any other, not an exception.
TEST_F(ExpectationsFileTest, AProfileOrReasonThatIsNotAStringIsAnError) {
  ExpectErrorNamingTheFile(Load("expectedFailures:\n  - {id: X-0001, profile: 7, reason: r}\n"),
                           "expectedFailures[0]");
  ExpectErrorNamingTheFile(Load("expectedFailures:\n  - {id: X-0001, reason: 42}\n"),
                           "expectedFailures[0]");
}

// README: an expectations file lists the IDs "with reasons"; expectations/README.md holds every
// entry to one.
TEST_F(ExpectationsFileTest, AnEntryWithoutAReasonIsAnError) {
  ExpectErrorNamingTheFile(Load("expectedFailures:\n  - {id: X-0001, profile: stash-template}\n"),
                           "expectedFailures[0]");
  ExpectErrorNamingTheFile(Load("expectedFailures:\n  - {id: X-0001, reason: \"\"}\n"),
                           "expectedFailures[0]");
}

TEST_F(ExpectationsFileTest, AnEntryListedTwiceIsAnError) {
  ExpectErrorNamingTheFile(Load(R"(expectedFailures:
  - {id: X-0001, profile: stash-template, reason: first}
  - {id: X-0002, profile: stash-template, reason: other}
  - {id: X-0001, profile: stash-template, reason: twice}
)"),
                           "X-0001");
}

// --- through RunSuite ---

// TPL-WL-0001 (the worked example), which the reference passes, and a copy of it as
// TPL-WL-9001 that expects another bucket, which the reference therefore fails.
std::vector<Scenario> PassingAndFailing() {
  auto loaded = LoadScenarios({kScenarios + "/template/targets/TPL-WL-0001.yaml"});
  EXPECT_TRUE(loaded.ok()) << loaded.status().message();
  if (!loaded.ok() || loaded->size() != 1) return {};
  Scenario failing = loaded->front();
  failing.id = "TPL-WL-9001";
  EXPECT_EQ(failing.steps[0].expect.objects[0].ref.kind, "Repository");
  (*failing.steps[0].expect.objects[0].value)["spec"]["backend"]["gcs"]["bucket"] = "elsewhere";
  std::vector<Scenario> scenarios = *loaded;
  scenarios.push_back(std::move(failing));
  return scenarios;
}

const ScenarioResult* Result(const RunSummary& summary, const std::string& id) {
  for (const ScenarioResult& result : summary.results) {
    if (result.id == id) return &result;
  }
  return nullptr;
}

class ExpectationsRunTest : public ::testing::Test {
 protected:
  void SetUp() override {
    scenarios_ = PassingAndFailing();
    ASSERT_THAT(scenarios_, SizeIs(2));
  }
  std::vector<Scenario> scenarios_;
};

TEST_F(ExpectationsRunTest, WithoutAnExpectationsFileTheFailingScenarioFails) {
  RunSummary summary = RunSuite(scenarios_, SuiteOptions{});
  ASSERT_NE(Result(summary, "TPL-WL-0001"), nullptr);
  ASSERT_NE(Result(summary, "TPL-WL-9001"), nullptr);
  EXPECT_EQ(Result(summary, "TPL-WL-0001")->outcome, Outcome::kPassed);
  EXPECT_EQ(Result(summary, "TPL-WL-9001")->outcome, Outcome::kFailed);
  EXPECT_FALSE(summary.Ok());
}

TEST_F(ExpectationsRunTest, AListedScenarioThatFailsIsAnExpectedFailure) {
  SuiteOptions options;
  options.expected_failures = {{"TPL-WL-9001", "stash-template", "we use another bucket"}};
  RunSummary summary = RunSuite(scenarios_, options);
  const ScenarioResult* failing = Result(summary, "TPL-WL-9001");
  ASSERT_NE(failing, nullptr);
  EXPECT_EQ(failing->outcome, Outcome::kExpectedFailure);
  EXPECT_EQ(failing->expected_failure_reason, "we use another bucket");
  EXPECT_THAT(failing->failures, Not(IsEmpty()));  // why it failed is kept
  EXPECT_EQ(Result(summary, "TPL-WL-0001")->outcome, Outcome::kPassed);
  EXPECT_EQ(summary.Count(Outcome::kExpectedFailure), 1);
  EXPECT_EQ(summary.Count(Outcome::kUnexpectedPass), 0);
  EXPECT_TRUE(summary.Ok());
}

TEST_F(ExpectationsRunTest, AListedScenarioThatPassesIsAnUnexpectedPassThatFailsTheRun) {
  SuiteOptions options;
  options.expected_failures = {{"TPL-WL-0001", "", "we never create Repositories"},
                               {"TPL-WL-9001", "", "we use another bucket"}};
  RunSummary summary = RunSuite(scenarios_, options);
  const ScenarioResult* passing = Result(summary, "TPL-WL-0001");
  ASSERT_NE(passing, nullptr);
  EXPECT_EQ(passing->outcome, Outcome::kUnexpectedPass);
  EXPECT_EQ(passing->expected_failure_reason, "we never create Repositories");
  EXPECT_EQ(summary.Count(Outcome::kUnexpectedPass), 1);
  EXPECT_EQ(summary.Count(Outcome::kExpectedFailure), 1);
  EXPECT_FALSE(summary.Ok());

  std::ostringstream terminal;
  WriteTerminalReport(summary, terminal, /*colour=*/false, /*verbose=*/false);
  EXPECT_THAT(terminal.str(), HasSubstr("XPASS TPL-WL-0001"));
  EXPECT_THAT(terminal.str(), HasSubstr("FAILED: 2 scenario results, 0 failed, 1 unexpected "
                                        "passes, 0 errors"));

  std::ostringstream json;
  WriteJsonReport(summary, json);
  kube::Json report = kube::Json::parse(json.str());
  EXPECT_EQ(report["ok"], false);
  EXPECT_EQ(report["summary"]["stash-template"]["unexpectedPasses"], 1);
  EXPECT_EQ(report["summary"]["stash-template"]["expectedFailures"], 1);
  for (const kube::Json& result : report["results"]) {
    if (result["id"] != "TPL-WL-0001") continue;
    EXPECT_EQ(result["outcome"], "unexpected-pass");
    EXPECT_EQ(result["expectedFailureReason"], "we never create Repositories");
  }
}

TEST_F(ExpectationsRunTest, AnEntryForAnotherProfileDoesNotApply) {
  SuiteOptions options;
  options.expected_failures = {{"TPL-WL-0001", "stash-blueprint", "r"},
                               {"TPL-WL-9001", "stash-blueprint", "r"}};
  RunSummary summary = RunSuite(scenarios_, options);
  EXPECT_EQ(Result(summary, "TPL-WL-0001")->outcome, Outcome::kPassed);
  EXPECT_EQ(Result(summary, "TPL-WL-9001")->outcome, Outcome::kFailed);
  EXPECT_EQ(Result(summary, "TPL-WL-9001")->expected_failure_reason, "");
}

TEST_F(ExpectationsRunTest, AnExpectationsFileLoadedFromDiskDrivesTheRun) {
  stashsim_testing::TempDir temp("stashsim-expectations");
  ASSERT_TRUE(temp.ok());
  std::string path = temp.Write("mine.yaml", R"(implementation: test
expectedFailures:
  - {id: TPL-WL-0001, profile: stash-template, reason: "passes, so unexpected"}
  - {id: TPL-WL-9001, reason: "fails, as expected"}
)");
  auto expected = LoadExpectations(path);
  ASSERT_TRUE(expected.ok()) << expected.status().message();
  SuiteOptions options;
  options.expected_failures = *expected;
  RunSummary summary = RunSuite(scenarios_, options);
  EXPECT_EQ(Result(summary, "TPL-WL-0001")->outcome, Outcome::kUnexpectedPass);
  EXPECT_EQ(Result(summary, "TPL-WL-9001")->outcome, Outcome::kExpectedFailure);
  EXPECT_EQ(Result(summary, "TPL-WL-9001")->expected_failure_reason, "fails, as expected");
  EXPECT_FALSE(summary.Ok());
}

// An error (the scenario could not be run or checked) is neither a pass nor a failure: a listed
// scenario that errs stays an error and fails the run, never an unexpected pass.
TEST(ExpectationsApplyTest, AnErrorOrASkipStaysAsItIs) {
  const std::vector<ExpectedFailure> expected = {{"TPL-WL-0001", "", "we never create them"}};
  for (Outcome outcome : {Outcome::kError, Outcome::kSkipped}) {
    ScenarioResult result;
    result.id = "TPL-WL-0001";
    result.profile = "stash-template";
    result.outcome = outcome;
    ApplyExpectedFailures(expected, result);
    EXPECT_EQ(result.outcome, outcome) << OutcomeName(outcome);
    EXPECT_EQ(result.expected_failure_reason, "") << OutcomeName(outcome);
  }
  ScenarioResult passed;
  passed.id = "TPL-WL-0001";
  passed.profile = "stash-template";
  ApplyExpectedFailures(expected, passed);
  EXPECT_EQ(passed.outcome, Outcome::kUnexpectedPass);
  EXPECT_EQ(passed.expected_failure_reason, "we never create them");
}

// As `stashsim run` does it: a listed scenario whose file fails the lint is an `error` result.
TEST(ExpectationsApplyTest, AListedScenarioThatFailsTheLintStaysAnError) {
  stashsim_testing::TempDir temp("stashsim-expectations");
  ASSERT_TRUE(temp.ok());
  temp.Write("TPL-WL-9002.yaml", R"(formatVersion: 1
id: TPL-WL-9002
title: not a valid scenario
profiles: [stash-template]
unknownField: true
steps: []
)");
  auto suite = LoadSuite({temp.path().string()});
  ASSERT_TRUE(suite.ok()) << suite.status().message();
  ASSERT_THAT(suite->failed, SizeIs(1));
  SuiteOptions options;
  options.expected_failures = {{"TPL-WL-9002", "", "we do not support it"}};
  RunSummary summary = RunSuite(suite->scenarios, options);
  AddLoadErrors(suite->failed, options.selection, summary);
  const ScenarioResult* result = Result(summary, "TPL-WL-9002");
  ASSERT_NE(result, nullptr);
  EXPECT_EQ(result->outcome, Outcome::kError);
  EXPECT_EQ(summary.Count(Outcome::kUnexpectedPass), 0);
  EXPECT_FALSE(summary.Ok());
}

}  // namespace
}  // namespace runner
