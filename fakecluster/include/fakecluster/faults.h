// FaultPlan: seeded fault injection for the fake cluster (fake-apiserver.md section 6). Every
// decision is drawn from the cluster's single seeded random source, so a plan plus a seed
// replays exactly. All rates are probabilities in [0, 1]; the default plan injects nothing.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace fakecluster {

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

  bool Empty() const {
    return conflict_rate == 0 && conflict_every_nth_update == 0 && server_error_rate == 0 && watch_cut_rate == 0 &&
           rewatch_expired_rate == 0 && stale_read_rate == 0 && gc_delay_max_ms == 0;
  }
};

}  // namespace fakecluster
