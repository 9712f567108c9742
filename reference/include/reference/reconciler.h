// Reconciler: the level-based heart of the reference. Told which target to look at, it reads
// the world (template, existing Repository and BackupConfiguration), and makes it match spec
// sections 2-7: create-or-patch the Repository then the BackupConfiguration for an annotated
// target, delete the owned BackupConfiguration of one that lost its annotations, and report
// the outcome as the profile says (errors for retry, and Events in the blueprint era or with
// `extended`). Idempotent: a second call with nothing changed writes nothing.
#pragma once

#include <string>

#include "kube/client.h"
#include "kube/clock.h"
#include "kube/gvk.h"
#include "reference/deviations.h"
#include "reference/profile.h"
#include "reference/substitution.h"

namespace reference {

struct ReconcilerOptions {
  Profile profile = Profile::kTemplate;
  // Beyond upstream (spec 10): Events in the template era too.
  bool extended = false;
  // Follow template changes at once (spec 9.1); off means: only at the next resync.
  bool watch_templates = true;
  kube::TimeMillis resync_period_ms = 10 * 60 * 1000;
  // Exponential backoff of failed reconciles (template era), as client-go's default limiter.
  kube::TimeMillis backoff_base_ms = 5;
  kube::TimeMillis backoff_max_ms = 1000 * 1000;
  std::string field_manager = "stash-operator";
  // Departures from the spec, all off unless a test harness asks for one.
  Deviations deviations;
  // Bounds on what template substitution may produce (beyond upstream, which has none).
  SubstitutionLimits substitution_limits;
};

// What one reconcile did.
struct ReconcileOutcome {
  kube::Status status;  // the error a template-era controller would return
  int writes = 0;       // creates, patches and deletes of Repository / BackupConfiguration
  bool retry = false;   // requeue with backoff
};

class Reconciler {
 public:
  // `kinds` resolves TARGET_RESOURCE; all references must outlive the reconciler.
  Reconciler(kube::Client& client, const kube::Clock& clock, const kube::KindRegistry& kinds,
             ReconcilerOptions options);
  // A temporary registry (such as FakeCluster::Kinds()'s copy) would dangle: refused.
  Reconciler(kube::Client& client, const kube::Clock& clock, kube::KindRegistry&& kinds,
             ReconcilerOptions options) = delete;
  ~Reconciler();

  // Reconciles one target as it is now (as read from the informer cache).
  ReconcileOutcome Reconcile(const kube::Object& target);

  const ReconcilerOptions& options() const;

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace reference
