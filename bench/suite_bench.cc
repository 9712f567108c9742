// The in-process suite as a benchmark: every scenario under scenarios/ (or the directory in
// STASHSIM_SCENARIOS) run against the reference, both profiles, as `stashsim run scenarios/`
// does (BM_Suite, with the determinism check that runs each scenario twice) and with a single
// run per scenario (BM_SuiteSingleRun). Loading the files is not timed. A failing suite is a
// benchmark error, not a number.
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <string>

#include "bench_support.h"
#include "runner/suite.h"

namespace {

const std::vector<runner::Scenario>& Scenarios() {
  static const std::vector<runner::Scenario> scenarios = [] {
    const char* dir = std::getenv("STASHSIM_SCENARIOS");
    auto loaded = runner::LoadScenarios({dir ? dir : STASHSIM_SCENARIOS_DIR});
    return loaded.ok() ? std::move(loaded).value() : std::vector<runner::Scenario>{};
  }();
  return scenarios;
}

void RunSuite(benchmark::State& state, bool check_determinism) {
  const auto& scenarios = Scenarios();
  if (scenarios.empty()) {
    state.SkipWithError("no scenarios loaded (set STASHSIM_SCENARIOS to the scenarios/ folder)");
    return;
  }
  runner::SuiteOptions options;
  options.run.check_determinism = check_determinism;
  size_t runs = 0;
  for (auto _ : state) {
    runner::RunSummary summary = runner::RunSuite(scenarios, options);
    runs = summary.results.size();
    if (!summary.Ok()) {
      state.SkipWithError("the suite failed: run `stashsim run scenarios/` for details");
      break;
    }
  }
  state.counters["scenario_runs"] = static_cast<double>(runs);
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(runs));
}

void BM_Suite(benchmark::State& state) { RunSuite(state, true); }
void BM_SuiteSingleRun(benchmark::State& state) { RunSuite(state, false); }

}  // namespace

int main(int argc, char** argv) {
  stashsim_bench::RegisterFloorBenchmark();  // first: measured on a fresh heap
  benchmark::RegisterBenchmark("BM_Suite", BM_Suite)->Unit(benchmark::kMillisecond)->UseRealTime();
  if (stashsim_bench::CurrentScale() != stashsim_bench::Scale::kSmoke) {
    benchmark::RegisterBenchmark("BM_SuiteSingleRun", BM_SuiteSingleRun)
        ->Unit(benchmark::kMillisecond)
        ->UseRealTime();
  }
  return stashsim_bench::Main(argc, argv);
}
