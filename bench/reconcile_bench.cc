// Reconcile benchmarks on the `stashsim bench` workloads (runner::BenchEnvironment): cold start
// (N targets exist, the reference starts and runs to quiescence), template change (converged,
// every template changes, run to quiescence) and a warm resync (converged, every target queued
// again; nothing to write). Sizes 10k and 100k; 1M with STASHSIM_BENCH_SIZE=large; 200 at smoke
// scale. Only the reconciling is timed: building the cluster and its targets and destroying
// them happen with the timer paused. Counters: targets per second, writes per target,
// p50/p99 per-reconcile latency (from the reference's request stream, see
// runner/src/instrumented_client.h), peak RSS of the iteration and bytes per stored object
// from RSS growth (store, watch history, the reference's informer caches, allocator overhead).
#include <benchmark/benchmark.h>

#include <memory>

#include "bench_support.h"
#include "runner/bench_environment.h"
#include "runner/bench_stats.h"

namespace {

using runner::BenchEnvironment;

runner::WorkloadShape Shape(int64_t targets) {
  runner::WorkloadShape shape;
  shape.targets = static_cast<size_t>(targets);
  return shape;
}

bool Check(benchmark::State& state, const kube::Status& status) {
  if (!status.ok()) state.SkipWithError(status.ToString().c_str());
  return status.ok();
}

// Reports the figures of one timed part; `rss_before` and `objects_before` were read before the
// workload's objects existed.
void Report(benchmark::State& state, BenchEnvironment& env, uint64_t writes, size_t rss_before,
            size_t objects_before) {
  const double n = static_cast<double>(env.Shape().targets);
  state.counters["targets_per_second"] =
      benchmark::Counter(n, benchmark::Counter::kIsIterationInvariantRate);
  state.counters["writes_per_target"] = static_cast<double>(writes) / n;
  std::vector<int64_t> latencies = env.TakeLatencies();
  if (auto summary = runner::SummariseLatencies(latencies)) {
    state.counters["p50_us"] = summary->p50_us;
    state.counters["p99_us"] = summary->p99_us;
  }
  state.counters["peak_rss_mib"] = static_cast<double>(runner::PeakResidentBytes()) / (1 << 20);
  const size_t objects = env.Cluster().Stats().objects - objects_before;
  const size_t rss = runner::ResidentBytes();
  if (objects > 0 && rss > rss_before) {
    state.counters["bytes_per_object"] =
        static_cast<double>(rss - rss_before) / static_cast<double>(objects);
  }
}

// A new environment with its inputs and targets, controller not started; RSS and object
// counts are read before the targets are created.
std::unique_ptr<BenchEnvironment> Prepare(benchmark::State& state, int64_t targets,
                                          size_t& rss_before, size_t& objects_before) {
  runner::ReleaseFreeMemory();
  runner::ResetPeakResident();
  auto env = std::make_unique<BenchEnvironment>(Shape(targets), 1);
  if (!Check(state, env->CreateInputs())) return nullptr;
  rss_before = runner::ResidentBytes();
  objects_before = env->Cluster().Stats().objects;
  if (!Check(state, env->CreateTargets(0, static_cast<size_t>(targets)))) return nullptr;
  return env;
}

void BM_ColdStart(benchmark::State& state) {
  for (auto _ : state) {
    state.PauseTiming();
    size_t rss_before = 0, objects_before = 0;
    auto env = Prepare(state, state.range(0), rss_before, objects_before);
    if (!env) break;
    (void)env->TakeLatencies();
    const uint64_t writes = env->ReferenceWrites();
    state.ResumeTiming();
    kube::Status status = env->StartController();
    if (status.ok()) status = env->Quiesce();
    state.PauseTiming();
    if (!Check(state, status)) break;
    Report(state, *env, env->ReferenceWrites() - writes, rss_before, objects_before);
    env.reset();  // teardown, not timed
    state.ResumeTiming();
  }
}

// Converged, then `change` (template change or resync) and quiescence are timed.
template <typename Change>
void ConvergedThen(benchmark::State& state, Change change) {
  for (auto _ : state) {
    state.PauseTiming();
    size_t rss_before = 0, objects_before = 0;
    auto env = Prepare(state, state.range(0), rss_before, objects_before);
    if (!env || !Check(state, env->StartController()) || !Check(state, env->Quiesce())) break;
    (void)env->TakeLatencies();
    const uint64_t writes = env->ReferenceWrites();
    state.ResumeTiming();
    kube::Status status = change(*env);
    if (status.ok()) status = env->Quiesce();
    state.PauseTiming();
    if (!Check(state, status)) break;
    Report(state, *env, env->ReferenceWrites() - writes, rss_before, objects_before);
    env.reset();
    state.ResumeTiming();
  }
}

void BM_TemplateChange(benchmark::State& state) {
  ConvergedThen(state, [](BenchEnvironment& env) { return env.ChangeTemplates(2); });
}

void BM_WarmResync(benchmark::State& state) {
  ConvergedThen(state, [](BenchEnvironment& env) {
    env.ResyncAll();
    return kube::Status::Ok();
  });
}

}  // namespace

int main(int argc, char** argv) {
  stashsim_bench::RegisterFloorBenchmark();  // first: measured on a fresh heap
  for (int64_t n : stashsim_bench::Sizes({200}, {10000, 100000}, {1000000})) {
    using Function = void (*)(benchmark::State&);
    for (auto [name, function] :
         {std::pair<const char*, Function>{"BM_ColdStart", BM_ColdStart},
          std::pair<const char*, Function>{"BM_TemplateChange", BM_TemplateChange},
          std::pair<const char*, Function>{"BM_WarmResync", BM_WarmResync}}) {
      benchmark::RegisterBenchmark(name, function)
          ->Arg(n)
          ->Unit(benchmark::kMillisecond)
          ->UseRealTime()
          ->Iterations(1);
    }
  }
  return stashsim_bench::Main(argc, argv);
}
