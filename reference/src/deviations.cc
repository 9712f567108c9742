// Departures from the spec, applied on top of the spec-following results.
#include "deviations.h"

#include <string_view>
#include <utility>

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

kube::StatusOr<Json> ResolveBackendOnly(const kube::Object& template_object,
                                        const Variables& vars,
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

}  // namespace reference
