// `stashsim controller`: the reference reconciler as a standalone controller process against
// any API server (a kubeconfig), on real time: resync and retry backoff follow the wall clock.
// Logs on stderr; ends cleanly when `stop` becomes true (SIGTERM or SIGINT).
#pragma once

#include <atomic>
#include <ostream>
#include <string>

#include "reference/reconciler.h"

namespace runner {

struct ControllerOptions {
  std::string kubeconfig;  // empty: $KUBECONFIG, then ~/.kube/config
  std::string context;     // empty: the kubeconfig's current context
  reference::ReconcilerOptions reconciler;
  int idle_sleep_ms = 5;  // pause when there is nothing to do
};

// Returns the exit code: 0 after a clean stop, 2 when the kubeconfig or server is unusable.
int RunController(const ControllerOptions& options, const std::atomic<bool>& stop,
                  std::ostream& err);

}  // namespace runner
