// Generation of the objects default backup writes for one target (spec sections 1.2, 3, 5 and
// 8): resolving the template, building the desired Repository and BackupConfiguration, and the
// create-or-patch transforms that overwrite only the managed fields of an existing object.
// Pure: no I/O, no clock, nothing throws; the same inputs always give the same JSON.
#pragma once

#include <string>

#include "kube/object.h"
#include "kube/status.h"
#include "reference/profile.h"
#include "reference/substitution.h"
#include "reference/target.h"

namespace reference {

// The whole template object (metadata included) through SubstituteJson, so every ${...}
// anywhere must resolve. Errors: those of SubstituteJson (within `limits`).
kube::StatusOr<kube::Json> ResolveTemplate(const kube::Object& template_object,
                                           const Variables& vars,
                                           const SubstitutionLimits& limits = {});

struct DesiredObjects {
  kube::Json repository;
  kube::Json backup_configuration;
};

// The Repository and BackupConfiguration for `target` from an already resolved template.
// Both are named `name` (the target's GeneratedName, computed once by the caller) in the
// target's namespace.
//  - Repository: {apiVersion, kind, metadata {name, namespace}, spec {backend}}; backend is {}
//    when the template has none. wipeOut is never copied.
//  - BackupConfiguration: one owner reference to the target in the era's form; spec.repository,
//  spec.target {ref, directories|paths, volumeMounts}
//    (each list omitted when unset or empty, like Go's omitempty), schedule and retentionPolicy
//    when the template has them, task, runtimeSettings and tempDir ({} when absent), and in the
//    blueprint era interimVolumeTemplate and backupHistoryLimit when present. Never driver,
//    paused, hooks, target.replicas, wipeOut.
// A JSON null in the template counts as absent.
DesiredObjects BuildDesired(const kube::Json& resolved_template, const kube::Object& target,
                            TargetClass target_class, const TargetAnnotations& annotations,
                            const std::string& name, Profile profile);

// `current` with the Repository's managed field (spec.backend) overwritten from `desired`, or
// removed when `desired` lacks it. Everything else of `current` is kept. A non-object `current`
// gives `desired`.
kube::Json WithManagedRepositoryFields(const kube::Json& current, const kube::Json& desired);

// `current` with the BackupConfiguration's managed fields overwritten from `desired`:
//  - every owner reference of `desired` replaces the entry of `current` with the same uid, or is
//    appended; other owner references are kept;
//  - spec.repository, spec.target (whole), schedule, retentionPolicy, task, runtimeSettings,
//    tempDir, and in the blueprint era interimVolumeTemplate and backupHistoryLimit, each
//    replaced whole, or removed when `desired` lacks it.
// Everything else (labels, annotations, finalizers, status, paused, driver, hooks, ...) is kept.
// A non-object `current` gives `desired`.
kube::Json WithManagedBackupConfigurationFields(const kube::Json& current,
                                                const kube::Json& desired, Profile profile);

}  // namespace reference
