// Why an object that carries default-backup annotations is not a target (spec sections 1-2), in
// words a person reading `stashsim render` output can act on.
#pragma once

#include <optional>
#include <string>

#include "kube/object.h"
#include "reference/profile.h"

namespace runner {

// For an object with at least one stash.appscode.com target annotation of either era that is
// not a target under `profile`: the reason, e.g. "has stash.appscode.com/backup-template but
// lacks stash.appscode.com/mountpath". nullopt for targets and for objects without any such
// annotation.
std::optional<std::string> NotATargetReason(const kube::Object& object, reference::Profile profile);

}  // namespace runner
