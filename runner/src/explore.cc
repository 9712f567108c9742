// Exploration: calm and faulty runs of each scenario, settled and compared step by step.
#include "runner/explore.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <map>

#include <fmt/format.h>

#include "reference/profile.h"
#include "runner/diff.h"
#include "runner/scenario_runner.h"

namespace runner {
namespace {

// The generated objects after one settled step: "Kind namespace/name" -> normalised JSON, and
// the invariants that state breaks.
struct SettledState {
  std::string step;
  std::map<std::string, std::string> objects;
  std::vector<std::string> violations;
};

// What one run (calm or faulty) saw.
struct RunTrace {
  ScenarioResult result;
  std::vector<SettledState> states;
  std::vector<Failure> failures;  // settling and invariant failures
  std::string fingerprint;
  std::vector<std::string> history;   // with ExploreOptions::keep_history
  std::vector<uint64_t> occurrences;  // FaultRecord::occurrence of each drawn fault that fired
};

std::string FaultLine(const fakecluster::FaultRecord& fault) {
  std::string number = fault.occurrence ? fmt::format(" #{}", fault.occurrence) : "";
  return fmt::format("  fault{} {} on {} {} {}/{}", number, fault.fault, fault.verb, fault.kind,
                     fault.namespace_name, fault.name);
}

// Writes and faults merged in resourceVersion order (a fault fires at the version it names).
std::vector<std::string> History(const Backend& backend) {
  std::vector<std::string> lines;
  auto writes = backend.WriteLog();
  auto faults = backend.FaultLog();
  if (!writes) return lines;
  size_t f = 0;
  for (const fakecluster::WriteRecord& w : *writes) {
    while (faults && f < faults->size() && (*faults)[f].resource_version < w.resource_version) {
      const fakecluster::FaultRecord& fault = (*faults)[f++];
      lines.push_back(FaultLine(fault));
    }
    lines.push_back(fmt::format("rv {} {} {} {} {}/{}{}", w.resource_version, w.actor, w.verb,
                                w.kind, w.namespace_name, w.name,
                                w.propagation.empty() ? "" : " (" + w.propagation + ")"));
  }
  for (; faults && f < faults->size(); ++f) {
    const fakecluster::FaultRecord& fault = (*faults)[f];
    lines.push_back(FaultLine(fault));
  }
  return lines;
}

constexpr std::array<const char*, 6> kVolatileMetadata = {
    "uid", "resourceVersion", "creationTimestamp", "generation", "managedFields", "selfLink"};

std::optional<kube::GroupVersionKind> KindNamed(Backend& backend, const std::string& kind) {
  const kube::KindRegistry kinds = backend.Kinds();
  for (const kube::ResourceInfo* info : kinds.All()) {
    if (info->gvk.kind == kind) return info->gvk;
  }
  return std::nullopt;
}

// The object without what differs between equivalent runs: server-set metadata, and owner uids
// replaced by the object they name now ("uid of Deployment demo/x"). An owner reference to a
// uid that object no longer has is an invariant violation.
kube::Json Normalise(const kube::Object& item, Backend& backend,
                     std::vector<std::string>& violations) {
  kube::Json object = item.json();
  kube::Json& metadata = object["metadata"];
  for (const char* field : kVolatileMetadata) metadata.erase(field);
  if (metadata.contains("deletionTimestamp")) metadata["deletionTimestamp"] = "(set)";
  if (!metadata.contains("ownerReferences") || !metadata["ownerReferences"].is_array()) {
    return object;
  }
  for (kube::Json& ref : metadata["ownerReferences"]) {
    if (!ref.is_object()) continue;
    std::string kind = ref.value("kind", "");
    std::string name = ref.value("name", "");
    std::string uid = ref.value("uid", "");
    std::string owner = fmt::format("{} {}/{}", kind, item.Namespace(), name);
    auto gvk = kube::GroupVersionKind::FromApiVersion(ref.value("apiVersion", ""), kind);
    auto current = backend.ScenarioClient().Get(gvk, item.Namespace(), name);
    if (!current.ok()) {
      ref["uid"] = "(uid of a deleted " + owner + ")";
    } else if (current->Uid() == uid) {
      ref["uid"] = "(uid of " + owner + ")";
    } else {
      ref["uid"] = "(a former uid of " + owner + ")";
      // Without the uids themselves, which differ between runs: the calm run's own
      // violations (a scenario may build one on purpose) are not reported.
      violations.push_back(fmt::format("{} {}/{} points at a uid {} no longer has", item.Kind(),
                                       item.Namespace(), item.Name(), owner));
    }
  }
  return object;
}

SettledState Snapshot(const std::string& step, Backend& backend) {
  SettledState state;
  state.step = step;
  std::map<std::string, std::vector<std::string>> configurations_of_owner;
  for (const char* kind : {"Repository", "BackupConfiguration"}) {
    auto gvk = KindNamed(backend, kind);
    if (!gvk) continue;
    auto list = backend.ScenarioClient().List(*gvk, kube::ListOptions{});
    if (!list.ok()) {
      state.violations.push_back(
          fmt::format("listing {} failed: {}", kind, list.status().message()));
      continue;
    }
    for (const kube::Object& item : list->items) {
      std::string key = fmt::format("{} {}/{}", kind, item.Namespace(), item.Name());
      kube::Json normalised = Normalise(item, backend, state.violations);
      if (std::string_view(kind) == "BackupConfiguration") {
        const kube::Json& refs = normalised["metadata"].value("ownerReferences", kube::Json());
        if (refs.is_array()) {
          for (const kube::Json& ref : refs) configurations_of_owner[ref.dump()].push_back(key);
        }
      }
      state.objects.emplace(std::move(key), normalised.dump());
    }
  }
  for (const auto& [owner, keys] : configurations_of_owner) {
    if (keys.size() < 2) continue;
    state.violations.push_back(fmt::format("{} BackupConfigurations share one owner {}: {}",
                                           keys.size(), owner, fmt::join(keys, ", ")));
  }
  return state;
}

std::string StateText(const SettledState& state) {
  std::string text;
  for (const auto& [key, json] : state.objects) text += key + " " + json + "\n";
  return text;
}

// The implementation's writes to kinds other than Event from `from` on.
std::vector<fakecluster::WriteRecord> WritesSince(const Backend& backend, size_t from) {
  std::vector<fakecluster::WriteRecord> writes;
  auto log = backend.WriteLog();
  if (!log) return writes;
  const std::string actor = backend.ImplementationActor();
  for (size_t i = from; i < log->size(); ++i) {
    const fakecluster::WriteRecord& w = (*log)[i];
    if (w.actor != actor || w.kind == "Event") continue;
    writes.push_back(w);
  }
  return writes;
}

std::string WriteText(const fakecluster::WriteRecord& w) {
  return fmt::format("{} {} {}/{}", w.verb, w.kind, w.namespace_name, w.name);
}

bool DeletesRepository(const fakecluster::WriteRecord& w) {
  return w.kind == "Repository" && (w.verb == "delete" || w.verb == "remove");
}

// Runs one scenario with `faults` added, settling and recording the state after every step.
RunTrace Trace(const Scenario& scenario, const std::string& profile, uint64_t seed,
               const fakecluster::FaultPlan& faults, const ExploreOptions& options) {
  RunTrace trace;
  const bool blueprint = reference::ProfileFromName(profile) == reference::Profile::kBlueprint;
  const size_t settles = scenario.steps.size() + 1;  // after start, then after each step
  RunOptions run;
  run.seed = seed;
  run.mutants = options.mutants;
  run.faults = faults;
  run.check_expectations = false;
  run.check_idempotence = false;
  run.check_determinism = false;
  run.periodic_resync = false;
  run.after_step = [&](const std::string& label, Backend& backend) {
    backend.PauseFaults(true);
    // Retries and delayed garbage collection first; then, in the blueprint era, the resync
    // that spec 7 waits for, and its own retries and collection.
    kube::Status settled = backend.AdvanceClock(options.settle_ms);
    if (settled.ok() && blueprint) settled = backend.Resync();
    if (settled.ok() && blueprint) settled = backend.AdvanceClock(options.settle_ms);
    if (!settled.ok()) {
      trace.failures.push_back(
          {label, "did not settle: " + settled.message(), "", "", scenario.file});
      return false;
    }
    trace.states.push_back(Snapshot(label, backend));
    if (options.keep_history) trace.history = History(backend);
    if (trace.states.size() == settles) {
      // The last step: no write after quiescence, and the history's invariants.
      auto log = backend.WriteLog();
      size_t before = log ? log->size() : 0;
      kube::Status resync = backend.Resync();
      std::vector<fakecluster::WriteRecord> late = WritesSince(backend, before);
      if (!resync.ok() || !late.empty()) {
        trace.failures.push_back(
            {"invariant: no write after quiescence",
             resync.ok() ? "a resync after the last step wrote: " + WriteText(late.front())
                         : "the resync after the last step failed: " + resync.message(),
             "", "", scenario.file});
      }
      std::vector<fakecluster::WriteRecord> writes = WritesSince(backend, 0);
      auto deleted = std::find_if(writes.begin(), writes.end(), DeletesRepository);
      if (deleted != writes.end()) {
        trace.failures.push_back({"invariant: a Repository is never deleted",
                                  "the implementation wrote: " + WriteText(*deleted), "", "",
                                  scenario.file});
      }
      trace.fingerprint = backend.Fingerprint().value_or("");
      if (auto fault_log = backend.FaultLog()) {
        for (const fakecluster::FaultRecord& fault : *fault_log) {
          if (fault.occurrence) trace.occurrences.push_back(fault.occurrence);
        }
      }
    }
    backend.PauseFaults(false);
    return true;
  };
  trace.result = RunScenario(scenario, profile, run, options.factory);
  return trace;
}

std::string ReplayCommand(const ExploreOptions& options, const Scenario& scenario,
                          const std::string& profile, uint64_t seed,
                          const std::vector<std::string>& faults) {
  std::string command =
      fmt::format("{} {} --id {} --profile {} --first-seed {} --seeds 1 --faults {}",
                  options.replay_prefix, scenario.file, scenario.id, profile, seed,
                  faults.empty() ? "none" : fmt::format("{}", fmt::join(faults, ",")));
  for (Mutant mutant : options.mutants.Enabled()) {
    command += fmt::format(" --mutant {}", MutantName(mutant));
  }
  return command;
}

// The failures of a faulty run against the calm one.
std::vector<Failure> Compare(const RunTrace& calm, const RunTrace& faulty, uint64_t seed,
                             const std::string& file) {
  std::vector<Failure> failures = faulty.failures;
  for (const Failure& failure : faulty.result.failures) failures.push_back(failure);
  for (size_t i = 0; i < faulty.states.size() && i < calm.states.size(); ++i) {
    const SettledState& mine = faulty.states[i];
    const SettledState& theirs = calm.states[i];
    for (const std::string& violation : mine.violations) {
      if (std::find(theirs.violations.begin(), theirs.violations.end(), violation) !=
          theirs.violations.end()) {
        continue;
      }
      failures.push_back({mine.step, "invariant: " + violation, "", "", file});
    }
    if (mine.objects != theirs.objects) {
      failures.push_back({mine.step, "the settled state differs from the calm run's (convergence)",
                          "",
                          UnifiedDiff(StateText(theirs), StateText(mine), "calm run",
                                      fmt::format("seed {}", seed)),
                          file});
      break;  // later steps build on this difference
    }
  }
  if (failures.empty() && faulty.states.size() != calm.states.size()) {
    failures.push_back({"run",
                        fmt::format("settled {} times, the calm run {} times", faulty.states.size(),
                                    calm.states.size()),
                        "", "", file});
  }
  return failures;
}

// A run's report, before its failures are known.
ExploreRun NewRun(const Scenario& scenario, const std::string& profile, uint64_t seed,
                  const std::vector<std::string>& faults, const ExploreOptions& options) {
  ExploreRun run;
  run.id = scenario.id;
  run.profile = profile;
  run.file = scenario.file;
  run.seed = seed;
  run.faults = faults;
  run.replay_command =
      ReplayCommand(options, scenario, profile, seed == 0 ? options.first_seed : seed, faults);
  return run;
}

}  // namespace

const std::vector<std::string>& ExploreFaultNames() {
  static const std::vector<std::string> kNames = {
      "conflict",    "server-error", "watch-cut", "rewatch-expired", "watch-coalesce",
      "watch-delay", "stale-read",   "gc-delay",  "crash",           "uid-churn"};
  return kNames;
}

kube::StatusOr<std::vector<std::string>> ResolveExploreFaults(
    const std::vector<std::string>& names) {
  if (names.empty()) return ExploreFaultNames();
  std::vector<std::string> resolved;
  for (const std::string& name : names) {
    if (name == "all") return ExploreFaultNames();
    if (name == "none") continue;
    if (std::find(ExploreFaultNames().begin(), ExploreFaultNames().end(), name) ==
        ExploreFaultNames().end()) {
      return kube::BadRequestError(fmt::format("unknown fault \"{}\" (known: all, none, {})", name,
                                               fmt::join(ExploreFaultNames(), ", ")));
    }
    if (std::find(resolved.begin(), resolved.end(), name) == resolved.end()) {
      resolved.push_back(name);
    }
  }
  return resolved;
}

kube::StatusOr<fakecluster::FaultPlan> ExploreFaultPlan(const std::vector<std::string>& names) {
  fakecluster::FaultPlan plan;
  if (names.empty()) return plan;  // no fault at all, unlike an empty `--faults`
  KUBE_ASSIGN_OR_RETURN(std::vector<std::string> wanted, ResolveExploreFaults(names));
  for (const std::string& name : wanted) {
    if (name == "conflict") {
      plan.conflict_rate = 0.15;
    } else if (name == "server-error") {
      plan.server_error_rate = 0.05;
    } else if (name == "watch-cut") {
      plan.watch_cut_rate = 0.1;
    } else if (name == "rewatch-expired") {
      plan.rewatch_expired_rate = 0.5;
    } else if (name == "watch-coalesce") {
      plan.watch_coalesce_rate = 0.3;
    } else if (name == "watch-delay") {
      plan.watch_delay_rate = 0.2;
      plan.watch_delay_max_ms = 30 * 1000;
    } else if (name == "stale-read") {
      plan.stale_read_rate = 0.2;
      plan.stale_read_max_lag = 5;
      plan.stale_reads_cached_only = true;  // as kube-apiserver: only where a cache may answer
    } else if (name == "gc-delay") {
      plan.gc_delay_max_ms = 30 * 1000;
    } else if (name == "crash") {
      plan.crash_rate = 0.1;
    } else if (name == "uid-churn") {
      plan.uid_churn_rate = 0.1;
    } else {
      return kube::InternalError(fmt::format("the fault \"{}\" has no plan", name));
    }
  }
  return plan;
}

std::vector<std::string> AllowedFaults(const Scenario& scenario) {
  if (scenario.explore_faults) return *scenario.explore_faults;
  if (scenario.faults.Empty()) return ExploreFaultNames();
  return {};
}

ExploreRun ExploreOne(const Scenario& scenario, const std::string& profile, uint64_t seed,
                      const std::vector<std::string>& faults, const ExploreOptions& options) {
  ExploreRun run = NewRun(scenario, profile, seed, faults, options);
  auto plan = ExploreFaultPlan(faults);
  if (!plan.ok()) {
    run.failures.push_back({"faults", plan.status().message(), "", "", scenario.file});
    return run;
  }
  plan->only_occurrences = options.occurrences ? options.occurrences : scenario.explore_occurrences;
  RunTrace calm = Trace(scenario, profile, options.first_seed, fakecluster::FaultPlan{}, options);
  RunTrace faulty = Trace(scenario, profile, seed, *plan, options);
  run.failures = Compare(calm, faulty, seed, scenario.file);
  run.faults_fired = faulty.result.faults_fired;
  run.occurrences = std::move(faulty.occurrences);
  run.history = std::move(faulty.history);
  run.fingerprint = std::move(faulty.fingerprint);
  return run;
}

ExploreSummary Explore(const std::vector<Scenario>& scenarios, const Selection& selection,
                       const ExploreOptions& options) {
  ExploreSummary summary;
  auto start = std::chrono::steady_clock::now();
  struct Pair {
    const Scenario* scenario;
    std::string profile;
    std::vector<std::string> faults;
  };
  std::vector<Pair> pairs;
  for (const SelectedRun& selected : SelectRuns(scenarios, selection)) {
    std::vector<std::string> allowed = AllowedFaults(*selected.scenario);
    std::vector<std::string> faults;
    for (const std::string& name : options.faults.empty() ? ExploreFaultNames() : options.faults) {
      if (std::find(allowed.begin(), allowed.end(), name) != allowed.end()) {
        faults.push_back(name);
      }
    }
    if (!selected.skip_reason.empty() || faults.empty()) {
      ++summary.not_explored;
      continue;
    }
    pairs.push_back({selected.scenario, selected.profile, std::move(faults)});
  }
  summary.pairs = pairs.size();
  // Per pair: the calm run's failures (if any), then each failing seed.
  std::vector<std::vector<ExploreRun>> failed(pairs.size());
  std::atomic<size_t> runs{0}, fired{0};
  ParallelFor(pairs.size(), options.jobs, [&](size_t i) {
    const Pair& pair = pairs[i];
    const Scenario& scenario = *pair.scenario;
    auto plan = ExploreFaultPlan(pair.faults);
    if (!plan.ok()) {  // names come from the schema or the command line, which check them
      ExploreRun run = NewRun(scenario, pair.profile, 0, pair.faults, options);
      run.failures.push_back({"faults", plan.status().message(), "", "", scenario.file});
      failed[i].push_back(std::move(run));
      return;
    }
    plan->only_occurrences = scenario.explore_occurrences;
    RunTrace calm =
        Trace(scenario, pair.profile, options.first_seed, fakecluster::FaultPlan{}, options);
    std::vector<Failure> calm_failures = calm.failures;
    for (const Failure& f : calm.result.failures) calm_failures.push_back(f);
    if (!calm_failures.empty()) {
      ExploreRun run = NewRun(scenario, pair.profile, 0, {}, options);
      run.failures = std::move(calm_failures);
      failed[i].push_back(std::move(run));
      return;  // nothing to compare with
    }
    std::vector<uint64_t> seeds = scenario.explore_seeds;
    if (seeds.empty()) {
      for (size_t s = 0; s < options.seeds; ++s) seeds.push_back(options.first_seed + s);
    }
    for (uint64_t seed : seeds) {
      RunTrace faulty = Trace(scenario, pair.profile, seed, *plan, options);
      ++runs;
      fired += faulty.result.faults_fired.size();
      std::vector<Failure> failures = Compare(calm, faulty, seed, scenario.file);
      if (failures.empty()) continue;
      ExploreRun run = NewRun(scenario, pair.profile, seed, pair.faults, options);
      run.failures = std::move(failures);
      run.faults_fired = faulty.result.faults_fired;
      run.history = std::move(faulty.history);
      failed[i].push_back(std::move(run));
    }
  });
  for (auto& runs_of_pair : failed) {
    for (auto& run : runs_of_pair) summary.failed.push_back(std::move(run));
  }
  summary.runs = runs;
  summary.faults_fired = fired;
  summary.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return summary;
}

}  // namespace runner
