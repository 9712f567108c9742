// The stashsim version string, set by the build from the CMake project version.
#pragma once

#include <string_view>

namespace runner {
std::string_view Version();
}  // namespace runner
