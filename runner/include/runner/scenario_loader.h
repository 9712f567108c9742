// Loading scenario files: YAML parsed with line tracking, validated against the embedded JSON
// Schema (scenarios/schema/scenario.schema.json), then checked semantically (one action per
// step, durations, regexes, JSON Pointers, fixtures), and turned into the Scenario model.
// Every problem names the file, the line and the field; nothing here throws.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "kube/status.h"
#include "runner/scenario.h"

namespace runner {

// Loads and validates one scenario file (schema first, then semantic checks). On failure the
// Status is Invalid and its message lists every problem, one "file:line: field: message" per
// line (details.causes has one cause per problem, field = the dotted field path).
kube::StatusOr<Scenario> LoadScenario(const std::string& path);

// Every *.yaml / *.yml file directly or recursively under `dir`, skipping any directory named
// `fixtures` or `schema`, sorted. A `dir` that is itself a file is returned as the only entry.
std::vector<std::string> FindScenarioFiles(const std::string& dir);

// One problem found by the lint.
struct LintIssue {
  std::string file;
  int line = 0;       // 1-based; 0 when the problem concerns the whole file (e.g. unreadable)
  std::string field;  // dotted path such as "steps[0].expect.objects[1].kind"; may be empty
  std::string message;
  // "file:line: field: message" (the line and the field are left out when unknown).
  std::string ToString() const;
};

// One scenario file loaded with every check of the lint, its own and the suite's.
struct LoadedFile {
  std::string file;
  std::string id;                    // as written, even in a file with problems; "" if unread
  std::optional<Scenario> scenario;  // set exactly when `issues` is empty
  std::vector<LintIssue> issues;     // sorted by line
};

// Loads every file (a file named twice once) and also checks the suite-wide rules: an ID used
// by two files (the later file gets the issue, naming both), fixture files that are missing or
// do not parse. `run` and `lint` both load through here, so they accept the same files.
std::vector<LoadedFile> LoadSuiteFiles(const std::vector<std::string>& files);

// The issues of LoadSuiteFiles(files): per file, in the order of `files`, each file's by line.
std::vector<LintIssue> LintSuite(const std::vector<std::string>& files);

}  // namespace runner
