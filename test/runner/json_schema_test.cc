// Tests for the JSON Schema subset validator (runner/json_schema.h): each keyword, error
// pointers and messages, the choice of the most relevant oneOf/anyOf branch, $ref and the
// compile-time rejection of what the subset does not support.
#include "runner/json_schema.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "status_matchers.h"

namespace runner {
namespace {

using ::kube::Json;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

// "<pointer>: <message>" per error, so failures print readably.
std::vector<std::string> Errors(const Json& schema, const Json& instance) {
  kube::StatusOr<JsonSchema> compiled = JsonSchema::Compile(schema);
  EXPECT_OK(compiled);
  if (!compiled.ok()) return {"<schema does not compile>"};
  std::vector<std::string> lines;
  for (const SchemaError& error : compiled->Validate(instance)) {
    lines.push_back(error.pointer + ": " + error.message);
  }
  return lines;
}

Json Parse(const char* text) { return Json::parse(text); }

TEST(JsonSchemaTest, TypeMismatchNamesExpectedAndActualType) {
  EXPECT_THAT(Errors(Parse(R"({"type": "string"})"), 5),
              ElementsAre(": expected string, got integer"));
  EXPECT_THAT(Errors(Parse(R"({"type": "string"})"), "x"), IsEmpty());
}

TEST(JsonSchemaTest, TypeListAcceptsAnyOfItsTypes) {
  Json schema = Parse(R"({"type": ["object", "array"]})");
  EXPECT_THAT(Errors(schema, Json::array()), IsEmpty());
  EXPECT_THAT(Errors(schema, Json::object()), IsEmpty());
  EXPECT_THAT(Errors(schema, "s"), ElementsAre(": expected object or array, got string"));
}

TEST(JsonSchemaTest, IntegerAcceptsIntegralNumbersOnly) {
  Json schema = Parse(R"({"type": "integer"})");
  EXPECT_THAT(Errors(schema, 3), IsEmpty());
  EXPECT_THAT(Errors(schema, 3.0), IsEmpty());
  EXPECT_THAT(Errors(schema, 2.5), ElementsAre(": expected integer, got number"));
  EXPECT_THAT(Errors(Parse(R"({"type": "number"})"), 3), IsEmpty());
}

TEST(JsonSchemaTest, RequiredPropertyMissingIsReportedAtTheObject) {
  Json schema = Parse(R"({"type": "object", "required": ["kind", "name"],
                          "properties": {"a": {"type": "object", "required": ["b"]}}})");
  EXPECT_THAT(Errors(schema, Parse(R"({"kind": "K", "a": {}})")),
              ElementsAre(": missing required field \"name\"", "/a: missing required field \"b\""));
}

TEST(JsonSchemaTest, AdditionalPropertiesFalseRejectsUnknownFieldsByName) {
  Json schema = Parse(R"({"type": "object", "additionalProperties": false,
                          "properties": {"kind": {"type": "string"}}})");
  std::vector<std::string> errors = Errors(schema, Parse(R"({"kind": "K", "knd": 1})"));
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_THAT(errors[0], HasSubstr("/knd: unknown field \"knd\""));
  EXPECT_THAT(errors[0], HasSubstr("known fields: kind"));
}

TEST(JsonSchemaTest, AdditionalPropertiesSchemaValidatesTheRest) {
  Json schema = Parse(R"({"type": "object", "additionalProperties": {"type": "string"}})");
  EXPECT_THAT(Errors(schema, Parse(R"({"a": "x", "b": 2})")),
              ElementsAre("/b: expected string, got integer"));
}

TEST(JsonSchemaTest, PatternPropertiesApplyToMatchingNamesAndCountAsDeclared) {
  Json schema = Parse(R"({"type": "object", "additionalProperties": false,
                          "patternProperties": {"^/": {"type": "boolean"}}})");
  EXPECT_THAT(Errors(schema, Parse(R"({"/a": true, "/b": 1, "c": true})")),
              ElementsAre("/~1b: expected boolean, got integer", "/c: unknown field \"c\""));
}

TEST(JsonSchemaTest, ItemsAndMinItems) {
  Json schema = Parse(R"({"type": "array", "minItems": 2, "items": {"type": "string"}})");
  EXPECT_THAT(Errors(schema, Parse(R"(["a", 1])")),
              ElementsAre("/1: expected string, got integer"));
  EXPECT_THAT(Errors(schema, Parse(R"(["a"])")),
              ElementsAre(": must have at least 2 items, got 1"));
}

TEST(JsonSchemaTest, EnumAndConst) {
  EXPECT_THAT(Errors(Parse(R"({"enum": ["merge", "json"]})"), "xml"),
              ElementsAre(": must be \"merge\" or \"json\"; got \"xml\""));
  EXPECT_THAT(Errors(Parse(R"({"enum": [1, "a", null]})"), nullptr), IsEmpty());
  EXPECT_THAT(Errors(Parse(R"({"const": true})"), false), ElementsAre(": must be true, got false"));
  EXPECT_THAT(Errors(Parse(R"({"const": 1})"), 1.0), IsEmpty());
}

TEST(JsonSchemaTest, PatternIsSearchedAndMinLengthCountsCharacters) {
  Json schema = Parse(R"({"type": "string", "pattern": "^[A-Z]+$", "minLength": 2})");
  EXPECT_THAT(Errors(schema, "AB"), IsEmpty());
  EXPECT_THAT(Errors(schema, "ab"), ElementsAre(": \"ab\" does not match the pattern ^[A-Z]+$"));
  EXPECT_THAT(Errors(schema, "A"), ElementsAre(": must be at least 2 characters long"));
  EXPECT_THAT(Errors(Parse(R"({"pattern": "b"})"), "abc"), IsEmpty());  // not anchored
  EXPECT_THAT(Errors(Parse(R"({"minLength": 2})"), "\xC3\xA9"),
              ElementsAre(": must be at least 2 characters long"));
  EXPECT_THAT(Errors(Parse(R"({"minLength": 1})"), ""), ElementsAre(": must not be empty"));
}

TEST(JsonSchemaTest, MinimumAppliesToNumbers) {
  Json schema = Parse(R"({"minimum": 0})");
  EXPECT_THAT(Errors(schema, -1), ElementsAre(": must be >= 0, got -1"));
  EXPECT_THAT(Errors(schema, 0), IsEmpty());
  EXPECT_THAT(Errors(schema, "-1"), IsEmpty());
}

TEST(JsonSchemaTest, BooleanSchemas) {
  EXPECT_THAT(Errors(true, Parse(R"({"x": 1})")), IsEmpty());
  EXPECT_THAT(Errors(Parse(R"({"properties": {"x": false}})"), Parse(R"({"x": 1})")),
              ElementsAre("/x: no value is allowed here"));
}

// The shape the scenario schema uses for "file or inline object".
Json SourceSchema() {
  return Parse(R"({"oneOf": [
      {"type": "object", "additionalProperties": false, "required": ["file"],
       "properties": {"file": {"type": "string"}}},
      {"type": "object", "additionalProperties": false, "required": ["object"],
       "properties": {"object": {"type": "object"}}}]})");
}

TEST(JsonSchemaTest, OneOfReportsTheBranchWhoseRequiredFieldsArePresent) {
  EXPECT_THAT(Errors(SourceSchema(), Parse(R"({"file": "a.yaml"})")), IsEmpty());
  EXPECT_THAT(Errors(SourceSchema(), Parse(R"({"object": 5})")),
              ElementsAre("/object: expected object, got integer"));
  EXPECT_THAT(Errors(SourceSchema(), Parse(R"({"file": "a", "extra": 1})")),
              ElementsAre("/extra: unknown field \"extra\" (known fields: file)"));
}

TEST(JsonSchemaTest, OneOfWithNoRecognisedFieldListsTheAlternatives) {
  EXPECT_THAT(Errors(SourceSchema(), Parse(R"({"fiel": "a"})")),
              ElementsAre(": expected one of the fields \"file\" or \"object\"; found \"fiel\""));
  EXPECT_THAT(Errors(SourceSchema(), Json::object()),
              ElementsAre(": expected one of the fields \"file\" or \"object\""));
}

TEST(JsonSchemaTest, OneOfWithASingleObjectBranchNamesItsField) {
  Json schema = Parse(R"({"oneOf": [{"type": "string"},
                                    {"type": "object", "additionalProperties": false,
                                     "required": ["byKey"], "properties": {"byKey": {}}}]})");
  EXPECT_THAT(Errors(schema, Parse(R"({"bykey": "name"})")),
              ElementsAre(": expected the field \"byKey\"; found \"bykey\""));
}

TEST(JsonSchemaTest, OneOfWithNoBranchOfTheRightTypeNamesTheTypes) {
  Json schema = Parse(R"({"oneOf": [{"type": "string", "enum": ["a"]},
                                    {"type": "object", "required": ["byKey"]}]})");
  EXPECT_THAT(Errors(schema, 3), ElementsAre(": expected string or object, got integer"));
  EXPECT_THAT(Errors(schema, "b"), ElementsAre(": must be \"a\"; got \"b\""));
  EXPECT_THAT(Errors(schema, "a"), IsEmpty());
}

TEST(JsonSchemaTest, OneOfRejectsMatchingSeveralBranches) {
  Json schema = Parse(R"({"oneOf": [{"type": "integer"}, {"minimum": 0}]})");
  EXPECT_THAT(Errors(schema, 1),
              ElementsAre(": matches 2 of the alternatives; it must match exactly one"));
  EXPECT_THAT(Errors(schema, -1), IsEmpty());
}

TEST(JsonSchemaTest, AnyOfAcceptsSeveralBranches) {
  Json schema = Parse(R"({"anyOf": [{"type": "integer"}, {"minimum": 0}]})");
  EXPECT_THAT(Errors(schema, 1), IsEmpty());
  // Only the branch whose type fits is reported.
  EXPECT_THAT(Errors(schema, -0.5), ElementsAre(": must be >= 0, got -0.5"));
}

TEST(JsonSchemaTest, RefResolvesDefinitionsIncludingRecursiveOnes) {
  Json schema = Parse(R"({
      "$ref": "#/$defs/node",
      "$defs": {
        "node": {"type": "object", "additionalProperties": false,
                 "properties": {"name": {"type": "string"},
                                "children": {"type": "array", "items": {"$ref": "#/$defs/node"}}}}
      }})");
  EXPECT_THAT(Errors(schema, Parse(R"({"name": "a", "children": [{"name": "b"}]})")), IsEmpty());
  EXPECT_THAT(Errors(schema, Parse(R"({"children": [{"children": [{"name": 1}]}]})")),
              ElementsAre("/children/0/children/0/name: expected string, got integer"));
}

TEST(JsonSchemaTest, RefToTheRootWorks) {
  Json schema = Parse(R"({"type": "array", "items": {"anyOf": [{"type": "integer"},
                                                             {"$ref": "#"}]}})");
  EXPECT_THAT(Errors(schema, Parse("[1, [2, [3]]]")), IsEmpty());
}

TEST(JsonSchemaTest, PointersEscapeSlashAndTilde) {
  Json schema = Parse(R"({"additionalProperties": {"type": "string"}})");
  EXPECT_THAT(Errors(schema, Parse(R"({"a/b~c": 1})")),
              ElementsAre("/a~1b~0c: expected string, got integer"));
}

TEST(JsonSchemaTest, CompileRejectsWhatTheSubsetDoesNotSupport) {
  EXPECT_THAT(JsonSchema::Compile(Parse(R"({"maxItems": 2})")),
              kube::StatusIs(kube::StatusReason::kBadRequest, HasSubstr("\"maxItems\"")));
  EXPECT_THAT(JsonSchema::Compile(Parse(R"({"$ref": "#/$defs/missing"})")),
              kube::StatusIs(kube::StatusReason::kBadRequest, HasSubstr("does not resolve")));
  EXPECT_THAT(JsonSchema::Compile(Parse(R"({"properties": {"a": {"pattern": "("}}})")),
              kube::StatusIs(kube::StatusReason::kBadRequest, HasSubstr("#/properties/a/pattern")));
  EXPECT_THAT(JsonSchema::Compile(Parse(R"({"type": "text"})")),
              kube::StatusIs(kube::StatusReason::kBadRequest, HasSubstr("unknown type")));
  EXPECT_THAT(JsonSchema::Compile(5), kube::StatusIs(kube::StatusReason::kBadRequest));
}

TEST(JsonSchemaTest, AnnotationKeywordsAreIgnored) {
  EXPECT_OK(JsonSchema::Compile(Parse(R"({"$schema": "x", "title": "t", "description": "d",
                                          "$comment": "c", "default": 1, "examples": []})")));
}

TEST(JsonSchemaTest, ErrorsInSeveralPlacesAreAllReported) {
  Json schema = Parse(R"({"type": "object", "additionalProperties": false,
                          "properties": {"a": {"type": "string"}, "b": {"type": "integer"}}})");
  EXPECT_THAT(Errors(schema, Parse(R"({"a": 1, "b": "x", "c": 0})")),
              ElementsAre("/a: expected string, got integer", "/b: expected integer, got string",
                          "/c: unknown field \"c\" (known fields: a, b)"));
}

}  // namespace
}  // namespace runner
