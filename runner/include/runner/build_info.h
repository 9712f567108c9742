// What a build was made from, for benchmark results: the source tree's git commit at build
// time ("<12 hex digits>", with "-dirty" when tracked files differed, or "unknown") and the CMake
// build type ("Release", "RelWithDebInfo", ...).
#pragma once

#include <string_view>

namespace runner {

std::string_view BuildCommit();
std::string_view BuildType();

}  // namespace runner
