// JSON Pointer (RFC 6901) token escaping: "~" <-> "~0", "/" <-> "~1".
#pragma once

#include <string>
#include <string_view>

namespace kube {

std::string EscapePointerToken(std::string_view token);
std::string UnescapePointerToken(std::string_view token);

}  // namespace kube
