// Tests for the Swagger 2.0 document (/openapi/v2, fakecluster/openapi.h): the CRD schema
// conversion kubectl's client-side validation depends on, the placeholders of built-in kinds,
// the paths and operations kubectl's fieldValidation check reads, and determinism.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "cluster_fixture.h"
#include "fakecluster/openapi.h"
#include "openapi_test_kinds.h"

namespace fakecluster_test {
namespace {

using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::Not;

constexpr char kGadget[] = "com.example.v1.Gadget";
constexpr char kGadgetItemPath[] = "/apis/example.com/v1/namespaces/{namespace}/gadgets/{name}";

// Every "$ref" anywhere in `node`.
void CollectRefs(const Json& node, std::vector<std::string>& refs) {
  if (node.is_object()) {
    for (const auto& [key, value] : node.items()) {
      if (key == "$ref" && value.is_string()) refs.push_back(value.get<std::string>());
      CollectRefs(value, refs);
    }
  } else if (node.is_array()) {
    for (const Json& value : node) CollectRefs(value, refs);
  }
}

std::vector<std::string> ParameterNames(const Json& operation) {
  std::vector<std::string> names;
  for (const Json& parameter : operation.value("parameters", Json::array())) {
    names.push_back(parameter.value("name", ""));
  }
  return names;
}

TEST(OpenApiV2Test, CustomKindCarriesItsGroupVersionKindAndTypeMeta) {
  Json doc = fakecluster::BuildOpenApiV2(TestKinds());
  EXPECT_EQ(doc["swagger"], "2.0");
  const Json& gadget = doc["definitions"][kGadget];
  EXPECT_EQ(gadget["x-kubernetes-group-version-kind"],
            Json::parse(R"([{"group":"example.com","kind":"Gadget","version":"v1"}])"));
  EXPECT_EQ(gadget["type"], "object");
  EXPECT_EQ(gadget["properties"]["metadata"],
            Json({{"$ref", "#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta"}}));
  EXPECT_EQ(gadget["properties"]["apiVersion"]["type"], "string");
  EXPECT_EQ(gadget["properties"]["kind"]["type"], "string");
  EXPECT_EQ(
      doc["definitions"]["com.example.v1.GadgetList"]["x-kubernetes-group-version-kind"][0]["kind"],
      "GadgetList");
}

TEST(OpenApiV2Test, CrdSchemaDropsWhatSwagger2CannotSay) {
  Json doc = fakecluster::BuildOpenApiV2(TestKinds());
  const Json& spec = doc["definitions"][kGadget]["properties"]["spec"];
  const Json& properties = spec["properties"];
  // Kept as they are.
  EXPECT_EQ(properties["size"],
            Json::parse(R"({"type":"integer","minimum":1,"maximum":9,"default":3})"));
  EXPECT_EQ(properties["name"]["maxLength"], 63);
  EXPECT_EQ(properties["color"]["enum"], Json::parse(R"(["red","blue"])"));
  EXPECT_EQ(properties["labels"]["additionalProperties"], Json({{"type", "string"}}));
  EXPECT_EQ(properties["tags"]["items"], Json({{"type", "string"}}));
  // nullable: the type goes, and so does the field's place in required.
  EXPECT_EQ(properties["note"], Json::object());
  EXPECT_EQ(spec["required"], Json::parse(R"(["size"])"));
  // oneOf goes; the properties stay.
  EXPECT_FALSE(properties["choice"].contains("oneOf"));
  EXPECT_TRUE(properties["choice"]["properties"].contains("a"));
  // Preserved unknown fields: properties go (kubectl would reject unknown ones otherwise).
  EXPECT_EQ(properties["config"],
            Json::parse(R"({"type":"object","x-kubernetes-preserve-unknown-fields":true})"));
}

TEST(OpenApiV2Test, ArrayLeftWithoutItemsLosesItsType) {
  Json schema = Json::parse(R"({"type":"object","properties":{"spec":{"type":"object",
      "properties":{"raw":{"type":"array","x-kubernetes-preserve-unknown-fields":true,
                           "items":{"type":"string"}}}}}})");
  Json doc = fakecluster::BuildOpenApiV2({GadgetKind(schema)});
  EXPECT_EQ(doc["definitions"][kGadget]["properties"]["spec"]["properties"]["raw"],
            Json::parse(R"({"x-kubernetes-preserve-unknown-fields":true})"));
}

TEST(OpenApiV2Test, CustomKindWithoutSchemaIsAnOpenObject) {
  Json doc = fakecluster::BuildOpenApiV2({GadgetKind(nullptr)});
  const Json& gadget = doc["definitions"][kGadget];
  EXPECT_FALSE(gadget.contains("properties"));
  EXPECT_EQ(gadget["x-kubernetes-preserve-unknown-fields"], true);
  EXPECT_TRUE(gadget.contains("x-kubernetes-group-version-kind"));
}

TEST(OpenApiV2Test, BuiltInKindsArePlaceholdersThatKubectlDoesNotLookUp) {
  Json doc = fakecluster::BuildOpenApiV2(TestKinds());
  for (const char* name : {"io.k8s.api.core.v1.ConfigMap", "io.k8s.api.apps.v1.Deployment",
                           "io.k8s.api.core.v1.Namespace", "io.k8s.api.apps.v1.DeploymentList"}) {
    SCOPED_TRACE(name);
    ASSERT_TRUE(doc["definitions"].contains(name));
    const Json& definition = doc["definitions"][name];
    EXPECT_FALSE(definition.contains("x-kubernetes-group-version-kind"));
  }
  EXPECT_FALSE(doc["definitions"]["io.k8s.api.apps.v1.Deployment"].contains("properties"));
}

TEST(OpenApiV2Test, ObjectMetaListsItsFieldsSoNullValuesAreSkipped) {
  Json doc = fakecluster::BuildOpenApiV2(TestKinds());
  const Json& meta = doc["definitions"]["io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta"];
  EXPECT_EQ(meta["properties"]["creationTimestamp"]["format"], "date-time");
  EXPECT_EQ(meta["properties"]["labels"]["additionalProperties"]["type"], "string");
}

TEST(OpenApiV2Test, EveryReferenceResolves) {
  Json doc = fakecluster::BuildOpenApiV2(TestKinds());
  std::vector<std::string> refs;
  CollectRefs(doc, refs);
  ASSERT_FALSE(refs.empty());
  for (const std::string& ref : refs) {
    ASSERT_TRUE(ref.starts_with("#/definitions/")) << ref;
    EXPECT_TRUE(doc["definitions"].contains(ref.substr(std::string("#/definitions/").size())))
        << ref;
  }
}

TEST(OpenApiV2Test, PathsCoverCollectionsItemsStatusAndAllNamespaces) {
  Json doc = fakecluster::BuildOpenApiV2(TestKinds());
  std::vector<std::string> paths;
  for (const auto& [path, item] : doc["paths"].items()) paths.push_back(path);
  EXPECT_THAT(paths, Contains("/apis/example.com/v1/namespaces/{namespace}/gadgets"));
  EXPECT_THAT(paths, Contains(kGadgetItemPath));
  EXPECT_THAT(paths, Contains("/apis/example.com/v1/namespaces/{namespace}/gadgets/{name}/status"));
  EXPECT_THAT(paths, Contains("/apis/example.com/v1/gadgets"));
  EXPECT_THAT(paths, Contains("/api/v1/namespaces/{namespace}/configmaps/{name}"));
  EXPECT_THAT(paths, Not(Contains("/api/v1/namespaces/{namespace}/configmaps/{name}/status")));
  // Cluster-scoped kinds have no namespace segment.
  EXPECT_THAT(paths, Contains("/api/v1/namespaces/{name}"));
  EXPECT_THAT(paths, Contains("/api/v1/namespaces/{name}/status"));
}

TEST(OpenApiV2Test, PatchOperationsNameTheirKindAndAcceptFieldValidation) {
  Json doc = fakecluster::BuildOpenApiV2(TestKinds());
  const Json& item = doc["paths"][kGadgetItemPath];
  const Json& patch = item["patch"];
  EXPECT_EQ(patch["x-kubernetes-group-version-kind"],
            Json::parse(R"({"group":"example.com","kind":"Gadget","version":"v1"})"));
  EXPECT_EQ(patch["x-kubernetes-action"], "patch");
  EXPECT_THAT(ParameterNames(patch),
              ElementsAre("body", "dryRun", "fieldManager", "fieldValidation", "force"));
  EXPECT_THAT(ParameterNames(item["put"]),
              ElementsAre("body", "dryRun", "fieldManager", "fieldValidation"));
  EXPECT_THAT(ParameterNames(item), ElementsAre("name", "namespace", "pretty"));
  // Custom kinds take no strategic merge patch; built-ins do.
  EXPECT_THAT(patch["consumes"].get<std::vector<std::string>>(),
              Not(Contains("application/strategic-merge-patch+json")));
  EXPECT_THAT(doc["paths"]["/api/v1/namespaces/{namespace}/configmaps/{name}"]["patch"]["consumes"]
                  .get<std::vector<std::string>>(),
              Contains("application/strategic-merge-patch+json"));
  const Json& create = doc["paths"]["/api/v1/namespaces/{namespace}/configmaps"]["post"];
  EXPECT_EQ(create["x-kubernetes-group-version-kind"]["kind"], "ConfigMap");
  EXPECT_THAT(ParameterNames(create), Contains("fieldValidation"));
}

TEST(OpenApiV2Test, OutputDoesNotDependOnTheOrderOfTheKinds) {
  std::vector<fakecluster::OpenApiKind> kinds = TestKinds();
  std::string forward = fakecluster::BuildOpenApiV2(kinds).dump();
  std::reverse(kinds.begin(), kinds.end());
  EXPECT_EQ(fakecluster::BuildOpenApiV2(kinds).dump(), forward);
}

// The rules kubectl's OpenAPI v2 model parser (kube-openapi pkg/util/proto) enforces on every
// definition: a failure in any one of them makes kubectl reject the whole document.
void ExpectKubectlCanParse(const Json& schema, const std::string& path,
                           std::vector<std::string>& problems) {
  if (!schema.is_object()) {
    problems.push_back(path + ": not an object");
    return;
  }
  if (schema.contains("$ref")) {
    if (schema.contains("type") || schema.contains("properties")) {
      problems.push_back(path + ": $ref with a type or properties");
    }
    return;
  }
  for (const char* v3_only : {"nullable", "oneOf", "anyOf", "not", "allOf"}) {
    if (schema.contains(v3_only)) problems.push_back(path + ": has " + v3_only);
  }
  std::string type = schema.value("type", "");
  if (schema.contains("type") && !schema["type"].is_string()) {
    problems.push_back(path + ": type is not one string");
  }
  static const std::vector<std::string> kTypes = {"",       "object",  "array",  "string",
                                                  "number", "integer", "boolean"};
  if (std::find(kTypes.begin(), kTypes.end(), type) == kTypes.end()) {
    problems.push_back(path + ": unknown type " + type);
  }
  if (type == "array") {
    if (!schema.contains("items") || !schema["items"].is_object()) {
      problems.push_back(path + ": array without exactly one item schema");
    } else {
      ExpectKubectlCanParse(schema["items"], path + "[]", problems);
    }
  }
  if (schema.contains("properties")) {
    for (const auto& [name, property] : schema["properties"].items()) {
      ExpectKubectlCanParse(property, path + "." + name, problems);
    }
  }
  if (schema.contains("additionalProperties") && schema["additionalProperties"].is_object()) {
    ExpectKubectlCanParse(schema["additionalProperties"], path + "{}", problems);
  }
}

class OpenApiClusterTest : public ClusterTest {};

TEST_F(OpenApiClusterTest, CollectsBuiltInAndCustomKindsWithTheirSchemas) {
  MustCreate(WidgetCrd());
  std::vector<fakecluster::OpenApiKind> kinds = fakecluster::CollectOpenApiKinds(cluster());
  auto find = [&](const kube::GroupVersionKind& gvk) -> const fakecluster::OpenApiKind* {
    for (const auto& kind : kinds) {
      if (kind.info.gvk == gvk) return &kind;
    }
    return nullptr;
  };
  const fakecluster::OpenApiKind* deployment = find(kDeploymentGvk);
  ASSERT_NE(deployment, nullptr);
  EXPECT_TRUE(deployment->info.built_in);
  EXPECT_TRUE(deployment->schema.is_null());
  const fakecluster::OpenApiKind* widget = find(kWidgetGvk);
  ASSERT_NE(widget, nullptr);
  EXPECT_EQ(widget->schema["properties"]["spec"]["required"], Json::parse(R"(["size"])"));
  ASSERT_NE(find(kBackupConfigurationGvk), nullptr);
  EXPECT_TRUE(std::is_sorted(kinds.begin(), kinds.end(),
                             [](const auto& a, const auto& b) { return a.info.gvk < b.info.gvk; }));
  Json doc = fakecluster::BuildOpenApiV2(kinds);
  EXPECT_EQ(doc["definitions"]["com.example.v1.Widget"]["properties"]["spec"]["properties"]["size"]
               ["minimum"],
            1);
}

TEST_F(OpenApiClusterTest, EveryDefinitionOfTheProjectCrdsIsParseableByKubectl) {
  MustCreate(WidgetCrd());
  Json doc = fakecluster::BuildOpenApiV2(fakecluster::CollectOpenApiKinds(cluster()));
  ASSERT_TRUE(doc["definitions"].contains("com.appscode.stash.v1beta1.BackupConfiguration"));
  std::vector<std::string> problems;
  for (const auto& [name, schema] : doc["definitions"].items()) {
    ExpectKubectlCanParse(schema, name, problems);
  }
  EXPECT_THAT(problems, ::testing::IsEmpty());
}

}  // namespace
}  // namespace fakecluster_test
