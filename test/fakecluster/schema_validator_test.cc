// Tests for the OpenAPI v3 validation and pruning of custom objects (schema_validator.h) and for
// the project's CRD manifests (fakecluster/crds/), which are embedded into the fake cluster.
#include "schema_validator.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "crd_manifests.h"
#include "kube/yaml.h"
#include "status_matchers.h"
#include "worked_example.h"

namespace fakecluster {

namespace {

using ::kube::Json;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

// "<type> <field>: <message>" per cause, so failures print readably.
std::vector<std::string> Describe(const std::vector<kube::StatusCause>& causes) {
  std::vector<std::string> lines;
  lines.reserve(causes.size());
  for (const auto& cause : causes) {
    lines.push_back(cause.type + " " + cause.field + ": " + cause.message);
  }
  return lines;
}

// A whole custom object with the given spec.
Json WithSpec(Json spec) {
  return Json{{"apiVersion", "example.com/v1"},
              {"kind", "Widget"},
              {"metadata", {{"name", "w"}, {"namespace", "default"}}},
              {"spec", std::move(spec)}};
}

// A root schema whose spec has the given properties.
Json SpecSchema(Json spec_properties) {
  return Json{{"type", "object"},
              {"properties",
               {{"apiVersion", {{"type", "string"}}},
                {"kind", {{"type", "string"}}},
                {"metadata", {{"type", "object"}}},
                {"spec", {{"type", "object"}, {"properties", std::move(spec_properties)}}}}}};
}

std::vector<std::string> CausesFor(Json spec, Json spec_properties) {
  Json object = WithSpec(std::move(spec));
  return Describe(ValidateAndPrune(object, SpecSchema(std::move(spec_properties))).causes);
}

// ---------------------------------------------------------------------------------------------
// Keywords.

TEST(SchemaValidatorTest, TypeIntegerRejectsStringWithTheServersMessage) {
  EXPECT_THAT(CausesFor({{"count", "five"}}, {{"count", {{"type", "integer"}}}}),
              ElementsAre("FieldValueTypeInvalid spec.count: Invalid value: \"string\": "
                          "spec.count in body must be of type integer: \"string\""));
}

TEST(SchemaValidatorTest, ValuesAreQuotedAsGoQuotesThem) {
  // strconv.Quote: valid runes kept, C1 controls as \u, each byte of an invalid sequence
  // (here an overlong NUL and a surrogate) as \x.
  Json properties = {{"driver", {{"type", "string"}, {"enum", {"Restic"}}}}};
  EXPECT_THAT(CausesFor({{"driver", "\xC0\x80\xC3\xA9\xC2\x85\xED\xA0\x80"}}, properties),
              ElementsAre("FieldValueNotSupported spec.driver: Unsupported value: "
                          "\"\\xc0\\x80\xC3\xA9\\u0085\\xed\\xa0\\x80\": "
                          "supported values: \"Restic\""));
}

TEST(SchemaValidatorTest, TypeIntegerAcceptsWholeFloatsOnly) {
  Json properties = {{"count", {{"type", "integer"}}}};
  EXPECT_THAT(CausesFor({{"count", 5}}, properties), IsEmpty());
  EXPECT_THAT(CausesFor({{"count", 5.0}}, properties), IsEmpty());  // kube-openapi isFloatInt
  EXPECT_THAT(CausesFor({{"count", 5.5}}, properties),
              ElementsAre("FieldValueTypeInvalid spec.count: Invalid value: \"number\": "
                          "spec.count in body must be of type integer: \"number\""));
}

TEST(SchemaValidatorTest, TypeNumberAcceptsIntegers) {
  Json properties = {{"ratio", {{"type", "number"}}}};
  EXPECT_THAT(CausesFor({{"ratio", 2}}, properties), IsEmpty());
  EXPECT_THAT(CausesFor({{"ratio", 0.5}}, properties), IsEmpty());
  EXPECT_THAT(CausesFor({{"ratio", "half"}}, properties),
              ElementsAre("FieldValueTypeInvalid spec.ratio: Invalid value: \"string\": "
                          "spec.ratio in body must be of type number: \"string\""));
}

TEST(SchemaValidatorTest, TypeStringBooleanObjectArrayMismatches) {
  Json properties = {{"a", {{"type", "string"}}},
                     {"b", {{"type", "boolean"}}},
                     {"c", {{"type", "object"}}},
                     {"d", {{"type", "array"}, {"items", {{"type", "string"}}}}}};
  EXPECT_THAT(
      CausesFor({{"a", 1}, {"b", "true"}, {"c", Json::array()}, {"d", Json::object()}}, properties),
      ElementsAre("FieldValueTypeInvalid spec.a: Invalid value: \"integer\": "
                  "spec.a in body must be of type string: \"integer\"",
                  "FieldValueTypeInvalid spec.b: Invalid value: \"string\": "
                  "spec.b in body must be of type boolean: \"string\"",
                  "FieldValueTypeInvalid spec.c: Invalid value: \"array\": "
                  "spec.c in body must be of type object: \"array\"",
                  "FieldValueTypeInvalid spec.d: Invalid value: \"object\": "
                  "spec.d in body must be of type array: \"object\""));
  EXPECT_THAT(
      CausesFor({{"a", "x"}, {"b", false}, {"c", Json::object()}, {"d", Json::array({"x"})}},
                properties),
      IsEmpty());
}

TEST(SchemaValidatorTest, NullableFieldKeepsItsNull) {
  Json object = WithSpec({{"note", nullptr}});
  SchemaCheck check =
      ValidateAndPrune(object, SpecSchema({{"note", {{"type", "string"}, {"nullable", true}}}}));
  EXPECT_THAT(Describe(check.causes), IsEmpty());
  ASSERT_TRUE(object["spec"].contains("note"));
  EXPECT_TRUE(object["spec"]["note"].is_null());
}

TEST(SchemaValidatorTest, NonNullableNullFieldIsDroppedNotRejected) {
  // The apiserver's PruneNonNullableNullsWithoutDefaults removes such map entries first.
  Json object = WithSpec({{"note", nullptr}, {"nested", {{"count", nullptr}}}});
  SchemaCheck check = ValidateAndPrune(
      object,
      SpecSchema(
          {{"note", {{"type", "string"}}},
           {"nested", {{"type", "object"}, {"properties", {{"count", {{"type", "integer"}}}}}}}}));
  EXPECT_THAT(Describe(check.causes), IsEmpty());
  EXPECT_EQ(object["spec"], Json({{"nested", Json::object()}}));
}

TEST(SchemaValidatorTest, NonNullableNullArrayItemIsRejected) {
  Json properties = {{"dirs", {{"type", "array"}, {"items", {{"type", "string"}}}}}};
  EXPECT_THAT(CausesFor({{"dirs", {"/a", nullptr}}}, properties),
              ElementsAre("FieldValueTypeInvalid spec.dirs[1]: Invalid value: \"null\": "
                          "spec.dirs[1] in body must be of type string: \"null\""));
}

TEST(SchemaValidatorTest, RequiredFieldMissing) {
  Json properties = {
      {"mounts",
       {{"type", "array"},
        {"items",
         {{"type", "object"},
          {"required", {"name", "mountPath"}},
          {"properties",
           {{"name", {{"type", "string"}}}, {"mountPath", {{"type", "string"}}}}}}}}}};
  EXPECT_THAT(CausesFor({{"mounts", {{{"mountPath", "/a"}}, {{"name", "v"}, {"mountPath", ""}}}}},
                        properties),
              ElementsAre("FieldValueRequired spec.mounts[0].name: Required value"));
  // A non-nullable null is dropped before validation, so it counts as missing.
  EXPECT_THAT(
      CausesFor({{"mounts", Json::array({{{"name", nullptr}, {"mountPath", "/a"}}})}}, properties),
      ElementsAre("FieldValueRequired spec.mounts[0].name: Required value"));
}

TEST(SchemaValidatorTest, RequiredAtTheRootIgnoresMetadataButNotSpec) {
  Json schema = SpecSchema(Json::object());
  schema["required"] = {"metadata", "spec"};
  Json object = {{"apiVersion", "example.com/v1"}, {"kind", "Widget"}};
  EXPECT_THAT(Describe(ValidateAndPrune(object, schema).causes),
              ElementsAre("FieldValueRequired spec: Required value"));
}

TEST(SchemaValidatorTest, EnumRejectsUnsupportedValue) {
  Json properties = {{"driver", {{"type", "string"}, {"enum", {"Restic", "VolumeSnapshotter"}}}},
                     {"level", {{"type", "integer"}, {"enum", {1, 2}}}}};
  EXPECT_THAT(CausesFor({{"driver", "Restic"}, {"level", 2}}, properties), IsEmpty());
  EXPECT_THAT(CausesFor({{"driver", "restic"}, {"level", 3}}, properties),
              ElementsAre("FieldValueNotSupported spec.driver: Unsupported value: \"restic\": "
                          "supported values: \"Restic\", \"VolumeSnapshotter\"",
                          "FieldValueNotSupported spec.level: Unsupported value: 3: "
                          "supported values: \"1\", \"2\""));
}

TEST(SchemaValidatorTest, PatternMismatch) {
  Json properties = {{"name", {{"type", "string"}, {"pattern", "^[a-z]+$"}}}};
  EXPECT_THAT(CausesFor({{"name", "abc"}}, properties), IsEmpty());
  EXPECT_THAT(CausesFor({{"name", "ABC"}}, properties),
              ElementsAre("FieldValueInvalid spec.name: Invalid value: \"ABC\": "
                          "spec.name in body should match '^[a-z]+$'"));
}

TEST(SchemaValidatorTest, PatternIsSearchedNotAnchored) {
  // Go's regexp.MatchString finds a match anywhere, like std::regex_search.
  EXPECT_THAT(
      CausesFor({{"name", "x-abc-y"}}, {{"name", {{"type", "string"}, {"pattern", "abc"}}}}),
      IsEmpty());
}

TEST(SchemaValidatorTest, InvalidPatternIsACauseNotAnException) {
  std::vector<std::string> causes =
      CausesFor({{"name", "abc"}}, {{"name", {{"type", "string"}, {"pattern", "(unclosed"}}}});
  ASSERT_EQ(causes.size(), 1u);
  EXPECT_THAT(causes[0], ::testing::StartsWith("FieldValueInvalid spec.name: Invalid value: "
                                               "\"abc\": spec.name in body should match "
                                               "'(unclosed, but pattern is invalid: "));
}

TEST(SchemaValidatorTest, MinLengthCountsCharacters) {
  Json properties = {{"name", {{"type", "string"}, {"minLength", 3}}}};
  EXPECT_THAT(CausesFor({{"name", "äöü"}}, properties), IsEmpty());  // 3 runes, 6 bytes
  EXPECT_THAT(CausesFor({{"name", "ab"}}, properties),
              ElementsAre("FieldValueInvalid spec.name: Invalid value: \"ab\": "
                          "spec.name in body should be at least 3 chars long"));
}

TEST(SchemaValidatorTest, MaxLength) {
  Json properties = {{"name", {{"type", "string"}, {"maxLength", 3}}}};
  EXPECT_THAT(CausesFor({{"name", "abc"}}, properties), IsEmpty());
  EXPECT_THAT(CausesFor({{"name", "abcd"}}, properties),
              ElementsAre("FieldValueTooLong spec.name: Too long: may not be longer than 3"));
}

TEST(SchemaValidatorTest, MinimumAndMaximumOnIntegers) {
  Json properties = {{"low", {{"type", "integer"}, {"minimum", 1}}},
                     {"high", {{"type", "integer"}, {"maximum", 10}, {"exclusiveMaximum", true}}}};
  EXPECT_THAT(CausesFor({{"low", 1}, {"high", 9}}, properties), IsEmpty());
  EXPECT_THAT(CausesFor({{"low", 0}, {"high", 10}}, properties),
              ElementsAre("FieldValueInvalid spec.high: Invalid value: 10: "
                          "spec.high in body should be less than 10",
                          "FieldValueInvalid spec.low: Invalid value: 0: "
                          "spec.low in body should be greater than or equal to 1"));
}

TEST(SchemaValidatorTest, MinimumAndMaximumOnNumbersPrintLikeGo) {
  Json properties = {{"ratio", {{"type", "number"}, {"minimum", 1.5}}},
                     {"big", {{"type", "number"}, {"maximum", 1e6}}}};
  EXPECT_THAT(CausesFor({{"ratio", 0.25}, {"big", 2.5e6}}, properties),
              ElementsAre("FieldValueInvalid spec.big: Invalid value: 2.5e+06: "
                          "spec.big in body should be less than or equal to 1e+06",
                          "FieldValueInvalid spec.ratio: Invalid value: 0.25: "
                          "spec.ratio in body should be greater than or equal to 1.5"));
}

TEST(SchemaValidatorTest, MinItemsAndMaxItems) {
  Json properties = {
      {"few", {{"type", "array"}, {"minItems", 1}, {"items", {{"type", "string"}}}}},
      {"many", {{"type", "array"}, {"maxItems", 2}, {"items", {{"type", "string"}}}}}};
  EXPECT_THAT(CausesFor({{"few", Json::array({"a"})}, {"many", {"a", "b"}}}, properties),
              IsEmpty());
  EXPECT_THAT(CausesFor({{"few", Json::array()}, {"many", {"a", "b", "c"}}}, properties),
              ElementsAre("FieldValueInvalid spec.few: Invalid value: 0: "
                          "spec.few in body should have at least 1 items",
                          "FieldValueTooMany spec.many: Too many: 3: must have at most 2 items"));
}

TEST(SchemaValidatorTest, IntOrStringAcceptsBothAndRejectsOthers) {
  Json properties = {{"size", {{"x-kubernetes-int-or-string", true}}}};
  EXPECT_THAT(CausesFor({{"size", 1024}}, properties), IsEmpty());
  EXPECT_THAT(CausesFor({{"size", "1Gi"}}, properties), IsEmpty());
  EXPECT_THAT(CausesFor({{"size", true}}, properties),
              ElementsAre("FieldValueTypeInvalid spec.size: Invalid value: \"boolean\": "
                          "spec.size in body must be of type integer,string: \"boolean\""));
}

TEST(SchemaValidatorTest, AdditionalPropertiesSchemaValidatesEveryValue) {
  Json properties = {
      {"labels", {{"type", "object"}, {"additionalProperties", {{"type", "string"}}}}}};
  EXPECT_THAT(CausesFor({{"labels", {{"a", "x"}, {"b", 2}}}}, properties),
              ElementsAre("FieldValueTypeInvalid spec.labels.b: Invalid value: \"integer\": "
                          "spec.labels.b in body must be of type string: \"integer\""));
}

TEST(SchemaValidatorTest, AdditionalPropertiesFalseForbidsUndeclaredKeys) {
  Json properties = {{"box",
                      {{"type", "object"},
                       {"properties", {{"a", {{"type", "string"}}}}},
                       {"additionalProperties", false}}}};
  EXPECT_THAT(CausesFor({{"box", {{"a", "x"}, {"b", "y"}}}}, properties),
              ElementsAre("FieldValueInvalid spec.box: Invalid value: \"b\": "
                          "spec.box.b in body is a forbidden property"));
}

// ---------------------------------------------------------------------------------------------
// Pruning.

TEST(SchemaValidatorTest, PruningDropsUnknownFieldsAndReportsTheirPaths) {
  Json object = WithSpec({{"known", "k"},
                          {"extra", {{"deep", 1}}},
                          {"items", Json::array({{{"name", "a"}, {"bogus", true}}})}});
  object["topLevel"] = 1;
  SchemaCheck check = ValidateAndPrune(
      object,
      SpecSchema(
          {{"known", {{"type", "string"}}},
           {"items",
            {{"type", "array"},
             {"items", {{"type", "object"}, {"properties", {{"name", {{"type", "string"}}}}}}}}}}));
  EXPECT_THAT(Describe(check.causes), IsEmpty());
  EXPECT_THAT(check.unknown_fields, ElementsAre("spec.extra", "spec.items[0].bogus", "topLevel"));
  EXPECT_EQ(object, WithSpec({{"known", "k"}, {"items", Json::array({{{"name", "a"}}})}}));
}

TEST(SchemaValidatorTest, PruningLeavesRootMetadataAlone) {
  Json object = WithSpec(Json::object());
  object["metadata"]["labels"] = {{"app", "demo"}};
  object["metadata"]["somethingOdd"] = true;
  Json schema = {{"type", "object"}, {"properties", {{"spec", {{"type", "object"}}}}}};
  Json before = object;
  SchemaCheck check = ValidateAndPrune(object, schema);
  EXPECT_THAT(check.unknown_fields, IsEmpty());
  EXPECT_EQ(object, before);
}

TEST(SchemaValidatorTest, PreserveUnknownFieldsKeepsUnknownButPrunesKnownChildren) {
  Json object = WithSpec(
      {{"settings",
        {{"anything", {{"goes", {1, 2}}}}, {"known", {{"kept", "x"}, {"dropped", "y"}}}}}});
  SchemaCheck check = ValidateAndPrune(
      object,
      SpecSchema(
          {{"settings",
            {{"type", "object"},
             {"x-kubernetes-preserve-unknown-fields", true},
             {"properties",
              {{"known",
                {{"type", "object"}, {"properties", {{"kept", {{"type", "string"}}}}}}}}}}}}));
  EXPECT_THAT(check.unknown_fields, ElementsAre("spec.settings.known.dropped"));
  EXPECT_EQ(object["spec"]["settings"],
            Json({{"anything", {{"goes", {1, 2}}}}, {"known", {{"kept", "x"}}}}));
}

TEST(SchemaValidatorTest, PruningFollowsNestedAdditionalPropertiesSchema) {
  Json object = WithSpec(
      {{"byName", {{"first", {{"port", 80}, {"junk", 1}}}, {"second", {{"port", "http"}}}}}});
  SchemaCheck check = ValidateAndPrune(
      object,
      SpecSchema({{"byName",
                   {{"type", "object"},
                    {"additionalProperties",
                     {{"type", "object"}, {"properties", {{"port", {{"type", "integer"}}}}}}}}}}));
  EXPECT_THAT(check.unknown_fields, ElementsAre("spec.byName.first.junk"));
  EXPECT_EQ(object["spec"]["byName"]["first"], Json({{"port", 80}}));
  EXPECT_THAT(Describe(check.causes),
              ElementsAre("FieldValueTypeInvalid spec.byName.second.port: Invalid value: "
                          "\"string\": spec.byName.second.port in body must be of type "
                          "integer: \"string\""));
}

TEST(SchemaValidatorTest, EmbeddedResourceKeepsItsTypeAndObjectMeta) {
  Json object = WithSpec({{"template",
                           {{"apiVersion", "v1"},
                            {"kind", "PersistentVolumeClaim"},
                            {"metadata", {{"name", "x"}}},
                            {"spec", {{"storageClassName", "fast"}}},
                            {"junk", 1}}}});
  SchemaCheck check = ValidateAndPrune(
      object,
      SpecSchema({{"template",
                   {{"type", "object"},
                    {"x-kubernetes-embedded-resource", true},
                    {"properties",
                     {{"spec",
                       {{"type", "object"}, {"x-kubernetes-preserve-unknown-fields", true}}}}}}}}));
  EXPECT_THAT(check.unknown_fields, ElementsAre("spec.template.junk"));
  EXPECT_EQ(object["spec"]["template"]["kind"], "PersistentVolumeClaim");
  EXPECT_EQ(object["spec"]["template"]["metadata"], Json({{"name", "x"}}));
}

// ---------------------------------------------------------------------------------------------
// Several errors.

TEST(SchemaValidatorTest, CollectsEveryErrorInADeterministicOrder) {
  Json properties = {
      {"task",
       {{"type", "object"},
        {"required", {"name"}},
        {"properties",
         {{"name", {{"type", "string"}}},
          {"params",
           {{"type", "array"},
            {"items",
             {{"type", "object"},
              {"required", {"name", "value"}},
              {"properties",
               {{"name", {{"type", "string"}}}, {"value", {{"type", "string"}}}}}}}}}}}}},
      {"driver", {{"type", "string"}, {"enum", {"Restic"}}}},
      {"keepLast", {{"type", "integer"}}}};
  Json spec = {{"task", {{"params", {{{"name", 1}}, {{"name", "a"}, {"value", "b"}}}}}},
               {"driver", "Other"},
               {"keepLast", "five"}};
  std::vector<std::string> expected = {
      "FieldValueNotSupported spec.driver: Unsupported value: \"Other\": supported values: "
      "\"Restic\"",
      "FieldValueTypeInvalid spec.keepLast: Invalid value: \"string\": spec.keepLast in body "
      "must be of type integer: \"string\"",
      "FieldValueTypeInvalid spec.task.params[0].name: Invalid value: \"integer\": "
      "spec.task.params[0].name in body must be of type string: \"integer\"",
      "FieldValueRequired spec.task.params[0].value: Required value",
      "FieldValueRequired spec.task.name: Required value"};
  EXPECT_EQ(CausesFor(spec, properties), expected);
  EXPECT_EQ(CausesFor(spec, properties), expected);  // same input, same order
}

TEST(SchemaValidatorTest, NonObjectSchemaChecksNothing) {
  Json object = WithSpec({{"x", 1}});
  Json before = object;
  SchemaCheck check = ValidateAndPrune(object, Json());
  EXPECT_THAT(check.causes, IsEmpty());
  EXPECT_EQ(object, before);
}

// ---------------------------------------------------------------------------------------------
// The project's CRD manifests.

struct ExpectedCrd {
  std::string file;
  std::string group;
  std::string version;
  std::string kind;
  std::string plural;
  std::string singular;
  std::vector<std::string> short_names;
  std::string scope;
  bool status_subresource;
};

const std::vector<ExpectedCrd>& ExpectedCrds() {
  static const auto* crds = new std::vector<ExpectedCrd>{
      {"backupconfigurationtemplates.yaml",
       "stash.appscode.com",
       "v1beta1",
       "BackupConfigurationTemplate",
       "backupconfigurationtemplates",
       "backupconfigurationtemplate",
       {"btpl"},
       "Cluster",
       false},
      {"backupblueprints.yaml",
       "stash.appscode.com",
       "v1beta1",
       "BackupBlueprint",
       "backupblueprints",
       "backupblueprint",
       {"bb"},
       "Cluster",
       false},
      {"repositories.yaml",
       "stash.appscode.com",
       "v1alpha1",
       "Repository",
       "repositories",
       "repository",
       {"repo"},
       "Namespaced",
       true},
      {"backupconfigurations.yaml",
       "stash.appscode.com",
       "v1beta1",
       "BackupConfiguration",
       "backupconfigurations",
       "backupconfiguration",
       {"bc"},
       "Namespaced",
       true},
      {"appbindings.yaml",
       "appcatalog.appscode.com",
       "v1alpha1",
       "AppBinding",
       "appbindings",
       "appbinding",
       {},
       "Namespaced",
       false},
      {"deploymentconfigs.yaml",
       "apps.openshift.io",
       "v1",
       "DeploymentConfig",
       "deploymentconfigs",
       "deploymentconfig",
       {"dc"},
       "Namespaced",
       true},
  };
  return *crds;
}

// The parsed manifest embedded under `file`, or null (with a test failure) if absent or broken.
Json Manifest(std::string_view file) {
  for (const auto& [name, text] : EmbeddedCrdManifests()) {
    if (name != file) continue;
    kube::StatusOr<Json> parsed = kube::ParseYamlDocument(text, name);
    EXPECT_OK(parsed);
    return parsed.ok() ? *parsed : Json();
  }
  ADD_FAILURE() << "no embedded manifest " << file;
  return Json();
}

Json SchemaOf(const Json& crd) {
  if (!crd.is_object()) return Json();
  return crd["spec"]["versions"][0]["schema"]["openAPIV3Schema"];
}

Json SchemaOfKind(std::string_view kind) {
  for (const ExpectedCrd& expected : ExpectedCrds()) {
    if (expected.kind == kind) return SchemaOf(Manifest(expected.file));
  }
  ADD_FAILURE() << "no CRD for " << kind;
  return Json();
}

// Runs the check on a copy and returns causes and pruned paths together.
std::vector<std::string> Problems(const Json& object, const Json& schema) {
  Json pruned = object;
  SchemaCheck check = ValidateAndPrune(pruned, schema);
  std::vector<std::string> problems = Describe(check.causes);
  for (const auto& path : check.unknown_fields) problems.push_back("pruned " + path);
  if (problems.empty() && pruned != object) problems.push_back("object changed: " + pruned.dump());
  return problems;
}

// Checks the structural-schema rules a real API server enforces on CRD creation (the ones that
// matter for hand-written schemas) and returns the offending paths.
void CollectStructuralProblems(const Json& node, const std::string& path,
                               std::vector<std::string>* problems) {
  bool int_or_string = node.value("x-kubernetes-int-or-string", false);
  bool preserve = node.value("x-kubernetes-preserve-unknown-fields", false);
  std::string type = node.value("type", "");
  if (type.empty() && !int_or_string && !preserve) problems->push_back(path + ": no type");
  if (int_or_string && !type.empty()) problems->push_back(path + ": int-or-string with a type");
  if (node.contains("properties") && type != "object") {
    problems->push_back(path + ": properties on a non-object");
  }
  if (node.contains("properties") && node.contains("additionalProperties")) {
    problems->push_back(path + ": properties and additionalProperties");
  }
  if (type == "array" && !node.contains("items")) {
    problems->push_back(path + ": array without items");
  }
  if (node.contains("properties")) {
    for (const auto& [key, child] : node["properties"].items()) {
      CollectStructuralProblems(child, path + "." + key, problems);
    }
  }
  if (node.contains("items")) CollectStructuralProblems(node["items"], path + "[]", problems);
  if (node.contains("additionalProperties") && node["additionalProperties"].is_object()) {
    CollectStructuralProblems(node["additionalProperties"], path + ".*", problems);
  }
}

// Whether a printer column's JSONPath (".spec.task.name") is declared by the schema;
// .metadata.* is always served.
bool SchemaDeclares(const Json& schema, std::string_view json_path) {
  if (json_path.rfind(".metadata.", 0) == 0) return true;
  const Json* node = &schema;
  size_t start = 1;
  while (start <= json_path.size()) {
    size_t dot = json_path.find('.', start);
    if (dot == std::string_view::npos) dot = json_path.size();
    std::string key(json_path.substr(start, dot - start));
    if (!node->contains("properties") || !(*node)["properties"].contains(key)) return false;
    node = &(*node)["properties"][key];
    start = dot + 1;
  }
  return true;
}

TEST(CrdManifestTest, EveryManifestParsesAndNamesItsKindAsTheSpecSays) {
  EXPECT_EQ(EmbeddedCrdManifests().size(), ExpectedCrds().size());
  for (const ExpectedCrd& expected : ExpectedCrds()) {
    SCOPED_TRACE(expected.file);
    Json crd = Manifest(expected.file);
    ASSERT_TRUE(crd.is_object());
    EXPECT_EQ(crd["apiVersion"], "apiextensions.k8s.io/v1");
    EXPECT_EQ(crd["kind"], "CustomResourceDefinition");
    EXPECT_EQ(crd["metadata"]["name"], expected.plural + "." + expected.group);
    const Json& spec = crd["spec"];
    EXPECT_EQ(spec["group"], expected.group);
    EXPECT_EQ(spec["scope"], expected.scope);
    EXPECT_EQ(spec["names"]["kind"], expected.kind);
    EXPECT_EQ(spec["names"]["plural"], expected.plural);
    EXPECT_EQ(spec["names"]["singular"], expected.singular);
    EXPECT_EQ(spec["names"].value("shortNames", std::vector<std::string>{}), expected.short_names);
    ASSERT_EQ(spec["versions"].size(), 1u);
    const Json& version = spec["versions"][0];
    EXPECT_EQ(version["name"], expected.version);
    EXPECT_EQ(version["served"], true);
    EXPECT_EQ(version["storage"], true);
    EXPECT_EQ(version.contains("subresources") &&
                  version["subresources"].value("status", Json()) == Json::object(),
              expected.status_subresource);
  }
}

TEST(CrdManifestTest, SchemasAreStructural) {
  for (const ExpectedCrd& expected : ExpectedCrds()) {
    SCOPED_TRACE(expected.file);
    Json schema = SchemaOf(Manifest(expected.file));
    ASSERT_TRUE(schema.is_object());
    std::vector<std::string> problems;
    CollectStructuralProblems(schema, "", &problems);
    EXPECT_THAT(problems, IsEmpty());
  }
}

TEST(CrdManifestTest, PrinterColumnsReadDeclaredFields) {
  for (const ExpectedCrd& expected : ExpectedCrds()) {
    SCOPED_TRACE(expected.file);
    Json crd = Manifest(expected.file);
    ASSERT_TRUE(crd.is_object());
    const Json& version = crd["spec"]["versions"][0];
    ASSERT_TRUE(version.contains("additionalPrinterColumns"));
    const Json& columns = version["additionalPrinterColumns"];
    ASSERT_FALSE(columns.empty());
    EXPECT_EQ(columns.back()["name"], "Age");
    EXPECT_EQ(columns.back()["jsonPath"], ".metadata.creationTimestamp");
    for (const Json& column : columns) {
      EXPECT_TRUE(SchemaDeclares(version["schema"]["openAPIV3Schema"],
                                 column["jsonPath"].get<std::string>()))
          << column.dump();
    }
  }
}

TEST(CrdManifestTest, AcceptsTheWorkedExampleTemplate) {
  Json tpl = Json::parse(R"({
    "apiVersion": "stash.appscode.com/v1beta1",
    "kind": "BackupConfigurationTemplate",
    "metadata": {"name": "workload-backup-template"},
    "spec": {
      "backend": {
        "gcs": {"bucket": "appscode-qa",
                "prefix": "stash-backup/${TARGET_NAMESPACE}/${TARGET_KIND}/${TARGET_NAME}"},
        "storageSecretName": "gcs-secret"
      },
      "schedule": "*/5 * * * *",
      "retentionPolicy": {"name": "keep-last-5", "keepLast": 5, "prune": true}
    }
  })");
  EXPECT_THAT(Problems(tpl, SchemaOfKind("BackupConfigurationTemplate")), IsEmpty());
}

TEST(CrdManifestTest, AcceptsTheWorkedExampleRepository) {
  Json repository = Json::parse(R"({
    "apiVersion": "stash.appscode.com/v1alpha1",
    "kind": "Repository",
    "metadata": {"name": "deployment-stash-demo", "namespace": "demo"},
    "spec": {
      "backend": {
        "gcs": {"bucket": "appscode-qa", "prefix": "stash-backup/demo/deployment/stash-demo"},
        "storageSecretName": "gcs-secret"
      }
    }
  })");
  EXPECT_THAT(Problems(repository, SchemaOfKind("Repository")), IsEmpty());
}

TEST(CrdManifestTest, AcceptsTheWorkedExampleBackupConfigurationOfBothEras) {
  Json template_era = stashsim_testing::WorkedExampleBackupConfiguration();
  Json schema = SchemaOfKind("BackupConfiguration");
  EXPECT_THAT(Problems(template_era, schema), IsEmpty());

  Json blueprint_era = template_era;
  blueprint_era["metadata"]["name"] = "deploy-stash-demo";
  blueprint_era["spec"]["repository"]["name"] = "deploy-stash-demo";
  blueprint_era["spec"]["target"]["paths"] = blueprint_era["spec"]["target"]["directories"];
  blueprint_era["spec"]["target"].erase("directories");
  blueprint_era["spec"]["target"]["volumeMounts"][1]["subPath"] = "data";
  blueprint_era["spec"]["interimVolumeTemplate"] = {
      {"metadata", {{"name", "interim"}}},
      {"spec",
       {{"accessModes", Json::array({"ReadWriteOnce"})},
        {"resources", {{"requests", {{"storage", "1Gi"}}}}}}}};
  blueprint_era["spec"]["backupHistoryLimit"] = 3;
  blueprint_era["spec"]["tempDir"] = {
      {"medium", "Memory"}, {"sizeLimit", "1Gi"}, {"disableCaching", true}};
  EXPECT_THAT(Problems(blueprint_era, schema), IsEmpty());
}

TEST(CrdManifestTest, AcceptsUserSetBackupConfigurationFields) {
  Json bc = Json::parse(R"({
    "apiVersion": "stash.appscode.com/v1beta1",
    "kind": "BackupConfiguration",
    "metadata": {"name": "mine", "namespace": "demo"},
    "spec": {
      "driver": "VolumeSnapshotter",
      "paused": true,
      "hooks": {"preBackup": {"exec": {"command": ["sync"]}}},
      "task": {"name": "pg-backup", "params": [{"name": "args", "value": "--all"}]},
      "target": {"ref": {"apiVersion": "v1", "kind": "AppBinding", "name": "db"},
                 "replicas": 1, "snapshotClassName": "csi"},
      "runtimeSettings": {"pod": {"serviceAccountName": "x"},
                          "container": {"nice": {"adjustment": 5}}},
      "retentionPolicy": {"name": "all", "keepLast": 1, "keepHourly": 2, "keepDaily": 3,
                          "keepWeekly": 4, "keepMonthly": 5, "keepYearly": 6,
                          "keepTags": ["a"], "prune": true, "dryRun": false},
      "tempDir": {"sizeLimit": 1073741824}
    },
    "status": {"observedGeneration": 2, "conditions": [{"type": "Ready"}]}
  })");
  EXPECT_THAT(Problems(bc, SchemaOfKind("BackupConfiguration")), IsEmpty());
}

TEST(CrdManifestTest, AcceptsPartialTemplatesAndBlueprints) {
  Json tpl = {{"apiVersion", "stash.appscode.com/v1beta1"},
              {"kind", "BackupConfigurationTemplate"},
              {"metadata", {{"name", "t"}}}};
  EXPECT_THAT(Problems(tpl, SchemaOfKind("BackupConfigurationTemplate")), IsEmpty());
  tpl["spec"] = {
      {"backend", {{"local", {{"mountPath", "/repo"}, {"hostPath", {{"path", "/data"}}}}}}},
      {"wipeOut", true}};
  EXPECT_THAT(Problems(tpl, SchemaOfKind("BackupConfigurationTemplate")), IsEmpty());

  Json blueprint = Json::parse(R"({
    "apiVersion": "stash.appscode.com/v1beta1",
    "kind": "BackupBlueprint",
    "metadata": {"name": "postgres-backup-blueprint"},
    "spec": {
      "backend": {"s3": {"endpoint": "s3.amazonaws.com", "bucket": "b", "prefix": "p",
                         "region": "us-east-1"},
                  "storageSecretName": "s3-secret"},
      "task": {"name": "postgres-backup-${TARGET_APP_VERSION}"},
      "schedule": "*/5 * * * *",
      "interimVolumeTemplate": {"spec": {"storageClassName": "standard"}},
      "backupHistoryLimit": 5,
      "retentionPolicy": {"name": "keep-last-5", "keepLast": 5, "prune": true}
    }
  })");
  EXPECT_THAT(Problems(blueprint, SchemaOfKind("BackupBlueprint")), IsEmpty());
}

TEST(CrdManifestTest, AcceptsAnAppBinding) {
  Json app = Json::parse(R"({
    "apiVersion": "appcatalog.appscode.com/v1alpha1",
    "kind": "AppBinding",
    "metadata": {"name": "sample-postgres", "namespace": "demo"},
    "spec": {
      "type": "kubedb.com/postgres",
      "version": "11.2",
      "clientConfig": {"service": {"name": "sample-postgres", "port": 5432,
                                   "scheme": "postgresql"}},
      "secret": {"name": "sample-postgres-auth"},
      "parameters": {"apiVersion": "x/v1", "kind": "Params", "anything": [1, "two"]}
    }
  })");
  EXPECT_THAT(Problems(app, SchemaOfKind("AppBinding")), IsEmpty());
}

TEST(CrdManifestTest, RejectsKeepLastGivenAsAWord) {
  Json bc = {{"apiVersion", "stash.appscode.com/v1beta1"},
             {"kind", "BackupConfiguration"},
             {"metadata", {{"name", "bad"}, {"namespace", "demo"}}},
             {"spec", {{"retentionPolicy", {{"name", "keep-last-5"}, {"keepLast", "five"}}}}}};
  SchemaCheck check = ValidateAndPrune(bc, SchemaOfKind("BackupConfiguration"));
  ASSERT_EQ(check.causes.size(), 1u);
  EXPECT_EQ(check.causes[0].type, "FieldValueTypeInvalid");
  EXPECT_EQ(check.causes[0].field, "spec.retentionPolicy.keepLast");
  EXPECT_EQ(check.causes[0].message,
            "Invalid value: \"string\": spec.retentionPolicy.keepLast in body must be of type "
            "integer: \"string\"");
  EXPECT_THAT(
      kube::InvalidError("BackupConfiguration.stash.appscode.com", "bad", check.causes),
      kube::StatusIs(kube::StatusReason::kInvalid,
                     std::string("BackupConfiguration.stash.appscode.com \"bad\" is invalid: "
                                 "spec.retentionPolicy.keepLast: Invalid value: \"string\": "
                                 "spec.retentionPolicy.keepLast in body must be of type integer: "
                                 "\"string\"")));
}

TEST(CrdManifestTest, RejectsAnUnknownDriverAndAVolumeMountWithoutName) {
  Json bc = {
      {"apiVersion", "stash.appscode.com/v1beta1"},
      {"kind", "BackupConfiguration"},
      {"metadata", {{"name", "bad"}, {"namespace", "demo"}}},
      {"spec",
       {{"driver", "Snapshot"},
        {"target", {{"volumeMounts", Json::array({{{"mountPath", "/data"}, {"typo", 1}}})}}}}}};
  SchemaCheck check = ValidateAndPrune(bc, SchemaOfKind("BackupConfiguration"));
  EXPECT_THAT(Describe(check.causes),
              ElementsAre("FieldValueNotSupported spec.driver: Unsupported value: \"Snapshot\": "
                          "supported values: \"Restic\", \"VolumeSnapshotter\"",
                          "FieldValueRequired spec.target.volumeMounts[0].name: Required value"));
  EXPECT_THAT(check.unknown_fields, ElementsAre("spec.target.volumeMounts[0].typo"));
}

}  // namespace
}  // namespace fakecluster
