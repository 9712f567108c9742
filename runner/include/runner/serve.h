// `stashsim serve`: the fake cluster on HTTP for any client (kubectl, client-go, Python), on
// real time, optionally with the reference reconciler running inside so a person can try
// default backup with kubectl alone. Runs until `stop` becomes true.
#pragma once

#include <atomic>
#include <optional>
#include <ostream>
#include <string>

#include "fakecluster/http_server.h"
#include "reference/reconciler.h"

namespace runner {

struct ServeOptions {
  fakecluster::HttpServerOptions http;
  std::string kubeconfig_out;  // where to write a kubeconfig for clients; empty: none
  std::optional<reference::ReconcilerOptions> reference;  // run the reference inside
  uint64_t seed = 1;
  // The cluster's watch history (older resourceVersions are 410 Expired) and how often
  // watchers that allow bookmarks get one.
  size_t watch_history_size = 10000;
  int64_t bookmark_interval_ms = 60000;
  // How often the background work (garbage collector, watch timeouts, the reference's
  // queue) runs, in milliseconds of real time.
  int tick_ms = 10;
};

// Prints "listening on URL" to `out` once serving, problems to `err`. Returns the exit code:
// 0 after a clean stop, 2 when the server cannot start. Each time `restarts` grows (SIGHUP in
// the command line), the reference inside restarts: its state is dropped and its informers
// relist, as after a crash (the `--resync-command` of `stashsim run --cluster`).
int Serve(const ServeOptions& options, const std::atomic<bool>& stop, std::ostream& out,
          std::ostream& err, const std::atomic<unsigned>* restarts = nullptr);

}  // namespace runner
