// Mutant names for the command line and reports, and the reference setting each one stands for.
#include "runner/mutants.h"

namespace runner {

const std::vector<std::pair<Mutant, std::string_view>>& AllMutants() {
  static const std::vector<std::pair<Mutant, std::string_view>> kAll = {
      {Mutant::kNoOwnerRef, "no-owner-ref"},
      {Mutant::kWrongNameCase, "wrong-name-case"},
      {Mutant::kKeepBcOnUnannotate, "keep-bc-on-unannotate"},
      {Mutant::kIgnoreTemplateChange, "ignore-template-change"},
      {Mutant::kSubstituteBackendOnly, "substitute-backend-only"},
      {Mutant::kTrimPaths, "trim-paths"},
      {Mutant::kNoConflictRetry, "no-conflict-retry"},
      {Mutant::kDeleteRepositoryOnUnannotate, "delete-repository-on-unannotate"},
      {Mutant::kCopyWipeOut, "copy-wipeout"},
      {Mutant::kSkipPvc, "skip-pvc"},
      {Mutant::kDeleteForeignBackupConfiguration, "delete-foreign-bc"},
      {Mutant::kPatchAlways, "patch-always"},
      {Mutant::kIgnoreReplicaSetOwner, "ignore-replicaset-owner"},
      {Mutant::kNoBlueprintEvents, "no-blueprint-events"},
  };
  return kAll;
}

std::string_view MutantName(Mutant mutant) {
  for (const auto& [m, name] : AllMutants()) {
    if (m == mutant) return name;
  }
  return "";
}

std::optional<Mutant> MutantFromName(std::string_view name) {
  for (const auto& [m, n] : AllMutants()) {
    if (n == name) return m;
  }
  return std::nullopt;
}

void ApplyMutants(const MutantSet& mutants, reference::ReconcilerOptions& options) {
  reference::Deviations& deviations = options.deviations;
  for (Mutant mutant : mutants.Enabled()) {
    switch (mutant) {
      case Mutant::kNoOwnerRef: deviations.omit_owner_reference = true; break;
      case Mutant::kWrongNameCase: deviations.keep_kind_case_in_names = true; break;
      case Mutant::kKeepBcOnUnannotate:
        deviations.keep_backup_configuration_on_unannotate = true;
        break;
      case Mutant::kIgnoreTemplateChange: options.watch_templates = false; break;
      case Mutant::kSubstituteBackendOnly: deviations.substitute_backend_only = true; break;
      case Mutant::kTrimPaths: deviations.trim_paths = true; break;
      case Mutant::kNoConflictRetry: deviations.give_up_on_conflict = true; break;
      case Mutant::kDeleteRepositoryOnUnannotate:
        deviations.delete_repository_on_unannotate = true;
        break;
      case Mutant::kCopyWipeOut: deviations.copy_wipe_out = true; break;
      case Mutant::kSkipPvc: deviations.skip_persistent_volume_claims = true; break;
      case Mutant::kDeleteForeignBackupConfiguration:
        deviations.delete_foreign_backup_configuration = true;
        break;
      case Mutant::kPatchAlways: deviations.write_unchanged = true; break;
      case Mutant::kIgnoreReplicaSetOwner: deviations.reconcile_owned_replica_sets = true; break;
      case Mutant::kNoBlueprintEvents: deviations.omit_blueprint_events = true; break;
    }
  }
}

}  // namespace runner
