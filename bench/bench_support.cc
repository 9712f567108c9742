// Sizes, the floor benchmark, latency samples and main for the benchmark programs.
#include "bench_support.h"

#include <cstdlib>
#include <iostream>
#include <string>

#include "runner/bench_floor.h"
#include "runner/bench_stats.h"
#include "runner/build_info.h"

namespace stashsim_bench {
namespace {

// Each iteration times kFloorPasses passes and reports the best (manual time): the floor is
// the denominator of every comparison, so it must not carry a transient stall of the machine.
constexpr int kFloorPasses = 5;

void BM_Floor(benchmark::State& state) {
  runner::FloorWorkload floor(static_cast<size_t>(state.range(0)));
  for (auto _ : state) {
    std::chrono::duration<double> best{0};
    for (int pass = 0; pass < kFloorPasses; ++pass) {
      floor.Clear();
      auto start = std::chrono::steady_clock::now();
      benchmark::DoNotOptimize(floor.Run());
      std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - start;
      if (pass == 0 || elapsed < best) best = elapsed;
    }
    floor.Clear();
    state.SetIterationTime(best.count());
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
  state.counters["ns_per_target"] = benchmark::Counter(
      static_cast<double>(state.range(0)),
      benchmark::Counter::kIsIterationInvariantRate | benchmark::Counter::kInvert);
}

}  // namespace

Scale CurrentScale() {
  const char* value = std::getenv("STASHSIM_BENCH_SIZE");
  std::string size = value ? value : "";
  if (size.empty() || size == "default") return Scale::kDefault;
  if (size == "smoke") return Scale::kSmoke;
  if (size == "large") return Scale::kLarge;
  std::cerr << "STASHSIM_BENCH_SIZE must be smoke, default or large (got \"" << size << "\")\n";
  std::exit(2);
}

std::string_view ScaleName(Scale scale) {
  switch (scale) {
    case Scale::kSmoke:
      return "smoke";
    case Scale::kDefault:
      return "default";
    case Scale::kLarge:
      return "large";
  }
  return "default";
}

std::vector<int64_t> Sizes(std::vector<int64_t> smoke, std::vector<int64_t> normal,
                           std::vector<int64_t> large_only) {
  switch (CurrentScale()) {
    case Scale::kSmoke:
      return smoke;
    case Scale::kDefault:
      return normal;
    case Scale::kLarge:
      normal.insert(normal.end(), large_only.begin(), large_only.end());
      return normal;
  }
  return normal;
}

void RegisterFloorBenchmark() {
  benchmark::RegisterBenchmark("BM_Floor", BM_Floor)
      ->Arg(CurrentScale() == Scale::kSmoke ? 1000 : 10000)
      ->Unit(benchmark::kMillisecond)
      ->UseManualTime();
}

void LatencySamples::Stop(benchmark::State& state) {
  auto elapsed = std::chrono::steady_clock::now() - start_;
  nanos_.push_back(std::chrono::duration_cast<std::chrono::nanoseconds>(elapsed).count());
  state.SetIterationTime(std::chrono::duration<double>(elapsed).count());
}

void LatencySamples::Report(benchmark::State& state) {
  auto summary = runner::SummariseLatencies(nanos_);
  if (!summary) return;
  state.counters["p50_us"] = summary->p50_us;
  if (summary->samples >= 100) state.counters["p99_us"] = summary->p99_us;
  state.counters["samples"] = static_cast<double>(summary->samples);
}

int Main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::AddCustomContext("build_commit", std::string(runner::BuildCommit()));
  benchmark::AddCustomContext("build_type", std::string(runner::BuildType()));
  benchmark::AddCustomContext("allocator", runner::ActiveAllocator());
  benchmark::AddCustomContext("bench_size", std::string(ScaleName(CurrentScale())));
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}

}  // namespace stashsim_bench
