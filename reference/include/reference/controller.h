// Controller: runs the Reconciler the way an operator does, but stepped by its caller so a
// scheduler can drive it deterministically. Informers (list+watch, relist on 410) on every
// target kind and on the profile's template kind; a de-duplicating work queue; periodic resync
// and retry backoff in virtual time; an index from template name to the targets naming it, so
// a template change re-reconciles exactly its dependents (spec 9.1).
//
// Step() never blocks. Not thread-safe: call it from one thread.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "kube/client.h"
#include "kube/clock.h"
#include "reference/reconciler.h"

namespace reference {

struct ControllerStats {
  uint64_t reconciles = 0;
  uint64_t failures = 0;
  uint64_t writes = 0;
};

class Controller {
 public:
  Controller(kube::Client& client, const kube::Clock& clock, ReconcilerOptions options,
             kube::KindRegistry kinds = kube::KindRegistry::WithBuiltIns());
  ~Controller();

  // Lists and watches every kind. Kinds the server does not serve (e.g. no AppBinding CRD)
  // are skipped until the next Restart.
  kube::Status Start();
  // Drops every in-memory state (cache, queue, timers) and starts again, as a crashed and
  // restarted operator would.
  kube::Status Restart();

  // Does the work available now: drains watch events, promotes due timers, reconciles every
  // queued key. Returns true if anything happened.
  bool Step();
  // True when something can be done without advancing the clock.
  bool HasReadyWork() const;
  // The earliest virtual time at which a timer (resync, backoff) fires.
  std::optional<kube::TimeMillis> NextWakeup() const;
  // Queues every cached target now, as an informer resync does.
  void ResyncNow();

  const ControllerStats& Stats() const;
  // The error of the latest reconcile of a target (OK when it succeeded or never ran).
  // `object_key` is "<namespace>/<name>".
  kube::Status LastError(const std::string& kind, const std::string& object_key) const;

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace reference
