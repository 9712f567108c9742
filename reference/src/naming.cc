// Generated names of spec section 4.
#include "reference/naming.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <utility>

#include "ascii.h"

namespace reference {
namespace {

// Go's strings.Trim(s, "-").
std::string_view TrimDashes(std::string_view text) {
  const size_t first = text.find_first_not_of('-');
  if (first == std::string_view::npos) return {};
  const size_t last = text.find_last_not_of('-');
  return text.substr(first, last - first + 1);
}

// Go's s[:min(len(s), limit)]: a byte cut.
std::string_view CutToBytes(std::string_view text, size_t limit) {
  return text.substr(0, std::min(text.size(), limit));
}

std::string NamePrefix(std::string_view kind, Profile profile) {
  return profile == Profile::kTemplate ? AsciiLower(kind) : ShortKind(kind);
}

}  // namespace

std::string ShortKind(std::string_view kind) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 6> kShortKinds = {{
      {"Deployment", "deploy"},
      {"ReplicationController", "rc"},
      {"DaemonSet", "ds"},
      {"StatefulSet", "sts"},
      {"PersistentVolumeClaim", "pvc"},
      {"AppBinding", "app"},
  }};
  for (const auto& [long_kind, short_kind] : kShortKinds) {
    if (long_kind == kind) return std::string(short_kind);
  }
  return AsciiLower(kind);
}

std::string GeneratedName(std::string_view kind, std::string_view target_name, Profile profile) {
  return GeneratedNameWithPrefix(NamePrefix(kind, profile), target_name, profile);
}

std::string GeneratedNameWithPrefix(std::string_view prefix, std::string_view target_name,
                                    Profile profile) {
  std::string name = std::string(prefix) + "-" + std::string(target_name);
  if (profile == Profile::kTemplate) return name;
  return std::string(TrimDashes(CutToBytes(name, kMaxBlueprintNameBytes)));
}

}  // namespace reference
