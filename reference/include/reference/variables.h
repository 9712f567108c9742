// The variables a template is resolved with for one target (spec section 3): TARGET_API_VERSION,
// TARGET_KIND, TARGET_NAME, TARGET_NAMESPACE for every target; TARGET_RESOURCE for workloads;
// TARGET_APP_VERSION for AppBindings, plus TARGET_APP_TYPE, TARGET_APP_GROUP and
// TARGET_APP_RESOURCE in the blueprint era. Pure: no I/O, nothing throws. A variable that the
// table marks "not supplied" is absent from the map (absent and empty differ in substitution).
#pragma once

#include "kube/gvk.h"
#include "kube/object.h"
#include "reference/profile.h"
#include "reference/substitution.h"
#include "reference/target.h"

namespace reference {

// Upstream quirks kept: PVCs and AppBindings always get TARGET_API_VERSION "v1"; TARGET_KIND is
// the lower-case kind. TARGET_RESOURCE is the plural from `registry`, or the project's own
// plural of the workload kind (e.g. "deploymentconfigs") when the registry lacks the kind.
// TARGET_APP_VERSION is spec.version, "" when absent. For TargetClass::kNone the result only
// holds the four common variables.
Variables TargetVariables(const kube::Object& target, TargetClass target_class, Profile profile,
                          const kube::KindRegistry& registry);

}  // namespace reference
