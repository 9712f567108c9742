// The scenario-format features of issue 10, each run against the in-process reference and
// shown able to fail: aimed faults (`faults.errors`), every Event field (`source`, `fields`,
// `involvedObject.uid/apiVersion`), uid references (`${uid:Kind/ns/name}`) in step objects and
// expectations, and write budgets / never-assertions narrowed by delete propagation, with `min`.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "runner/result.h"
#include "runner/scenario_loader.h"
#include "runner/scenario_runner.h"
#include "status_matchers.h"
#include "temp_dir.h"

namespace runner {
namespace {

using ::testing::Contains;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

// A blueprint-era scenario: the worked example's Deployment annotated for a BackupBlueprint,
// then `steps` (YAML, indented as list items under `steps:`), then `tail` (top-level YAML).
std::string Scenario(const std::string& steps, const std::string& tail = "") {
  return R"(formatVersion: 1
id: BP-FMT-0001
title: Format features
profiles: [stash-blueprint]
spec: default-backup.md#7
given:
  - object: {apiVersion: v1, kind: Namespace, metadata: {name: demo}}
  - object:
      apiVersion: stash.appscode.com/v1beta1
      kind: BackupBlueprint
      metadata: {name: bp}
      spec:
        backend:
          gcs: {bucket: b, prefix: "p/${TARGET_NAME}"}
          storageSecretName: s
        schedule: "*/5 * * * *"
  - object:
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: stash-demo
        namespace: demo
        annotations:
          stash.appscode.com/backup-blueprint: bp
          stash.appscode.com/target-paths: /data
          stash.appscode.com/volume-mounts: data:/data
      spec:
        selector: {matchLabels: {app: stash-demo}}
        template:
          metadata: {labels: {app: stash-demo}}
          spec: {containers: [{name: c, image: busybox}]}
steps:
)" + steps +
         tail;
}

constexpr char kRemoveAnnotation[] = R"(  - name: remove the annotation
    annotate:
      kind: Deployment
      namespace: demo
      name: stash-demo
      remove: [stash.appscode.com/backup-blueprint]
)";

class FormatFeaturesTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(temp_.ok()); }

  ScenarioResult Run(const std::string& text) {
    std::string path = temp_.Write("scenario-" + std::to_string(++count_) + ".yaml", text);
    auto scenario = LoadScenario(path);
    EXPECT_OK(scenario) << text;
    if (!scenario.ok()) return {};
    return RunScenario(*scenario, "stash-blueprint", RunOptions{});
  }

  std::vector<LintIssue> Lint(const std::string& text) {
    std::string path = temp_.Write("lint-" + std::to_string(++count_) + ".yaml", text);
    return LintSuite({path});
  }

  // Every failure message, one per line, for assertions and failure output.
  static std::string Messages(const ScenarioResult& result) {
    std::string out;
    for (const auto& failure : result.failures) out += failure.step + ": " + failure.message + "\n";
    return out;
  }

  stashsim_testing::TempDir temp_{"stashsim-format"};
  int count_ = 0;
};

// ---------------------------------------------------------------------------------------------
// Events

std::string EventStep(const std::string& extra) {
  return R"(  - name: the implementation starts
    expect:
      events:
        - involvedObject: {apiVersion: apps/v1, kind: Deployment, namespace: demo, name: stash-demo,
                           uid: "${uid:Deployment/demo/stash-demo}"}
          reason: Auto Backup Resources Creation Succeeded
          type: Normal
          message: "^Successfully created auto backup resources for Deployment demo/stash-demo\\.$"
)" + extra;
}

TEST_F(FormatFeaturesTest, EveryEventFieldMatches) {
  ScenarioResult result =
      Run(Scenario(EventStep(R"(          source: {component: Auto Backup Handler}
          fields:
            /count: {equals: 1}
            /involvedObject/kind: {equals: Deployment}
          count: 1
)")));
  EXPECT_EQ(result.outcome, Outcome::kPassed) << Messages(result);
}

TEST_F(FormatFeaturesTest, EachEventFieldCanFail) {
  const std::vector<std::string> wrong = {
      "          source: {component: Someone Else}\n",
      "          source: {host: a-host}\n",
      "          fields: {/count: {equals: 2}}\n",
      "          fields: {/reason: {regex: Deletion}}\n",
  };
  for (const std::string& extra : wrong) {
    ScenarioResult result = Run(Scenario(EventStep(extra)));
    EXPECT_EQ(result.outcome, Outcome::kFailed) << extra;
    EXPECT_THAT(Messages(result), HasSubstr("expected at least one event(s)")) << extra;
  }
  // The uid of another object, and another apiVersion, match no Event either.
  std::string other_uid = EventStep("");
  other_uid.replace(other_uid.find("${uid:Deployment/demo/stash-demo}"),
                    std::string("${uid:Deployment/demo/stash-demo}").size(),
                    "${uid:BackupConfiguration/demo/deploy-stash-demo}");
  EXPECT_EQ(Run(Scenario(other_uid)).outcome, Outcome::kFailed);
  std::string other_version = EventStep("");
  other_version.replace(other_version.find("apps/v1"), 7, "apps/v2");
  EXPECT_EQ(Run(Scenario(other_version)).outcome, Outcome::kFailed);
}

// ---------------------------------------------------------------------------------------------
// Aimed faults

constexpr char kDeleteFailsOnce[] = R"(faults:
  errors:
    - {verb: delete, kind: BackupConfiguration, nth: 1, code: 500}
)";

std::string DeletionFailedStep() {
  return std::string(kRemoveAnnotation) + R"(    expect:
      exactly:
        - {kind: BackupConfiguration, namespace: demo, names: [deploy-stash-demo]}
      events:
        - involvedObject: {kind: Deployment, namespace: demo, name: stash-demo}
          reason: Auto Backup Resources Deletion Failed
          type: Warning
          message: "^Failed to deleted auto backup resources for Deployment demo/stash-demo\\. Reason: "
          source: {component: Auto Backup Handler}
          count: 1
)";
}

TEST_F(FormatFeaturesTest, AnAimedErrorFailsTheFirstDeleteAndIsReported) {
  // Only the first delete fails: the next resync deletes the BackupConfiguration.
  ScenarioResult result =
      Run(Scenario(DeletionFailedStep() + R"(  - name: the next resync deletes it
    resync: true
    expect:
      exactly:
        - {kind: BackupConfiguration, namespace: demo, names: []}
)",
                   kDeleteFailsOnce));
  EXPECT_EQ(result.outcome, Outcome::kPassed) << Messages(result);
  EXPECT_THAT(result.faults_fired,
              Contains("aimed-error: delete BackupConfiguration demo/deploy-stash-demo "
                       "answered 500"));
}

TEST_F(FormatFeaturesTest, WithoutTheAimedErrorTheSameExpectationsFail) {
  ScenarioResult result = Run(Scenario(DeletionFailedStep()));
  EXPECT_EQ(result.outcome, Outcome::kFailed);
  EXPECT_THAT(result.faults_fired, IsEmpty());
}

TEST_F(FormatFeaturesTest, AnAimedErrorOnAnotherKindDoesNotFire) {
  ScenarioResult result = Run(Scenario(DeletionFailedStep(), R"(faults:
  errors:
    - {verb: delete, kind: Repository, code: 500, always: true}
)"));
  EXPECT_EQ(result.outcome, Outcome::kFailed);
  EXPECT_THAT(result.faults_fired, IsEmpty());
}

// ---------------------------------------------------------------------------------------------
// Propagation and min in write budgets and never-assertions

std::string DeleteWithBudget(const std::string& budget) {
  return std::string(kRemoveAnnotation) + "    expect:\n      writes:\n        - " + budget + "\n";
}

TEST_F(FormatFeaturesTest, BudgetsCountDeletesByPropagation) {
  EXPECT_EQ(Run(Scenario(DeleteWithBudget(
                    "{kind: BackupConfiguration, verb: delete, propagation: Background, min: 1, "
                    "max: 1}")))
                .outcome,
            Outcome::kPassed);
  ScenarioResult foreground = Run(Scenario(DeleteWithBudget(
      "{kind: BackupConfiguration, verb: delete, propagation: Foreground, min: 1}")));
  EXPECT_EQ(foreground.outcome, Outcome::kFailed);
  EXPECT_THAT(Messages(foreground), HasSubstr("too few writes: 0 delete (Foreground propagation)"));
}

TEST_F(FormatFeaturesTest, NeverAssertionsNarrowedByPropagation) {
  std::string steps = std::string(kRemoveAnnotation) + "    expect:\n      writes: [{max: 5}]\n";
  EXPECT_EQ(Run(Scenario(steps,
                         "never:\n  - {kind: BackupConfiguration, verb: delete, "
                         "propagation: Orphan}\n"))
                .outcome,
            Outcome::kPassed);
  ScenarioResult background = Run(Scenario(
      steps, "never:\n  - {kind: BackupConfiguration, verb: delete, propagation: Background}\n"));
  EXPECT_EQ(background.outcome, Outcome::kFailed);
  EXPECT_THAT(Messages(background), HasSubstr("(Background)"));
}

// ---------------------------------------------------------------------------------------------
// uid references

// A ConfigMap owned by the generated BackupConfiguration, holding its deletion with a finalizer
// and blockOwnerDeletion; a foreground delete of the BackupConfiguration then waits.
constexpr char kBlockingDependent[] =
    R"(  - name: a blocking dependent of the generated BackupConfiguration
    create:
      - object:
          apiVersion: v1
          kind: ConfigMap
          metadata:
            name: blocker
            namespace: demo
            finalizers: [example.com/hold]
            ownerReferences:
              - apiVersion: stash.appscode.com/v1beta1
                kind: BackupConfiguration
                name: deploy-stash-demo
                uid: "${uid:BackupConfiguration/demo/deploy-stash-demo}"
                blockOwnerDeletion: true
    expect:
      objects:
        - kind: ConfigMap
          namespace: demo
          name: blocker
          fields:
            /metadata/ownerReferences/0/uid: {equals: "${uid:BackupConfiguration/demo/deploy-stash-demo}"}
          value:
            metadata:
              ownerReferences: [{uid: "${uid:BackupConfiguration/demo/deploy-stash-demo}"}]
  - name: a foreground delete waits for the dependent
    delete: {kind: BackupConfiguration, namespace: demo, name: deploy-stash-demo, propagation: Foreground}
    expect:
      objects:
        - kind: BackupConfiguration
          namespace: demo
          name: deploy-stash-demo
          fields:
            /metadata/deletionTimestamp: {present: true}
            /metadata/finalizers/0: {equals: foregroundDeletion}
)";

TEST_F(FormatFeaturesTest, UidReferencesBuildABlockingDependent) {
  ScenarioResult result = Run(Scenario(kBlockingDependent));
  EXPECT_EQ(result.outcome, Outcome::kPassed) << Messages(result);
}

TEST_F(FormatFeaturesTest, AUidReferenceToAMissingObjectFailsTheStepNamingIt) {
  std::string steps = kBlockingDependent;
  std::string wanted =
      "${uid:BackupConfiguration/demo/deploy-stash-demo}\"\n                blockOwnerDeletion";
  steps.replace(steps.find(wanted),
                std::string("${uid:BackupConfiguration/demo/deploy-stash-demo}").size(),
                "${uid:BackupConfiguration/demo/nothing}");
  ScenarioResult result = Run(Scenario(steps));
  EXPECT_EQ(result.outcome, Outcome::kFailed);
  EXPECT_THAT(Messages(result),
              HasSubstr("${uid:BackupConfiguration/demo/nothing} does not resolve"));
}

TEST_F(FormatFeaturesTest, AUidExpectationOfAnotherObjectFails) {
  std::string steps = kBlockingDependent;
  size_t at = steps.find("{equals: \"${uid:BackupConfiguration/demo/deploy-stash-demo}\"}");
  ASSERT_NE(at, std::string::npos);
  steps.replace(
      at, std::string("{equals: \"${uid:BackupConfiguration/demo/deploy-stash-demo}\"}").size(),
      "{equals: \"${uid:Deployment/demo/stash-demo}\"}");
  ScenarioResult result = Run(Scenario(steps));
  EXPECT_EQ(result.outcome, Outcome::kFailed);
  EXPECT_THAT(Messages(result), HasSubstr("/metadata/ownerReferences/0/uid"));
}

// ---------------------------------------------------------------------------------------------
// Lint of the new fields

bool HasIssue(const std::vector<LintIssue>& issues, const std::string& needle) {
  for (const auto& issue : issues) {
    if (issue.ToString().find(needle) != std::string::npos) return true;
  }
  return false;
}

TEST_F(FormatFeaturesTest, LintRejectsMalformedNewFields) {
  auto issues = Lint(Scenario(DeleteWithBudget("{kind: BackupConfiguration, verb: delete}")));
  EXPECT_TRUE(HasIssue(issues, "needs max, min or both")) << issues.size();
  issues = Lint(Scenario(DeleteWithBudget("{verb: delete, min: 3, max: 1}")));
  EXPECT_TRUE(HasIssue(issues, "min 3 is larger than max 1"));
  issues = Lint(Scenario(DeleteWithBudget("{verb: create, propagation: Orphan, max: 1}")));
  EXPECT_TRUE(HasIssue(issues, "propagation narrows deletes only"));
  issues = Lint(Scenario(DeleteWithBudget("{verb: delete, propagation: Sideways, max: 1}")));
  EXPECT_THAT(issues, Not(IsEmpty()));
  issues =
      Lint(Scenario(EventStep("          fields: {/count: {equals: \"${uid:Deployment}\"}}\n")));
  EXPECT_TRUE(HasIssue(issues, "is not a uid reference"));
  issues = Lint(
      Scenario(EventStep(""), "faults:\n  errors:\n    - {verb: destroy, kind: X, code: 500}\n"));
  EXPECT_THAT(issues, Not(IsEmpty()));
  issues = Lint(
      Scenario(EventStep(""), "faults:\n  errors:\n    - {verb: delete, kind: X, code: 418}\n"));
  EXPECT_THAT(issues, Not(IsEmpty()));
  issues = Lint(Scenario(EventStep("          source: {component: x, nickname: y}\n")));
  EXPECT_THAT(issues, Not(IsEmpty()));
  EXPECT_THAT(Lint(Scenario(EventStep("          source: {component: x}\n"), kDeleteFailsOnce)),
              IsEmpty());
}

}  // namespace
}  // namespace runner
