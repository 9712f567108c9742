// Departures from the spec, applied on top of the spec-following results.
#include "deviations.h"

#include <string>
#include <string_view>
#include <utility>

#include "reference/target.h"

namespace reference {
namespace {

using kube::Json;

// object.spec[key] when object.spec is an object holding a non-null value there, else nullptr.
const Json* SpecField(const Json& object, std::string_view key) {
  if (!object.is_object()) return nullptr;
  auto spec = object.find("spec");
  if (spec == object.end() || !spec->is_object()) return nullptr;
  auto value = spec->find(key);
  if (value == spec->end() || value->is_null()) return nullptr;
  return &*value;
}

}  // namespace

kube::StatusOr<Json> ResolveBackendOnly(const kube::Object& template_object, const Variables& vars,
                                        const SubstitutionLimits& limits) {
  Json resolved = template_object.json();
  const Json* backend = SpecField(resolved, "backend");
  if (backend == nullptr) return resolved;
  KUBE_ASSIGN_OR_RETURN(Json substituted, SubstituteJson(*backend, vars, limits));
  resolved["spec"]["backend"] = std::move(substituted);
  return resolved;
}

std::vector<std::string> TrimmedNonEmptyPaths(const std::vector<std::string>& paths) {
  std::vector<std::string> out;
  for (const std::string& path : paths) {
    const size_t first = path.find_first_not_of(' ');
    if (first == std::string::npos) continue;
    const size_t last = path.find_last_not_of(' ');
    out.push_back(path.substr(first, last - first + 1));
  }
  return out;
}

void DropOwnerReferences(Json& backup_configuration) {
  backup_configuration["metadata"].erase("ownerReferences");
}

void CopyWipeOut(const Json& resolved_template, Json& repository) {
  if (const Json* wipe_out = SpecField(resolved_template, "wipeOut")) {
    repository["spec"]["wipeOut"] = *wipe_out;
  }
}

Json WithWipeOutOf(Json patched, const Json& desired) {
  Json& spec = patched["spec"];
  if (const Json* wipe_out = SpecField(desired, "wipeOut")) {
    spec["wipeOut"] = *wipe_out;
  } else {
    spec.erase("wipeOut");
  }
  return patched;
}

kube::Object WithoutEmptyVolumeMountItems(const kube::Object& target, std::string_view key) {
  std::optional<std::string> value = target.Annotation(key);
  if (!value) return target;
  std::string kept;
  for (const std::string& item : SplitLikeGo(*value, ',')) {
    if (item.empty()) continue;
    if (!kept.empty()) kept += ',';
    kept += item;
  }
  kube::Object out = target;
  out.SetAnnotation(key, kept);
  return out;
}

bool HasDeploymentOwner(const kube::Object& object) {
  for (const auto& ref : object.OwnerReferences()) {
    if (ref.kind == "Deployment") return true;
  }
  return false;
}

void KeepEmptySubPaths(const TargetAnnotations& annotations, Json& backup_configuration) {
  if (!annotations.volume_mounts) return;
  Json& mounts = backup_configuration["spec"]["target"]["volumeMounts"];
  if (!mounts.is_array()) return;
  for (size_t i = 0; i < annotations.volume_mounts->size() && i < mounts.size(); ++i) {
    const std::optional<std::string>& sub_path = (*annotations.volume_mounts)[i].sub_path;
    if (sub_path.has_value() && sub_path->empty()) mounts[i]["subPath"] = "";
  }
}

kube::StatusOr<Json> ResolveWithoutValueChecks(const kube::Object& template_object,
                                               const Variables& vars,
                                               const SubstitutionLimits& limits) {
  KUBE_ASSIGN_OR_RETURN(std::string text, Substitute(template_object.json().dump(), vars, limits));
  Json parsed = Json::parse(text, /*cb=*/nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded()) {
    return kube::Status(kube::StatusReason::kBadRequest, "substituted template is not JSON");
  }
  return parsed;
}

kube::Object WithCharacterLengths(const kube::Object& template_object, const Variables& vars) {
  // Replaces each ${#NAME} (NAME of [A-Za-z0-9_]+) whose variable is known by its length in
  // characters; anything else is copied as it is.
  auto is_name_char = [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  };
  const std::string text = template_object.json().dump();
  std::string out;
  size_t copied = 0;
  for (size_t at = text.find("${#"); at != std::string::npos; at = text.find("${#", at + 1)) {
    size_t name_end = at + 3;
    while (name_end < text.size() && is_name_char(text[name_end])) ++name_end;
    if (name_end == at + 3 || name_end >= text.size() || text[name_end] != '}') continue;
    auto var = vars.find(text.substr(at + 3, name_end - at - 3));
    if (var == vars.end()) continue;
    size_t characters = 0;
    for (unsigned char c : var->second) characters += (c & 0xC0) != 0x80;
    out.append(text, copied, at - copied);
    out += std::to_string(characters);
    copied = name_end + 1;
    at = name_end;
  }
  out.append(text, copied, std::string::npos);
  return kube::Object(Json::parse(out));
}

Json WithCurrentField(Json patched, const Json& current, std::string_view field) {
  const std::string key(field);
  if (field == "ownerReferences") {
    auto metadata = current.find("metadata");
    if (metadata != current.end() && metadata->is_object() && metadata->contains(key)) {
      patched["metadata"][key] = (*metadata)[key];
    } else if (patched.contains("metadata") && patched["metadata"].is_object()) {
      patched["metadata"].erase(key);
    }
    return patched;
  }
  if (const Json* value = SpecField(current, field)) {
    patched["spec"][key] = *value;
  } else if (patched.contains("spec") && patched["spec"].is_object()) {
    patched["spec"].erase(key);
  }
  return patched;
}

void DropZeroHistoryLimit(Json& backup_configuration) {
  Json& spec = backup_configuration["spec"];
  auto limit = spec.find("backupHistoryLimit");
  if (limit != spec.end() && limit->is_number() && *limit == 0) spec.erase(limit);
}

Json WithDesiredSpec(Json patched, const Json& desired) {
  patched["spec"] = desired.value("spec", Json::object());
  return patched;
}

}  // namespace reference
