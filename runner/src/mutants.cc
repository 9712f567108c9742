// Mutant names for the command line and reports, and the reference setting each one stands for.
#include "runner/mutants.h"

#include <fmt/format.h>

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
      {Mutant::kAcceptEmptyVolumeMountItems, "accept-empty-volume-mount-items"},
      {Mutant::kSkipAnyKindWithDeploymentOwner, "skip-any-kind-with-deployment-owner"},
      {Mutant::kCleanUpSkippedReplicaSet, "clean-up-skipped-replicaset"},
      {Mutant::kKeepEmptySubPath, "keep-empty-subpath"},
      {Mutant::kTemplateNameBeforeComma, "template-name-before-comma"},
      {Mutant::kDecodeValidJsonEscapes, "decode-valid-json-escapes"},
      {Mutant::kLengthCountsCharacters, "length-counts-characters"},
      {Mutant::kAppBindingRealApiVersion, "appbinding-real-api-version"},
      {Mutant::kTargetResourceForEveryKind, "target-resource-for-every-kind"},
      {Mutant::kDeploymentConfigShortKindDc, "deploymentconfig-short-kind-dc"},
      {Mutant::kNoBlueprintNameCut, "no-blueprint-name-cut"},
      {Mutant::kLongKindNamesInBlueprintEra, "long-kind-names-in-blueprint-era"},
      {Mutant::kNotReassertedBackend, "not-reasserted-backend"},
      {Mutant::kNotReassertedSchedule, "not-reasserted-schedule"},
      {Mutant::kNotReassertedTask, "not-reasserted-task"},
      {Mutant::kNotReassertedRetentionPolicy, "not-reasserted-retention-policy"},
      {Mutant::kNotReassertedRuntimeSettings, "not-reasserted-runtime-settings"},
      {Mutant::kNotReassertedTempDir, "not-reasserted-temp-dir"},
      {Mutant::kNotReassertedTarget, "not-reasserted-target"},
      {Mutant::kNotReassertedInterimVolumeTemplate, "not-reasserted-interim-volume-template"},
      {Mutant::kNotReassertedBackupHistoryLimit, "not-reasserted-backup-history-limit"},
      {Mutant::kNotReassertedOwnerReference, "not-reasserted-owner-reference"},
      {Mutant::kDropZeroHistoryLimit, "drop-zero-history-limit"},
      {Mutant::kWriteBcAfterFailedRepository, "write-bc-after-failed-repository"},
      {Mutant::kReplaceWholeSpec, "replace-whole-spec"},
      {Mutant::kOwnerMatchedByKindAndName, "owner-matched-by-kind-and-name"},
      {Mutant::kTemplateIndexNotRepointed, "template-index-not-repointed"},
      {Mutant::kAppBindingUnannotateLongName, "appbinding-unannotate-long-name"},
      {Mutant::kForegroundDelete, "foreground-delete"},
      {Mutant::kRetryInBlueprintEra, "retry-in-blueprint-era"},
      {Mutant::kNoRetryInTemplateEra, "no-retry-in-template-era"},
      {Mutant::kRetryFailedDeleteInBlueprintEra, "retry-failed-delete-in-blueprint-era"},
      {Mutant::kNoRetryOfFailedDeleteInTemplateEra, "no-retry-of-failed-delete-in-template-era"},
      {Mutant::kParseAfterTemplateInTemplateEra, "parse-after-template-in-template-era"},
      {Mutant::kEventWithoutNamespace, "event-without-namespace"},
      {Mutant::kSuccessEventOnAnyWrite, "success-event-on-any-write"},
      {Mutant::kDeletionFailedMessageCorrected, "deletion-failed-message-corrected"},
      {Mutant::kWrongEventComponent, "wrong-event-component"},
  };
  return kAll;
}

const std::vector<std::pair<Mutant, std::string_view>>& FaultOnlyMutants() {
  static const std::vector<std::pair<Mutant, std::string_view>> kFaultOnly = {
      {Mutant::kSkipKindAfterFailedList, "skip-kind-after-failed-list"},
      {Mutant::kWatchFromNowAfterExpired, "watch-from-now-after-expired"},
      {Mutant::kNoRewatchAfterCut, "no-rewatch-after-cut"},
      {Mutant::kAdoptFromStaleCache, "adopt-from-stale-cache"},
  };
  return kFaultOnly;
}

std::string_view MutantName(Mutant mutant) {
  for (const auto* list : {&AllMutants(), &FaultOnlyMutants()}) {
    for (const auto& [m, name] : *list) {
      if (m == mutant) return name;
    }
  }
  return "";
}

std::optional<Mutant> MutantFromName(std::string_view name) {
  for (const auto* list : {&AllMutants(), &FaultOnlyMutants()}) {
    for (const auto& [m, n] : *list) {
      if (n == name) return m;
    }
  }
  return std::nullopt;
}

kube::StatusOr<MutantSet> ParseMutants(const std::vector<std::string>& names) {
  MutantSet mutants;
  for (const std::string& name : names) {
    std::optional<Mutant> mutant = MutantFromName(name);
    if (!mutant) {
      return kube::BadRequestError(
          fmt::format("unknown mutant \"{}\" (see `stashsim mutants --list`)", name));
    }
    mutants.Enable(*mutant);
  }
  return mutants;
}

void ApplyMutants(const MutantSet& mutants, reference::ReconcilerOptions& options) {
  reference::Deviations& deviations = options.deviations;
  for (Mutant mutant : mutants.Enabled()) {
    switch (mutant) {
      case Mutant::kNoOwnerRef:
        deviations.omit_owner_reference = true;
        break;
      case Mutant::kWrongNameCase:
        deviations.keep_kind_case_in_names = true;
        break;
      case Mutant::kKeepBcOnUnannotate:
        deviations.keep_backup_configuration_on_unannotate = true;
        break;
      case Mutant::kIgnoreTemplateChange:
        options.watch_templates = false;
        break;
      case Mutant::kSubstituteBackendOnly:
        deviations.substitute_backend_only = true;
        break;
      case Mutant::kTrimPaths:
        deviations.trim_paths = true;
        break;
      case Mutant::kNoConflictRetry:
        deviations.give_up_on_conflict = true;
        break;
      case Mutant::kSkipKindAfterFailedList:
        deviations.skip_kind_after_failed_list = true;
        break;
      case Mutant::kWatchFromNowAfterExpired:
        deviations.watch_from_now_after_expired = true;
        break;
      case Mutant::kNoRewatchAfterCut:
        deviations.no_rewatch_after_cut = true;
        break;
      case Mutant::kAdoptFromStaleCache:
        deviations.adopt_from_stale_cache = true;
        break;
      case Mutant::kDeleteRepositoryOnUnannotate:
        deviations.delete_repository_on_unannotate = true;
        break;
      case Mutant::kCopyWipeOut:
        deviations.copy_wipe_out = true;
        break;
      case Mutant::kSkipPvc:
        deviations.skip_persistent_volume_claims = true;
        break;
      case Mutant::kDeleteForeignBackupConfiguration:
        deviations.delete_foreign_backup_configuration = true;
        break;
      case Mutant::kPatchAlways:
        deviations.write_unchanged = true;
        break;
      case Mutant::kIgnoreReplicaSetOwner:
        deviations.reconcile_owned_replica_sets = true;
        break;
      case Mutant::kNoBlueprintEvents:
        deviations.omit_blueprint_events = true;
        break;
      case Mutant::kAcceptEmptyVolumeMountItems:
        deviations.drop_empty_volume_mount_items = true;
        break;
      case Mutant::kSkipAnyKindWithDeploymentOwner:
        deviations.skip_any_kind_with_deployment_owner = true;
        break;
      case Mutant::kCleanUpSkippedReplicaSet:
        deviations.clean_up_skipped_replica_sets = true;
        break;
      case Mutant::kKeepEmptySubPath:
        deviations.keep_empty_sub_path = true;
        break;
      case Mutant::kTemplateNameBeforeComma:
        deviations.template_name_before_comma = true;
        break;
      case Mutant::kDecodeValidJsonEscapes:
        deviations.decode_valid_json_escapes = true;
        break;
      case Mutant::kLengthCountsCharacters:
        deviations.length_counts_characters = true;
        break;
      case Mutant::kAppBindingRealApiVersion:
        deviations.appbinding_real_api_version = true;
        break;
      case Mutant::kTargetResourceForEveryKind:
        deviations.target_resource_for_every_kind = true;
        break;
      case Mutant::kDeploymentConfigShortKindDc:
        deviations.deploymentconfig_short_kind_dc = true;
        break;
      case Mutant::kNoBlueprintNameCut:
        deviations.no_blueprint_name_cut = true;
        break;
      case Mutant::kLongKindNamesInBlueprintEra:
        deviations.long_kind_names_in_blueprint_era = true;
        break;
      case Mutant::kNotReassertedBackend:
        deviations.not_reasserted_field = "backend";
        break;
      case Mutant::kNotReassertedSchedule:
        deviations.not_reasserted_field = "schedule";
        break;
      case Mutant::kNotReassertedTask:
        deviations.not_reasserted_field = "task";
        break;
      case Mutant::kNotReassertedRetentionPolicy:
        deviations.not_reasserted_field = "retentionPolicy";
        break;
      case Mutant::kNotReassertedRuntimeSettings:
        deviations.not_reasserted_field = "runtimeSettings";
        break;
      case Mutant::kNotReassertedTempDir:
        deviations.not_reasserted_field = "tempDir";
        break;
      case Mutant::kNotReassertedTarget:
        deviations.not_reasserted_field = "target";
        break;
      case Mutant::kNotReassertedInterimVolumeTemplate:
        deviations.not_reasserted_field = "interimVolumeTemplate";
        break;
      case Mutant::kNotReassertedBackupHistoryLimit:
        deviations.not_reasserted_field = "backupHistoryLimit";
        break;
      case Mutant::kNotReassertedOwnerReference:
        deviations.not_reasserted_field = "ownerReferences";
        break;
      case Mutant::kDropZeroHistoryLimit:
        deviations.drop_zero_history_limit = true;
        break;
      case Mutant::kWriteBcAfterFailedRepository:
        deviations.write_bc_after_failed_repository = true;
        break;
      case Mutant::kReplaceWholeSpec:
        deviations.replace_whole_spec = true;
        break;
      case Mutant::kOwnerMatchedByKindAndName:
        deviations.owner_matched_by_kind_and_name = true;
        break;
      case Mutant::kTemplateIndexNotRepointed:
        deviations.template_index_not_repointed = true;
        break;
      case Mutant::kAppBindingUnannotateLongName:
        deviations.appbinding_unannotate_long_name = true;
        break;
      case Mutant::kForegroundDelete:
        deviations.foreground_delete = true;
        break;
      case Mutant::kRetryInBlueprintEra:
        deviations.retry_in_blueprint_era = true;
        break;
      case Mutant::kNoRetryInTemplateEra:
        deviations.no_retry_in_template_era = true;
        break;
      case Mutant::kRetryFailedDeleteInBlueprintEra:
        deviations.retry_failed_delete_in_blueprint_era = true;
        break;
      case Mutant::kNoRetryOfFailedDeleteInTemplateEra:
        deviations.no_retry_of_failed_delete_in_template_era = true;
        break;
      case Mutant::kParseAfterTemplateInTemplateEra:
        deviations.parse_after_template_in_template_era = true;
        break;
      case Mutant::kEventWithoutNamespace:
        deviations.event_names_target_without_namespace = true;
        break;
      case Mutant::kSuccessEventOnAnyWrite:
        deviations.success_event_on_any_write = true;
        break;
      case Mutant::kDeletionFailedMessageCorrected:
        deviations.deletion_failed_message_corrected = true;
        break;
      case Mutant::kWrongEventComponent:
        deviations.event_component = "stash-operator";
        break;
    }
  }
}

}  // namespace runner
