// Reconciler: one target, read the world, make it right (spec sections 2-7, 9, 10).
#include "reference/reconciler.h"

#include <fmt/format.h>

#include "create_or_patch.h"
#include "deviations.h"
#include "event_recorder.h"
#include "reference/generation.h"
#include "reference/naming.h"
#include "reference/target.h"
#include "reference/variables.h"
#include "template_cache.h"

namespace reference {
namespace {

constexpr std::string_view kEventComponent = "Auto Backup Handler";
constexpr std::string_view kCreationFailed = "Auto Backup Resources Creation Failed";
constexpr std::string_view kCreationSucceeded = "Auto Backup Resources Creation Succeeded";
constexpr std::string_view kDeletionFailed = "Auto Backup Resources Deletion Failed";
constexpr std::string_view kDeletionSucceeded = "Auto Backup Resources Deletion Succeeded";

std::string Describe(const kube::Object& target) {
  return fmt::format("{} {}/{}", target.Kind(), target.Namespace(), target.Name());
}

bool OwnedBy(const kube::Object& object, std::string_view uid) {
  for (const auto& ref : object.OwnerReferences()) {
    if (ref.uid == uid) return true;
  }
  return false;
}

}  // namespace

class Reconciler::Impl {
 public:
  Impl(kube::Client& client, const kube::Clock& clock, const kube::KindRegistry& kinds,
       ReconcilerOptions options)
      : client_(client),
        kinds_(kinds),
        options_(std::move(options)),
        events_(client, clock, std::string(kEventComponent), options_.field_manager) {}

  const ReconcilerOptions& options() const { return options_; }

  ReconcileOutcome Reconcile(const kube::Object& target) {
    ReconcileOutcome outcome;
    TargetClass target_class = Classify(target);
    if (target_class == TargetClass::kNone || IsSkipped(target)) return outcome;
    const std::string name = Name(target);
    if (HasRequiredAnnotations(target, target_class, options_.profile)) {
      EnsureResources(target, target_class, name, outcome);
    } else {
      EnsureDeleted(target, name, outcome);
    }
    return outcome;
  }

 private:
  const Deviations& deviations() const { return options_.deviations; }

  TargetClass Classify(const kube::Object& target) const {
    TargetClass target_class = ClassifyTarget(target.Gvk());
    if (deviations().skip_persistent_volume_claims &&
        target_class == TargetClass::kPersistentVolumeClaim) {
      return TargetClass::kNone;
    }
    return target_class;
  }

  bool IsSkipped(const kube::Object& target) const {
    return IsSkippedTarget(target) && !deviations().reconcile_owned_replica_sets;
  }

  // The one name of the target's Repository and BackupConfiguration (spec 4).
  std::string Name(const kube::Object& target) const {
    if (deviations().keep_kind_case_in_names) {
      return GeneratedNameWithPrefix(target.Kind(), target.Name(), options_.profile);
    }
    return GeneratedName(target.Kind(), target.Name(), options_.profile);
  }

  bool EmitsEvents() const {
    if (deviations().omit_blueprint_events) return false;
    return options_.profile == Profile::kBlueprint || options_.extended;
  }

  void Event(const kube::Object& target, std::string_view type, std::string_view reason,
             std::string message) {
    if (EmitsEvents()) (void)events_.Record(target, type, reason, message);
  }

  void Fail(const kube::Object& target, kube::Status status, ReconcileOutcome& outcome,
            bool deleting) {
    Event(target, "Warning", deleting ? kDeletionFailed : kCreationFailed,
          fmt::format("Failed to {} auto backup resources for {}. Reason: {}",
                      deleting ? "deleted" : "create", Describe(target), status.message()));
    // The template era returns the error and is retried with backoff; the blueprint era waits
    // for the next update or resync.
    outcome.retry = options_.profile == Profile::kTemplate;
    outcome.status = std::move(status);
  }

  kube::StatusOr<kube::Object> GetTemplate(const std::string& name) {
    return client_.Get(TemplateKind(options_.profile), "", name);
  }

  // Spec 10: a BackupConfiguration of the generated name that belongs to another target.
  kube::Status CheckCollision(const kube::Object& target, const std::string& name) {
    auto existing = client_.Get(BackupConfigurationKind(), target.Namespace(), name);
    if (!existing.ok()) {
      return existing.status().reason() == kube::StatusReason::kNotFound ? kube::Status::Ok()
                                                                        : existing.status();
    }
    const kube::Json& spec = existing->json().value("spec", kube::Json::object());
    std::string other_kind = kube::StringAt(spec, {"target", "ref", "kind"});
    std::string other_name = kube::StringAt(spec, {"target", "ref", "name"});
    bool same_target = other_kind == target.Kind() && other_name == target.Name();
    bool owned_by_other = false;
    for (const auto& ref : existing->OwnerReferences()) {
      if (ref.uid != target.Uid()) owned_by_other = true;
    }
    if (!same_target && owned_by_other && !other_kind.empty()) {
      return kube::Status(kube::StatusReason::kConflict,
                          fmt::format("generated name \"{}\" is already used by the backup "
                                      "resources of {} {}/{}",
                                      name, other_kind, target.Namespace(), other_name));
    }
    return kube::Status::Ok();
  }

  // Spec 3: the whole template substituted with the target's variables.
  kube::StatusOr<kube::Json> Resolve(const kube::Object& tmpl, const Variables& vars) {
    if (deviations().substitute_backend_only) {
      return ResolveBackendOnly(tmpl, vars, options_.substitution_limits);
    }
    return templates_.For(tmpl).Render(vars, options_.substitution_limits);
  }

  kube::StatusOr<TargetAnnotations> ParseAnnotations(const kube::Object& target,
                                                     TargetClass target_class) const {
    KUBE_ASSIGN_OR_RETURN(TargetAnnotations annotations,
                          ParseTargetAnnotations(target, target_class, options_.profile));
    if (deviations().trim_paths && annotations.paths.has_value()) {
      annotations.paths = TrimmedNonEmptyPaths(*annotations.paths);
    }
    return annotations;
  }

  DesiredObjects Build(const kube::Json& resolved, const kube::Object& target,
                       TargetClass target_class, const TargetAnnotations& annotations,
                       const std::string& name) const {
    DesiredObjects desired =
        BuildDesired(resolved, target, target_class, annotations, name, options_.profile);
    if (deviations().copy_wipe_out) CopyWipeOut(resolved, desired.repository);
    if (deviations().omit_owner_reference) DropOwnerReferences(desired.backup_configuration);
    return desired;
  }

  kube::StatusOr<DesiredObjects> Desired(const kube::Object& target, TargetClass target_class,
                                         const std::string& name) {
    const Profile profile = options_.profile;
    const AnnotationKeys keys = KeysFor(profile);
    std::string template_name = target.Annotation(keys.template_name).value_or("");
    if (profile == Profile::kTemplate) {
      // Template era order: parse, then GET the template, then resolve (spec 7).
      KUBE_ASSIGN_OR_RETURN(TargetAnnotations annotations, ParseAnnotations(target, target_class));
      KUBE_ASSIGN_OR_RETURN(kube::Object tmpl, GetTemplate(template_name));
      Variables vars = TargetVariables(target, target_class, profile, kinds_);
      KUBE_ASSIGN_OR_RETURN(kube::Json resolved, Resolve(tmpl, vars));
      return Build(resolved, target, target_class, annotations, name);
    }
    // Blueprint era order: GET the template, resolve, then parse.
    KUBE_ASSIGN_OR_RETURN(kube::Object tmpl, GetTemplate(template_name));
    Variables vars = TargetVariables(target, target_class, profile, kinds_);
    KUBE_ASSIGN_OR_RETURN(kube::Json resolved, Resolve(tmpl, vars));
    KUBE_ASSIGN_OR_RETURN(TargetAnnotations annotations, ParseAnnotations(target, target_class));
    return Build(resolved, target, target_class, annotations, name);
  }

  void EnsureResources(const kube::Object& target, TargetClass target_class,
                       const std::string& name, ReconcileOutcome& outcome) {
    auto desired = Desired(target, target_class, name);
    if (!desired.ok()) return Fail(target, desired.status(), outcome, false);
    // Collision detection is a beyond-upstream option (spec 10); without it an existing object
    // with the generated name is adopted and overwritten (spec 5).
    if (options_.extended) {
      if (kube::Status collision = CheckCollision(target, name); !collision.ok()) {
        return Fail(target, collision, outcome, false);
      }
    }
    CreateOrPatchRequest repository;
    repository.gvk = RepositoryKind();
    repository.namespace_name = target.Namespace();
    repository.name = name;
    repository.desired = desired->repository;
    repository.transform = [&](const kube::Json& current) {
      kube::Json patched = WithManagedRepositoryFields(current, desired->repository);
      if (deviations().copy_wipe_out && current.is_object()) {
        return WithWipeOutOf(std::move(patched), desired->repository);
      }
      return patched;
    };
    Configure(repository);
    auto repository_outcome = CreateOrPatch(client_, repository);
    if (!repository_outcome.ok()) return Fail(target, repository_outcome.status(), outcome, false);
    CreateOrPatchRequest configuration;
    configuration.gvk = BackupConfigurationKind();
    configuration.namespace_name = target.Namespace();
    configuration.name = name;
    configuration.desired = desired->backup_configuration;
    configuration.transform = [&](const kube::Json& current) {
      return WithManagedBackupConfigurationFields(current, desired->backup_configuration,
                                                  options_.profile);
    };
    Configure(configuration);
    auto configuration_outcome = CreateOrPatch(client_, configuration);
    if (!configuration_outcome.ok()) {
      outcome.writes += *repository_outcome != WriteOutcome::kUnchanged;
      return Fail(target, configuration_outcome.status(), outcome, false);
    }
    int writes = (*repository_outcome != WriteOutcome::kUnchanged) +
                 (*configuration_outcome != WriteOutcome::kUnchanged);
    outcome.writes += writes;
    // Spec 7: success is reported only when both objects were created or patched; a reconcile
    // that leaves either one unchanged (a converged resync, a hand edit reverted on one object)
    // stays silent.
    if (*repository_outcome != WriteOutcome::kUnchanged &&
        *configuration_outcome != WriteOutcome::kUnchanged) {
      Event(target, "Normal", kCreationSucceeded,
            fmt::format("Successfully created auto backup resources for {}.", Describe(target)));
    }
  }

  void Configure(CreateOrPatchRequest& request) const {
    request.retry_conflicts = !deviations().give_up_on_conflict;
    request.patch_always = deviations().write_unchanged;
    request.field_manager = options_.field_manager;
  }

  void EnsureDeleted(const kube::Object& target, const std::string& name,
                     ReconcileOutcome& outcome) {
    if (deviations().keep_backup_configuration_on_unannotate) return;
    bool deleted = false;
    auto existing = client_.Get(BackupConfigurationKind(), target.Namespace(), name);
    if (!existing.ok() && existing.status().reason() != kube::StatusReason::kNotFound) {
      return Fail(target, existing.status(), outcome, true);
    }
    // Spec 9.3: only a BackupConfiguration owned by this very target (same uid) is deleted.
    bool ours = existing.ok() &&
                (OwnedBy(*existing, target.Uid()) ||
                 deviations().delete_foreign_backup_configuration);
    if (ours) {
      kube::DeleteOptions options;
      options.propagation = kube::PropagationPolicy::kBackground;
      kube::Status status = client_.Delete(BackupConfigurationKind(), target.Namespace(), name,
                                           options);
      if (!status.ok() && status.reason() != kube::StatusReason::kNotFound) {
        return Fail(target, status, outcome, true);
      }
      deleted = status.ok();
      outcome.writes += deleted;
    }
    if (deviations().delete_repository_on_unannotate && ours) {
      kube::Status status = client_.Delete(RepositoryKind(), target.Namespace(), name,
                                           kube::DeleteOptions{});
      outcome.writes += status.ok();
    }
    if (deleted) {
      Event(target, "Normal", kDeletionSucceeded,
            fmt::format("Successfully deleted auto backup resources for {}.", Describe(target)));
    }
  }

  kube::Client& client_;
  const kube::KindRegistry& kinds_;
  const ReconcilerOptions options_;
  EventRecorder events_;
  TemplateCache templates_;
};

Reconciler::Reconciler(kube::Client& client, const kube::Clock& clock,
                       const kube::KindRegistry& kinds, ReconcilerOptions options)
    : impl_(std::make_unique<Impl>(client, clock, kinds, std::move(options))) {}

Reconciler::~Reconciler() = default;

const ReconcilerOptions& Reconciler::options() const { return impl_->options(); }

ReconcileOutcome Reconciler::Reconcile(const kube::Object& target) {
  return impl_->Reconcile(target);
}

}  // namespace reference
