// The pure pieces of the HTTP front: path parsing, query parameters, content negotiation,
// discovery documents, version priority, printer columns and tables.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "discovery.h"
#include "http_params.h"
#include "request_info.h"
#include "status_matchers.h"
#include "table.h"

namespace fakecluster::http {
namespace {

using ::kube::IsOk;
using ::kube::Json;
using ::kube::StatusIs;
using ::kube::StatusReason;

TEST(ParseRequestPath, NamespacedObjectOfAGroup) {
  RequestInfo info = ParseRequestPath("/apis/apps/v1/namespaces/demo/deployments/web/status");
  EXPECT_EQ(info.kind, PathKind::kResource);
  EXPECT_EQ(info.group, "apps");
  EXPECT_EQ(info.version, "v1");
  EXPECT_EQ(info.namespace_name, "demo");
  EXPECT_EQ(info.resource, "deployments");
  EXPECT_EQ(info.name, "web");
  EXPECT_EQ(info.subresource, "status");
}

TEST(ParseRequestPath, CoreCollectionsAndNamespaces) {
  RequestInfo all = ParseRequestPath("/api/v1/configmaps");
  EXPECT_EQ(all.kind, PathKind::kResource);
  EXPECT_EQ(all.resource, "configmaps");
  EXPECT_EQ(all.namespace_name, "");

  RequestInfo ns = ParseRequestPath("/api/v1/namespaces/demo");
  EXPECT_EQ(ns.resource, "namespaces");
  EXPECT_EQ(ns.name, "demo");
  EXPECT_EQ(ns.namespace_name, "");

  RequestInfo ns_status = ParseRequestPath("/api/v1/namespaces/demo/status");
  EXPECT_EQ(ns_status.resource, "namespaces");
  EXPECT_EQ(ns_status.name, "demo");
  EXPECT_EQ(ns_status.subresource, "status");

  RequestInfo in_ns = ParseRequestPath("/api/v1/namespaces/demo/configmaps");
  EXPECT_EQ(in_ns.resource, "configmaps");
  EXPECT_EQ(in_ns.namespace_name, "demo");
  EXPECT_EQ(in_ns.name, "");
}

TEST(ParseRequestPath, LegacyWatchPrefixAndDocuments) {
  RequestInfo watch = ParseRequestPath("/api/v1/watch/namespaces/demo/pods");
  EXPECT_TRUE(watch.legacy_watch);
  EXPECT_EQ(watch.resource, "pods");
  EXPECT_EQ(ParseRequestPath("/version").kind, PathKind::kVersion);
  EXPECT_EQ(ParseRequestPath("/healthz/ping").kind, PathKind::kHealth);
  EXPECT_EQ(ParseRequestPath("/api").kind, PathKind::kCoreVersions);
  EXPECT_EQ(ParseRequestPath("/apis").kind, PathKind::kGroups);
  EXPECT_EQ(ParseRequestPath("/apis/apps").kind, PathKind::kGroup);
  EXPECT_EQ(ParseRequestPath("/apis/apps/v1").kind, PathKind::kResourceList);
  EXPECT_EQ(ParseRequestPath("/openapi/v2").kind, PathKind::kOpenApiV2);
  EXPECT_EQ(ParseRequestPath("/openapi/v3").kind, PathKind::kOpenApiV3Index);
  RequestInfo doc = ParseRequestPath("/openapi/v3/apis/apps/v1");
  EXPECT_EQ(doc.kind, PathKind::kOpenApiV3Doc);
  EXPECT_EQ(doc.group, "apps");
}

TEST(ParseRequestPath, RejectsNonsense) {
  EXPECT_EQ(ParseRequestPath("/").kind, PathKind::kUnknown);
  EXPECT_EQ(ParseRequestPath("/nope").kind, PathKind::kUnknown);
  EXPECT_EQ(ParseRequestPath("/api/v1/namespaces/a/pods/b/status/extra").kind, PathKind::kUnknown);
  EXPECT_EQ(ParseRequestPath("/api/v1/pods/%zz").kind, PathKind::kUnknown);
  EXPECT_EQ(ParseRequestPath(std::string(100000, '/')).kind, PathKind::kUnknown);
}

TEST(HttpParams, ListAndWatchOptions) {
  QueryParams query = {{"labelSelector", "app=web"}, {"limit", "5"}, {"continue", "abc"}};
  auto list = ListOptionsFrom(query, "demo");
  ASSERT_THAT(list, IsOk());
  EXPECT_EQ(list->label_selector, "app=web");
  EXPECT_EQ(list->limit, 5);
  EXPECT_EQ(list->namespace_name, "demo");
  EXPECT_THAT(ListOptionsFrom({{"limit", "five"}}, ""), StatusIs(StatusReason::kBadRequest));

  auto watch = WatchOptionsFrom({{"allowWatchBookmarks", "true"},
                                 {"sendInitialEvents", "1"},
                                 {"timeoutSeconds", "30"},
                                 {"resourceVersion", "12"}},
                                "");
  ASSERT_THAT(watch, IsOk());
  EXPECT_TRUE(watch->allow_bookmarks);
  EXPECT_TRUE(watch->send_initial_events);
  EXPECT_EQ(watch->timeout_seconds, 30);
  EXPECT_EQ(watch->resource_version, "12");
  auto python_style = WatchOptionsFrom({{"allowWatchBookmarks", "True"}}, "");
  ASSERT_THAT(python_style, IsOk());
  EXPECT_TRUE(python_style->allow_bookmarks);
  EXPECT_THAT(WatchOptionsFrom({{"allowWatchBookmarks", "yes"}}, ""),
              StatusIs(StatusReason::kBadRequest));
  EXPECT_THAT(WatchOptionsFrom({{"timeoutSeconds", "-1"}}, ""),
              StatusIs(StatusReason::kBadRequest));
}

TEST(HttpParams, WriteAndDeleteOptions) {
  auto write = WriteOptionsFrom({{"dryRun", "All"}, {"fieldValidation", "Strict"}}, "kubectl");
  ASSERT_THAT(write, IsOk());
  EXPECT_TRUE(write->dry_run);
  EXPECT_EQ(write->field_validation, kube::FieldValidation::kStrict);
  EXPECT_EQ(write->field_manager, "kubectl");
  EXPECT_THAT(WriteOptionsFrom({{"dryRun", "Some"}}, ""), StatusIs(StatusReason::kBadRequest));
  EXPECT_THAT(WriteOptionsFrom({{"fieldValidation", "Loud"}}, ""),
              StatusIs(StatusReason::kBadRequest));

  auto from_query = DeleteOptionsFrom({{"propagationPolicy", "Foreground"}}, "");
  ASSERT_THAT(from_query, IsOk());
  EXPECT_EQ(from_query->propagation, kube::PropagationPolicy::kForeground);
  auto from_body = DeleteOptionsFrom(
      {}, R"({"propagationPolicy":"Orphan","preconditions":{"uid":"u1"},"dryRun":["All"]})");
  ASSERT_THAT(from_body, IsOk());
  EXPECT_EQ(from_body->propagation, kube::PropagationPolicy::kOrphan);
  EXPECT_EQ(from_body->precondition_uid, "u1");
  EXPECT_TRUE(from_body->dry_run);
  EXPECT_THAT(DeleteOptionsFrom({{"propagationPolicy", "Sideways"}}, ""),
              StatusIs(StatusReason::kInvalid));
  EXPECT_THAT(DeleteOptionsFrom({}, "{not json"), StatusIs(StatusReason::kBadRequest));
}

TEST(HttpParams, NegotiatesJsonAndTables) {
  EXPECT_EQ(NegotiateResponse(""), ResponseForm::kJson);
  EXPECT_EQ(NegotiateResponse("application/json"), ResponseForm::kJson);
  EXPECT_EQ(NegotiateResponse("*/*"), ResponseForm::kJson);
  EXPECT_EQ(NegotiateResponse("application/json;as=Table;v=v1;g=meta.k8s.io,application/json;"
                              "as=Table;v=v1beta1;g=meta.k8s.io,application/json"),
            ResponseForm::kTable);
  EXPECT_EQ(NegotiateResponse("application/vnd.kubernetes.protobuf, application/json"),
            ResponseForm::kJson);
  EXPECT_EQ(NegotiateResponse("application/vnd.kubernetes.protobuf"), std::nullopt);
  EXPECT_EQ(NegotiateResponse("application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1"),
            std::nullopt);
}

TEST(HttpParams, DecodesBodiesAndRefusesWhatItCannot) {
  EXPECT_THAT(DecodeBody("application/json", R"({"a":1})"), IsOk());
  auto yaml = DecodeBody("application/yaml", "a: 1\nb: [x]\n");
  ASSERT_THAT(yaml, IsOk());
  EXPECT_EQ((*yaml)["b"][0], "x");
  EXPECT_THAT(DecodeBody("application/json", "{\"a\":"), StatusIs(StatusReason::kBadRequest));
  EXPECT_THAT(DecodeBody("application/json", "[1,2]"), StatusIs(StatusReason::kBadRequest));
  EXPECT_THAT(DecodeBody("application/vnd.kubernetes.protobuf", "\x0a"),
              StatusIs(StatusReason::kUnsupportedMediaType));
  std::string deep(5000, '[');
  EXPECT_THAT(DecodeBody("application/json", deep),
              StatusIs(StatusReason::kBadRequest, ::testing::HasSubstr("deeper than")));
  EXPECT_EQ(JsonNestingDepth(R"({"a":"[[[[","b":[{}]})"), 3u);
  EXPECT_EQ(ManagerFromUserAgent("kubectl/v1.30.0 (linux/amd64) kubernetes/abc"), "kubectl");
  EXPECT_EQ(ManagerFromUserAgent(""), "unknown");
}

TEST(Discovery, VersionPriorityFollowsKubernetes) {
  std::vector<std::string> versions = {"v1beta1", "v1",       "v2alpha1", "v2",
                                       "foo",     "v1alpha1", "v11beta2", "v10"};
  std::sort(versions.begin(), versions.end(),
            [](const auto& a, const auto& b) { return VersionHigherPriority(a, b); });
  EXPECT_THAT(versions, ::testing::ElementsAre("v10", "v2", "v1", "v11beta2", "v1beta1", "v2alpha1",
                                               "v1alpha1", "foo"));
}

TEST(Discovery, ResourceListsAndGroups) {
  kube::KindRegistry kinds = kube::KindRegistry::WithBuiltIns();
  auto apps = ApiResourceList(kinds, "apps", "v1");
  ASSERT_TRUE(apps.has_value());
  EXPECT_EQ((*apps)["groupVersion"], "apps/v1");
  bool deployments = false, deployments_status = false;
  for (const auto& r : (*apps)["resources"]) {
    if (r["name"] == "deployments") {
      deployments = true;
      EXPECT_EQ(r["kind"], "Deployment");
      EXPECT_EQ(r["namespaced"], true);
      EXPECT_THAT(r["shortNames"].get<std::vector<std::string>>(), ::testing::Contains("deploy"));
    }
    if (r["name"] == "deployments/status") deployments_status = true;
  }
  EXPECT_TRUE(deployments);
  EXPECT_TRUE(deployments_status);
  EXPECT_FALSE(ApiResourceList(kinds, "apps", "v9").has_value());
  EXPECT_FALSE(ApiGroup(kinds, "nope.example.com").has_value());
  Json groups = ApiGroupList(kinds);
  EXPECT_EQ(groups["kind"], "APIGroupList");
  EXPECT_FALSE(groups["groups"].empty());
  EXPECT_EQ(CoreApiVersions("127.0.0.1:1")["versions"][0], "v1");
}

TEST(Table, PrinterColumnsFromACrd) {
  Json crd = {{"spec",
               {{"versions",
                 {{{"name", "v1"},
                   {"additionalPrinterColumns",
                    {{{"name", "Schedule"}, {"type", "string"}, {"jsonPath", ".spec.schedule"}},
                     {{"name", "Ready"},
                      {"type", "string"},
                      {"jsonPath", ".status.conditions[?(@.type==\"Ready\")].status"}},
                     {{"name", "First"}, {"type", "integer"}, {"jsonPath", ".spec.items[0]"}},
                     {{"name", "Age"},
                      {"type", "date"},
                      {"jsonPath", ".metadata.creationTimestamp"}}}}}}}}}};
  auto columns = CrdPrinterColumns(crd, "v1");
  ASSERT_EQ(columns.size(), 4u);
  Json object = {
      {"metadata", {{"name", "x"}, {"creationTimestamp", "2024-01-01T00:00:00Z"}}},
      {"spec", {{"schedule", "*/5 * * * *"}, {"items", {7, 8}}}},
      {"status",
       {{"conditions",
         {{{"type", "Other"}, {"status", "False"}}, {{"type", "Ready"}, {"status", "True"}}}}}}};
  kube::TimeMillis now = 1704067200000 + 3 * 60 * 60 * 1000;  // three hours later
  Json table = BuildTable(columns, {object}, now, IncludeObject::kMetadata, "42", "");
  EXPECT_EQ(table["kind"], "Table");
  ASSERT_EQ(table["columnDefinitions"].size(), 5u);
  EXPECT_EQ(table["columnDefinitions"][0]["name"], "Name");
  EXPECT_EQ(table["columnDefinitions"][0]["format"], "name");
  Json cells = table["rows"][0]["cells"];
  EXPECT_EQ(cells, Json({"x", "*/5 * * * *", "True", 7, "3h"}));
  EXPECT_EQ(table["rows"][0]["object"]["kind"], "PartialObjectMetadata");
  EXPECT_EQ(table["rows"][0]["object"]["metadata"]["name"], "x");
  EXPECT_EQ(table["metadata"]["resourceVersion"], "42");
  // A CRD version without columns gets Age.
  auto defaults = CrdPrinterColumns(crd, "v2");
  ASSERT_EQ(defaults.size(), 1u);
  EXPECT_EQ(defaults[0].name, "Age");
}

TEST(Table, PathsThatFindNothingAndBadPaths) {
  Json object = {{"a", {{"b", 1}}}};
  EXPECT_EQ(EvaluatePrinterPath(object, ".a.b"), Json(1));
  EXPECT_EQ(EvaluatePrinterPath(object, "{.a.b}"), Json(1));
  EXPECT_EQ(EvaluatePrinterPath(object, ".a.c"), std::nullopt);
  EXPECT_EQ(EvaluatePrinterPath(object, ".a[3]"), std::nullopt);
  EXPECT_EQ(EvaluatePrinterPath(object, "a.b"), std::nullopt);
  EXPECT_EQ(EvaluatePrinterPath(object, ".a[?(@.x=="), std::nullopt);
}

TEST(Table, HumanDurationMatchesKubectl) {
  EXPECT_EQ(HumanDuration(-5000), "<invalid>");
  EXPECT_EQ(HumanDuration(-500), "0s");
  EXPECT_EQ(HumanDuration(45 * 1000), "45s");
  EXPECT_EQ(HumanDuration(5 * 60 * 1000 + 10 * 1000), "5m10s");
  EXPECT_EQ(HumanDuration(6 * 60 * 1000), "6m");
  EXPECT_EQ(HumanDuration(90 * 60 * 1000), "90m");
  EXPECT_EQ(HumanDuration(int64_t{5} * 3600 * 1000 + 30 * 60 * 1000), "5h30m");
  EXPECT_EQ(HumanDuration(int64_t{30} * 3600 * 1000), "30h");
  EXPECT_EQ(HumanDuration(int64_t{52} * 3600 * 1000), "2d4h");
  EXPECT_EQ(HumanDuration(int64_t{400} * 24 * 3600 * 1000), "400d");
  EXPECT_EQ(HumanDuration(int64_t{3 * 365 + 20} * 24 * 3600 * 1000), "3y20d");
}

}  // namespace
}  // namespace fakecluster::http
