// Mutant names for the command line and reports.
#include "reference/mutants.h"

namespace reference {

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

}  // namespace reference
