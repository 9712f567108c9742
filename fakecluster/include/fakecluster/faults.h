// FaultPlan: fault injection for the fake cluster (fake-apiserver.md section 6). Rate-based
// decisions are drawn from the cluster's single seeded random source, so a plan plus a seed
// replays exactly; aimed errors (AimedError) do not depend on the seed at all. All rates are
// probabilities in [0, 1]; the default plan injects nothing. Every injected fault is recorded
// (FaultRecord) so a test or report can tell that it fired.
#pragma once

#include <cstdint>
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
  int code = 500;              // 400, 403, 404, 409, 422, 429, 500, 503 or 504
  std::string message;         // empty: a default that says the fault was injected
};

// A fault that fired: which one ("aimed-error", "conflict", "server-error", "stale-read",
// "watch-cut", "rewatch-expired") on which request.
struct FaultRecord {
  std::string fault;
  std::string verb;
  std::string kind;
  std::string namespace_name;
  std::string name;
  int code = 0;  // the HTTP code answered (0 when no error: a stale read, a cut watch)
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
  // Garbage collection of each dependent is delayed by a random 0..max virtual milliseconds,
  // which also reorders it.
  int64_t gc_delay_max_ms = 0;
  // Seed-independent errors aimed at one verb and kind.
  std::vector<AimedError> errors;

  bool Empty() const {
    return errors.empty() && conflict_rate == 0 && conflict_every_nth_update == 0 && server_error_rate == 0 && watch_cut_rate == 0 &&
           rewatch_expired_rate == 0 && stale_read_rate == 0 && gc_delay_max_ms == 0;
  }
};

}  // namespace fakecluster
