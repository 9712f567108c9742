// Reconciler: one target, read the world, make it right (spec sections 2-7, 9, 10).
#include "reference/reconciler.h"

#include <fmt/format.h>

#include "ascii.h"
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

bool OwnedBy(const kube::Object& object, std::string_view uid) {
  for (const auto& ref : object.OwnerReferences()) {
    if (ref.uid == uid) return true;
  }
  return false;
}

bool OwnedByKindAndName(const kube::Object& object, const kube::Object& owner) {
  for (const auto& ref : object.OwnerReferences()) {
    if (ref.kind == owner.Kind() && ref.name == owner.Name()) return true;
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
        events_(client, clock,
                options_.deviations.event_component.empty() ? std::string(kEventComponent)
                                                            : options_.deviations.event_component,
                options_.field_manager) {}

  const ReconcilerOptions& options() const { return options_; }

  ReconcileOutcome Reconcile(const kube::Object& target) {
    ReconcileOutcome outcome;
    TargetClass target_class = Classify(target);
    if (target_class == TargetClass::kNone) return outcome;
    const std::string name = Name(target);
    const bool annotated = HasRequiredAnnotations(target, target_class, options_.profile);
    if (IsSkipped(target)) {
      if (deviations().clean_up_skipped_replica_sets && !annotated) {
        EnsureDeleted(target, name, outcome);
      }
      return outcome;
    }
    if (annotated) {
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
    if (deviations().skip_any_kind_with_deployment_owner && HasDeploymentOwner(target)) {
      return true;
    }
    return IsSkippedTarget(target) && !deviations().reconcile_owned_replica_sets;
  }

  std::string Describe(const kube::Object& target) const {
    if (deviations().event_names_target_without_namespace) {
      return fmt::format("{} {}", target.Kind(), target.Name());
    }
    return fmt::format("{} {}/{}", target.Kind(), target.Namespace(), target.Name());
  }

  // The one name of the target's Repository and BackupConfiguration (spec 4).
  std::string Name(const kube::Object& target) const {
    const Profile profile = options_.profile;
    if (deviations().keep_kind_case_in_names) {
      return GeneratedNameWithPrefix(target.Kind(), target.Name(), profile);
    }
    if (profile == Profile::kBlueprint) {
      if (deviations().deploymentconfig_short_kind_dc && target.Kind() == "DeploymentConfig") {
        return GeneratedNameWithPrefix("dc", target.Name(), profile);
      }
      if (deviations().no_blueprint_name_cut) {
        return GeneratedNameWithPrefix(ShortKind(target.Kind()), target.Name(), Profile::kTemplate);
      }
      if (deviations().long_kind_names_in_blueprint_era) {
        return GeneratedNameWithPrefix(AsciiLower(target.Kind()), target.Name(), profile);
      }
    }
    return GeneratedName(target.Kind(), target.Name(), profile);
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
    const char* verb = deleting ? "deleted" : "create";
    if (deleting && deviations().deletion_failed_message_corrected) verb = "delete";
    Event(target, "Warning", deleting ? kDeletionFailed : kCreationFailed,
          fmt::format("Failed to {} auto backup resources for {}. Reason: {}", verb,
                      Describe(target), status.message()));
    // The template era returns the error and is retried with backoff; the blueprint era waits
    // for the next update or resync.
    outcome.retry = options_.profile == Profile::kTemplate;
    if (deviations().retry_in_blueprint_era) outcome.retry = true;
    if (deviations().no_retry_in_template_era) outcome.retry = false;
    if (deleting && deviations().retry_failed_delete_in_blueprint_era) outcome.retry = true;
    if (deleting && deviations().no_retry_of_failed_delete_in_template_era) outcome.retry = false;
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
    if (deviations().length_counts_characters) {
      return SubstituteJson(WithCharacterLengths(tmpl, vars).json(), vars,
                            options_.substitution_limits);
    }
    auto resolved = templates_.For(tmpl).Render(vars, options_.substitution_limits);
    if (!resolved.ok() && deviations().decode_valid_json_escapes) {
      return ResolveWithoutValueChecks(tmpl, vars, options_.substitution_limits);
    }
    return resolved;
  }

  Variables VariablesOf(const kube::Object& target, TargetClass target_class) const {
    Variables vars = TargetVariables(target, target_class, options_.profile, kinds_);
    if (deviations().appbinding_real_api_version && target_class == TargetClass::kAppBinding) {
      vars["TARGET_API_VERSION"] = target.ApiVersion();
    }
    if (deviations().target_resource_for_every_kind && !vars.count("TARGET_RESOURCE")) {
      vars["TARGET_RESOURCE"] = AsciiLower(target.Kind()) + "s";
    }
    return vars;
  }

  kube::StatusOr<TargetAnnotations> ParseAnnotations(const kube::Object& target,
                                                     TargetClass target_class) const {
    const kube::Object* parsed_target = &target;
    kube::Object without_empty_items;
    if (deviations().drop_empty_volume_mount_items) {
      without_empty_items =
          WithoutEmptyVolumeMountItems(target, KeysFor(options_.profile).volume_mounts);
      parsed_target = &without_empty_items;
    }
    KUBE_ASSIGN_OR_RETURN(TargetAnnotations annotations,
                          ParseTargetAnnotations(*parsed_target, target_class, options_.profile));
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
    if (deviations().keep_empty_sub_path) {
      KeepEmptySubPaths(annotations, desired.backup_configuration);
    }
    if (deviations().drop_zero_history_limit) DropZeroHistoryLimit(desired.backup_configuration);
    return desired;
  }

  kube::StatusOr<DesiredObjects> Desired(const kube::Object& target, TargetClass target_class,
                                         const std::string& name) {
    const Profile profile = options_.profile;
    const AnnotationKeys keys = KeysFor(profile);
    std::string template_name = target.Annotation(keys.template_name).value_or("");
    if (deviations().template_name_before_comma) {
      template_name = template_name.substr(0, template_name.find(','));
    }
    if (profile == Profile::kTemplate && !deviations().parse_after_template_in_template_era) {
      // Template era order: parse, then GET the template, then resolve (spec 7).
      KUBE_ASSIGN_OR_RETURN(TargetAnnotations annotations, ParseAnnotations(target, target_class));
      KUBE_ASSIGN_OR_RETURN(kube::Object tmpl, GetTemplate(template_name));
      Variables vars = VariablesOf(target, target_class);
      KUBE_ASSIGN_OR_RETURN(kube::Json resolved, Resolve(tmpl, vars));
      return Build(resolved, target, target_class, annotations, name);
    }
    // Blueprint era order: GET the template, resolve, then parse.
    KUBE_ASSIGN_OR_RETURN(kube::Object tmpl, GetTemplate(template_name));
    Variables vars = VariablesOf(target, target_class);
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
      if (deviations().not_reasserted_field == "backend" && current.is_object()) {
        patched = WithCurrentField(std::move(patched), current, "backend");
      }
      if (deviations().copy_wipe_out && current.is_object()) {
        return WithWipeOutOf(std::move(patched), desired->repository);
      }
      return patched;
    };
    Configure(repository);
    auto repository_outcome = CreateOrPatch(client_, repository);
    if (!repository_outcome.ok() && !deviations().write_bc_after_failed_repository) {
      return Fail(target, repository_outcome.status(), outcome, false);
    }
    CreateOrPatchRequest configuration;
    configuration.gvk = BackupConfigurationKind();
    configuration.namespace_name = target.Namespace();
    configuration.name = name;
    configuration.desired = desired->backup_configuration;
    configuration.transform = [&](const kube::Json& current) {
      kube::Json patched = WithManagedBackupConfigurationFields(
          current, desired->backup_configuration, options_.profile);
      if (!current.is_object()) return patched;
      if (deviations().replace_whole_spec) {
        patched = WithDesiredSpec(std::move(patched), desired->backup_configuration);
      }
      const std::string& kept = deviations().not_reasserted_field;
      if (!kept.empty() && kept != "backend") {
        patched = WithCurrentField(std::move(patched), current, kept);
      }
      return patched;
    };
    if (!deviations().adopt_from_stale_cache) {
      configuration.may_patch = [&](const kube::Json& current) {
        return TargetStillThere(target, current);
      };
    }
    Configure(configuration);
    auto configuration_outcome = CreateOrPatch(client_, configuration);
    if (configuration_outcome.ok() && *configuration_outcome == WriteOutcome::kCalledOff) {
      // The cached target is gone: its deletion is on its way through the informer.
      outcome.writes += repository_outcome.ok() && *repository_outcome != WriteOutcome::kUnchanged;
      return;
    }
    if (!repository_outcome.ok()) {  // write_bc_after_failed_repository
      outcome.writes +=
          configuration_outcome.ok() && *configuration_outcome != WriteOutcome::kUnchanged;
      return Fail(target, repository_outcome.status(), outcome, false);
    }
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
    const bool success_event = deviations().success_event_on_any_write
                                   ? writes > 0
                                   : *repository_outcome != WriteOutcome::kUnchanged &&
                                         *configuration_outcome != WriteOutcome::kUnchanged;
    if (success_event) {
      Event(target, "Normal", kCreationSucceeded,
            fmt::format("Successfully created auto backup resources for {}.", Describe(target)));
    }
  }

  // Whether a BackupConfiguration that does not yet name `target` (by uid) as an owner may be
  // patched to name it: only when the target, read from the server, is still the one the
  // cache holds. An informer lags; adopting an orphaned BackupConfiguration for a target that
  // was deleted meanwhile would hand it to the garbage collector (spec 6: a deleted target
  // gets nothing from the reconciler).
  kube::StatusOr<bool> TargetStillThere(const kube::Object& target, const kube::Json& current) {
    const kube::Json* metadata =
        current.is_object() && current.contains("metadata") ? &current["metadata"] : nullptr;
    if (metadata && metadata->is_object() && metadata->contains("ownerReferences") &&
        (*metadata)["ownerReferences"].is_array()) {
      for (const kube::Json& ref : (*metadata)["ownerReferences"]) {
        if (ref.is_object() && ref.value("uid", "") == target.Uid()) return true;
      }
    }
    auto live = client_.Get(target.Gvk(), target.Namespace(), target.Name());
    if (!live.ok()) {
      if (live.status().reason() == kube::StatusReason::kNotFound) return false;
      return live.status();
    }
    return live->Uid() == target.Uid();
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
    std::string bc_name = name;
    if (deviations().appbinding_unannotate_long_name && options_.profile == Profile::kBlueprint &&
        target.Kind() == AppBindingKind().kind) {
      bc_name = GeneratedName(target.Kind(), target.Name(), Profile::kTemplate);
    }
    auto existing = client_.Get(BackupConfigurationKind(), target.Namespace(), bc_name);
    if (!existing.ok() && existing.status().reason() != kube::StatusReason::kNotFound) {
      return Fail(target, existing.status(), outcome, true);
    }
    // Spec 9.3: only a BackupConfiguration owned by this very target (same uid) is deleted.
    bool ours =
        existing.ok() &&
        (OwnedBy(*existing, target.Uid()) ||
         (deviations().owner_matched_by_kind_and_name && OwnedByKindAndName(*existing, target)) ||
         deviations().delete_foreign_backup_configuration);
    if (ours) {
      kube::DeleteOptions options;
      options.propagation = deviations().foreground_delete ? kube::PropagationPolicy::kForeground
                                                           : kube::PropagationPolicy::kBackground;
      kube::Status status =
          client_.Delete(BackupConfigurationKind(), target.Namespace(), bc_name, options);
      if (!status.ok() && status.reason() != kube::StatusReason::kNotFound) {
        return Fail(target, status, outcome, true);
      }
      deleted = status.ok();
      outcome.writes += deleted;
    }
    if (deviations().delete_repository_on_unannotate && ours) {
      kube::Status status =
          client_.Delete(RepositoryKind(), target.Namespace(), name, kube::DeleteOptions{});
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
