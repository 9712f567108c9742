// Tests for /openapi/v3 (fakecluster/openapi.h): the index with its content hashes and the
// per-group-version documents, including what kubectl 1.27+ reads from them (the PATCH
// operation's x-kubernetes-group-version-kind and fieldValidation parameter, the request body's
// patch media types, the components' x-kubernetes-group-version-kind).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "fakecluster/openapi.h"
#include "kube/object.h"
#include "openapi_test_kinds.h"

namespace fakecluster_test {
namespace {

using ::kube::Json;
using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::MatchesRegex;
using ::testing::Not;

std::vector<std::string> Keys(const Json& object) {
  std::vector<std::string> keys;
  for (const auto& [key, value] : object.items()) keys.push_back(key);
  return keys;
}

std::vector<std::string> ParameterNames(const Json& operation) {
  std::vector<std::string> names;
  for (const Json& parameter : operation.value("parameters", Json::array())) {
    names.push_back(parameter.value("name", ""));
  }
  return names;
}

TEST(OpenApiV3Test, GroupVersionPaths) {
  EXPECT_EQ(fakecluster::OpenApiV3GroupVersionPath("", "v1"), "api/v1");
  EXPECT_EQ(fakecluster::OpenApiV3GroupVersionPath("apps", "v1"), "apis/apps/v1");
}

TEST(OpenApiV3Test, IndexListsEveryGroupVersionWithAHashedUrl) {
  Json index = fakecluster::BuildOpenApiV3Index(TestKinds());
  EXPECT_THAT(Keys(index["paths"]), ElementsAre("api/v1", "apis/apps/v1", "apis/example.com/v1"));
  EXPECT_THAT(index["paths"]["apis/apps/v1"]["serverRelativeURL"].get<std::string>(),
              MatchesRegex("/openapi/v3/apis/apps/v1\\?hash=[0-9A-F]{16}"));
}

TEST(OpenApiV3Test, HashChangesExactlyWhenTheGroupVersionDocumentChanges) {
  Json before = fakecluster::BuildOpenApiV3Index(TestKinds());
  EXPECT_EQ(fakecluster::BuildOpenApiV3Index(TestKinds()), before);

  std::vector<fakecluster::OpenApiKind> kinds = TestKinds();
  kinds[0].schema["properties"]["spec"]["properties"]["extra"] = {{"type", "string"}};
  Json after = fakecluster::BuildOpenApiV3Index(kinds);
  EXPECT_NE(after["paths"]["apis/example.com/v1"], before["paths"]["apis/example.com/v1"]);
  EXPECT_EQ(after["paths"]["api/v1"], before["paths"]["api/v1"]);
  EXPECT_EQ(after["paths"]["apis/apps/v1"], before["paths"]["apis/apps/v1"]);
}

TEST(OpenApiV3Test, UnservedGroupVersionHasNoDocument) {
  EXPECT_TRUE(fakecluster::BuildOpenApiV3GroupVersion(TestKinds(), "batch", "v1").is_null());
  EXPECT_TRUE(fakecluster::BuildOpenApiV3GroupVersion(TestKinds(), "example.com", "v2").is_null());
}

TEST(OpenApiV3Test, DocumentHoldsOnlyItsGroupVersion) {
  Json doc = fakecluster::BuildOpenApiV3GroupVersion(TestKinds(), "apps", "v1");
  EXPECT_EQ(doc["openapi"], "3.0.0");
  EXPECT_TRUE(doc["info"].contains("title"));
  for (const std::string& path : Keys(doc["paths"])) {
    EXPECT_TRUE(path.starts_with("/apis/apps/v1/")) << path;
  }
  EXPECT_TRUE(doc["components"]["schemas"].contains("io.k8s.api.apps.v1.Deployment"));
  EXPECT_FALSE(doc["components"]["schemas"].contains("io.k8s.api.core.v1.ConfigMap"));
}

TEST(OpenApiV3Test, PatchOperationCarriesGroupVersionKindAndWriteParameters) {
  Json doc = fakecluster::BuildOpenApiV3GroupVersion(TestKinds(), "example.com", "v1");
  for (const char* path : {"/apis/example.com/v1/namespaces/{namespace}/gadgets/{name}",
                           "/apis/example.com/v1/namespaces/{namespace}/gadgets/{name}/status"}) {
    SCOPED_TRACE(path);
    const Json& patch = doc["paths"][path]["patch"];
    EXPECT_EQ(patch["x-kubernetes-group-version-kind"],
              Json::parse(R"({"group":"example.com","kind":"Gadget","version":"v1"})"));
    EXPECT_THAT(ParameterNames(patch),
                ElementsAre("dryRun", "fieldManager", "fieldValidation", "force"));
    EXPECT_THAT(Keys(patch["requestBody"]["content"]),
                ElementsAre("application/apply-patch+yaml", "application/json-patch+json",
                            "application/merge-patch+json"));
  }
  const Json& create = doc["paths"]["/apis/example.com/v1/namespaces/{namespace}/gadgets"]["post"];
  EXPECT_THAT(ParameterNames(create), ElementsAre("dryRun", "fieldManager", "fieldValidation"));
  EXPECT_EQ(create["requestBody"]["content"]["*/*"]["schema"]["$ref"],
            "#/components/schemas/com.example.v1.Gadget");
  const Json& parameter = create["parameters"][2];
  EXPECT_EQ(parameter["in"], "query");
  EXPECT_EQ(parameter["schema"]["type"], "string");
}

TEST(OpenApiV3Test, BuiltInPatchAcceptsStrategicMergeButPublishesNoKindSchema) {
  Json doc = fakecluster::BuildOpenApiV3GroupVersion(TestKinds(), "", "v1");
  const Json& patch = doc["paths"]["/api/v1/namespaces/{namespace}/configmaps/{name}"]["patch"];
  EXPECT_THAT(Keys(patch["requestBody"]["content"]),
              Contains("application/strategic-merge-patch+json"));
  EXPECT_EQ(patch["x-kubernetes-group-version-kind"]["kind"], "ConfigMap");
  // kubectl then finds no component for ConfigMap and computes the patch from its own types.
  for (const auto& [name, schema] : doc["components"]["schemas"].items()) {
    EXPECT_FALSE(schema.contains("x-kubernetes-group-version-kind")) << name;
  }
}

TEST(OpenApiV3Test, CustomKindComponentKeepsItsV3SchemaAndReferencesResolve) {
  Json doc = fakecluster::BuildOpenApiV3GroupVersion(TestKinds(), "example.com", "v1");
  const Json& schemas = doc["components"]["schemas"];
  const Json& gadget = schemas["com.example.v1.Gadget"];
  EXPECT_EQ(gadget["x-kubernetes-group-version-kind"],
            Json::parse(R"([{"group":"example.com","kind":"Gadget","version":"v1"}])"));
  // v3 can say nullable and oneOf: they stay.
  EXPECT_EQ(gadget["properties"]["spec"]["properties"]["note"]["nullable"], true);
  EXPECT_TRUE(gadget["properties"]["spec"]["properties"]["choice"].contains("oneOf"));
  EXPECT_EQ(gadget["properties"]["metadata"]["$ref"],
            "#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta");
  const std::string prefix = "#/components/schemas/";
  std::vector<const Json*> stack = {&doc};
  int refs = 0;
  while (!stack.empty()) {
    const Json* node = stack.back();
    stack.pop_back();
    if (node->is_object() && node->contains("$ref")) {
      std::string ref = (*node)["$ref"];
      ++refs;
      ASSERT_TRUE(ref.starts_with(prefix)) << ref;
      EXPECT_TRUE(schemas.contains(ref.substr(prefix.size()))) << ref;
    }
    if (node->is_structured()) {
      for (const Json& child : *node) stack.push_back(&child);
    }
  }
  EXPECT_GT(refs, 0);
  EXPECT_THAT(Keys(schemas), Not(Contains("io.k8s.api.core.v1.ConfigMap")));
}

}  // namespace
}  // namespace fakecluster_test
