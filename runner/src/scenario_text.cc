// Text helpers of the scenario loader; see scenario_text.h.
#include "scenario_text.h"

#include <fmt/format.h>

namespace runner {

std::string Quoted(std::string_view text) { return fmt::format("\"{}\"", text); }

}  // namespace runner
