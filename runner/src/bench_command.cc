// `stashsim bench`: run one workload, measure it against the floor, report.
#include "runner/bench_command.h"

#include <fmt/format.h>

#include <chrono>
#include <fstream>
#include <functional>
#include <nlohmann/json.hpp>
#include <ostream>

#include "progress_bar.h"
#include "reference/profile.h"
#include "runner/bench_environment.h"
#include "runner/bench_floor.h"
#include "runner/bench_stats.h"
#include "runner/build_info.h"
#include "runner/version.h"

namespace runner {
namespace {

constexpr size_t kMaxTargets = 100000000;

// What the timed part of a workload did, measured from its counters before and after.
struct TimedPart {
  double seconds = 0;
  uint64_t writes = 0, cluster_writes = 0, watch_events = 0, reconciles = 0, failures = 0;
  std::vector<int64_t> latencies;
};

kube::Status Timed(BenchEnvironment& env, TimedPart& part,
                   const std::function<kube::Status()>& work) {
  const uint64_t rv = env.Cluster().CurrentResourceVersion();
  const uint64_t writes = env.ReferenceWrites(), events = env.WatchEvents();
  const uint64_t reconciles = env.ControllerStats().reconciles;
  const uint64_t failures = env.ControllerStats().failures;
  (void)env.TakeLatencies();
  const auto start = std::chrono::steady_clock::now();
  kube::Status status = work();
  part.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  part.cluster_writes = env.Cluster().CurrentResourceVersion() - rv;
  part.writes = env.ReferenceWrites() - writes;
  part.watch_events = env.WatchEvents() - events;
  part.reconciles = env.ControllerStats().reconciles - reconciles;
  part.failures = env.ControllerStats().failures - failures;
  part.latencies = env.TakeLatencies();
  return status;
}

// Creates every target and runs the controller to quiescence (untimed set-up).
kube::Status Converge(BenchEnvironment& env, ProgressBar& bar) {
  const size_t n = env.Shape().targets;
  bar.Phase("creating targets", n);
  KUBE_RETURN_IF_ERROR(env.CreateTargets(0, n));
  KUBE_RETURN_IF_ERROR(env.StartController());
  bar.Phase("converging", n, env.ReconcilesSeen());
  return env.Quiesce();
}

// Runs the workload's steps; `converged` is called when every target is reconciled.
kube::Status RunSteps(BenchWorkload workload, BenchEnvironment& env, ProgressBar& bar,
                      TimedPart& part, const std::function<void()>& converged) {
  const size_t n = env.Shape().targets;
  kube::Status status;
  switch (workload) {
    case BenchWorkload::kColdStart:
      bar.Phase("creating targets", n);
      KUBE_RETURN_IF_ERROR(env.CreateTargets(0, n));
      status = Timed(env, part, [&] {
        bar.Phase("reconciling", n, env.ReconcilesSeen());
        KUBE_RETURN_IF_ERROR(env.StartController());
        return env.Quiesce();
      });
      converged();
      return status;
    case BenchWorkload::kArrival:
      KUBE_RETURN_IF_ERROR(env.StartController());
      KUBE_RETURN_IF_ERROR(env.Quiesce());
      status = Timed(env, part, [&] {
        bar.Phase("arriving", n, env.ReconcilesSeen());
        for (size_t i = 0; i < n; ++i) {
          KUBE_RETURN_IF_ERROR(env.CreateTargets(i, i + 1));
          KUBE_RETURN_IF_ERROR(env.Quiesce());
        }
        return kube::Status::Ok();
      });
      converged();
      return status;
    case BenchWorkload::kTemplateChange:
      KUBE_RETURN_IF_ERROR(Converge(env, bar));
      status = Timed(env, part, [&] {
        bar.Phase("following templates", n, env.ReconcilesSeen());
        KUBE_RETURN_IF_ERROR(env.ChangeTemplates(2));
        return env.Quiesce();
      });
      converged();
      return status;
    case BenchWorkload::kUnannotate:
      KUBE_RETURN_IF_ERROR(Converge(env, bar));
      converged();
      bar.Phase("removing annotations", n);
      KUBE_RETURN_IF_ERROR(env.Unannotate(0, n));
      return Timed(env, part, [&] {
        bar.Phase("reconciling", n, env.ReconcilesSeen());
        return env.Quiesce();
      });
    case BenchWorkload::kDelete:
      KUBE_RETURN_IF_ERROR(Converge(env, bar));
      converged();
      bar.Phase("deleting targets", n);
      KUBE_RETURN_IF_ERROR(env.DeleteTargets(0, n));
      bar.Clear();
      return Timed(env, part, [&] { return env.Quiesce(); });
  }
  return kube::InternalError("unknown workload");
}

std::string Bytes(double bytes) {
  if (bytes >= 1024.0 * 1024 * 1024)
    return fmt::format("{:.2f} GiB", bytes / (1024.0 * 1024 * 1024));
  if (bytes >= 1024.0 * 1024) return fmt::format("{:.1f} MiB", bytes / (1024.0 * 1024));
  return fmt::format("{:.1f} KiB", bytes / 1024.0);
}

}  // namespace

std::optional<std::string> ValidateBenchOptions(const BenchOptions& options) {
  const WorkloadShape& shape = options.shape;
  if (shape.targets < 1 || shape.targets > kMaxTargets) {
    return fmt::format("--targets must be between 1 and {} (got {})", kMaxTargets, shape.targets);
  }
  if (shape.templates < 1 || shape.templates > 10000) {
    return fmt::format("--templates must be between 1 and 10000 (got {})", shape.templates);
  }
  if (shape.namespaces < 1 || shape.namespaces > 10000) {
    return fmt::format("--namespaces must be between 1 and 10000 (got {})", shape.namespaces);
  }
  return std::nullopt;
}

BenchResult RunBenchWorkload(const BenchOptions& options, std::ostream& err, std::string& error) {
  BenchResult result;
  result.options = options;
  result.commit = std::string(BuildCommit());
  result.build_type = std::string(BuildType());
  result.machine = MachineDescription();
  result.allocator = ActiveAllocator();
  result.version = std::string(Version());
  const size_t n = options.shape.targets;

  // The floor first, at the same count; its memory is handed back before RSS is read.
  ProgressBar bar(err, options.progress);
  bar.Phase("measuring the floor", 1);
  result.floor_ns_per_target = MeasureFloorNsPerTarget(n);
  ReleaseFreeMemory();

  BenchEnvironment env(options.shape, options.seed);
  env.SetProgress([&bar](size_t count) { bar.Update(count); });
  if (kube::Status status = env.CreateInputs(); !status.ok()) {
    error = status.ToString();
    return result;
  }
  ReleaseFreeMemory();
  ResetPeakResident();
  result.rss_before_bytes = ResidentBytes();
  const size_t objects_before = env.Cluster().Stats().objects;

  TimedPart part;
  auto converged = [&] {
    result.rss_converged_bytes = ResidentBytes();
    result.stored_objects = env.Cluster().Stats().objects - objects_before;
  };
  kube::Status status = RunSteps(options.workload, env, bar, part, converged);
  bar.Clear();
  result.peak_rss_bytes = PeakResidentBytes();
  if (!status.ok()) {
    error = status.ToString();
    return result;
  }
  result.seconds = part.seconds;
  result.targets_per_second = part.seconds > 0 ? static_cast<double>(n) / part.seconds : 0;
  result.writes = part.writes;
  result.cluster_writes = part.cluster_writes;
  result.watch_events = part.watch_events;
  result.reconciles = part.reconciles;
  result.reconcile_failures = part.failures;
  if (result.stored_objects > 0 && result.rss_converged_bytes > result.rss_before_bytes) {
    result.bytes_per_object =
        static_cast<double>(result.rss_converged_bytes - result.rss_before_bytes) /
        static_cast<double>(result.stored_objects);
  }
  if (auto latency = SummariseLatencies(part.latencies)) {
    result.p50_us = latency->p50_us;
    result.p99_us = latency->p99_us;
    result.p999_us = latency->p999_us;
    result.latency_samples = latency->samples;
  }
  if (result.floor_ns_per_target > 0) {
    result.floor_ratio = part.seconds * 1e9 / static_cast<double>(n) / result.floor_ns_per_target;
  }
  auto repositories = env.CountObjects(reference::RepositoryKind());
  auto configurations = env.CountObjects(reference::BackupConfigurationKind());
  if (!repositories.ok() || !configurations.ok()) {
    error = "counting the generated objects: " +
            (repositories.ok() ? configurations.status() : repositories.status()).ToString();
    return result;
  }
  result.repositories = *repositories;
  result.backup_configurations = *configurations;
  return result;
}

std::string BenchResultJson(const BenchResult& result) {
  auto optional = [](const std::optional<double>& value) {
    return value ? nlohmann::ordered_json(*value) : nlohmann::ordered_json(nullptr);
  };
  const BenchOptions& options = result.options;
  nlohmann::ordered_json json = {
      {"workload", BenchWorkloadName(options.workload)},
      {"profile", reference::ProfileName(options.shape.profile)},
      {"targets", options.shape.targets},
      {"templates", options.shape.templates},
      {"namespaces", options.shape.namespaces},
      {"seed", options.seed},
      {"seconds", result.seconds},
      {"targets_per_second", result.targets_per_second},
      {"writes", result.writes},
      {"cluster_writes", result.cluster_writes},
      {"watch_events", result.watch_events},
      {"reconciles", result.reconciles},
      {"reconcile_failures", result.reconcile_failures},
      {"stored_objects", result.stored_objects},
      {"repositories", result.repositories},
      {"backup_configurations", result.backup_configurations},
      {"peak_rss_bytes", result.peak_rss_bytes},
      {"rss_before_bytes", result.rss_before_bytes},
      {"rss_converged_bytes", result.rss_converged_bytes},
      {"bytes_per_object", result.bytes_per_object},
      {"p50_us", optional(result.p50_us)},
      {"p99_us", optional(result.p99_us)},
      {"p999_us", optional(result.p999_us)},
      {"latency_samples", result.latency_samples},
      {"floor_ns_per_target", result.floor_ns_per_target},
      {"floor_ratio", result.floor_ratio},
      {"commit", result.commit},
      {"build_type", result.build_type},
      {"allocator", result.allocator},
      {"machine", result.machine},
      {"version", result.version},
  };
  return json.dump(2) + "\n";
}

void WriteBenchSummary(const BenchResult& result, std::ostream& out) {
  const BenchOptions& options = result.options;
  out << fmt::format("stashsim bench: {}, {}, {} targets, {} templates, {} namespaces, seed {}\n",
                     BenchWorkloadName(options.workload),
                     reference::ProfileName(options.shape.profile), options.shape.targets,
                     options.shape.templates, options.shape.namespaces, options.seed);
  auto line = [&out](std::string_view name, const std::string& value) {
    out << fmt::format("  {:<20} {}\n", name, value);
  };
  line("time to quiescence", fmt::format("{:.3f} s", result.seconds));
  line("targets per second", fmt::format("{:.0f}", result.targets_per_second));
  line("writes", fmt::format("{} by the reference, {} in the cluster (workload and GC included)",
                             result.writes, result.cluster_writes));
  line("watch events",
       fmt::format("{} delivered to the reference's informers", result.watch_events));
  line("reconciles", fmt::format("{} ({} failed)", result.reconciles, result.reconcile_failures));
  line("peak RSS", Bytes(static_cast<double>(result.peak_rss_bytes)));
  line("bytes per object",
       fmt::format("{:.0f} (RSS {} -> {} over {} stored objects)", result.bytes_per_object,
                   Bytes(static_cast<double>(result.rss_before_bytes)),
                   Bytes(static_cast<double>(result.rss_converged_bytes)), result.stored_objects));
  if (result.p50_us) {
    line("reconcile latency",
         fmt::format("p50 {:.1f} us, p99 {:.1f} us, p99.9 {:.1f} us ({} reconciles, timed from "
                     "the reference's requests)",
                     *result.p50_us, *result.p99_us, *result.p999_us, result.latency_samples));
  } else {
    line("reconcile latency", "not measured: no reconcile ran in the timed part");
  }
  line("floor", fmt::format("{:.0f} ns per target; this run took {:.1f}x the floor",
                            result.floor_ns_per_target, result.floor_ratio));
  line("build", fmt::format("{} {} ({}, {}), {}", result.version, result.commit, result.build_type,
                            result.allocator, result.machine));
  if (result.build_type != "Release") {
    out << "  note: not a Release build; use the release preset for figures to compare\n";
  }
}

std::optional<std::string> CheckBenchEndState(const BenchResult& result) {
  const size_t n = result.options.shape.targets;
  const BenchWorkload workload = result.options.workload;
  if (result.reconcile_failures > 0) {
    return fmt::format("{} reconcile(s) failed", result.reconcile_failures);
  }
  if (result.repositories != n) {
    return fmt::format("expected {} Repositories at the end, found {}", n, result.repositories);
  }
  const size_t configurations = ExpectedBackupConfigurations(workload, result.options.shape);
  if (result.backup_configurations != configurations) {
    return fmt::format("expected {} BackupConfigurations at the end, found {}", configurations,
                       result.backup_configurations);
  }
  // Spec 5 and 6: each target's two objects are created (or both patched after a template
  // change); a removed annotation deletes the BackupConfiguration.
  const bool creates = workload == BenchWorkload::kColdStart ||
                       workload == BenchWorkload::kArrival ||
                       workload == BenchWorkload::kTemplateChange;
  const uint64_t min_writes = creates ? 2 * n : workload == BenchWorkload::kUnannotate ? n : 0;
  if (result.writes < min_writes) {
    return fmt::format("expected at least {} writes by the reference, saw {}", min_writes,
                       result.writes);
  }
  return std::nullopt;
}

int RunBenchCommand(const BenchOptions& options, std::ostream& out, std::ostream& err) {
  if (auto problem = ValidateBenchOptions(options)) {
    err << "stashsim bench: " << *problem << "\n";
    return 2;
  }
  std::ofstream json;
  if (!options.json_path.empty()) {
    json.open(options.json_path);
    if (!json) {
      err << "stashsim bench: --json: cannot write " << options.json_path << "\n";
      return 2;
    }
  }
  std::string error;
  BenchResult result = RunBenchWorkload(options, err, error);
  if (!error.empty()) {
    err << "stashsim bench: the workload failed: " << error << "\n";
    return 1;
  }
  WriteBenchSummary(result, out);
  if (json.is_open()) {
    json << BenchResultJson(result);
    json.close();
    if (!json) {
      err << "stashsim bench: --json: cannot write " << options.json_path << "\n";
      return 2;
    }
  }
  if (auto wrong = CheckBenchEndState(result)) {
    err << "stashsim bench: wrong end state: " << *wrong << "\n";
    return 1;
  }
  return 0;
}

}  // namespace runner
