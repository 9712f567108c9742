// Helpers shared by the fuzz targets: the libFuzzer entry point's signature, splitting one input
// into parts, reading "key=value" lines, and a check that aborts (a finding) when an invariant of
// the code under test fails.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>
#include <string_view>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

namespace stashsim_fuzz {

inline std::string_view AsText(const uint8_t* data, size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

// Splits `text` at each line that is exactly `separator` ("%%" splits "a\n%%\nb" into "a", "b").
// At most `max_parts` parts: the last one keeps the rest of the text.
inline std::vector<std::string_view> SplitParts(std::string_view text, std::string_view separator,
                                                size_t max_parts) {
  std::vector<std::string_view> parts;
  std::string marker = "\n" + std::string(separator) + "\n";
  while (parts.size() + 1 < max_parts) {
    size_t at = text.find(marker);
    if (at == std::string_view::npos) break;
    parts.push_back(text.substr(0, at));
    text.remove_prefix(at + marker.size());
  }
  parts.push_back(text);
  return parts;
}

// "key=value" lines as a map (the first '=' splits; lines without one are skipped).
inline std::map<std::string, std::string> ParseKeyValueLines(std::string_view text) {
  std::map<std::string, std::string> values;
  while (!text.empty()) {
    size_t end = text.find('\n');
    std::string_view line = text.substr(0, end);
    text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
    size_t equals = line.find('=');
    if (equals == std::string_view::npos) continue;
    values[std::string(line.substr(0, equals))] = std::string(line.substr(equals + 1));
  }
  return values;
}

// An invariant of the code under test does not hold: report it and abort, which both libFuzzer
// and the replay driver record as a finding (with the input that caused it).
[[noreturn]] inline void Violated(const char* what, std::string_view detail = {}) {
  std::fprintf(stderr, "fuzz invariant violated: %s\n%.*s\n", what,
               static_cast<int>(detail.size() > 2000 ? 2000 : detail.size()), detail.data());
  std::abort();
}

}  // namespace stashsim_fuzz
