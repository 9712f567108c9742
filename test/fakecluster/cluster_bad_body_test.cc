// Request bodies of the wrong shape (metadata a string, labels a list, a patch that is not an
// object...) through every verb: each is answered with a Status as kube-apiserver would (400
// when the body does not decode, 422 when a decoded field is invalid), never an exception.
#include <string>
#include <vector>

#include <fmt/format.h>

#include "cluster_fixture.h"

namespace fakecluster_test {
namespace {

// One body shape and the reasons the server may answer it with.
struct Shape {
  std::string name;
  std::string metadata;  // JSON of the `metadata` value
};

// Metadata values that a decoder of ObjectMeta rejects or that name invalid fields.
const std::vector<Shape>& BadMetadata() {
  static const std::vector<Shape> shapes = {
      {"metadata a string", R"("cm")"},
      {"metadata a list", R"(["cm"])"},
      {"metadata a number", R"(7)"},
      {"metadata true", R"(true)"},
      {"labels a string", R"({"name":"cm","labels":"a=b"})"},
      {"labels a list", R"({"name":"cm","labels":["a"]})"},
      {"label value a map", R"({"name":"cm","labels":{"a":{"b":"c"}}})"},
      {"annotations a list", R"({"name":"cm","annotations":["a"]})"},
      {"annotation value a number", R"({"name":"cm","annotations":{"a":1}})"},
      {"finalizers a string", R"({"name":"cm","finalizers":"x"})"},
      {"finalizers of numbers", R"({"name":"cm","finalizers":[1]})"},
      {"ownerReferences a map", R"({"name":"cm","ownerReferences":{"a":1}})"},
      {"ownerReferences of strings", R"({"name":"cm","ownerReferences":["x"]})"},
      {"name a map", R"({"name":{"a":1}})"},
      {"namespace a number", R"({"name":"cm","namespace":3})"},
      {"resourceVersion a number", R"({"name":"cm","resourceVersion":3})"},
      {"uid a list", R"({"name":"cm","uid":[1]})"},
      {"generateName a number", R"({"generateName":3})"},
      {"managedFields a string", R"({"name":"cm","managedFields":"x"})"},
      {"managedFields of strings", R"({"name":"cm","managedFields":["x"]})"},
      {"generation a string", R"({"name":"cm","generation":"1"})"},
      {"creationTimestamp a map", R"({"name":"cm","creationTimestamp":{}})"},
      {"deletionTimestamp a number", R"({"name":"cm","deletionTimestamp":1})"},
  };
  return shapes;
}

bool IsClientError(const kube::Status& status) {
  return status.reason() == kube::StatusReason::kBadRequest ||
         status.reason() == kube::StatusReason::kInvalid;
}

class BadBodyTest : public ClusterTest {
 protected:
  BadBodyTest() {
    MustCreate(ConfigMap("default", "cm", {{"a", "1"}}));
    MustCreate(Repository("default", "repo"));
    rv_ = cluster().CurrentResourceVersion();
  }

  // A ConfigMap (built-in) or Repository (custom) body with `metadata` replaced.
  static Json Body(const kube::GroupVersionKind& gvk, const std::string& metadata) {
    Json body = {{"apiVersion", gvk.ApiVersion()}, {"kind", gvk.kind}};
    body["metadata"] = Json::parse(metadata);
    return body;
  }

  // Checks that nothing was written by the rejected request.
  void ExpectNothingStored(const std::string& what) {
    EXPECT_EQ(cluster().CurrentResourceVersion(), rv_) << what << ": a rejected request wrote";
  }

  uint64_t rv_ = 0;
};

const std::vector<kube::GroupVersionKind>& Kinds() {
  static const std::vector<kube::GroupVersionKind> kinds = {kConfigMapGvk, kRepositoryGvk};
  return kinds;
}

TEST_F(BadBodyTest, CreateAnswersEveryBadMetadataWithAClientError) {
  for (const auto& gvk : Kinds()) {
    for (const Shape& shape : BadMetadata()) {
      std::string what = gvk.kind + ", " + shape.name;
      kube::Status status;
      ASSERT_NO_THROW(status =
                          cluster().Create(kube::Object(Body(gvk, shape.metadata)), {}).status())
          << what;
      EXPECT_FALSE(status.ok()) << what << " was accepted";
      EXPECT_TRUE(IsClientError(status)) << what << ": " << status.ToString();
      ExpectNothingStored(what);
    }
  }
}

TEST_F(BadBodyTest, UpdateAnswersEveryBadMetadataWithAClientError) {
  for (const auto& gvk : Kinds()) {
    for (const Shape& shape : BadMetadata()) {
      std::string what = gvk.kind + ", " + shape.name;
      kube::Object request(Body(gvk, shape.metadata));
      kube::Status status;
      ASSERT_NO_THROW(status = cluster().Update(request, {}).status()) << what;
      EXPECT_FALSE(status.ok()) << what << " was accepted";
      // A body without a usable name names no object: 404 is what the server answers then.
      EXPECT_TRUE(IsClientError(status) || status.reason() == kube::StatusReason::kNotFound)
          << what << ": " << status.ToString();
      ExpectNothingStored(what);
    }
  }
}

TEST_F(BadBodyTest, MergeAndApplyPatchesAnswerEveryBadMetadataWithAClientError) {
  for (const auto& gvk : Kinds()) {
    std::string name = gvk.kind == "ConfigMap" ? "cm" : "repo";
    for (const Shape& shape : BadMetadata()) {
      for (kube::PatchType type :
           {kube::PatchType::kMerge, kube::PatchType::kApply, kube::PatchType::kStrategicMerge}) {
        if (type == kube::PatchType::kStrategicMerge && gvk.kind != "ConfigMap") continue;
        std::string what =
            fmt::format("{}, {} patch, {}", gvk.kind, static_cast<int>(type), shape.name);
        Json body = Body(gvk, shape.metadata);
        if (type != kube::PatchType::kApply) body.erase("apiVersion"), body.erase("kind");
        kube::PatchOptions options;
        options.field_manager = "tester";
        kube::Status status;
        ASSERT_NO_THROW(
            status = cluster().Patch(gvk, "default", name, type, body.dump(), options).status())
            << what;
        // Fields the merge fills from storage (uid, generation...) may be accepted as the
        // server accepts them; what a patch may never do is throw or store a bad shape.
        if (status.ok()) {
          kube::Object stored = MustGet(gvk, "default", name);
          EXPECT_TRUE(stored.json()["metadata"].is_object()) << what;
          rv_ = cluster().CurrentResourceVersion();
          continue;
        }
        EXPECT_TRUE(IsClientError(status) || status.reason() == kube::StatusReason::kConflict)
            << what << ": " << status.ToString();
        ExpectNothingStored(what);
      }
    }
  }
}

TEST_F(BadBodyTest, ApplyPatchWithMetadataAStringIsBadRequest) {
  kube::PatchOptions options;
  options.field_manager = "tester";
  auto patched =
      cluster().Patch(kConfigMapGvk, "default", "cm", kube::PatchType::kApply,
                      R"({"apiVersion":"v1","kind":"ConfigMap","metadata":"cm"})", options);
  EXPECT_THAT(patched, kube::StatusIs(kube::StatusReason::kBadRequest));
  // The same against an object that does not exist yet (the apply would create it).
  patched = cluster().Patch(kRepositoryGvk, "default", "new", kube::PatchType::kApply,
                            R"({"apiVersion":"stash.appscode.com/v1alpha1","kind":"Repository",)"
                            R"("metadata":["x"]})",
                            options);
  EXPECT_THAT(patched, kube::StatusIs(kube::StatusReason::kBadRequest));
  ExpectNothingStored("apply");
}

// A field manager holding invalid UTF-8 (a query parameter is raw bytes) is recorded as Go would
// store it, each bad byte U+FFFD, and the object still reads back: found by fuzz_http_request,
// where reading the object back used to throw.
TEST_F(BadBodyTest, FieldManagerWithInvalidUtf8IsRecordedAsReplacementCharacters) {
  kube::PatchOptions options;
  options.field_manager = "fuzz\xA6";
  auto patched =
      cluster().Patch(kConfigMapGvk, "default", "cm", kube::PatchType::kApply,
                      R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"cm"},)"
                      R"("data":{"b":"2"}})",
                      options);
  ASSERT_TRUE(patched.ok()) << patched.status().ToString();
  auto read = cluster().Get(kConfigMapGvk, "default", "cm");
  ASSERT_TRUE(read.ok());
  bool found = false;
  for (const auto& entry : read->json()["metadata"]["managedFields"]) {
    if (entry.value("manager", "") == "fuzz\xEF\xBF\xBD") found = true;
  }
  EXPECT_TRUE(found) << read->json()["metadata"]["managedFields"].dump();
  EXPECT_NO_THROW((void)read->json().dump());
}

// Whole bodies of the wrong shape for each patch type.
TEST_F(BadBodyTest, PatchBodiesOfTheWrongShapeAreClientErrors) {
  const std::vector<std::pair<kube::PatchType, std::string>> bodies = {
      {kube::PatchType::kMerge, "[]"},
      {kube::PatchType::kMerge, R"("text")"},
      {kube::PatchType::kMerge, "3"},
      {kube::PatchType::kMerge, "null"},
      {kube::PatchType::kMerge, R"({"metadata":"x"})"},
      {kube::PatchType::kMerge, R"({"metadata":{"name":7}})"},
      {kube::PatchType::kMerge, "{not json"},
      {kube::PatchType::kJson, "{}"},
      {kube::PatchType::kJson, "[1]"},
      {kube::PatchType::kJson, R"([{"op":"add"}])"},
      {kube::PatchType::kJson, R"([{"op":"add","path":"/metadata","value":"x"}])"},
      {kube::PatchType::kJson, R"([{"op":"replace","path":"","value":[]}])"},
      {kube::PatchType::kJson, R"([{"op":"add","path":7,"value":1}])"},
      {kube::PatchType::kStrategicMerge, "[]"},
      {kube::PatchType::kStrategicMerge, R"({"metadata":"x"})"},
      {kube::PatchType::kStrategicMerge, R"({"metadata":{"labels":"x"}})"},
      {kube::PatchType::kStrategicMerge, R"({"$patch":"replace"})"},
      {kube::PatchType::kStrategicMerge, R"({"metadata":{"$patch":"delete"}})"},
      {kube::PatchType::kApply, "[]"},
      {kube::PatchType::kApply, "a: [b"},
      {kube::PatchType::kApply, R"({"apiVersion":"v1","kind":"ConfigMap","metadata":null})"},
      {kube::PatchType::kApply, R"({"apiVersion":7,"kind":"ConfigMap"})"},
      {kube::PatchType::kApply, R"({"apiVersion":"v1","kind":["ConfigMap"]})"},
      {kube::PatchType::kApply,
       R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"labels":"x"}})"},
      {kube::PatchType::kApply, R"({"apiVersion":"v1","kind":"ConfigMap","data":"x"})"},
  };
  kube::PatchOptions options;
  options.field_manager = "tester";
  for (const auto& [type, body] : bodies) {
    std::string what = fmt::format("patch type {} body {}", static_cast<int>(type), body);
    kube::Status status;
    ASSERT_NO_THROW(
        status = cluster().Patch(kConfigMapGvk, "default", "cm", type, body, options).status())
        << what;
    if (status.ok()) {
      EXPECT_TRUE(MustGet(kConfigMapGvk, "default", "cm").json()["metadata"].is_object()) << what;
      rv_ = cluster().CurrentResourceVersion();
      continue;
    }
    // A conflict with the field manager that created the object is the apply's own answer.
    EXPECT_TRUE(IsClientError(status) ||
                status.reason() == kube::StatusReason::kUnsupportedMediaType ||
                status.reason() == kube::StatusReason::kConflict)
        << what << ": " << status.ToString();
    ExpectNothingStored(what);
  }
}

TEST_F(BadBodyTest, DeleteOfOddNamesIsAStatus) {
  for (const std::string& name :
       std::vector<std::string>{"", "a/b", "..", std::string(300, 'x'), std::string("nul\0x", 5)}) {
    kube::Status status;
    ASSERT_NO_THROW(status = cluster().Delete(kConfigMapGvk, "default", name, {})) << name;
    EXPECT_FALSE(status.ok()) << name;
  }
}

}  // namespace
}  // namespace fakecluster_test
