// End-to-end tests of the runner library: a scenario file written to disk is loaded and run
// against the in-process reference (runner/scenario_runner.h); a wrong expectation fails with
// the differing JSON Pointer and a unified diff, the corrected one passes; and the suite lint
// (runner/scenario_loader.h) reports every malformed file with its file and line, never throwing.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "runner/matcher.h"
#include "runner/result.h"
#include "runner/scenario_loader.h"
#include "runner/scenario_runner.h"
#include "status_matchers.h"
#include "temp_dir.h"

namespace runner {
namespace {

namespace fs = std::filesystem;
using ::testing::AllOf;
using ::testing::Contains;
using ::testing::Field;
using ::testing::Ge;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using ::testing::SizeIs;

// The spec's worked example (section 8) with every object inline. `schedule` is what the
// BackupConfiguration is expected to have; the template says "*/5 * * * *".
std::string WorkedExampleScenario(const std::string& schedule) {
  return R"(formatVersion: 1
id: TPL-E2E-0001
title: The worked example generates the documented BackupConfiguration
profiles: [stash-template]
spec: default-backup.md#8
given:
  - object: {apiVersion: v1, kind: Namespace, metadata: {name: demo}}
  - object:
      apiVersion: stash.appscode.com/v1beta1
      kind: BackupConfigurationTemplate
      metadata: {name: workload-backup-template}
      spec:
        backend:
          gcs:
            bucket: appscode-qa
            prefix: "stash-backup/${TARGET_NAMESPACE}/${TARGET_KIND}/${TARGET_NAME}"
          storageSecretName: gcs-secret
        schedule: "*/5 * * * *"
        retentionPolicy: {name: keep-last-5, keepLast: 5, prune: true}
steps:
  - name: annotate a new Deployment
    apply:
      - object:
          apiVersion: apps/v1
          kind: Deployment
          metadata:
            name: stash-demo
            namespace: demo
            annotations:
              stash.appscode.com/backup-template: workload-backup-template
              stash.appscode.com/target-directories: /source/data-1,/source/data-2
              stash.appscode.com/volume-mounts: vol-1:/source/data-1,vol-2:/source/data-2
          spec:
            selector: {matchLabels: {app: stash-demo}}
    expect:
      objects:
        - kind: Repository
          namespace: demo
          name: deployment-stash-demo
          value:
            spec:
              backend:
                gcs: {bucket: appscode-qa, prefix: stash-backup/demo/deployment/stash-demo}
        - kind: BackupConfiguration
          namespace: demo
          name: deployment-stash-demo
          value:
            spec:
              repository: {name: deployment-stash-demo}
              schedule: ")" +
         schedule + R"("
              target:
                ref: {apiVersion: apps/v1, kind: Deployment, name: stash-demo}
                directories: [/source/data-1, /source/data-2]
)";
}

// True when some line of `text` starts with `prefix` and contains `needle`.
bool HasLineWith(const std::string& text, char prefix, const std::string& needle) {
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    if (!line.empty() && line[0] == prefix && line.find(needle) != std::string::npos) return true;
  }
  return false;
}

class EndToEndTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(temp_.ok()); }

  std::string Write(const std::string& relative, const std::string& text) {
    return temp_.Write(relative, text);
  }

  ScenarioResult Run(const std::string& path) {
    auto scenario = LoadScenario(path);
    EXPECT_OK(scenario);
    if (!scenario.ok()) {
      ScenarioResult error;
      error.outcome = Outcome::kError;
      return error;
    }
    return RunScenario(*scenario, "stash-template", RunOptions{});
  }

  stashsim_testing::TempDir temp_{"stashsim-e2e"};
  const fs::path& dir_ = temp_.path();
};

TEST_F(EndToEndTest, WrongExpectationFailsWithJsonPointerAndUnifiedDiff) {
  ScenarioResult result = Run(Write("wrong.yaml", WorkedExampleScenario("*/10 * * * *")));

  EXPECT_EQ(result.outcome, Outcome::kFailed);
  ASSERT_THAT(result.failures, SizeIs(1));
  const Failure& failure = result.failures[0];
  EXPECT_EQ(failure.path, "/spec/schedule");
  EXPECT_THAT(failure.step, HasSubstr("annotate a new Deployment"));
  EXPECT_THAT(failure.location, HasSubstr("wrong.yaml:"));
  EXPECT_THAT(failure.diff, HasSubstr("@@ "));
  EXPECT_TRUE(HasLineWith(failure.diff, '-', "*/10 * * * *")) << failure.diff;
  EXPECT_TRUE(HasLineWith(failure.diff, '+', "*/5 * * * *")) << failure.diff;
}

TEST_F(EndToEndTest, CorrectedExpectationPasses) {
  ScenarioResult result = Run(Write("right.yaml", WorkedExampleScenario("*/5 * * * *")));

  EXPECT_EQ(result.outcome, Outcome::kPassed);
  EXPECT_THAT(result.failures, IsEmpty());
  EXPECT_EQ(result.id, "TPL-E2E-0001");
  EXPECT_GT(result.writes, 0u) << "the reference created the generated objects";
}

constexpr char kHeader[] = R"(formatVersion: 1
title: A malformed scenario
profiles: [stash-template]
spec: default-backup.md#2
)";

TEST_F(EndToEndTest, LintReportsEveryMalformedFileWithFileAndLineWithoutThrowing) {
  // A scenario file: the id on line 1, the header on lines 2-5, then `body` from line 6.
  auto scenario = [this](const std::string& file, const std::string& id, const std::string& body) {
    return Write(file, "id: " + id + "\n" + kHeader + body);
  };
  const std::string steps = "steps: [{resync: true}]\n";
  const std::string bad_yaml = scenario("bad-yaml.yaml", "TPL-LNT-0001", "steps: [\n");
  const std::string unknown_field =
      scenario("unknown-field.yaml", "TPL-LNT-0002", "steps: [{resync: true, bogus: 1}]\n");
  const std::string first_duplicate = scenario("a/duplicate.yaml", "TPL-LNT-0003", steps);
  const std::string second_duplicate = scenario("b/duplicate.yaml", "TPL-LNT-0003", steps);
  const std::string missing_fixture = scenario("missing-fixture.yaml", "TPL-LNT-0004",
                                               "given:\n  - file: fixtures/nope.yaml\n" + steps);
  const std::string good = scenario("good.yaml", "TPL-LNT-0005", steps);

  std::vector<LintIssue> issues;
  ASSERT_NO_THROW(issues = LintSuite(FindScenarioFiles(dir_.string())));

  auto issue_in = [](const std::string& file, int line, const std::string& message) {
    return AllOf(Field(&LintIssue::file, file), Field(&LintIssue::line, line),
                 Field(&LintIssue::message, HasSubstr(message)));
  };
  EXPECT_THAT(issues,
              Contains(AllOf(Field(&LintIssue::file, bad_yaml), Field(&LintIssue::line, Ge(6)),
                             Field(&LintIssue::message, HasSubstr("YAML")))));
  EXPECT_THAT(issues, Contains(issue_in(unknown_field, 6, "unknown field \"bogus\"")));
  EXPECT_THAT(issues, Contains(issue_in(second_duplicate, 1, "duplicate id \"TPL-LNT-0003\"")));
  EXPECT_THAT(issues, Contains(issue_in(missing_fixture, 7, "fixtures/nope.yaml")));
  EXPECT_THAT(issues, Not(Contains(Field(&LintIssue::file, good))));
  EXPECT_THAT(issues, Not(Contains(Field(&LintIssue::file, first_duplicate))))
      << "the duplicate is reported once, on the later file";
  for (const LintIssue& issue : issues) {
    EXPECT_GT(issue.line, 0) << issue.ToString();
    EXPECT_THAT(issue.ToString(), HasSubstr(issue.file + ":" + std::to_string(issue.line)));
  }
}

}  // namespace
}  // namespace runner

namespace runner {
namespace {

TEST(MatcherIgnoreTest, IgnoringTheOnlyMetadataFieldLeavesNoUnexpectedMetadata) {
  ObjectExpectation expectation;
  expectation.ref.kind = "Repository";
  expectation.mode = MatchMode::kExact;
  expectation.value = kube::Json{{"spec", {{"backend", {{"gcs", {{"bucket", "b"}}}}}}}};
  expectation.ignore = {"/metadata/ownerReferences"};
  kube::Json actual = {
      {"apiVersion", "stash.appscode.com/v1alpha1"},
      {"kind", "Repository"},
      {"metadata", {{"name", "r"}, {"namespace", "demo"}, {"ownerReferences", {{{"uid", "x"}}}}}},
      {"spec", {{"backend", {{"gcs", {{"bucket", "b"}}}}}}}};
  EXPECT_FALSE(MatchObject(expectation, actual).has_value());
  actual["spec"]["backend"]["gcs"]["bucket"] = "other";
  auto mismatch = MatchObject(expectation, actual);
  ASSERT_TRUE(mismatch.has_value());
  EXPECT_EQ(mismatch->path, "/spec/backend/gcs/bucket");
}

TEST(MatcherNumbersTest, IntegersAboveTwoTo53AreNotEqualThroughADouble) {
  constexpr int64_t kTwoTo53 = int64_t{1} << 53;
  ObjectExpectation expectation;
  expectation.ref.kind = "BackupConfiguration";
  expectation.value = kube::Json{{"spec", {{"backupHistoryLimit", kTwoTo53 + 1}}}};
  kube::Json actual = {{"kind", "BackupConfiguration"},
                       {"spec", {{"backupHistoryLimit", kTwoTo53}}}};
  auto mismatch = MatchObject(expectation, actual);
  ASSERT_TRUE(mismatch.has_value());
  EXPECT_EQ(mismatch->path, "/spec/backupHistoryLimit");
  actual["spec"]["backupHistoryLimit"] = kTwoTo53 + 1;
  EXPECT_FALSE(MatchObject(expectation, actual).has_value());
  actual["spec"]["backupHistoryLimit"] = static_cast<double>(kTwoTo53 + 1);  // rounds to 2^53
  EXPECT_TRUE(MatchObject(expectation, actual).has_value());
}

}  // namespace
}  // namespace runner
