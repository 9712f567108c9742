// YAML scalar resolution as Kubernetes' YAML decoder does it (sigs.k8s.io/yaml over go-yaml v2):
// YAML 1.1 booleans and nulls, base-prefixed integers, '_' digit separators, timestamps kept as
// strings, explicit tags, and map keys turned into JSON member names. Internal to kube's YAML
// reading (yaml.cc) and writing (yaml_write.cc).
#pragma once

#include <yaml-cpp/yaml.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>

#include "kube/object.h"
#include "kube/status.h"

namespace kube::yaml_internal {

// A resolved YAML scalar before it becomes JSON: null, bool, int, uint, float or string.
using Scalar = std::variant<std::nullptr_t, bool, int64_t, uint64_t, double, std::string>;

// The prefix of YAML's long-form standard tags ("tag:yaml.org,2002:int" is "!!int").
inline constexpr std::string_view kLongTagPrefix = "tag:yaml.org,2002:";

// The plain words YAML 1.1 reads as null.
inline constexpr std::array<std::string_view, 5> kNullWords = {"", "~", "null", "Null", "NULL"};

bool IsDigit(char c);
// An untagged plain scalar.
Scalar ResolvePlain(std::string_view text);
// The timestamp forms go-yaml v2 recognises (they stay strings when decoded untyped).
bool IsTimestamp(std::string_view text);
// A scalar node, tagged or plain.
StatusOr<Scalar> ResolveScalarNode(const YAML::Node& node);
// The JSON value of a resolved scalar whose source text is `text`.
StatusOr<Json> ScalarToJson(const Scalar& scalar, std::string_view text);
// A map key as sigs.k8s.io/yaml turns it into a JSON member name.
StatusOr<std::string> KeyName(const Scalar& key);

}  // namespace kube::yaml_internal
