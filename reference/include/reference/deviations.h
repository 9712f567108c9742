// Deviations: departures from the spec that ReconcilerOptions can switch on, one behaviour each.
// All are off by default, and the reference never switches one on by itself: they exist so a
// test harness can start a deliberately wrong reconciler and prove that a suite notices. The
// spec-following functions (generation.h, naming.h, target.h) know nothing of them; the
// Reconciler applies each one on top of what those functions produce.
#pragma once

namespace reference {

struct Deviations {
  bool omit_owner_reference = false;          // BackupConfiguration without an owner reference
  bool keep_kind_case_in_names = false;       // name prefix is the kind verbatim ("Deployment-x")
  bool keep_backup_configuration_on_unannotate = false;
  bool substitute_backend_only = false;       // only spec.backend of the template is substituted
  bool trim_paths = false;                    // paths trimmed of spaces, empty ones dropped
  bool give_up_on_conflict = false;           // a 409 Conflict is returned, not retried
  bool delete_repository_on_unannotate = false;
  bool copy_wipe_out = false;                 // template wipeOut copied into the Repository
  bool skip_persistent_volume_claims = false;  // PVCs are never targets
  bool delete_foreign_backup_configuration = false;  // unannotated: whatever its owner
  bool write_unchanged = false;               // patches even when nothing changed
  bool reconcile_owned_replica_sets = false;  // ReplicaSets owned by a Deployment are targets
  bool omit_blueprint_events = false;         // no Events in the blueprint era
};

}  // namespace reference
