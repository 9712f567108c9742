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

#include "kube/status.h"
#include "reference/reconciler.h"

namespace runner {

enum class Mutant {
  kNoOwnerRef,                        // BackupConfiguration written without an owner reference
  kWrongNameCase,                     // generated name keeps the kind's case ("Deployment-x")
  kKeepBcOnUnannotate,                // annotation removed: BackupConfiguration kept
  kIgnoreTemplateChange,              // template changes never re-reconcile targets
  kSubstituteBackendOnly,             // only spec.backend is substituted (pre-#846 behaviour)
  kTrimPaths,                         // directories/paths are trimmed of spaces and empties dropped
  kNoConflictRetry,                   // a 409 Conflict is not retried
  kDeleteRepositoryOnUnannotate,      // annotation removed: Repository deleted too
  kCopyWipeOut,                       // template wipeOut copied into the Repository
  kSkipPvc,                           // PersistentVolumeClaims are never targets
  kDeleteForeignBackupConfiguration,  // unannotated: delete a same-named BC whatever its owner
  kPatchAlways,                       // writes even when nothing changed
  kIgnoreReplicaSetOwner,             // ReplicaSets owned by a Deployment are treated as targets
  kNoBlueprintEvents,                 // no Events in the blueprint era
  // Spec 2: annotations.
  kAcceptEmptyVolumeMountItems,     // "data:/data," parses as "data:/data"
  kSkipAnyKindWithDeploymentOwner,  // a StatefulSet or PVC with a Deployment owner is skipped
  kCleanUpSkippedReplicaSet,        // an owned ReplicaSet losing its annotations loses its BC
  kKeepEmptySubPath,                // "v:/m:" gives subPath ""
  kTemplateNameBeforeComma,         // "a,b" looked up as "a"
  // Spec 3: variables and substitution.
  kDecodeValidJsonEscapes,      // a value "11\n2" is pasted into the JSON text and decoded
  kLengthCountsCharacters,      // ${#VAR} counts characters, not bytes
  kAppBindingRealApiVersion,    // TARGET_API_VERSION of an AppBinding is not "v1"
  kTargetResourceForEveryKind,  // TARGET_RESOURCE supplied for PVCs and AppBindings
  // Spec 4 and 9.5: names.
  kDeploymentConfigShortKindDc,  // blueprint era: "dc-<name>"
  kNoBlueprintNameCut,           // blueprint-era names not cut to 63 bytes nor trimmed
  kLongKindNamesInBlueprintEra,  // blueprint era: "deployment-<name>" as the docs show
  // Spec 5: writes; each managed field not re-asserted once the object exists.
  kNotReassertedBackend,
  kNotReassertedSchedule,
  kNotReassertedTask,
  kNotReassertedRetentionPolicy,
  kNotReassertedRuntimeSettings,
  kNotReassertedTempDir,
  kNotReassertedTarget,
  kNotReassertedInterimVolumeTemplate,
  kNotReassertedBackupHistoryLimit,
  kNotReassertedOwnerReference,
  kDropZeroHistoryLimit,          // backupHistoryLimit 0 left out
  kWriteBcAfterFailedRepository,  // a failed Repository write does not stop the BC write
  kReplaceWholeSpec,              // unmanaged spec fields (paused, driver) dropped on patch
  // Spec 6 and 9: lifecycle and ownership.
  kOwnerMatchedByKindAndName,     // ownership by the owner's kind and name, not its uid
  kTemplateIndexNotRepointed,     // a target stays indexed under the first template it named
  kAppBindingUnannotateLongName,  // blueprint era: unannotated AppBinding deletes appbinding-<name>
  kForegroundDelete,              // BackupConfiguration deleted with Foreground propagation
  // Spec 7: errors and events.
  kRetryInBlueprintEra,   // failed reconciles retried with backoff in the blueprint era
  kNoRetryInTemplateEra,  // failed reconciles not retried in the template era
  kRetryFailedDeleteInBlueprintEra,
  kNoRetryOfFailedDeleteInTemplateEra,
  kParseAfterTemplateInTemplateEra,  // template era checks in the blueprint era's order
  kEventWithoutNamespace,            // event messages name "<Kind> <name>"
  kSuccessEventOnAnyWrite,           // success reported when either object was written
  kDeletionFailedMessageCorrected,   // "Failed to delete ..." instead of the (sic) "deleted"
  kWrongEventComponent,              // Events from "stash-operator", not "Auto Backup Handler"
  // Fault-only: pass every calm scenario, fail under `stashsim explore` (runner/explore.h).
  kSkipKindAfterFailedList,   // a kind whose first list fails is never watched
  kWatchFromNowAfterExpired,  // after a 410 the informer skips to now instead of relisting
  kNoRewatchAfterCut,         // a closed watch stream is never reopened
  kAdoptFromStaleCache,       // an orphaned BackupConfiguration is adopted for the cached
                              // target without reading the target from the server
};

// Every mutant the calm suite must catch (`stashsim mutants`), with its command-line name
// ("no-owner-ref", ...), in declaration order.
const std::vector<std::pair<Mutant, std::string_view>>& AllMutants();
// The fault-only mutants, which `stashsim explore` must catch.
const std::vector<std::pair<Mutant, std::string_view>>& FaultOnlyMutants();
// Names and lookups cover both lists.
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

// The set the command-line names stand for (`--mutant NAME`, any number of times); an
// unknown name is an error naming it.
kube::StatusOr<MutantSet> ParseMutants(const std::vector<std::string>& names);

// Switches on, in `options`, the behaviour each mutant of `mutants` stands for.
void ApplyMutants(const MutantSet& mutants, reference::ReconcilerOptions& options);

}  // namespace runner
