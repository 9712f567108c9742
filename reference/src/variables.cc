// Target variables of spec section 3.
#include "reference/variables.h"

#include <cctype>
#include <string>
#include <string_view>

#include "ascii.h"

namespace reference {
namespace {

// The plural resource of a workload kind, from the registry the reconciler was given (the runner
// passes the fake cluster's kinds, which include DeploymentConfig from the CRD it ships). A kind
// missing from the registry (DeploymentConfig with KindRegistry::WithBuiltIns()) falls back to
// its lower-case kind plus "s", which is right for every workload kind.
std::string WorkloadResource(const kube::Object& target, const kube::KindRegistry& registry) {
  if (const kube::ResourceInfo* info = registry.Find(target.Gvk())) return info->plural;
  return AsciiLower(target.Kind()) + "s";
}

std::string TargetApiVersion(const kube::Object& target, TargetClass target_class) {
  switch (target_class) {
    case TargetClass::kPersistentVolumeClaim:
    case TargetClass::kAppBinding:
      return "v1";  // upstream quirk for AppBindings, both eras
    case TargetClass::kWorkload:
    case TargetClass::kNone:
      break;
  }
  return target.ApiVersion();
}

std::string TargetKind(const kube::Object& target, TargetClass target_class) {
  switch (target_class) {
    case TargetClass::kPersistentVolumeClaim:
      return "persistentvolumeclaim";
    case TargetClass::kAppBinding:
      return "appbinding";
    case TargetClass::kWorkload:
    case TargetClass::kNone:
      break;
  }
  return AsciiLower(target.Kind());
}

// TARGET_APP_TYPE, TARGET_APP_GROUP, TARGET_APP_RESOURCE from spec.type ("kubedb.com/postgres").
void AddAppTypeVariables(const kube::Object& target, Variables& vars) {
  const std::string type = kube::StringAt(target.json(), {"spec", "type"});
  const size_t slash = type.rfind('/');
  vars["TARGET_APP_TYPE"] = type;
  vars["TARGET_APP_GROUP"] = slash == std::string::npos ? "" : type.substr(0, slash);
  vars["TARGET_APP_RESOURCE"] = slash == std::string::npos ? type : type.substr(slash + 1);
}

}  // namespace

Variables TargetVariables(const kube::Object& target, TargetClass target_class, Profile profile,
                          const kube::KindRegistry& registry) {
  Variables vars = {
      {"TARGET_API_VERSION", TargetApiVersion(target, target_class)},
      {"TARGET_KIND", TargetKind(target, target_class)},
      {"TARGET_NAME", target.Name()},
      {"TARGET_NAMESPACE", target.Namespace()},
  };
  if (target_class == TargetClass::kWorkload) {
    vars["TARGET_RESOURCE"] = WorkloadResource(target, registry);
  }
  if (target_class == TargetClass::kAppBinding) {
    vars["TARGET_APP_VERSION"] = kube::StringAt(target.json(), {"spec", "version"});
    if (profile == Profile::kBlueprint) AddAppTypeVariables(target, vars);
  }
  return vars;
}

}  // namespace reference
