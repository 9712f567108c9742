// Deviations: departures from the spec that ReconcilerOptions can switch on, one behaviour each.
// All are off by default, and the reference never switches one on by itself: they exist so a
// test harness can start a deliberately wrong reconciler and prove that a suite notices. The
// spec-following functions (generation.h, naming.h, target.h) know nothing of them; the
// Reconciler applies each one on top of what those functions produce.
#pragma once

#include <string>

namespace reference {

struct Deviations {
  bool omit_owner_reference = false;     // BackupConfiguration without an owner reference
  bool keep_kind_case_in_names = false;  // name prefix is the kind verbatim ("Deployment-x")
  bool keep_backup_configuration_on_unannotate = false;
  bool substitute_backend_only = false;  // only spec.backend of the template is substituted
  bool trim_paths = false;               // paths trimmed of spaces, empty ones dropped
  bool give_up_on_conflict = false;      // a 409 Conflict is returned, not retried
  bool delete_repository_on_unannotate = false;
  bool copy_wipe_out = false;                        // template wipeOut copied into the Repository
  bool skip_persistent_volume_claims = false;        // PVCs are never targets
  bool delete_foreign_backup_configuration = false;  // unannotated: whatever its owner
  bool write_unchanged = false;                      // patches even when nothing changed
  bool reconcile_owned_replica_sets = false;  // ReplicaSets owned by a Deployment are targets
  bool omit_blueprint_events = false;         // no Events in the blueprint era
  // Spec 2: annotations.
  bool drop_empty_volume_mount_items = false;        // "a:/a," parses as "a:/a"
  bool skip_any_kind_with_deployment_owner = false;  // not only ReplicaSets
  bool clean_up_skipped_replica_sets = false;        // a Deployment-owned ReplicaSet, unannotated,
                                                     // loses its BackupConfiguration
  bool keep_empty_sub_path = false;                  // "v:/m:" gives subPath ""
  bool template_name_before_comma = false;           // "a,b" looked up as "a"
  // Spec 3: variables and substitution.
  bool decode_valid_json_escapes = false;       // a value "1\n2" pasted into the JSON text
  bool length_counts_characters = false;        // ${#VAR} counts code points, not bytes
  bool appbinding_real_api_version = false;     // TARGET_API_VERSION of an AppBinding is its own
  bool target_resource_for_every_kind = false;  // TARGET_RESOURCE supplied for PVCs, AppBindings
  // Spec 4 and 9.5: names.
  bool deploymentconfig_short_kind_dc = false;    // blueprint era: "dc-<name>"
  bool no_blueprint_name_cut = false;             // blueprint-era names neither cut nor trimmed
  bool long_kind_names_in_blueprint_era = false;  // "deployment-<name>" as the docs show
  // Spec 5: writes.
  std::string not_reasserted_field;      // this managed field is set on create only:
                                         // "backend", "schedule", ..., "ownerReferences"
  bool drop_zero_history_limit = false;  // backupHistoryLimit 0 treated as unset
  bool write_bc_after_failed_repository = false;
  bool replace_whole_spec = false;  // unmanaged spec fields (paused, ...) dropped
  // Spec 6 and 9: lifecycle, ownership.
  bool owner_matched_by_kind_and_name = false;   // not by uid
  bool template_index_not_repointed = false;     // a target stays indexed under its first template
  bool appbinding_unannotate_long_name = false;  // blueprint era: deletes "appbinding-<name>"
  bool foreground_delete = false;                // BackupConfiguration deleted with Foreground
  // Spec 7: errors and events.
  bool retry_in_blueprint_era = false;    // failed reconciles retried with backoff
  bool no_retry_in_template_era = false;  // failed reconciles wait for the next resync
  bool retry_failed_delete_in_blueprint_era = false;
  bool no_retry_of_failed_delete_in_template_era = false;
  bool parse_after_template_in_template_era = false;  // blueprint-era order of checks
  bool event_names_target_without_namespace = false;  // "Deployment stash-demo"
  bool success_event_on_any_write = false;            // not only when both objects were written
  bool deletion_failed_message_corrected = false;     // "Failed to delete", not the (sic) "deleted"
  std::string event_component;  // when set, Events carry this source.component
  // Fault-only: right on a calm cluster, wrong under the faults `stashsim explore` injects.
  bool skip_kind_after_failed_list = false;   // a kind whose first list fails (a server
                                              // error at start) is never watched
  bool watch_from_now_after_expired = false;  // after a 410 the informer watches from the
                                              // server's current resourceVersion, no relist
  bool no_rewatch_after_cut = false;          // a closed watch stream is never reopened
  bool adopt_from_stale_cache = false;        // a BackupConfiguration that does not name the
                                              // cached target is patched to name it without
                                              // reading the target (TargetStillThere)
};

}  // namespace reference
