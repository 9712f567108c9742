// Deliberate bugs ("mutants") the reference can be started with, so the suite can prove that
// its scenarios catch each one (mutation score). Each mutant changes exactly one behaviour; all
// are off by default and none is ever on in normal runs. A mutant reaches the reference as the
// ReconcilerOptions setting that makes it (ApplyMutants): the reference itself knows no mutants.
#pragma once

#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "reference/reconciler.h"

namespace runner {

enum class Mutant {
  kNoOwnerRef,                    // BackupConfiguration written without an owner reference
  kWrongNameCase,                 // generated name keeps the kind's case ("Deployment-x")
  kKeepBcOnUnannotate,            // annotation removed: BackupConfiguration kept
  kIgnoreTemplateChange,          // template changes never re-reconcile targets
  kSubstituteBackendOnly,         // only spec.backend is substituted (pre-#846 behaviour)
  kTrimPaths,                     // directories/paths are trimmed of spaces and empties dropped
  kNoConflictRetry,               // a 409 Conflict is not retried
  kDeleteRepositoryOnUnannotate,  // annotation removed: Repository deleted too
  kCopyWipeOut,                   // template wipeOut copied into the Repository
  kSkipPvc,                       // PersistentVolumeClaims are never targets
  kDeleteForeignBackupConfiguration,  // unannotated: delete a same-named BC whatever its owner
  kPatchAlways,                   // writes even when nothing changed
  kIgnoreReplicaSetOwner,         // ReplicaSets owned by a Deployment are treated as targets
  kNoBlueprintEvents,             // no Events in the blueprint era
};

// Every mutant with its command-line name ("no-owner-ref", ...), in declaration order.
const std::vector<std::pair<Mutant, std::string_view>>& AllMutants();
std::string_view MutantName(Mutant mutant);
std::optional<Mutant> MutantFromName(std::string_view name);

class MutantSet {
 public:
  MutantSet() = default;
  explicit MutantSet(std::set<Mutant> enabled) : enabled_(std::move(enabled)) {}
  bool Has(Mutant mutant) const { return enabled_.count(mutant) != 0; }
  bool Empty() const { return enabled_.empty(); }
  void Enable(Mutant mutant) { enabled_.insert(mutant); }
  const std::set<Mutant>& Enabled() const { return enabled_; }

 private:
  std::set<Mutant> enabled_;
};

// Switches on, in `options`, the behaviour each mutant of `mutants` stands for.
void ApplyMutants(const MutantSet& mutants, reference::ReconcilerOptions& options);

}  // namespace runner
