// External implementations that misbehave (docs/external-implementations.md): a child that
// crashes, never connects, floods the server or ignores SIGTERM gives a clear failure for its
// scenario, and the run goes on. The well-behaved case is the ctest `external/suite`.
#include "runner/external_backend.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>

#include "runner/suite.h"

namespace runner {
namespace {

using ::testing::HasSubstr;

const std::string kScenarioDir =
    std::string(STASHSIM_TEST_DATA_DIR) + "/../../scenarios/template/targets";

std::vector<Scenario> TwoScenarios() {
  auto loaded =
      LoadScenarios({kScenarioDir + "/TPL-WL-0001.yaml", kScenarioDir + "/TPL-WL-0002.yaml"});
  EXPECT_TRUE(loaded.ok()) << loaded.status().ToString();
  return loaded.ok() ? *loaded : std::vector<Scenario>{};
}

RunSummary RunWith(const std::string& command, int step_timeout_ms = 1500) {
  ExternalOptions external;
  external.command = command;
  external.quiet_ms = 100;
  external.step_timeout_ms = step_timeout_ms;
  SuiteOptions options;
  options.run.check_determinism = false;
  options.jobs = 2;
  return RunSuite(TwoScenarios(), options, ExternalBackendFactory(external));
}

std::string AllMessages(const ScenarioResult& result) {
  std::string text;
  for (const auto& failure : result.failures) text += failure.message + "\n";
  return text;
}

TEST(ExternalBackend, ACrashIsReportedWithItsOutputAndTheRunGoesOn) {
  RunSummary summary = RunWith("sh -c 'echo starting up; echo boom >&2; exit 3'");
  ASSERT_EQ(summary.results.size(), 2u);
  for (const auto& result : summary.results) {
    EXPECT_EQ(result.outcome, Outcome::kFailed) << result.id;
    EXPECT_THAT(AllMessages(result), HasSubstr("the implementation exited with status 3"));
    EXPECT_THAT(result.implementation_output, HasSubstr("boom"));
  }
}

TEST(ExternalBackend, AnImplementationThatNeverConnectsFailsClearly) {
  auto start = std::chrono::steady_clock::now();
  RunSummary summary = RunWith("sleep 30");
  ASSERT_EQ(summary.results.size(), 2u);
  for (const auto& result : summary.results) {
    EXPECT_EQ(result.outcome, Outcome::kFailed);
    EXPECT_THAT(AllMessages(result),
                HasSubstr("the implementation made no request to the cluster within"));
  }
  // Bounded by the step timeout, not by the child's 30 s.
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(20));
}

TEST(ExternalBackend, AFloodIsReportedAsNotSettling) {
  // Creates ConfigMaps as fast as curl can, forever.
  std::string flood =
      "sh -c 'S=$(sed -n \"s/ *server: //p\" \"$KUBECONFIG\"); i=0; while :; do i=$((i+1)); "
      "curl -s -o /dev/null -H \"Content-Type: application/json\" "
      "-d \"{\\\"metadata\\\":{\\\"name\\\":\\\"f$i\\\"}}\" "
      "$S/api/v1/namespaces/default/configmaps; done'";
  RunSummary summary = RunWith(flood);
  ASSERT_EQ(summary.results.size(), 2u);
  for (const auto& result : summary.results) {
    EXPECT_EQ(result.outcome, Outcome::kFailed);
    EXPECT_THAT(AllMessages(result), HasSubstr("did not settle within 1500 ms"));
  }
}

TEST(ExternalBackend, TheEnvironmentCarriesTheProfile) {
  RunSummary summary = RunWith(
      "sh -c 'echo profile=$STASHSIM_PROFILE extended=$STASHSIM_EXTENDED; "
      "test -s \"$KUBECONFIG\" && echo kubeconfig-ok; sleep 30'");
  ASSERT_FALSE(summary.results.empty());
  EXPECT_THAT(summary.results[0].implementation_output,
              HasSubstr("profile=stash-template extended=0"));
  EXPECT_THAT(summary.results[0].implementation_output, HasSubstr("kubeconfig-ok"));
}

TEST(ExternalBackend, ErrorsAreNotCheckableFromOutside) {
  ExternalOptions options;
  options.command = "true";
  ExternalProcessBackend backend(options);
  EXPECT_FALSE(backend.LastError("Deployment", "demo/x").has_value());
  EXPECT_EQ(backend.ImplementationActor(), "implementation");
  EXPECT_TRUE(backend.ExpectationTimeoutMs().has_value());
}

// A step between a failure and its retry cannot be held in a process with its own clock.
TEST(ExternalBackend, ScenariosThatObserveTheStateBeforeARetryAreSkipped) {
  const std::string lifecycle = kScenarioDir + "/../lifecycle/";
  auto loaded = LoadScenarios({lifecycle + "TPL-LIFE-0032-delete-fails-retried.yaml",
                               lifecycle + "TPL-LIFE-0011-orphaned-then-recreated.yaml"});
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  ASSERT_EQ(loaded->size(), 2u);
  EXPECT_THAT(ExternalSkipReason((*loaded)[0]), HasSubstr("virtual-clock-retries"));
  EXPECT_EQ(ExternalSkipReason((*loaded)[1]), "");
  // Through the suite: the run is skipped with that reason and no process is started.
  SuiteOptions options;
  options.run.check_determinism = false;
  options.selection.backend_limits = ExternalSkipReason;
  ExternalOptions external;
  external.command = "exit 3";
  RunSummary summary = RunSuite({(*loaded)[0]}, options, ExternalBackendFactory(external));
  ASSERT_EQ(summary.results.size(), 1u);
  EXPECT_EQ(summary.results[0].outcome, Outcome::kSkipped);
  EXPECT_THAT(summary.results[0].skip_reason, HasSubstr("its own clock"));
}

}  // namespace
}  // namespace runner
