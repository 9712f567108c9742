// Text helpers shared by the scenario loader's files (scenario_file_loader.cc, which checks one
// file, and scenario_loader.cc, which checks a suite): how a value is quoted in a message.
#pragma once

#include <string>
#include <string_view>

namespace runner {

// `text` in double quotes, as messages name values: Quoted("x") is "\"x\"".
std::string Quoted(std::string_view text);

}  // namespace runner
