// Template resolution, desired objects and managed-field transforms of spec sections 1.2, 3,
// 5 and 8.
#include "reference/generation.h"

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace reference {
namespace {

using kube::Json;

// The value at obj[key] when obj is an object holding a non-null value there, else nullptr.
const Json* FieldOrNull(const Json& obj, std::string_view key) {
  if (!obj.is_object()) return nullptr;
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return nullptr;
  return &*it;
}

// parent[key] as an object, replacing whatever non-object value was there.
Json& MutableObjectAt(Json& parent, std::string_view key) {
  Json& child = parent[std::string(key)];
  if (!child.is_object()) child = Json::object();
  return child;
}

// to[key] = from[key], or erases to[key] when `from` lacks it.
void ReplaceField(Json& to, const Json& from, std::string_view key) {
  if (const Json* value = FieldOrNull(from, key)) {
    to[std::string(key)] = *value;
  } else {
    to.erase(std::string(key));
  }
}

void CopyIfPresent(const Json& from, std::string_view key, Json& to) {
  if (const Json* value = FieldOrNull(from, key)) to[std::string(key)] = *value;
}

// Go serialised these non-pointer structs as {} when empty.
void CopyOrEmptyObject(const Json& from, std::string_view key, Json& to) {
  const Json* value = FieldOrNull(from, key);
  to[std::string(key)] = value != nullptr ? *value : Json::object();
}

std::string RefKind(const kube::Object& target, TargetClass target_class) {
  if (target_class == TargetClass::kPersistentVolumeClaim) return "PersistentVolumeClaim";
  if (target_class == TargetClass::kAppBinding) return AppBindingKind().kind;
  return target.Kind();
}

// spec.target.ref.apiVersion: "v1" for PVCs and AppBindings (upstream quirk, both eras).
std::string RefApiVersion(const kube::Object& target, TargetClass target_class) {
  if (target_class == TargetClass::kPersistentVolumeClaim) return "v1";
  if (target_class == TargetClass::kAppBinding) return "v1";
  return target.ApiVersion();
}

std::string OwnerApiVersion(const kube::Object& target, TargetClass target_class, Profile profile) {
  if (target_class == TargetClass::kAppBinding) {
    return profile == Profile::kTemplate ? "v1" : AppBindingKind().ApiVersion();
  }
  return RefApiVersion(target, target_class);
}

kube::OwnerReference OwnerReferenceTo(const kube::Object& target, TargetClass target_class,
                                      Profile profile) {
  kube::OwnerReference ref;
  ref.api_version = OwnerApiVersion(target, target_class, profile);
  ref.kind = RefKind(target, target_class);
  ref.name = target.Name();
  ref.uid = target.Uid();
  if (profile == Profile::kTemplate) {
    ref.block_owner_deletion = false;
  } else {
    ref.controller = true;
    ref.block_owner_deletion = true;
  }
  return ref;
}

Json Metadata(const std::string& name, const kube::Object& target) {
  return {{"name", name}, {"namespace", target.Namespace()}};
}

Json BuildRepository(const Json& template_spec, const std::string& name,
                     const kube::Object& target) {
  Json spec = Json::object();
  CopyOrEmptyObject(template_spec, "backend", spec);
  return {{"apiVersion", RepositoryKind().ApiVersion()},
          {"kind", RepositoryKind().kind},
          {"metadata", Metadata(name, target)},
          {"spec", std::move(spec)}};
}

Json BackupTarget(const kube::Object& target, TargetClass target_class,
                  const TargetAnnotations& annotations, Profile profile) {
  Json out = {{"ref",
               {{"apiVersion", RefApiVersion(target, target_class)},
                {"kind", RefKind(target, target_class)},
                {"name", target.Name()}}}};
  if (annotations.paths.has_value() && !annotations.paths->empty()) {
    out[profile == Profile::kTemplate ? "directories" : "paths"] = *annotations.paths;
  }
  if (annotations.volume_mounts.has_value() && !annotations.volume_mounts->empty()) {
    Json mounts = Json::array();
    for (const VolumeMount& mount : *annotations.volume_mounts) mounts.push_back(mount.ToJson());
    out["volumeMounts"] = std::move(mounts);
  }
  return out;
}

Json BackupConfigurationSpec(const Json& template_spec, const std::string& name, Json target,
                             Profile profile) {
  Json spec = {{"repository", {{"name", name}}}, {"target", std::move(target)}};
  CopyIfPresent(template_spec, "schedule", spec);
  CopyIfPresent(template_spec, "retentionPolicy", spec);
  CopyOrEmptyObject(template_spec, "task", spec);
  CopyOrEmptyObject(template_spec, "runtimeSettings", spec);
  CopyOrEmptyObject(template_spec, "tempDir", spec);
  if (profile == Profile::kBlueprint) {
    CopyIfPresent(template_spec, "interimVolumeTemplate", spec);
    CopyIfPresent(template_spec, "backupHistoryLimit", spec);
  }
  return spec;
}

Json BuildBackupConfiguration(const Json& template_spec, const std::string& name,
                              const kube::Object& target, TargetClass target_class,
                              const TargetAnnotations& annotations, Profile profile) {
  Json metadata = Metadata(name, target);
  metadata["ownerReferences"] =
      Json::array({OwnerReferenceTo(target, target_class, profile).ToJson()});
  Json spec = BackupConfigurationSpec(
      template_spec, name, BackupTarget(target, target_class, annotations, profile), profile);
  return {{"apiVersion", BackupConfigurationKind().ApiVersion()},
          {"kind", BackupConfigurationKind().kind},
          {"metadata", std::move(metadata)},
          {"spec", std::move(spec)}};
}

// The spec fields of a BackupConfiguration the reconciler owns in this era.
std::vector<std::string_view> ManagedBackupConfigurationSpecFields(Profile profile) {
  std::vector<std::string_view> fields = {
      "repository", "target", "schedule", "retentionPolicy", "task", "runtimeSettings", "tempDir"};
  if (profile == Profile::kBlueprint) {
    fields.push_back("interimVolumeTemplate");
    fields.push_back("backupHistoryLimit");
  }
  return fields;
}

// Replaces the entry with the same uid, else appends; other entries are kept in place.
void EnsureOwnerReference(Json& refs, const Json& wanted) {
  const Json* wanted_uid = FieldOrNull(wanted, "uid");
  for (Json& ref : refs) {
    const Json* uid = FieldOrNull(ref, "uid");
    if (uid != nullptr && wanted_uid != nullptr && *uid == *wanted_uid) {
      ref = wanted;
      return;
    }
  }
  refs.push_back(wanted);
}

void EnsureOwnerReferences(Json& current, const Json& desired) {
  const Json* desired_metadata = FieldOrNull(desired, "metadata");
  const Json* wanted =
      desired_metadata ? FieldOrNull(*desired_metadata, "ownerReferences") : nullptr;
  if (wanted == nullptr || !wanted->is_array() || wanted->empty()) return;
  Json& refs = MutableObjectAt(current, "metadata")["ownerReferences"];
  if (!refs.is_array()) refs = Json::array();
  for (const Json& ref : *wanted) EnsureOwnerReference(refs, ref);
}

// object.spec, or {} when absent or not an object.
Json SpecOf(const Json& object) {
  const Json* spec = FieldOrNull(object, "spec");
  return spec != nullptr && spec->is_object() ? *spec : Json::object();
}

}  // namespace

kube::StatusOr<Json> ResolveTemplate(const kube::Object& template_object, const Variables& vars,
                                     const SubstitutionLimits& limits) {
  return SubstituteJson(template_object.json(), vars, limits);
}

DesiredObjects BuildDesired(const Json& resolved_template, const kube::Object& target,
                            TargetClass target_class, const TargetAnnotations& annotations,
                            const std::string& name, Profile profile) {
  const Json template_spec = SpecOf(resolved_template);
  return {
      BuildRepository(template_spec, name, target),
      BuildBackupConfiguration(template_spec, name, target, target_class, annotations, profile)};
}

Json WithManagedRepositoryFields(const Json& current, const Json& desired) {
  if (!current.is_object()) return desired;
  Json result = current;
  Json& spec = MutableObjectAt(result, "spec");
  const Json desired_spec = SpecOf(desired);
  ReplaceField(spec, desired_spec, "backend");
  return result;
}

Json WithManagedBackupConfigurationFields(const Json& current, const Json& desired,
                                          Profile profile) {
  if (!current.is_object()) return desired;
  Json result = current;
  EnsureOwnerReferences(result, desired);
  Json& spec = MutableObjectAt(result, "spec");
  const Json desired_spec = SpecOf(desired);
  for (std::string_view field : ManagedBackupConfigurationSpecFields(profile)) {
    ReplaceField(spec, desired_spec, field);
  }
  return result;
}

}  // namespace reference
