// Tests for the scenario loader (runner/scenario_loader.h): a valid file becomes the model, and
// every kind of bad input (YAML, schema, semantics, fixtures, suite-wide IDs) becomes an issue
// naming the file, the line and the field. Files are written under a fresh temporary directory.
#include "runner/scenario_loader.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <ostream>
#include <string>
#include <vector>

#include "status_matchers.h"
#include "temp_dir.h"

namespace runner {

void PrintTo(const LintIssue& issue, std::ostream* os) { *os << issue.ToString(); }

namespace {

namespace fs = std::filesystem;
using ::kube::Json;
using ::testing::AllOf;
using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::Field;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::SizeIs;

constexpr char kHeader[] = R"(formatVersion: 1
id: TPL-WL-0001
title: Deployment with the three annotations gets a Repository and a BackupConfiguration
profiles: [stash-template]
spec: default-backup.md#2
)";

class ScenarioLoaderTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(temp_.ok()); }

  std::string Write(const std::string& relative, const std::string& text) {
    return temp_.Write(relative, text);
  }

  // A scenario file made of the common header plus `body`.
  std::string WriteScenario(const std::string& relative, const std::string& body) {
    return Write(relative, std::string(kHeader) + body);
  }

  std::vector<LintIssue> Lint(const std::string& path) { return LintSuite({path}); }

  stashsim_testing::TempDir temp_{"stashsim-loader"};
  const fs::path& dir_ = temp_.path();
};

// Issue fields as one matcher: file, line, field, message substring.
auto IssueAt(const std::string& file, int line, const std::string& field,
             const std::string& message) {
  return AllOf(Field(&LintIssue::file, file), Field(&LintIssue::line, line),
               Field(&LintIssue::field, field), Field(&LintIssue::message, HasSubstr(message)));
}

constexpr char kTemplateFixture[] = R"(apiVersion: stash.appscode.com/v1beta1
kind: BackupConfigurationTemplate
metadata: {name: workload-backup-template}
spec:
  backend: {gcs: {bucket: b}, storageSecretName: s}
  schedule: "*/5 * * * *"
---
apiVersion: v1
kind: Namespace
metadata: {name: demo}
)";

constexpr char kFullBody[] = R"(labels: [workload, create]
features: [extended]
description: A longer text.
given:
  - file: fixtures/template.yaml
  - object: {apiVersion: v1, kind: Secret, metadata: {name: s, namespace: demo}}
steps:
  - name: create the deployment
    apply:
      - object:
          apiVersion: apps/v1
          kind: Deployment
          metadata: {name: stash-demo, namespace: demo}
    expect:
      objects:
        - kind: BackupConfiguration
          namespace: demo
          name: deployment-stash-demo
          match: exact
          value: {spec: {schedule: "*/5 * * * *"}}
          ignore: [/metadata/labels]
          lists:
            /spec/target/volumeMounts: {byKey: name}
            /spec/target/directories: unordered
          fields:
            /spec/paused: {absent: true}
            /metadata/uid: {present: true}
            /spec/repository/name: {regex: "^deployment-"}
            /spec/schedule: {equals: "*/5 * * * *"}
      absent: [{kind: Repository, namespace: demo, name: other}]
      exactly: [{kind: BackupConfiguration, namespace: demo, names: []}]
      events:
        - involvedObject: {kind: Deployment, name: stash-demo, namespace: demo}
          reason: Auto Backup Resources Creation Succeeded
          type: Normal
          message: "^Successfully"
          count: 1
      errors: [{target: {kind: Deployment, namespace: demo, name: stash-demo}}]
      writes: [{kind: Repository, verb: create, max: 1}]
  - patch: {kind: Deployment, namespace: demo, name: stash-demo, type: json,
            patch: [{op: remove, path: /metadata/labels}]}
  - delete: {kind: Deployment, namespace: demo, name: stash-demo, propagation: Foreground}
  - annotate: {kind: Deployment, namespace: demo, name: d, set: {a: b}, remove: [c]}
  - resync: true
  - restart: true
  - advanceClock: 1h30m
never: [{kind: Repository, verb: delete}]
writes: [{max: 10}]
)";

TEST_F(ScenarioLoaderTest, ValidScenarioLoadsIntoTheModel) {
  Write("fixtures/template.yaml", kTemplateFixture);
  std::string path = WriteScenario("s.yaml", kFullBody);
  kube::StatusOr<Scenario> loaded = LoadScenario(path);
  ASSERT_OK(loaded);
  const Scenario& scenario = *loaded;
  EXPECT_EQ(scenario.id, "TPL-WL-0001");
  EXPECT_EQ(scenario.file, path);
  EXPECT_EQ(scenario.spec_section, "default-backup.md#2");
  EXPECT_THAT(scenario.profiles, ElementsAre("stash-template"));
  EXPECT_THAT(scenario.labels, ElementsAre("workload", "create"));
  EXPECT_TRUE(scenario.extended);
  ASSERT_THAT(scenario.given, SizeIs(3));  // two fixture documents and one inline object
  EXPECT_EQ(scenario.given[0].object["kind"], "BackupConfigurationTemplate");
  EXPECT_EQ(scenario.given[1].object["kind"], "Namespace");
  EXPECT_EQ(scenario.given[1].location.line, 8);
  EXPECT_THAT(scenario.given[1].location.file, HasSubstr("fixtures/template.yaml"));
  EXPECT_EQ(scenario.given[2].location.line, 11);

  ASSERT_THAT(scenario.steps, SizeIs(7));
  const Step& first = scenario.steps[0];
  EXPECT_EQ(first.action, Step::Action::kApply);
  EXPECT_EQ(first.name, "create the deployment");
  EXPECT_EQ(first.location.line, 13);
  ASSERT_THAT(first.expect.objects, SizeIs(1));
  const ObjectExpectation& object = first.expect.objects[0];
  EXPECT_EQ(object.mode, MatchMode::kExact);
  EXPECT_EQ(object.ref.kind, "BackupConfiguration");
  EXPECT_EQ(object.ref.location.line, 21);
  EXPECT_EQ(object.lists.at("/spec/target/volumeMounts").kind, ListMode::Kind::kByKey);
  EXPECT_EQ(object.lists.at("/spec/target/volumeMounts").key, "name");
  EXPECT_EQ(object.lists.at("/spec/target/directories").kind, ListMode::Kind::kUnordered);
  EXPECT_EQ(object.fields.at("/spec/paused").kind, FieldMatcher::Kind::kAbsent);
  EXPECT_EQ(object.fields.at("/metadata/uid").kind, FieldMatcher::Kind::kPresent);
  EXPECT_EQ(object.fields.at("/spec/repository/name").regex, "^deployment-");
  EXPECT_EQ(object.fields.at("/spec/schedule").value, "*/5 * * * *");
  EXPECT_THAT(first.expect.exactly, ElementsAre(Field(&ClosedSetExpectation::names, IsEmpty())));
  ASSERT_THAT(first.expect.events, SizeIs(1));
  EXPECT_EQ(first.expect.events[0].count, 1);
  EXPECT_EQ(first.expect.events[0].involved.kind, "Deployment");
  EXPECT_THAT(first.expect.errors, SizeIs(1));
  EXPECT_EQ(first.expect.writes.at(0).max, 1);

  EXPECT_EQ(scenario.steps[1].action, Step::Action::kPatch);
  EXPECT_EQ(scenario.steps[1].patch_kind, PatchKind::kJson);
  EXPECT_EQ(scenario.steps[2].action, Step::Action::kDelete);
  EXPECT_EQ(scenario.steps[2].propagation, "Foreground");
  EXPECT_EQ(scenario.steps[3].action, Step::Action::kAnnotate);
  EXPECT_EQ(scenario.steps[3].set_annotations.at("a"), "b");
  EXPECT_THAT(scenario.steps[3].remove_annotations, ElementsAre("c"));
  EXPECT_EQ(scenario.steps[4].action, Step::Action::kResync);
  EXPECT_EQ(scenario.steps[5].action, Step::Action::kRestart);
  EXPECT_EQ(scenario.steps[6].action, Step::Action::kAdvanceClock);
  EXPECT_EQ(scenario.steps[6].advance_ms, 90 * 60 * 1000);
  ASSERT_THAT(scenario.never, SizeIs(1));
  EXPECT_EQ(scenario.never[0].verb, "delete");
  ASSERT_THAT(scenario.total_writes, SizeIs(1));
  EXPECT_EQ(scenario.total_writes[0].max, 10);
  EXPECT_THAT(Lint(path), IsEmpty());
}

TEST_F(ScenarioLoaderTest, BadYamlNamesFileAndLine) {
  std::string path = WriteScenario("s.yaml", "steps:\n  - resync: true\n    expect: [\n");
  EXPECT_THAT(Lint(path), ElementsAre(AllOf(Field(&LintIssue::file, path),
                                            Field(&LintIssue::line, ::testing::Ge(8)),
                                            Field(&LintIssue::message, HasSubstr("YAML")))));
  EXPECT_THAT(LoadScenario(path),
              kube::StatusIs(kube::StatusReason::kInvalid, HasSubstr(path + ":")));
}

TEST_F(ScenarioLoaderTest, UnknownFieldNamesFieldAndLine) {
  std::string path = WriteScenario("s.yaml", R"(steps:
  - resync: true
    expect:
      absent:
        - {kind: Repository, nmae: x, name: r}
)");
  EXPECT_THAT(Lint(path), ElementsAre(IssueAt(path, 10, "steps[0].expect.absent[0].nmae",
                                              "unknown field \"nmae\"")));
  EXPECT_THAT(
      LoadScenario(path),
      kube::StatusIs(kube::StatusReason::kInvalid,
                     HasSubstr(path + ":10: steps[0].expect.absent[0].nmae: unknown field")));
}

TEST_F(ScenarioLoaderTest, UnknownTopLevelField) {
  std::string path = WriteScenario("s.yaml", "titel: x\nsteps: [{resync: true}]\n");
  EXPECT_THAT(Lint(path), ElementsAre(IssueAt(path, 6, "titel", "unknown field \"titel\"")));
}

TEST_F(ScenarioLoaderTest, DuplicateIdAcrossFilesNamesBothFiles) {
  std::string first = WriteScenario("a/one.yaml", "steps: [{resync: true}]\n");
  std::string second = WriteScenario("b/two.yaml", "steps: [{resync: true}]\n");
  std::vector<LintIssue> issues = LintSuite({first, second});
  ASSERT_THAT(issues, ElementsAre(IssueAt(second, 2, "id", "duplicate id \"TPL-WL-0001\"")));
  EXPECT_THAT(issues[0].message, HasSubstr(first + ":2"));
  EXPECT_THAT(issues[0].ToString(), HasSubstr(second + ":2: id: duplicate id"));
}

TEST_F(ScenarioLoaderTest, ADirectoryOrDeviceAsFixtureIsNotCalledMissing) {
  std::filesystem::create_directories(dir_ / "fixtures" / "adir");
  std::string path = WriteScenario("s.yaml", R"(given:
  - file: fixtures/adir
  - file: /dev/null
steps: [{resync: true}]
)");
  EXPECT_THAT(
      Lint(path),
      ElementsAre(
          IssueAt(path, 7, "given[0].file", "fixture file \"fixtures/adir\" is a directory"),
          IssueAt(path, 8, "given[1].file", "fixture file \"/dev/null\" is not a regular file")));
}

TEST_F(ScenarioLoaderTest, MissingFixtureNamesTheReferencingLine) {
  std::string path = WriteScenario("s.yaml", R"(given:
  - file: fixtures/nope.yaml
steps: [{resync: true}]
)");
  EXPECT_THAT(Lint(path), ElementsAre(IssueAt(path, 7, "given[0].file",
                                              "fixture file \"fixtures/nope.yaml\" not found")));
  EXPECT_THAT(LoadScenario(path), kube::StatusIs(kube::StatusReason::kInvalid));
}

TEST_F(ScenarioLoaderTest, FixtureThatDoesNotParseNamesBothFiles) {
  Write("fixtures/bad.yaml", "kind: [\n");
  std::string path = WriteScenario("s.yaml", R"(steps:
  - apply: [{file: fixtures/bad.yaml}]
)");
  std::vector<LintIssue> issues = Lint(path);
  ASSERT_THAT(issues, ElementsAre(IssueAt(path, 7, "steps[0].apply[0].file", "does not parse")));
  EXPECT_THAT(issues[0].message, HasSubstr("fixtures/bad.yaml:"));
}

TEST_F(ScenarioLoaderTest, FixtureObjectsNeedKindAndName) {
  Write("fixtures/nameless.yaml", "apiVersion: v1\nkind: ConfigMap\n");
  std::string path = WriteScenario("s.yaml", R"(given: [{file: fixtures/nameless.yaml}]
steps:
  - apply: [{object: {apiVersion: v1, metadata: {name: x}}}]
)");
  EXPECT_THAT(Lint(path), ElementsAre(IssueAt(path, 6, "given[0].file", "metadata.name"),
                                      IssueAt(path, 8, "steps[0].apply[0].object", "\"kind\"")));
}

TEST_F(ScenarioLoaderTest, WrongTypeNamesExpectedType) {
  std::string path = WriteScenario("s.yaml", R"(labels: workload
steps:
  - resync: true
    expect:
      writes: [{max: "3"}]
)");
  EXPECT_THAT(Lint(path), ElementsAre(IssueAt(path, 6, "labels", "expected array, got string"),
                                      IssueAt(path, 10, "steps[0].expect.writes[0].max",
                                              "expected integer, got string")));
}

TEST_F(ScenarioLoaderTest, UnquotedYamlBooleanGetsAHint) {
  std::string path = WriteScenario("s.yaml", "steps:\n  - delete: {kind: Deployment, name: y}\n");
  EXPECT_THAT(Lint(path), ElementsAre(IssueAt(path, 7, "steps[0].delete.name",
                                              "expected string, got boolean (quote the value")));
}

TEST_F(ScenarioLoaderTest, MissingRequiredFieldIsReported) {
  std::string path = Write("s.yaml",
                           "formatVersion: 1\nid: TPL-X-1\ntitle: t\n"
                           "profiles: [stash-template]\nsteps: [{resync: true}]\n");
  EXPECT_THAT(Lint(path), ElementsAre(IssueAt(path, 1, "", "missing required field \"spec\"")));
}

TEST_F(ScenarioLoaderTest, BadRegexIsReported) {
  std::string path = WriteScenario("s.yaml", R"(steps:
  - resync: true
    expect:
      events:
        - involvedObject: {kind: Deployment, name: d}
          message: "Failed (to"
)");
  EXPECT_THAT(Lint(path), ElementsAre(IssueAt(path, 11, "steps[0].expect.events[0].message",
                                              "invalid regular expression \"Failed (to\"")));
}

TEST_F(ScenarioLoaderTest, BadDurationIsReported) {
  std::string syntax = WriteScenario("syntax.yaml", "steps:\n  - advanceClock: 1.5h\n");
  EXPECT_THAT(Lint(syntax), ElementsAre(IssueAt(syntax, 7, "steps[0].advanceClock",
                                                "does not match the pattern")));
  std::string path = WriteScenario("s.yaml", R"(steps:
  - advanceClock: 99999999999999999999h
  - advanceClock: 0s
)");
  EXPECT_THAT(Lint(path),
              ElementsAre(IssueAt(path, 7, "steps[0].advanceClock", "invalid duration"),
                          IssueAt(path, 8, "steps[1].advanceClock", "longer than zero")));
}

TEST_F(ScenarioLoaderTest, OneActionPerStep) {
  std::string path = WriteScenario("s.yaml", R"(steps:
  - resync: true
    restart: true
  - name: nothing at all
)");
  EXPECT_THAT(Lint(path),
              ElementsAre(IssueAt(path, 8, "steps[0].restart", "a step takes one action"),
                          IssueAt(path, 9, "steps[1]", "neither an action nor expectations")));
}

TEST_F(ScenarioLoaderTest, SemanticChecksOnExpectations) {
  std::string path = WriteScenario("s.yaml", R"(steps:
  - resync: true
    expect:
      objects:
        - kind: Repository
          name: r
          match: exact
          fields:
            spec/x: {present: true}
            /a~2b: {absent: true}
        - kind: Repository
          name: r
          value: {kind: BackupConfiguration}
)");
  EXPECT_THAT(Lint(path),
              ElementsAre(IssueAt(path, 10, "steps[0].expect.objects[0]", "needs a value"),
                          IssueAt(path, 14, "steps[0].expect.objects[0].fields[\"spec/x\"]",
                                  "must start with \"/\""),
                          IssueAt(path, 15, "steps[0].expect.objects[0].fields[\"/a~2b\"]",
                                  "\"~\" must be followed by 0 or 1"),
                          IssueAt(path, 18, "steps[0].expect.objects[1].value.kind",
                                  "the expectation names \"Repository\"")));
}

TEST_F(ScenarioLoaderTest, FieldMatcherTypoListsTheMatchers) {
  std::string path = WriteScenario("s.yaml", R"(steps:
  - resync: true
    expect:
      objects:
        - {kind: Repository, name: r, fields: {/spec: {regexp: x}}}
)");
  EXPECT_THAT(Lint(path),
              ElementsAre(IssueAt(path, 10, "steps[0].expect.objects[0].fields[\"/spec\"]",
                                  "expected one of the fields \"absent\"")));
}

TEST_F(ScenarioLoaderTest, UnknownProfileAndDuplicateLabel) {
  std::string path = Write("s.yaml", R"(formatVersion: 1
id: BP-WL-0001
title: t
profiles: [stash-template, stash-enterprise]
spec: default-backup.md#2
labels: [a, a]
steps: [{resync: true}]
)");
  EXPECT_THAT(Lint(path), ElementsAre(IssueAt(path, 4, "profiles[1]", "\"stash-template\" or")));
  std::string fixed = Write("t.yaml", R"(formatVersion: 1
id: BP-WL-0001
title: t
profiles: [stash-template]
spec: default-backup.md#2
labels: [a, a]
steps: [{resync: true}]
)");
  EXPECT_THAT(Lint(fixed), ElementsAre(IssueAt(fixed, 6, "labels[1]", "listed twice")));
}

TEST_F(ScenarioLoaderTest, PatchBodyMustFitItsType) {
  std::string path = WriteScenario("s.yaml", R"(steps:
  - patch: {kind: Deployment, name: d, type: json, patch: {spec: {}}}
  - patch: {kind: Deployment, name: d, type: merge, patch: []}
  - patch: {kind: Deployment, name: d, type: json, patch: [{op: put, path: /a}]}
  - annotate: {kind: Deployment, name: d}
)");
  EXPECT_THAT(Lint(path),
              ElementsAre(IssueAt(path, 7, "steps[0].patch.patch", "list of operations"),
                          IssueAt(path, 8, "steps[1].patch.patch", "must be a mapping"),
                          IssueAt(path, 9, "steps[2].patch.patch[0]", "needs \"op\""),
                          IssueAt(path, 10, "steps[3].annotate", "needs \"set\"")));
}

TEST_F(ScenarioLoaderTest, ObjectSourceWithBothFileAndObject) {
  std::string path = WriteScenario("s.yaml", R"(given:
  - {file: a.yaml, object: {}}
steps: [{resync: true}]
)");
  std::vector<LintIssue> issues = Lint(path);
  ASSERT_THAT(issues, SizeIs(1));
  EXPECT_EQ(issues[0].line, 7);
  EXPECT_THAT(issues[0].message, HasSubstr("unknown field"));
}

TEST_F(ScenarioLoaderTest, FilesThatAreNotOneMappingAreReported) {
  std::string empty = Write("empty.yaml", "# nothing\n");
  std::string list = Write("list.yaml", "- a\n- b\n");
  std::string two =
      Write("two.yaml", std::string(kHeader) + "steps: [{resync: true}]\n---\na: 1\n");
  std::string missing = (dir_ / "missing.yaml").string();
  EXPECT_THAT(Lint(empty), ElementsAre(IssueAt(empty, 1, "", "exactly one YAML document")));
  EXPECT_THAT(Lint(list), ElementsAre(IssueAt(list, 1, "", "expected object, got array")));
  EXPECT_THAT(Lint(two), ElementsAre(IssueAt(two, 8, "", "exactly one YAML document; found 2")));
  EXPECT_THAT(Lint(missing), ElementsAre(IssueAt(missing, 0, "", "not found")));
  EXPECT_THAT(LoadScenario(missing), kube::StatusIs(kube::StatusReason::kInvalid));
}

TEST_F(ScenarioLoaderTest, IssueToStringLeavesOutUnknownParts) {
  EXPECT_EQ((LintIssue{"a.yaml", 3, "steps[0]", "bad"}).ToString(), "a.yaml:3: steps[0]: bad");
  EXPECT_EQ((LintIssue{"a.yaml", 0, "", "bad"}).ToString(), "a.yaml: bad");
}

TEST_F(ScenarioLoaderTest, FindScenarioFilesSkipsFixturesAndSchema) {
  Write("b.yaml", "");
  Write("a/c.yml", "");
  Write("a/d.txt", "");
  Write("a/fixtures/f.yaml", "");
  Write("schema/scenario.schema.json", "");
  Write("schema/x.yaml", "");
  Write("fixtures/g.yaml", "");
  std::string root = dir_.string();
  EXPECT_THAT(FindScenarioFiles(root),
              ElementsAre((dir_ / "a/c.yml").generic_string(), (dir_ / "b.yaml").generic_string()));
  EXPECT_THAT(FindScenarioFiles((dir_ / "nope").string()), IsEmpty());
}

TEST_F(ScenarioLoaderTest, LintSuiteReportsEveryFile) {
  std::string good = WriteScenario("good.yaml", "steps: [{resync: true}]\n");
  std::string bad = Write("bad.yaml", "id: [\n");
  std::vector<LintIssue> issues = LintSuite(FindScenarioFiles(dir_.string()));
  EXPECT_THAT(issues, ElementsAre(AllOf(Field(&LintIssue::file, bad),
                                        Field(&LintIssue::line, ::testing::Gt(0)))));
  EXPECT_THAT(good, HasSubstr("good.yaml"));
}

}  // namespace
}  // namespace runner
