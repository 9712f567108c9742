// `stashsim bench`: runs one generated workload (see bench_workload.h) against the in-process
// reference on the fake cluster and reports time to quiescence, targets per second, writes,
// watch events, peak RSS, bytes per stored object (from RSS), per-reconcile latency
// percentiles and the floor ratio, on the terminal and as JSON with stable names
// (bench/README.md). Exit codes: 0 converged as expected, 1 the run failed or ended in the wrong
// state, 2 usage errors.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <optional>
#include <string>

#include "runner/bench_workload.h"

namespace runner {

struct BenchOptions {
  BenchWorkload workload = BenchWorkload::kColdStart;
  WorkloadShape shape;
  uint64_t seed = 1;
  std::string json_path;  // empty: no JSON file
  bool progress = false;  // draw a progress bar on `err`
};

// The figures of one run; optional ones are absent when not measured (no reconcile ran).
struct BenchResult {
  BenchOptions options;
  double seconds = 0;
  double targets_per_second = 0;
  uint64_t writes = 0;          // by the reference, Events included
  uint64_t cluster_writes = 0;  // every write in the timed part (workload and GC included)
  uint64_t watch_events = 0;    // delivered to the reference's informers in the timed part
  uint64_t reconciles = 0;
  uint64_t reconcile_failures = 0;
  size_t stored_objects = 0;  // when every target was converged
  size_t repositories = 0;    // at the end
  size_t backup_configurations = 0;
  size_t peak_rss_bytes = 0;
  size_t rss_before_bytes = 0;
  size_t rss_converged_bytes = 0;
  double bytes_per_object = 0;
  std::optional<double> p50_us, p99_us, p999_us;
  size_t latency_samples = 0;
  double floor_ns_per_target = 0;
  double floor_ratio = 0;
  std::string commit, build_type, allocator, machine, version;
};

// A usage problem with the options (naming the option), or nullopt.
std::optional<std::string> ValidateBenchOptions(const BenchOptions& options);

// Runs the workload; `error` holds why it could not run (then the result is partial).
BenchResult RunBenchWorkload(const BenchOptions& options, std::ostream& err, std::string& error);

// The JSON object of a result (stable names; null for figures not measured).
std::string BenchResultJson(const BenchResult& result);
// The terminal summary.
void WriteBenchSummary(const BenchResult& result, std::ostream& out);
// What is wrong with the end state for this workload (counts of generated objects, failed
// reconciles), or nullopt when it is as expected.
std::optional<std::string> CheckBenchEndState(const BenchResult& result);

// The whole command: validate, run, print, write JSON. Returns the exit code.
int RunBenchCommand(const BenchOptions& options, std::ostream& out, std::ostream& err);

}  // namespace runner
