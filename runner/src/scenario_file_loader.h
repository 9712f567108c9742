// One scenario file to the Scenario model: ScenarioFileLoader reads the file, parses the YAML
// (keeping the line of every node), validates it against the embedded schema, then builds the
// model while checking what a schema cannot say. Problems are collected as LintIssues; checks
// across files (such as duplicate IDs) are scenario_loader.cc's.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "kube/yaml.h"
#include "runner/scenario.h"
#include "runner/scenario_loader.h"

namespace runner {

// Loads one file: Run() once, then read the issues (sorted by line) and, when there are none,
// the scenario. Exceptions never leave Run().
class ScenarioFileLoader {
 public:
  explicit ScenarioFileLoader(std::string path) : path_(std::move(path)) {}

  void Run();

  std::vector<LintIssue>& issues() { return issues_; }
  std::optional<Scenario>& scenario() { return scenario_; }
  // The id as written (set whenever the document parsed and has a string id).
  const std::string& id() const { return id_; }
  int id_line() const { return document_.LineOf("/id"); }

 private:
  void Load();
  bool ConformsToSchema();
  static std::string WithQuotingHint(const std::string& message);
  void Add(const std::string& pointer, std::string message);
  SourceLocation Location(const std::string& pointer) const;

  // The model, from a document that conforms to the schema.
  Scenario BuildScenario(const kube::Json& root);
  static fakecluster::FaultPlan Faults(const kube::Json& faults);
  std::vector<std::string> UniqueStrings(const kube::Json& object, const std::string& key,
                                         const std::string& pointer);
  ObjectRef ReadRef(const kube::Json& json, const std::string& pointer) const;

  // Objects: inline or from fixture files.
  std::vector<ObjectSource> ObjectSources(const kube::Json& list, const std::string& pointer);
  std::filesystem::path ResolveFixture(const std::string& relative) const;
  void LoadFixture(const std::string& relative, const std::string& pointer,
                   std::vector<ObjectSource>* sources);
  void CheckInlineObject(const kube::Json& object, const std::string& pointer);
  static std::vector<std::string> ObjectIdentityProblems(const kube::Json& object);

  // Steps and actions.
  Step ReadStep(const kube::Json& json, const std::string& pointer);
  std::vector<std::string> ActionsInLineOrder(const kube::Json& json,
                                              const std::string& pointer) const;
  void ReadAction(const std::string& action, const kube::Json& step_json,
                  const std::string& pointer, Step* step);
  int64_t ReadDuration(const std::string& text, const std::string& pointer);
  void ReadPatch(const kube::Json& json, const std::string& pointer, Step* step);
  void CheckJsonPatch(const kube::Json& patch, const std::string& pointer);
  void ReadAnnotate(const kube::Json& json, const std::string& pointer, Step* step);

  // Expectations.
  Expectations ReadExpectations(const kube::Json& json, const std::string& pointer);
  template <typename Read>
  void ForEach(const kube::Json& json, const std::string& key, const std::string& pointer,
               Read read);
  ObjectExpectation ReadObjectExpectation(const kube::Json& json, const std::string& pointer);
  void CheckValueMatchesRef(const kube::Json& value, const ObjectRef& ref,
                            const std::string& pointer);
  void ReadListModes(const kube::Json& lists, const std::string& pointer,
                     ObjectExpectation* expectation);
  void ReadFieldMatchers(const kube::Json& fields, const std::string& pointer,
                         ObjectExpectation* expectation);
  std::map<std::string, FieldMatcher> ReadFieldMatcherMap(const kube::Json& fields,
                                                          const std::string& pointer);
  void CheckUidReference(const std::string& text, const std::string& pointer);
  void CheckUidReferences(const kube::Json& value, const std::string& pointer);
  ClosedSetExpectation ReadClosedSet(const kube::Json& json, const std::string& pointer);
  EventExpectation ReadEvent(const kube::Json& json, const std::string& pointer);
  ErrorExpectation ReadError(const kube::Json& json, const std::string& pointer);
  std::vector<WriteBudget> WriteBudgets(const kube::Json& list, const std::string& pointer);
  void CheckPropagationVerb(const kube::Json& json, const std::string& verb,
                            const std::string& pointer);
  std::vector<NeverAssertion> NeverAssertions(const kube::Json& list, const std::string& pointer);

  // Syntax checks.
  void CheckPointer(const std::string& text, const std::string& pointer);
  void CheckRegex(const std::string& text, const std::string& pointer);

  std::string path_;
  kube::YamlDocument document_;
  std::vector<LintIssue> issues_;
  std::optional<Scenario> scenario_;
  std::string id_;
};

}  // namespace runner
