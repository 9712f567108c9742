// One scenario file to the Scenario model; see scenario_file_loader.h. Read, parse the YAML
// (keeping the line of every node), validate against the embedded schema, then build the model
// while checking what a schema cannot say. Problems are collected as LintIssues with the line
// and dotted field path of the offending node; exceptions never leave this file.
#include "scenario_file_loader.h"
#include "kube/json_pointer.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdint>
#include <exception>
#include <filesystem>
#include <limits>
#include <map>
#include <optional>
#include <set>
#include <string_view>
#include <utility>

#include "embedded_schema.h"
#include "kube/file.h"
#include "kube/patch.h"
#include "kube/regex.h"
#include "kube/yaml.h"
#include "runner/json_schema.h"
#include "runner/uid_reference.h"
#include "scenario_text.h"

namespace runner {
namespace {

namespace fs = std::filesystem;
using kube::Json;

constexpr std::array<std::string_view, 8> kActionKeys = {
    "apply", "create", "patch", "delete", "annotate", "resync", "restart", "advanceClock"};

// =============================================================================================
// Small helpers.

std::string Child(const std::string& pointer, std::string_view token) {
  return kube::ChildPointer(pointer, token);
}

std::string Child(const std::string& pointer, size_t index) {
  return kube::ChildPointer(pointer, index);
}

bool IsDigits(std::string_view text) {
  return !text.empty() &&
         std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool IsPlainName(std::string_view text) {
  if (text.empty() || IsDigits(text.substr(0, 1))) return false;
  return std::all_of(text.begin(), text.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-';
  });
}

// "/steps/0/expect/fields/~1spec~1x" -> `steps[0].expect.fields["/spec/x"]`.
std::string FieldPath(std::string_view pointer) {
  std::string path;
  auto tokens = kube::ParsePointer(pointer);
  if (!tokens.ok()) return std::string(pointer);
  for (const std::string& token : *tokens) {
    if (IsDigits(token)) {
      path += "[" + token + "]";
    } else if (IsPlainName(token)) {
      path += (path.empty() ? "" : ".") + token;
    } else {
      path += "[\"" + token + "\"]";
    }
  }
  return path;
}

std::string StringMember(const Json& object, const std::string& key) {
  auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

bool HasNonEmptyString(const Json& object, const std::string& key) {
  return !StringMember(object, key).empty();
}

kube::StatusOr<std::string> ReadFile(const std::string& path) {
  std::error_code error;
  if (!fs::exists(path, error)) return kube::NotFoundError("files", path);
  if (fs::is_directory(path, error)) {
    return kube::BadRequestError(fmt::format("{} is a directory", path));
  }
  std::optional<std::string> text = kube::ReadWholeFile(path);
  if (!text) return kube::BadRequestError(fmt::format("cannot read {}", path));
  return *std::move(text);
}

// Whole numbers with the units ms, s, m, h, in any order ("90s", "1h30m"); nullopt on bad
// syntax or overflow.
std::optional<int64_t> ParseDurationMillis(std::string_view text) {
  if (text.empty()) return std::nullopt;
  int64_t total = 0;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t digits_end = pos;
    while (digits_end < text.size() && IsDigits(text.substr(digits_end, 1))) ++digits_end;
    int64_t amount = 0;
    auto [end, error] = std::from_chars(text.data() + pos, text.data() + digits_end, amount);
    if (digits_end == pos || error != std::errc() || end != text.data() + digits_end) {
      return std::nullopt;
    }
    std::string_view rest = text.substr(digits_end);
    int64_t unit = 0;
    size_t unit_length = 1;
    if (rest.substr(0, 2) == "ms") {
      unit = 1;
      unit_length = 2;
    } else if (rest.substr(0, 1) == "s") {
      unit = 1000;
    } else if (rest.substr(0, 1) == "m") {
      unit = 60 * 1000;
    } else if (rest.substr(0, 1) == "h") {
      unit = 60 * 60 * 1000;
    } else {
      return std::nullopt;
    }
    if (amount > (std::numeric_limits<int64_t>::max() - total) / unit) return std::nullopt;
    total += amount * unit;
    pos = digits_end + unit_length;
  }
  return total;
}

// "<file>:<line>:<column>: <problem>" from kube::ParseYamlDocuments as an issue.
LintIssue YamlErrorIssue(const std::string& file, const std::string& message) {
  std::string_view rest = message;
  std::string prefix = file + ":";
  if (rest.substr(0, prefix.size()) != prefix) return {file, 0, "", message};
  rest.remove_prefix(prefix.size());
  int line = 0;
  int column = 0;
  auto [line_end, line_error] = std::from_chars(rest.data(), rest.data() + rest.size(), line);
  if (line_error != std::errc() || line_end == rest.data() + rest.size() || *line_end != ':') {
    return {file, 0, "", message};
  }
  rest.remove_prefix(static_cast<size_t>(line_end - rest.data()) + 1);
  auto [column_end, column_error] = std::from_chars(rest.data(), rest.data() + rest.size(), column);
  if (column_error == std::errc())
    rest.remove_prefix(static_cast<size_t>(column_end - rest.data()));
  if (rest.substr(0, 2) == ": ") rest.remove_prefix(2);
  return {file, line, "", fmt::format("invalid YAML (column {}): {}", column, rest)};
}

kube::StatusOr<JsonSchema> CompileEmbeddedSchema() {
  std::string_view text = EmbeddedScenarioSchema();
  if (text.empty()) return kube::InternalError("the scenario schema is not embedded in the binary");
  KUBE_ASSIGN_OR_RETURN(Json schema, kube::ParseJson(text, "scenario.schema.json"));
  return JsonSchema::Compile(schema);
}

const kube::StatusOr<JsonSchema>& ScenarioSchema() {
  static const kube::StatusOr<JsonSchema> kSchema = CompileEmbeddedSchema();
  return kSchema;
}

}  // namespace

// =============================================================================================
// One file.

void ScenarioFileLoader::Run() {
  try {
    Load();
  } catch (const std::exception& e) {
    issues_.push_back({path_, 0, "", fmt::format("internal error while loading: {}", e.what())});
    scenario_.reset();
  }
  std::stable_sort(issues_.begin(), issues_.end(),
                   [](const LintIssue& a, const LintIssue& b) { return a.line < b.line; });
}

void ScenarioFileLoader::Load() {
  kube::StatusOr<std::string> text = ReadFile(path_);
  if (!text.ok()) {
    issues_.push_back({path_, 0, "", text.status().message()});
    return;
  }
  kube::StatusOr<std::vector<kube::YamlDocument>> documents =
      kube::ParseYamlDocuments(*text, path_);
  if (!documents.ok()) {
    issues_.push_back(YamlErrorIssue(path_, documents.status().message()));
    return;
  }
  if (documents->size() != 1) {
    int line = documents->empty() ? 1 : (*documents)[1].line;
    issues_.push_back({path_, line, "",
                       fmt::format("a scenario file holds exactly one YAML document; found {}",
                                   documents->size())});
    return;
  }
  document_ = std::move(documents->front());
  if (document_.value.is_object()) id_ = StringMember(document_.value, "id");
  if (!ConformsToSchema()) return;
  Scenario scenario = BuildScenario(document_.value);
  if (issues_.empty()) scenario_ = std::move(scenario);
}

bool ScenarioFileLoader::ConformsToSchema() {
  const kube::StatusOr<JsonSchema>& schema = ScenarioSchema();
  if (!schema.ok()) {
    issues_.push_back(
        {path_, 0, "",
         fmt::format("internal error: the scenario schema: {}", schema.status().message())});
    return false;
  }
  std::vector<SchemaError> errors = schema->Validate(document_.value);
  for (const SchemaError& error : errors) Add(error.pointer, WithQuotingHint(error.message));
  return errors.empty();
}

// YAML reads unquoted y, no, on, 1.0, null... as non-strings; say how to get a string.
std::string ScenarioFileLoader::WithQuotingHint(const std::string& message) {
  constexpr std::string_view kExpectedString = "expected string, got ";
  if (message.rfind(kExpectedString, 0) != 0) return message;
  std::string_view actual = std::string_view(message).substr(kExpectedString.size());
  if (actual != "boolean" && actual != "integer" && actual != "number" && actual != "null") {
    return message;
  }
  return message +
         " (quote the value to make it a string: YAML reads unquoted y, yes, on, "
         "true, 1, 1.0, null and ~ as other types)";
}

void ScenarioFileLoader::Add(const std::string& pointer, std::string message) {
  issues_.push_back({path_, document_.LineOf(pointer), FieldPath(pointer), std::move(message)});
}

SourceLocation ScenarioFileLoader::Location(const std::string& pointer) const {
  return {path_, document_.LineOf(pointer)};
}

// ------------------------------------------------------------------------------------------
// The model, from a document that conforms to the schema.

Scenario ScenarioFileLoader::BuildScenario(const Json& root) {
  Scenario scenario;
  scenario.file = path_;
  CheckUidReferences(root, "");
  scenario.format_version = root.at("formatVersion").get<int>();
  scenario.id = StringMember(root, "id");
  scenario.title = StringMember(root, "title");
  scenario.spec_section = StringMember(root, "spec");
  scenario.description = StringMember(root, "description");
  scenario.profiles = UniqueStrings(root, "profiles", "");
  scenario.labels = UniqueStrings(root, "labels", "");
  scenario.features = UniqueStrings(root, "features", "");
  scenario.extended = scenario.HasFeature("extended");
  if (root.contains("given")) scenario.given = ObjectSources(root.at("given"), "/given");
  const Json& steps = root.at("steps");
  for (size_t i = 0; i < steps.size(); ++i) {
    scenario.steps.push_back(ReadStep(steps[i], Child("/steps", i)));
  }
  if (root.contains("never")) scenario.never = NeverAssertions(root.at("never"), "/never");
  if (root.contains("writes")) scenario.total_writes = WriteBudgets(root.at("writes"), "/writes");
  if (root.contains("faults")) scenario.faults = Faults(root.at("faults"));
  if (root.contains("explore")) {
    const Json& explore = root.at("explore");
    scenario.explore_faults = explore.at("faults").get<std::vector<std::string>>();
    if (explore.contains("seeds")) {
      scenario.explore_seeds = explore.at("seeds").get<std::vector<uint64_t>>();
    }
    if (explore.contains("occurrences")) {
      auto occurrences = explore.at("occurrences").get<std::vector<uint64_t>>();
      std::sort(occurrences.begin(), occurrences.end());
      occurrences.erase(std::unique(occurrences.begin(), occurrences.end()), occurrences.end());
      scenario.explore_occurrences = std::move(occurrences);
    }
  }
  return scenario;
}

// The schema has checked names, types and bounds.
fakecluster::FaultPlan ScenarioFileLoader::Faults(const Json& faults) {
  fakecluster::FaultPlan plan;
  if (faults.contains("errors")) {
    for (const Json& json : faults.at("errors")) {
      fakecluster::AimedError aimed;
      aimed.verb = StringMember(json, "verb");
      aimed.kind = StringMember(json, "kind");
      aimed.namespace_name = StringMember(json, "namespace");
      aimed.name = StringMember(json, "name");
      aimed.nth = json.value("nth", uint64_t{1});
      aimed.times = json.value("times", uint64_t{1});
      aimed.always = json.value("always", false);
      aimed.code = json.at("code").get<int>();
      aimed.message = StringMember(json, "message");
      plan.errors.push_back(std::move(aimed));
    }
  }
  plan.conflict_every_nth_update = faults.value("conflictEveryNthUpdate", uint64_t{0});
  plan.conflict_rate = faults.value("conflictRate", 0.0);
  plan.server_error_rate = faults.value("serverErrorRate", 0.0);
  plan.stale_read_rate = faults.value("staleReadRate", 0.0);
  plan.watch_cut_rate = faults.value("watchCutRate", 0.0);
  plan.gc_delay_max_ms = faults.value("gcDelayMaxMs", int64_t{0});
  return plan;
}

std::vector<std::string> ScenarioFileLoader::UniqueStrings(const Json& object,
                                                           const std::string& key,
                                                           const std::string& pointer) {
  std::vector<std::string> values;
  if (!object.contains(key)) return values;
  const Json& list = object.at(key);
  for (size_t i = 0; i < list.size(); ++i) {
    std::string value = list[i].get<std::string>();
    if (std::count(values.begin(), values.end(), value) > 0) {
      Add(Child(Child(pointer, key), i), fmt::format("{} is listed twice", Quoted(value)));
    }
    values.push_back(std::move(value));
  }
  return values;
}

ObjectRef ScenarioFileLoader::ReadRef(const Json& json, const std::string& pointer) const {
  return {StringMember(json, "apiVersion"), StringMember(json, "kind"),
          StringMember(json, "namespace"), StringMember(json, "name"), Location(pointer)};
}

// ------------------------------------------------------------------------------------------
// Objects: inline or from fixture files.

std::vector<ObjectSource> ScenarioFileLoader::ObjectSources(const Json& list,
                                                            const std::string& pointer) {
  std::vector<ObjectSource> sources;
  for (size_t i = 0; i < list.size(); ++i) {
    const Json& item = list[i];
    std::string item_pointer = Child(pointer, i);
    if (item.contains("file")) {
      LoadFixture(item.at("file").get<std::string>(), Child(item_pointer, "file"), &sources);
      continue;
    }
    std::string object_pointer = Child(item_pointer, "object");
    CheckInlineObject(item.at("object"), object_pointer);
    sources.push_back({item.at("object"), Location(object_pointer)});
  }
  return sources;
}

fs::path ScenarioFileLoader::ResolveFixture(const std::string& relative) const {
  fs::path fixture(relative);
  if (fixture.is_absolute()) return fixture.lexically_normal();
  return (fs::path(path_).parent_path() / fixture).lexically_normal();
}

void ScenarioFileLoader::LoadFixture(const std::string& relative, const std::string& pointer,
                                     std::vector<ObjectSource>* sources) {
  const std::string resolved = ResolveFixture(relative).generic_string();
  std::error_code error;
  fs::file_status status = fs::status(resolved, error);
  if (!fs::exists(status)) {
    Add(pointer,
        fmt::format("fixture file {} not found (looked for {})", Quoted(relative), resolved));
    return;
  }
  if (!fs::is_regular_file(status)) {
    Add(pointer, fmt::format("fixture file {} {} ({})", Quoted(relative),
                             fs::is_directory(status) ? "is a directory" : "is not a regular file",
                             resolved));
    return;
  }
  kube::StatusOr<std::string> text = ReadFile(resolved);
  if (!text.ok()) {
    Add(pointer, fmt::format("fixture file {}: {}", Quoted(relative), text.status().message()));
    return;
  }
  kube::StatusOr<std::vector<kube::YamlDocument>> documents =
      kube::ParseYamlDocuments(*text, resolved);
  if (!documents.ok()) {
    Add(pointer, fmt::format("fixture file {} does not parse: {}", Quoted(relative),
                             documents.status().message()));
    return;
  }
  if (documents->empty()) {
    Add(pointer, fmt::format("fixture file {} holds no object", Quoted(relative)));
    return;
  }
  for (kube::YamlDocument& document : *documents) {
    std::string origin = fmt::format("{}:{}", resolved, document.line);
    for (const std::string& problem : ObjectIdentityProblems(document.value)) {
      Add(pointer, fmt::format("fixture object at {}: {}", origin, problem));
    }
    sources->push_back({std::move(document.value), {resolved, document.line}});
  }
}

void ScenarioFileLoader::CheckInlineObject(const Json& object, const std::string& pointer) {
  for (const std::string& problem : ObjectIdentityProblems(object)) Add(pointer, problem);
}

// A Kubernetes object needs apiVersion, kind and metadata.name (or generateName).
std::vector<std::string> ScenarioFileLoader::ObjectIdentityProblems(const Json& object) {
  if (!object.is_object()) return {"a Kubernetes object must be a mapping"};
  std::vector<std::string> problems;
  for (const char* key : {"apiVersion", "kind"}) {
    if (!HasNonEmptyString(object, key)) {
      problems.push_back(fmt::format("the object needs a non-empty string {}", Quoted(key)));
    }
  }
  auto metadata = object.find("metadata");
  bool named =
      metadata != object.end() && metadata->is_object() &&
      (HasNonEmptyString(*metadata, "name") || HasNonEmptyString(*metadata, "generateName"));
  if (!named) problems.push_back("the object needs metadata.name (or metadata.generateName)");
  return problems;
}

// ------------------------------------------------------------------------------------------
// Steps and actions.

Step ScenarioFileLoader::ReadStep(const Json& json, const std::string& pointer) {
  Step step;
  step.location = Location(pointer);
  step.name = StringMember(json, "name");
  if (json.contains("expect")) {
    step.expect = ReadExpectations(json.at("expect"), Child(pointer, "expect"));
  }
  std::vector<std::string> actions = ActionsInLineOrder(json, pointer);
  for (size_t i = 1; i < actions.size(); ++i) {
    Add(Child(pointer, actions[i]),
        fmt::format("a step takes one action; {} comes in addition to {}", Quoted(actions[i]),
                    Quoted(actions[0])));
  }
  if (actions.empty()) {
    if (step.expect.Empty()) Add(pointer, "the step has neither an action nor expectations");
    return step;
  }
  ReadAction(actions.front(), json, Child(pointer, actions.front()), &step);
  return step;
}

std::vector<std::string> ScenarioFileLoader::ActionsInLineOrder(const Json& json,
                                                                const std::string& pointer) const {
  std::vector<std::string> actions;
  for (std::string_view key : kActionKeys) {
    if (json.contains(std::string(key))) actions.emplace_back(key);
  }
  std::stable_sort(actions.begin(), actions.end(), [&](const std::string& a, const std::string& b) {
    return document_.LineOf(Child(pointer, a)) < document_.LineOf(Child(pointer, b));
  });
  return actions;
}

void ScenarioFileLoader::ReadAction(const std::string& action, const Json& step_json,
                                    const std::string& pointer, Step* step) {
  const Json& json = step_json.at(action);
  if (action == "apply" || action == "create") {
    step->action = action == "apply" ? Step::Action::kApply : Step::Action::kCreate;
    step->objects = ObjectSources(json, pointer);
  } else if (action == "patch") {
    ReadPatch(json, pointer, step);
  } else if (action == "delete") {
    step->action = Step::Action::kDelete;
    step->target = ReadRef(json, pointer);
    step->propagation = StringMember(json, "propagation");
  } else if (action == "annotate") {
    ReadAnnotate(json, pointer, step);
  } else if (action == "resync") {
    step->action = Step::Action::kResync;
  } else if (action == "restart") {
    step->action = Step::Action::kRestart;
  } else {
    step->action = Step::Action::kAdvanceClock;
    step->advance_ms = ReadDuration(json.get<std::string>(), pointer);
  }
}

int64_t ScenarioFileLoader::ReadDuration(const std::string& text, const std::string& pointer) {
  std::optional<int64_t> millis = ParseDurationMillis(text);
  if (!millis) {
    Add(pointer, fmt::format("invalid duration {}: use whole numbers with the units ms, s, m, h "
                             "(e.g. \"90s\", \"1h30m\")",
                             Quoted(text)));
    return 0;
  }
  if (*millis == 0) Add(pointer, "the duration must be longer than zero");
  return *millis;
}

void ScenarioFileLoader::ReadPatch(const Json& json, const std::string& pointer, Step* step) {
  static const std::map<std::string, PatchKind> kKinds = {{"merge", PatchKind::kMerge},
                                                          {"json", PatchKind::kJson},
                                                          {"strategic", PatchKind::kStrategic},
                                                          {"apply", PatchKind::kApply}};
  step->action = Step::Action::kPatch;
  step->target = ReadRef(json, pointer);
  const std::string type = StringMember(json, "type");
  step->patch_kind = kKinds.at(type);
  step->patch = json.at("patch");
  const std::string body_pointer = Child(pointer, "patch");
  if (step->patch_kind == PatchKind::kJson) {
    CheckJsonPatch(step->patch, body_pointer);
  } else if (!step->patch.is_object()) {
    Add(body_pointer, fmt::format("a {} patch must be a mapping", type));
  }
}

void ScenarioFileLoader::CheckJsonPatch(const Json& patch, const std::string& pointer) {
  static const std::set<std::string> kOperations = {"add",  "remove", "replace",
                                                    "move", "copy",   "test"};
  if (!patch.is_array()) {
    Add(pointer, "a json patch must be a list of operations (RFC 6902)");
    return;
  }
  for (size_t i = 0; i < patch.size(); ++i) {
    const Json& operation = patch[i];
    std::string operation_pointer = Child(pointer, i);
    if (!operation.is_object() || kOperations.count(StringMember(operation, "op")) == 0) {
      Add(operation_pointer,
          "a json patch operation needs \"op\": add, remove, replace, move, "
          "copy or test");
      continue;
    }
    auto path = operation.find("path");
    if (path == operation.end() || !path->is_string()) {
      Add(operation_pointer, "a json patch operation needs a string \"path\"");
    } else if (!path->get<std::string>().empty()) {
      CheckPointer(path->get<std::string>(), Child(operation_pointer, "path"));
    }
  }
}

void ScenarioFileLoader::ReadAnnotate(const Json& json, const std::string& pointer, Step* step) {
  step->action = Step::Action::kAnnotate;
  step->target = ReadRef(json, pointer);
  if (!json.contains("set") && !json.contains("remove")) {
    Add(pointer, "annotate needs \"set\", \"remove\" or both");
  }
  if (json.contains("set")) {
    step->set_annotations = json.at("set").get<std::map<std::string, std::string>>();
  }
  if (!json.contains("remove")) return;
  const Json& remove = json.at("remove");
  for (size_t i = 0; i < remove.size(); ++i) {
    std::string key = remove[i].get<std::string>();
    if (step->set_annotations.count(key) > 0) {
      Add(Child(Child(pointer, "remove"), i),
          fmt::format("annotation {} is both set and removed", Quoted(key)));
    }
    step->remove_annotations.push_back(std::move(key));
  }
}

// ------------------------------------------------------------------------------------------
// Expectations.

Expectations ScenarioFileLoader::ReadExpectations(const Json& json, const std::string& pointer) {
  Expectations expect;
  ForEach(json, "objects", pointer, [&](const Json& item, const std::string& at) {
    expect.objects.push_back(ReadObjectExpectation(item, at));
  });
  ForEach(json, "absent", pointer, [&](const Json& item, const std::string& at) {
    expect.absent.push_back(ReadRef(item, at));
  });
  ForEach(json, "exactly", pointer, [&](const Json& item, const std::string& at) {
    expect.exactly.push_back(ReadClosedSet(item, at));
  });
  ForEach(json, "events", pointer, [&](const Json& item, const std::string& at) {
    expect.events.push_back(ReadEvent(item, at));
  });
  ForEach(json, "errors", pointer, [&](const Json& item, const std::string& at) {
    expect.errors.push_back(ReadError(item, at));
  });
  if (json.contains("writes"))
    expect.writes = WriteBudgets(json.at("writes"), Child(pointer, "writes"));
  return expect;
}

// Calls `read(item, pointer)` for every item of the list `key` of `json`, if present.
template <typename Read>
void ScenarioFileLoader::ForEach(const Json& json, const std::string& key,
                                 const std::string& pointer, Read read) {
  if (!json.contains(key)) return;
  const Json& list = json.at(key);
  for (size_t i = 0; i < list.size(); ++i) read(list[i], Child(Child(pointer, key), i));
}

ObjectExpectation ScenarioFileLoader::ReadObjectExpectation(const Json& json,
                                                            const std::string& pointer) {
  ObjectExpectation expectation;
  expectation.ref = ReadRef(json, pointer);
  expectation.mode =
      StringMember(json, "match") == "exact" ? MatchMode::kExact : MatchMode::kSubset;
  if (json.contains("value")) {
    expectation.value = json.at("value");
    CheckValueMatchesRef(*expectation.value, expectation.ref, Child(pointer, "value"));
  } else if (expectation.mode == MatchMode::kExact) {
    Add(pointer, "match: exact needs a value");
  }
  ForEach(json, "ignore", pointer, [&](const Json& item, const std::string& at) {
    CheckPointer(item.get<std::string>(), at);
    expectation.ignore.push_back(item.get<std::string>());
  });
  if (json.contains("lists"))
    ReadListModes(json.at("lists"), Child(pointer, "lists"), &expectation);
  if (json.contains("fields"))
    ReadFieldMatchers(json.at("fields"), Child(pointer, "fields"), &expectation);
  return expectation;
}

// The value, where it names the object, must name the same object as the reference.
void ScenarioFileLoader::CheckValueMatchesRef(const Json& value, const ObjectRef& ref,
                                              const std::string& pointer) {
  auto check = [&](const std::string& value_pointer, const std::string& expected,
                   std::string_view what) {
    auto tokens = kube::ParsePointer(value_pointer);
    const Json* actual = tokens.ok() ? kube::FindPointer(value, *tokens) : nullptr;
    if (expected.empty() || actual == nullptr) return;
    if (actual->is_string() && actual->get<std::string>() == expected) return;
    Add(pointer + value_pointer, fmt::format("{} is {} but the expectation names {}", what,
                                             actual->dump(), Quoted(expected)));
  };
  check("/apiVersion", ref.api_version, "apiVersion");
  check("/kind", ref.kind, "kind");
  check("/metadata/name", ref.name, "metadata.name");
  check("/metadata/namespace", ref.namespace_name, "metadata.namespace");
}

void ScenarioFileLoader::ReadListModes(const Json& lists, const std::string& pointer,
                                       ObjectExpectation* expectation) {
  for (const auto& [path, mode_json] : lists.items()) {
    CheckPointer(path, Child(pointer, path));
    ListMode mode;
    if (mode_json.is_object()) {
      mode.kind = ListMode::Kind::kByKey;
      mode.key = StringMember(mode_json, "byKey");
    } else {
      mode.kind = mode_json.get<std::string>() == "unordered" ? ListMode::Kind::kUnordered
                                                              : ListMode::Kind::kOrdered;
    }
    expectation->lists[path] = mode;
  }
}

void ScenarioFileLoader::ReadFieldMatchers(const Json& fields, const std::string& pointer,
                                           ObjectExpectation* expectation) {
  expectation->fields = ReadFieldMatcherMap(fields, pointer);
}

std::map<std::string, FieldMatcher> ScenarioFileLoader::ReadFieldMatcherMap(
    const Json& fields, const std::string& pointer) {
  std::map<std::string, FieldMatcher> matchers;
  for (const auto& [path, matcher_json] : fields.items()) {
    const std::string at = Child(pointer, path);
    CheckPointer(path, at);
    FieldMatcher matcher;
    if (matcher_json.contains("absent")) {
      matcher.kind = FieldMatcher::Kind::kAbsent;
    } else if (matcher_json.contains("present")) {
      matcher.kind = FieldMatcher::Kind::kPresent;
    } else if (matcher_json.contains("regex")) {
      matcher.kind = FieldMatcher::Kind::kRegex;
      matcher.regex = matcher_json.at("regex").get<std::string>();
      CheckRegex(matcher.regex, Child(at, "regex"));
    } else {
      matcher.kind = FieldMatcher::Kind::kEquals;
      matcher.value = matcher_json.at("equals");
    }
    matchers[path] = std::move(matcher);
  }
  return matchers;
}

// A string that starts like a uid reference must be one: `${uid:Kind/namespace/name}` or
// `${uid:Kind/name}`.
void ScenarioFileLoader::CheckUidReference(const std::string& text, const std::string& pointer) {
  if (text.rfind("${uid:", 0) != 0) return;
  if (!ParseUidReference(text)) {
    Add(pointer, fmt::format("{} is not a uid reference: write ${{uid:Kind/namespace/name}} "
                             "(or ${{uid:Kind/name}} for a cluster-scoped kind)",
                             Quoted(text)));
  }
}

// Every string in an object, patch or expected value that looks like a uid reference.
void ScenarioFileLoader::CheckUidReferences(const Json& value, const std::string& pointer) {
  if (value.is_string()) {
    CheckUidReference(value.get<std::string>(), pointer);
  } else if (value.is_object()) {
    for (const auto& [key, item] : value.items()) CheckUidReferences(item, Child(pointer, key));
  } else if (value.is_array()) {
    for (size_t i = 0; i < value.size(); ++i) CheckUidReferences(value[i], Child(pointer, i));
  }
}

ClosedSetExpectation ScenarioFileLoader::ReadClosedSet(const Json& json,
                                                       const std::string& pointer) {
  ClosedSetExpectation expectation{StringMember(json, "apiVersion"),
                                   StringMember(json, "kind"),
                                   StringMember(json, "namespace"),
                                   {},
                                   Location(pointer)};
  expectation.names = UniqueStrings(json, "names", pointer);
  return expectation;
}

EventExpectation ScenarioFileLoader::ReadEvent(const Json& json, const std::string& pointer) {
  EventExpectation expectation;
  const Json& involved = json.at("involvedObject");
  expectation.involved = ReadRef(involved, Child(pointer, "involvedObject"));
  expectation.involved_uid = StringMember(involved, "uid");
  expectation.reason = StringMember(json, "reason");
  expectation.type = StringMember(json, "type");
  expectation.message_regex = StringMember(json, "message");
  CheckRegex(expectation.message_regex, Child(pointer, "message"));
  if (json.contains("source")) {
    const Json& source = json.at("source");
    if (source.contains("component")) {
      expectation.source_component = StringMember(source, "component");
    }
    if (source.contains("host")) expectation.source_host = StringMember(source, "host");
  }
  if (json.contains("fields")) {
    expectation.fields = ReadFieldMatcherMap(json.at("fields"), Child(pointer, "fields"));
  }
  if (json.contains("count")) expectation.count = json.at("count").get<int>();
  expectation.location = Location(pointer);
  return expectation;
}

ErrorExpectation ScenarioFileLoader::ReadError(const Json& json, const std::string& pointer) {
  ErrorExpectation expectation;
  expectation.target = ReadRef(json.at("target"), Child(pointer, "target"));
  expectation.message_regex = StringMember(json, "message");
  CheckRegex(expectation.message_regex, Child(pointer, "message"));
  expectation.location = Location(pointer);
  return expectation;
}

std::vector<WriteBudget> ScenarioFileLoader::WriteBudgets(const Json& list,
                                                          const std::string& pointer) {
  std::vector<WriteBudget> budgets;
  for (size_t i = 0; i < list.size(); ++i) {
    const Json& json = list[i];
    const std::string at = Child(pointer, i);
    WriteBudget budget;
    budget.kind = StringMember(json, "kind");
    budget.verb = StringMember(json, "verb");
    budget.propagation = StringMember(json, "propagation");
    if (json.contains("min")) budget.min = json.at("min").get<int>();
    if (json.contains("max")) budget.max = json.at("max").get<int>();
    budget.location = Location(at);
    if (!budget.min && !budget.max) Add(at, "a write budget needs max, min or both");
    if (budget.min && budget.max && *budget.min > *budget.max) {
      Add(Child(at, "min"), fmt::format("min {} is larger than max {}", *budget.min, *budget.max));
    }
    CheckPropagationVerb(json, budget.verb, at);
    budgets.push_back(std::move(budget));
  }
  return budgets;
}

// `propagation` only narrows deletes.
void ScenarioFileLoader::CheckPropagationVerb(const Json& json, const std::string& verb,
                                              const std::string& pointer) {
  if (json.contains("propagation") && verb != "delete" && verb != "remove") {
    Add(Child(pointer, "propagation"),
        "propagation narrows deletes only: give it with verb: delete (or remove)");
  }
}

std::vector<NeverAssertion> ScenarioFileLoader::NeverAssertions(const Json& list,
                                                                const std::string& pointer) {
  std::vector<NeverAssertion> assertions;
  for (size_t i = 0; i < list.size(); ++i) {
    const Json& json = list[i];
    assertions.push_back({StringMember(json, "kind"), StringMember(json, "verb"),
                          StringMember(json, "namespace"), StringMember(json, "name"),
                          StringMember(json, "propagation"), Location(Child(pointer, i))});
    CheckPropagationVerb(json, assertions.back().verb, Child(pointer, i));
  }
  return assertions;
}

// ------------------------------------------------------------------------------------------
// Syntax checks.

void ScenarioFileLoader::CheckPointer(const std::string& text, const std::string& pointer) {
  if (text.empty() || text.front() != '/') {
    Add(pointer, fmt::format("{} is not a JSON Pointer: it must start with \"/\"", Quoted(text)));
    return;
  }
  if (!kube::ParsePointer(text).ok()) {
    Add(pointer, fmt::format("{} is not a JSON Pointer: \"~\" must be followed by 0 or 1 "
                             "(\"~1\" stands for \"/\", \"~0\" for \"~\")",
                             Quoted(text)));
  }
}

void ScenarioFileLoader::CheckRegex(const std::string& text, const std::string& pointer) {
  if (text.empty()) return;
  auto compiled = kube::Regex::Compile(text);
  if (!compiled.ok()) Add(pointer, compiled.status().message());
}

}  // namespace runner
