// Object and ObjectView accessors (tolerant of missing and ill-typed fields, the same answers
// through a view as through an owning Object) and DumpedSize against dump().
#include "kube/object.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace kube {
namespace {

Json Sample() {
  return Json::parse(R"({
    "apiVersion": "apps/v1", "kind": "Deployment",
    "metadata": {"name": "web", "namespace": "demo", "uid": "u-1", "resourceVersion": "7",
                 "generation": 3, "deletionTimestamp": "2026-01-01T00:00:00Z",
                 "labels": {"app": "web", "bad": 1},
                 "annotations": {"a": "b"},
                 "finalizers": ["x", 2, "y"],
                 "ownerReferences": [{"apiVersion": "v1", "kind": "Pod", "name": "p",
                                      "uid": "o-1", "controller": true}]},
    "spec": {"replicas": 2}})");
}

TEST(ObjectViewTest, ReadsWhatObjectReads) {
  Json json = Sample();
  Object object(json);
  ObjectView view(json);
  EXPECT_EQ(view.ApiVersion(), object.ApiVersion());
  EXPECT_EQ(view.Gvk(), object.Gvk());
  EXPECT_EQ(view.Name(), "web");
  EXPECT_EQ(view.Namespace(), "demo");
  EXPECT_EQ(view.Key(), "demo/web");
  EXPECT_EQ(view.Uid(), "u-1");
  EXPECT_EQ(view.ResourceVersion(), "7");
  EXPECT_EQ(view.Generation(), 3);
  EXPECT_EQ(view.DeletionTimestamp(), std::optional<std::string>("2026-01-01T00:00:00Z"));
  EXPECT_EQ(view.Labels(), (std::map<std::string, std::string>{{"app", "web"}}));
  EXPECT_EQ(view.Annotation("a"), std::optional<std::string>("b"));
  EXPECT_EQ(view.Finalizers(), (std::vector<std::string>{"x", "y"}));
  ASSERT_EQ(view.OwnerReferences().size(), 1u);
  EXPECT_EQ(view.OwnerReferences()[0], object.OwnerReferences()[0]);
}

TEST(ObjectViewTest, SeesTheDocumentItViewsWithoutCopying) {
  Json json = Sample();
  ObjectView view(json);
  EXPECT_EQ(&view.json(), &json);
  json["metadata"]["name"] = "renamed";
  EXPECT_EQ(view.Name(), "renamed");
}

TEST(ObjectViewTest, ToleratesDocumentsThatAreNotObjects) {
  Json array = Json::array({1, 2});
  ObjectView view(array);
  EXPECT_EQ(view.Name(), "");
  EXPECT_TRUE(view.Metadata().is_object());
  EXPECT_FALSE(view.DeletionTimestamp().has_value());
  Json bad_metadata = {{"metadata", "text"}};
  EXPECT_EQ(ObjectView(bad_metadata).Key(), "");
}

TEST(DumpedSizeTest, EqualsTheLengthOfDump) {
  std::vector<Json> documents = {
      Sample(),
      Json(nullptr),
      Json::object(),
      Json::array(),
      Json("quote \" backslash \\ newline \n tab \t control \x01"),
      Json("unicode é ☃ 💩"),
      Json(-12345678901234LL),
      Json(18446744073709551615ULL),
      Json(0.1),
      Json(1e300),
      Json::parse(R"({"nested": [[], {}, [null, true, false, 1.5, "x"]]})"),
  };
  for (const Json& document : documents) {
    EXPECT_EQ(DumpedSize(document), document.dump().size()) << document.dump();
  }
}

TEST(DumpedSizeTest, CountsInvalidUtf8AsReplacementCharactersInsteadOfThrowing) {
  Json invalid = {{"name", std::string("web\xff\xfe")}};
  EXPECT_THROW((void)invalid.dump(), Json::type_error);
  EXPECT_EQ(DumpedSize(invalid),
            invalid.dump(-1, ' ', false, Json::error_handler_t::replace).size());
}

}  // namespace
}  // namespace kube
