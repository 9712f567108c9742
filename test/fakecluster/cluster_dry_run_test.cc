// Dry runs (fake-apiserver.md 1.x, `dryRun=All`): every write verb validates, defaults, prunes
// and answers exactly as the real write would (same body, same errors), and stores nothing: no
// resourceVersion bump, no watch event, no write-log entry.
#include <string>

#include "cluster_fixture.h"

namespace fakecluster_test {
namespace {

// The answer without what differs between any two writes (uid, times, resourceVersion).
Json Comparable(const kube::Object& object) {
  Json json = object.json();
  Json& metadata = json["metadata"];
  for (const char* field : {"uid", "resourceVersion", "creationTimestamp"}) metadata.erase(field);
  if (metadata.contains("managedFields")) {
    for (auto& entry : metadata["managedFields"]) entry.erase("time");
  }
  return json;
}

// Two clusters with the same history: the dry run goes to one, the real write to the other.
class DryRunTest : public ::testing::Test {
 protected:
  DryRunTest() { Rebuild(); }

  // Two fresh clusters with the same objects, and watches on the dry one.
  void Rebuild() {
    config_maps_.reset();
    widgets_.reset();
    dry_cluster_ =
        std::make_unique<fakecluster::FakeCluster>(clock_, fakecluster::ClusterOptions{});
    real_cluster_ =
        std::make_unique<fakecluster::FakeCluster>(clock_, fakecluster::ClusterOptions{});
    for (fakecluster::FakeCluster* cluster : {dry_cluster_.get(), real_cluster_.get()}) {
      EXPECT_OK(cluster->Create(ConfigMap("default", "cm", {{"a", "1"}})));
      EXPECT_OK(cluster->Create(Repository("default", "repo", "one")));
      EXPECT_OK(cluster->Create(WidgetCrd()));
      EXPECT_OK(cluster->Create(Widget("default", "w", {{"size", 1}})));
    }
    Snapshot();
  }

  // Remembers the dry cluster's state and starts watching from it.
  void Snapshot() {
    rv_ = DryCluster().CurrentResourceVersion();
    log_size_ = DryCluster().WriteLog().size();
    store_ = DryCluster().DumpStore();
    auto stream = DryCluster().Watch(kConfigMapGvk, WatchFrom(std::to_string(rv_)));
    EXPECT_OK(stream);
    if (stream.ok()) config_maps_ = std::move(*stream);
    auto widgets = DryCluster().Watch(kWidgetGvk, WatchFrom(std::to_string(rv_)));
    EXPECT_OK(widgets);
    if (widgets.ok()) widgets_ = std::move(*widgets);
  }

  static kube::WriteOptions DryWrite() {
    kube::WriteOptions options;
    options.dry_run = true;
    return options;
  }
  static kube::PatchOptions DryPatch(std::string manager = "") {
    kube::PatchOptions options;
    options.dry_run = true;
    options.field_manager = std::move(manager);
    options.force = true;
    return options;
  }

  void ExpectNothingStored() {
    EXPECT_EQ(DryCluster().CurrentResourceVersion(), rv_);
    EXPECT_EQ(DryCluster().WriteLog().size(), log_size_);
    EXPECT_EQ(DryCluster().DumpStore(), store_);
    EXPECT_THAT(DrainDescribed(*config_maps_), ::testing::IsEmpty());
    EXPECT_THAT(DrainDescribed(*widgets_), ::testing::IsEmpty());
  }

  kube::Object Current(fakecluster::FakeCluster& cluster, const kube::GroupVersionKind& gvk,
                       const std::string& name) {
    auto got = cluster.Get(gvk, "default", name);
    EXPECT_OK(got);
    return got.ok() ? *got : kube::Object();
  }

  fakecluster::FakeCluster& DryCluster() { return *dry_cluster_; }
  fakecluster::FakeCluster& RealCluster() { return *real_cluster_; }

  kube::VirtualClock clock_;
  std::unique_ptr<fakecluster::FakeCluster> dry_cluster_;
  std::unique_ptr<fakecluster::FakeCluster> real_cluster_;

  uint64_t rv_ = 0;
  size_t log_size_ = 0;
  std::string store_;
  std::unique_ptr<kube::WatchStream> config_maps_;
  std::unique_ptr<kube::WatchStream> widgets_;
};

TEST_F(DryRunTest, UpdateAnswersWhatTheUpdateWould) {
  kube::Object request = Current(DryCluster(), kWidgetGvk, "w");
  request.json()["spec"] = {{"size", 2}, {"unknownField", true}};  // pruned
  request.json()["metadata"]["generation"] = 40;                   // server-owned
  auto dry = DryCluster().Update(request, DryWrite());
  auto real = RealCluster().Update(request, {});
  ASSERT_OK(dry);
  ASSERT_OK(real);
  EXPECT_EQ(Comparable(*dry), Comparable(*real));
  EXPECT_EQ(dry->json()["spec"], (Json{{"size", 2}}));
  EXPECT_EQ(dry->Generation(), 2);
  ExpectNothingStored();
}

TEST_F(DryRunTest, InvalidUpdateIsRejectedInTheDryRunWithTheSameStatus) {
  kube::Object request = Current(DryCluster(), kWidgetGvk, "w");
  request.json()["spec"] = {{"size", 0}, {"color", "purple"}};
  auto dry = DryCluster().Update(request, DryWrite());
  auto real = RealCluster().Update(request, {});
  EXPECT_THAT(dry, kube::StatusIs(kube::StatusReason::kInvalid));
  EXPECT_EQ(dry.status(), real.status());
  // Metadata validation too.
  request = Current(DryCluster(), kConfigMapGvk, "cm");
  request.json()["metadata"]["labels"] = {{"bad key!", "x"}};
  dry = DryCluster().Update(request, DryWrite());
  real = RealCluster().Update(request, {});
  EXPECT_THAT(dry, kube::StatusIs(kube::StatusReason::kInvalid));
  EXPECT_EQ(dry.status(), real.status());
  ExpectNothingStored();
}

TEST_F(DryRunTest, StatusUpdateAnswersWhatTheUpdateWould) {
  kube::Object request = Current(DryCluster(), kWidgetGvk, "w");
  request.json()["status"] = {{"ready", true}, {"extra", 1}};
  auto dry = DryCluster().UpdateStatus(request, DryWrite());
  auto real = RealCluster().UpdateStatus(request, {});
  ASSERT_OK(dry);
  ASSERT_OK(real);
  EXPECT_EQ(Comparable(*dry), Comparable(*real));
  EXPECT_EQ(dry->json()["status"], (Json{{"ready", true}}));
  ExpectNothingStored();
}

TEST_F(DryRunTest, EveryPatchTypeAnswersWhatThePatchWould) {
  struct Case {
    kube::GroupVersionKind gvk;
    std::string name;
    kube::PatchType type;
    std::string body;
  };
  const Case cases[] = {
      {kWidgetGvk, "w", kube::PatchType::kMerge, R"({"spec":{"size":3,"junk":1}})"},
      {kWidgetGvk, "w", kube::PatchType::kJson,
       R"([{"op":"add","path":"/spec/color","value":"red"},{"op":"add","path":"/spec/junk","value":1}])"},
      {kConfigMapGvk, "cm", kube::PatchType::kStrategicMerge, R"({"data":{"b":"2"}})"},
      {kWidgetGvk, "w", kube::PatchType::kApply,
       R"({"apiVersion":"example.com/v1","kind":"Widget","spec":{"size":5,"junk":2}})"},
      {kWidgetGvk, "new", kube::PatchType::kApply,
       R"({"apiVersion":"example.com/v1","kind":"Widget","spec":{"size":6,"junk":2}})"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.body);
    auto dry = DryCluster().Patch(c.gvk, "default", c.name, c.type, c.body, DryPatch("tester"));
    kube::PatchOptions real_options;
    real_options.field_manager = "tester";
    real_options.force = true;
    auto real = RealCluster().Patch(c.gvk, "default", c.name, c.type, c.body, real_options);
    ASSERT_OK(dry);
    ASSERT_OK(real);
    EXPECT_EQ(Comparable(*dry), Comparable(*real));
    EXPECT_FALSE(dry->json()["spec"].contains("junk")) << "the dry run did not prune";
    ExpectNothingStored();
    Rebuild();  // the next case starts from equal clusters again
  }
}

TEST_F(DryRunTest, InvalidPatchesAreRejectedInTheDryRunWithTheSameStatus) {
  const std::pair<kube::PatchType, std::string> patches[] = {
      {kube::PatchType::kMerge, R"({"spec":{"size":0}})"},
      {kube::PatchType::kJson, R"([{"op":"replace","path":"/spec/color","value":"purple"}])"},
      {kube::PatchType::kApply,
       R"({"apiVersion":"example.com/v1","kind":"Widget","spec":{"size":-1}})"},
      {kube::PatchType::kMerge, R"({"metadata":{"labels":{"bad key!":"x"}}})"},
  };
  for (const auto& [type, body] : patches) {
    SCOPED_TRACE(body);
    auto dry = DryCluster().Patch(kWidgetGvk, "default", "w", type, body, DryPatch("tester"));
    kube::PatchOptions real_options;
    real_options.field_manager = "tester";
    real_options.force = true;
    auto real = RealCluster().Patch(kWidgetGvk, "default", "w", type, body, real_options);
    EXPECT_FALSE(dry.ok());
    EXPECT_FALSE(real.ok());
    EXPECT_EQ(dry.status(), real.status());
    ExpectNothingStored();
  }
}

TEST_F(DryRunTest, CreateAnswersWhatTheCreateWould) {
  kube::Object widget = Widget("default", "fresh", {{"size", 2}, {"junk", 1}});
  auto dry = DryCluster().Create(widget, DryWrite());
  auto real = RealCluster().Create(widget, {});
  ASSERT_OK(dry);
  ASSERT_OK(real);
  EXPECT_EQ(Comparable(*dry), Comparable(*real));
  EXPECT_EQ(dry->Generation(), 1);
  ExpectNothingStored();
  auto invalid = Widget("default", "bad", {{"size", 0}});
  EXPECT_EQ(DryCluster().Create(invalid, DryWrite()).status(),
            RealCluster().Create(invalid, {}).status());
  ExpectNothingStored();
}

TEST_F(DryRunTest, UpdateThatEmptiesTheFinalizersOfADeletingObjectKeepsIt) {
  for (fakecluster::FakeCluster* cluster : {&DryCluster(), &RealCluster()}) {
    kube::Object cm = ConfigMap("default", "held");
    cm.json()["metadata"]["finalizers"] = {"example.com/hold"};
    ASSERT_OK(cluster->Create(cm));
    ASSERT_OK(cluster->Delete(kConfigMapGvk, "default", "held", {}));
  }
  rv_ = DryCluster().CurrentResourceVersion();
  log_size_ = DryCluster().WriteLog().size();
  store_ = DryCluster().DumpStore();
  (void)Drain(*config_maps_);
  kube::Object request = Current(DryCluster(), kConfigMapGvk, "held");
  request.json()["metadata"]["finalizers"] = Json::array();
  auto dry = DryCluster().Update(request, DryWrite());
  ASSERT_OK(dry);
  ExpectNothingStored();
  EXPECT_OK(DryCluster().Get(kConfigMapGvk, "default", "held"));
}

}  // namespace
}  // namespace fakecluster_test
