// Loading scenario files: YAML parsed with line tracking, validated against the embedded JSON
// Schema (scenarios/schema/scenario.schema.json), then checked semantically (one action per
// step, durations, regexes, JSON Pointers, fixtures), and turned into the Scenario model.
// Every problem names the file, the line and the field; nothing here throws.
#pragma once

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

// Loads every file and also checks the suite-wide rules: an ID used by two files (the issue
// names both), fixture files that are missing or do not parse. Issues come per file, in the
// order of `files`, each file's sorted by line.
std::vector<LintIssue> LintSuite(const std::vector<std::string>& files);

}  // namespace runner
