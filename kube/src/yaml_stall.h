// A guard against a yaml-cpp 0.7 defect: a ',' at the top level of a document (",", "\"x\",",
// "a\n---\n,") makes YAML::LoadAll add empty documents forever without consuming the comma,
// using memory until the machine runs out (found by fuzz/targets/yaml_fuzz.cc; fixed in later
// yaml-cpp releases). Debian's yaml-cpp still has it, so the stream is walked once with the
// parser's own events first: a document that starts where the previous one started has consumed
// nothing, and the position is reported instead of loading.
#pragma once

#include <optional>
#include <string_view>

#include <yaml-cpp/mark.h>

namespace kube::internal {

// The position where the parser stops making progress, or nullopt when it gets through the
// stream (or fails with an error of its own, which loading then reports). Never throws.
std::optional<YAML::Mark> FindStalledDocument(std::string_view text);

}  // namespace kube::internal
