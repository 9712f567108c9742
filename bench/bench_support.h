// Shared pieces of the Google Benchmark programs: the size scale chosen by the environment
// variable STASHSIM_BENCH_SIZE (smoke: tiny sizes for the bench-smoke tests; default; large:
// adds the 1M-target runs), the floor benchmark every program registers (BM_Floor, the
// denominator scripts/bench-compare divides by), per-iteration latency samples reported as
// percentile counters, and the programs' main (which adds the build's commit to the context).
#pragma once

#include <benchmark/benchmark.h>

#include <chrono>
#include <cstdint>
#include <string_view>
#include <vector>

namespace stashsim_bench {

enum class Scale { kSmoke, kDefault, kLarge };

// STASHSIM_BENCH_SIZE: "smoke", "default" (or unset) or "large"; anything else stops the
// program with a message.
Scale CurrentScale();
std::string_view ScaleName(Scale scale);

// The sizes to register at the current scale: `smoke` at kSmoke, `normal` at kDefault, and
// `normal` followed by `large_only` at kLarge.
std::vector<int64_t> Sizes(std::vector<int64_t> smoke, std::vector<int64_t> normal,
                           std::vector<int64_t> large_only = {});

// Registers BM_Floor/<targets>: runner::FloorWorkload over 10000 targets (1000 at smoke
// scale), each iteration the best of five passes (manual time); every program has exactly one.
// Register it before the benchmarks that fill the heap (malloc costs depend on the heap).
void RegisterFloorBenchmark();

// Times each iteration by hand (use with UseManualTime) and reports p50_us and p99_us counters.
class LatencySamples {
 public:
  void Start() { start_ = std::chrono::steady_clock::now(); }
  // Ends the iteration's timing and gives it to the benchmark.
  void Stop(benchmark::State& state);
  // Adds the percentile counters (p99 only with at least 100 samples).
  void Report(benchmark::State& state);

 private:
  std::chrono::steady_clock::time_point start_;
  std::vector<int64_t> nanos_;
};

// Initialises Google Benchmark, adds build_commit, build_type and bench_size to the context,
// runs the selected benchmarks. Returns the exit code.
int Main(int argc, char** argv);

}  // namespace stashsim_bench
