// The name shared by the generated Repository and BackupConfiguration of a target (spec
// section 4). Template era: "<lower-case kind>-<target name>", never truncated. Blueprint era:
// "<short kind>-<target name>" cut to 63 bytes, then leading and trailing '-' trimmed. Pure and
// deterministic; collisions between targets are possible, as upstream.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "reference/profile.h"

namespace reference {

// The blueprint era's length limit (a DNS-1123 label).
inline constexpr size_t kMaxBlueprintNameBytes = 63;

// The name prefix of a kind in the blueprint era: deploy, rc, ds, sts, pvc, app, else the
// lower-case kind.
std::string ShortKind(std::string_view kind);

// `kind` is the target's kind as its API spells it ("Deployment"): GeneratedNameWithPrefix
// with the lower-case kind (template era) or ShortKind (blueprint era) as the prefix.
std::string GeneratedName(std::string_view kind, std::string_view target_name, Profile profile);

// "<prefix>-<target name>"; in the blueprint era cut to kMaxBlueprintNameBytes, then leading
// and trailing '-' trimmed.
std::string GeneratedNameWithPrefix(std::string_view prefix, std::string_view target_name,
                                    Profile profile);

}  // namespace reference
