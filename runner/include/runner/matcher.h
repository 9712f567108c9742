// Matching of expected against actual objects for scenario expectations: subset or exact
// comparison, per-path list modes (ordered, unordered, by key), field matchers (absent,
// present, regex, equals) and ignored paths. A mismatch names the first differing JSON Pointer
// and carries a unified diff of expected vs actual (actual projected onto the expected shape
// in subset mode, so the diff shows only what the scenario cares about).
#pragma once

#include <map>
#include <optional>
#include <string>

#include "kube/object.h"
#include "runner/scenario.h"

namespace runner {

struct Mismatch {
  std::string path;     // JSON Pointer of the first difference
  std::string message;  // what differs, in words
  std::string diff;     // unified diff (expected vs actual), YAML
};

// Compares one stored object against its expectation. `actual` is the object as read.
std::optional<Mismatch> MatchObject(const ObjectExpectation& expectation, const kube::Json& actual);

// Checks each field matcher (JSON Pointer -> matcher) against `actual`; the first that fails.
std::optional<Mismatch> MatchFields(const std::map<std::string, FieldMatcher>& fields,
                                    const kube::Json& actual);

// Volatile metadata dropped before exact comparison and from printed objects.
kube::Json WithoutVolatileMetadata(const kube::Json& object);

// Spec 1.2: BackupConfiguration spec.task / runtimeSettings / tempDir: `{}` equals absent.
kube::Json NormalizeForComparison(const kube::Json& object);

}  // namespace runner
