// Version string baked in at build time.
#include "runner/version.h"

namespace runner {
std::string_view Version() { return STASHSIM_VERSION; }
}  // namespace runner
