// FaultPlan: fault injection for the fake cluster (fake-apiserver.md section 6). Rate-based
// decisions are drawn from the cluster's single seeded random source, so a plan plus a seed
// replays exactly; aimed errors (AimedError) do not depend on the seed at all. All rates are
// probabilities in [0, 1]; the default plan injects nothing. Every injected fault is recorded
// (FaultRecord) so a test or report can tell that it fired.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace fakecluster {

// One request answered with a chosen error, independent of the seed: the `nth` request (from 1)
// matching verb and kind (and namespace / name when set) fails, and so do the next `times - 1`
// matching ones (every later one when `always`). Verbs: get, list, watch, create, update,
// update-status, patch, delete.
struct AimedError {
  std::string verb;
  std::string kind;
  std::string namespace_name;  // empty: any
  std::string name;            // empty: any
  uint64_t nth = 1;
  uint64_t times = 1;
  bool always = false;
  int code = 500;       // 400, 403, 404, 409, 422, 429, 500, 503 or 504
  std::string message;  // empty: a default that says the fault was injected
};

// A fault that fired: which one ("aimed-error", "conflict", "server-error", "stale-read",
// "watch-cut", "rewatch-expired", "watch-coalesce", "watch-delay", "crash", "uid-churn") on which
// request.
// For "uid-churn", kind/namespace/name are the owner that was deleted and re-created.
struct FaultRecord {
  std::string fault;
  std::string verb;
  std::string kind;
  std::string namespace_name;
  std::string name;
  int code = 0;  // the HTTP code answered (0 when no error: a stale read, a cut watch)
  uint64_t resource_version = 0;  // its position: the cluster's resourceVersion when it fired
  // A fault drawn from the seed: its number among the draws that succeeded (from 1), which
  // FaultPlan::only_occurrences refers to. 0 for aimed errors and every-Nth conflicts.
  uint64_t occurrence = 0;
};

struct FaultPlan {
  // Faults hit only requests made through ClientFor(only_actor) when this is set (so a test
  // harness can read and write unharmed while the implementation under test gets faults).
  std::string only_actor;
  // 409 Conflict on this fraction of updates and patches (before they are applied).
  double conflict_rate = 0;
  // 409 Conflict on every Nth update or patch (0: never): a seed-independent way to make
  // every writer meet conflicts and have to retry.
  uint64_t conflict_every_nth_update = 0;
  // 429 / 500 / 503 (chosen at random among these) on this fraction of any verb.
  double server_error_rate = 0;
  // A watch stream is cut (closed early) after an event with this probability per event.
  double watch_cut_rate = 0;
  // A re-watch from a resourceVersion is answered 410 Expired with this probability.
  double rewatch_expired_rate = 0;
  // Reads served at an older resourceVersion (as a lagging cache would), with this probability,
  // at most `stale_read_max_lag` writes behind.
  double stale_read_rate = 0;
  uint64_t stale_read_max_lag = 5;
  // Stale reads only where kube-apiserver may answer from its cache: a list at resourceVersion
  // "0", or "N" (never older than N). Off: any get or list may be stale.
  bool stale_reads_cached_only = false;
  // Garbage collection of each dependent is delayed by a random 0..max virtual milliseconds,
  // which also reorders it.
  int64_t gc_delay_max_ms = 0;
  // Of two events for one object waiting in a watch stream of the faulted actor, the older is
  // dropped and the newer takes its place, with this probability per event (the watcher sees
  // only the later state, as when it falls behind).
  double watch_coalesce_rate = 0;
  // An event for a watch stream of the faulted actor is held back for 1..watch_delay_max_ms
  // virtual milliseconds with this probability; later events of that stream wait behind it
  // (order is kept), and no bookmark overtakes it. A cut stream loses what was held.
  double watch_delay_rate = 0;
  int64_t watch_delay_max_ms = 0;
  // After each committed write of `only_actor` (required), its process is taken as crashed
  // with this probability: its requests answer 503 until the harness restarts it and calls
  // FakeCluster::TakeCrash(). The write itself stands, as a crash after the response would.
  double crash_rate = 0;
  // Before a write of the faulted actor to an object with an owner reference (in the request,
  // else as stored), the owner is deleted and re-created under the same name with a new uid,
  // with this probability: a target replaced between the implementation's read and its write.
  double uid_churn_rate = 0;
  // Seed-independent errors aimed at one verb and kind.
  std::vector<AimedError> errors;
  // When set, of the faults drawn from the seed only these occurrences (FaultRecord::occurrence,
  // ascending) fire; the other draws still succeed and are numbered but change nothing. This is
  // how a failing run is shrunk to fewer, earlier faults (`stashsim minimize`). Delays drawn
  // for garbage collection are not occurrences: gc_delay_max_ms switches them.
  std::optional<std::vector<uint64_t>> only_occurrences;

  bool Empty() const { return errors.empty() && !HasRandomFaults(); }
  // Whether any fault drawn from the seed (everything but `errors`) is switched on.
  bool HasRandomFaults() const {
    return conflict_rate != 0 || conflict_every_nth_update != 0 || server_error_rate != 0 ||
           watch_cut_rate != 0 || rewatch_expired_rate != 0 || stale_read_rate != 0 ||
           gc_delay_max_ms != 0 || watch_coalesce_rate != 0 || crash_rate != 0 ||
           uid_churn_rate != 0 || (watch_delay_rate != 0 && watch_delay_max_ms != 0);
  }
  // Both plans at once: `other`'s aimed errors after this one's, each rate the larger of the
  // two, stale reads cached-only if either says so (`only_actor` and `only_occurrences` are
  // this plan's, else `other`'s).
  FaultPlan CombinedWith(const FaultPlan& other) const {
    FaultPlan plan = *this;
    if (plan.only_actor.empty()) plan.only_actor = other.only_actor;
    auto take_max = [](auto& mine, const auto& theirs) {
      if (theirs > mine) mine = theirs;
    };
    take_max(plan.conflict_rate, other.conflict_rate);
    take_max(plan.conflict_every_nth_update, other.conflict_every_nth_update);
    take_max(plan.server_error_rate, other.server_error_rate);
    take_max(plan.watch_cut_rate, other.watch_cut_rate);
    take_max(plan.rewatch_expired_rate, other.rewatch_expired_rate);
    take_max(plan.stale_read_rate, other.stale_read_rate);
    take_max(plan.stale_read_max_lag, other.stale_read_max_lag);
    plan.stale_reads_cached_only = stale_reads_cached_only || other.stale_reads_cached_only;
    take_max(plan.gc_delay_max_ms, other.gc_delay_max_ms);
    take_max(plan.watch_coalesce_rate, other.watch_coalesce_rate);
    take_max(plan.watch_delay_rate, other.watch_delay_rate);
    take_max(plan.watch_delay_max_ms, other.watch_delay_max_ms);
    take_max(plan.crash_rate, other.crash_rate);
    take_max(plan.uid_churn_rate, other.uid_churn_rate);
    plan.errors.insert(plan.errors.end(), other.errors.begin(), other.errors.end());
    if (!plan.only_occurrences) plan.only_occurrences = other.only_occurrences;
    return plan;
  }
  // The plan with only its aimed errors.
  FaultPlan AimedOnly() const {
    FaultPlan plan;
    plan.only_actor = only_actor;
    plan.errors = errors;
    return plan;
  }
};

}  // namespace fakecluster
