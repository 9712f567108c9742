// UTF-16 surrogate pairs in YAML double-quoted scalars. JSON writes a character beyond U+FFFF as
// a pair of escapes ("\ud83d\udca9"), and JSON is read as YAML here; yaml-cpp rejects each half
// as invalid. Joining each valid pair into one YAML escape ("\U0001F4A9") before parsing accepts
// them; a lone surrogate stays and is reported by DescribeLoneSurrogate. Pure, never throws.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace kube::internal {

// `text` with every valid pair \uD800-\uDBFF \uDC00-\uDFFF inside a double-quoted scalar
// written as one \UXXXXXXXX escape (two bytes shorter: columns after it on that line shift).
// nullopt when there is nothing to join (the common case, without copying).
std::optional<std::string> JoinSurrogatePairs(std::string_view text);

// For yaml-cpp's "invalid unicode: N" where N is a surrogate, a clear message; else nullopt.
std::optional<std::string> DescribeLoneSurrogate(std::string_view yaml_cpp_message);

}  // namespace kube::internal
