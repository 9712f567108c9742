// ASCII helpers shared by the reference's naming and variables (kinds are ASCII).
#pragma once

#include <cctype>
#include <string>
#include <string_view>

namespace reference {

inline std::string AsciiLower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace reference
