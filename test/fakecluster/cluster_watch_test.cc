// Watch (fake-apiserver.md 2.4): initial ADDED events, replay from a resourceVersion, 410 for one
// older than the history, selector enter/leave, bookmarks, the initial-events-end bookmark,
// timeoutSeconds and per-object resourceVersion order.
#include <string>
#include <vector>

#include "cluster_fixture.h"

namespace fakecluster_test {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::MatchesRegex;
using ::testing::SizeIs;

using WatchTest = ClusterTest;

kube::WatchOptions Selecting(std::string label_selector, std::string resource_version = "") {
  kube::WatchOptions options;
  options.label_selector = std::move(label_selector);
  options.resource_version = std::move(resource_version);
  return options;
}

kube::Status MergePatchConfigMap(kube::Client& client, const std::string& name,
                                 const std::string& body) {
  return client.Patch(kConfigMapGvk, "default", name, kube::PatchType::kMerge, body, {}).status();
}

TEST_F(WatchTest, WithoutResourceVersionStartsWithAddedForEveryObjectThenLiveEvents) {
  MustCreate(ConfigMap("default", "a"));
  MustCreate(ConfigMap("default", "b"));
  auto stream = MustWatch(kConfigMapGvk);
  EXPECT_THAT(DrainDescribed(*stream), ElementsAre("ADDED default/a", "ADDED default/b"));

  MustCreate(ConfigMap("default", "c"));
  ASSERT_OK(MergePatchConfigMap(cluster(), "a", R"({"data":{"k":"v"}})"));
  ASSERT_OK(cluster().Delete(kConfigMapGvk, "default", "b"));

  EXPECT_THAT(DrainDescribed(*stream),
              ElementsAre("ADDED default/c", "MODIFIED default/a", "DELETED default/b"));
  EXPECT_FALSE(stream->Closed());
}

TEST_F(WatchTest, ResourceVersionZeroAlsoStartsWithTheCurrentState) {
  MustCreate(ConfigMap("default", "a"));
  auto stream = MustWatch(kConfigMapGvk, WatchFrom("0"));
  EXPECT_THAT(DrainDescribed(*stream), ElementsAre("ADDED default/a"));
}

TEST_F(WatchTest, InitialEventsCarryTheCurrentState) {
  MustCreate(ConfigMap("default", "a", {{"k", "1"}}));
  ASSERT_OK(MergePatchConfigMap(cluster(), "a", R"({"data":{"k":"2"}})"));
  auto stream = MustWatch(kConfigMapGvk);
  auto events = Drain(*stream);
  ASSERT_THAT(events, SizeIs(1));
  EXPECT_EQ(events[0].object, MustGet(kConfigMapGvk, "default", "a"));
}

TEST_F(WatchTest, ReplaysEveryEventAfterTheGivenResourceVersion) {
  kube::Object a = MustCreate(ConfigMap("default", "a"));
  ASSERT_OK(MergePatchConfigMap(cluster(), "a", R"({"data":{"k":"v"}})"));
  MustCreate(ConfigMap("default", "b"));
  ASSERT_OK(cluster().Delete(kConfigMapGvk, "default", "a"));

  auto stream = MustWatch(kConfigMapGvk, WatchFrom(a.ResourceVersion()));

  EXPECT_THAT(DrainDescribed(*stream),
              ElementsAre("MODIFIED default/a", "ADDED default/b", "DELETED default/a"));
}

TEST_F(WatchTest, ReplayFromTheCurrentResourceVersionSendsOnlyLiveEvents) {
  MustCreate(ConfigMap("default", "a"));
  auto stream = MustWatch(kConfigMapGvk, WatchFrom(Rv()));
  EXPECT_THAT(Drain(*stream), IsEmpty());

  MustCreate(ConfigMap("default", "b"));
  EXPECT_THAT(DrainDescribed(*stream), ElementsAre("ADDED default/b"));
}

TEST_F(WatchTest, ReplayedEventsCarryTheStateOfTheirTime) {
  kube::Object a = MustCreate(ConfigMap("default", "a", {{"k", "1"}}));
  ASSERT_OK(MergePatchConfigMap(cluster(), "a", R"({"data":{"k":"2"}})"));
  ASSERT_OK(MergePatchConfigMap(cluster(), "a", R"({"data":{"k":"3"}})"));

  auto stream = MustWatch(kConfigMapGvk, WatchFrom(a.ResourceVersion()));
  auto events = Drain(*stream);

  ASSERT_THAT(events, SizeIs(2));
  EXPECT_EQ(events[0].object.json()["data"]["k"], "2");
  EXPECT_EQ(events[1].object.json()["data"]["k"], "3");
}

TEST_F(WatchTest, DeletedEventCarriesTheLastStateAtTheDeletionsResourceVersion) {
  MustCreate(ConfigMap("default", "a", {{"k", "1"}}));
  auto stream = MustWatch(kConfigMapGvk, WatchFrom(Rv()));
  ASSERT_OK(cluster().Delete(kConfigMapGvk, "default", "a"));

  auto events = Drain(*stream);

  ASSERT_THAT(events, SizeIs(1));
  EXPECT_EQ(events[0].type, kube::WatchEventType::kDeleted);
  EXPECT_EQ(events[0].object.json()["data"]["k"], "1");
  EXPECT_EQ(events[0].object.ResourceVersion(), Rv());
}

TEST_F(WatchTest, ResourceVersionOlderThanTheHistoryGetsOneExpiredErrorEvent) {
  fakecluster::ClusterOptions options;
  options.watch_history_size = 2;
  Reset(options);
  kube::Object a = MustCreate(ConfigMap("default", "a"));
  for (int i = 0; i < 3; ++i) {
    ASSERT_OK(
        MergePatchConfigMap(cluster(), "a", Json{{"data", {{"i", std::to_string(i)}}}}.dump()));
  }

  auto watched = cluster().Watch(kConfigMapGvk, WatchFrom(a.ResourceVersion()));

  ASSERT_OK(watched);  // the watch itself succeeds (HTTP 200) ...
  auto events = Drain(**watched);
  ASSERT_THAT(events, SizeIs(1));  // ... and carries a single ERROR event
  EXPECT_EQ(events[0].type, kube::WatchEventType::kError);
  kube::Status status = kube::Status::FromJson(events[0].object.json());
  EXPECT_THAT(status,
              kube::StatusIs(kube::StatusReason::kExpired,
                             MatchesRegex("too old resource version: [0-9]+ \\([0-9]+\\)")));
  EXPECT_EQ(events[0].object.json()["code"], 410);
  EXPECT_EQ(events[0].object.json()["kind"], "Status");
  EXPECT_TRUE((*watched)->Closed());
}

TEST_F(WatchTest, ExpiredMessageNamesTheLastResourceVersionThatCannotBeReplayed) {
  fakecluster::ClusterOptions options;
  options.watch_history_size = 2;
  Reset(options);
  for (int i = 0; i < 4; ++i) MustCreate(ConfigMap("default", "c" + std::to_string(i)));
  uint64_t now = cluster().CurrentResourceVersion();  // history holds now-1 and now

  auto watched = cluster().Watch(kConfigMapGvk, WatchFrom(std::to_string(now - 3)));

  ASSERT_OK(watched);
  auto events = Drain(**watched);
  ASSERT_THAT(events, SizeIs(1));
  EXPECT_EQ(events[0].object.json()["message"],
            "too old resource version: " + std::to_string(now - 3) + " (" +
                std::to_string(now - 2) + ")");
  // The oldest resourceVersion still replayable works.
  auto replay = cluster().Watch(kConfigMapGvk, WatchFrom(std::to_string(now - 2)));
  ASSERT_OK(replay);
  EXPECT_THAT(Drain(**replay), SizeIs(2));
}

TEST_F(WatchTest, UnparsableResourceVersionIsBadRequest) {
  EXPECT_THAT(cluster().Watch(kConfigMapGvk, WatchFrom("abc")),
              kube::StatusIs(kube::StatusReason::kBadRequest));
}

TEST_F(WatchTest, LabelSelectorChangesBecomeAddedAndDeleted) {
  MustCreate(ConfigMap("default", "x", Json::object(), {{"app", "db"}}));
  auto stream = MustWatch(kConfigMapGvk, Selecting("app=web"));
  EXPECT_THAT(Drain(*stream), IsEmpty());

  ASSERT_OK(MergePatchConfigMap(cluster(), "x", R"({"metadata":{"labels":{"app":"web"}}})"));
  ASSERT_OK(MergePatchConfigMap(cluster(), "x", R"({"data":{"k":"v"}})"));
  ASSERT_OK(MergePatchConfigMap(cluster(), "x", R"({"metadata":{"labels":{"app":"db"}}})"));
  ASSERT_OK(MergePatchConfigMap(cluster(), "x", R"({"data":{"k":"w"}})"));
  ASSERT_OK(cluster().Delete(kConfigMapGvk, "default", "x"));

  EXPECT_THAT(DrainDescribed(*stream),
              ElementsAre("ADDED default/x", "MODIFIED default/x", "DELETED default/x"));
}

TEST_F(WatchTest, ReplayAlsoTurnsSelectorChangesIntoAddedAndDeleted) {
  std::string from = Rv();
  MustCreate(ConfigMap("default", "x", Json::object(), {{"app", "db"}}));
  ASSERT_OK(MergePatchConfigMap(cluster(), "x", R"({"metadata":{"labels":{"app":"web"}}})"));
  ASSERT_OK(MergePatchConfigMap(cluster(), "x", R"({"metadata":{"labels":{"app":"db"}}})"));

  auto stream = MustWatch(kConfigMapGvk, Selecting("app=web", from));

  EXPECT_THAT(DrainDescribed(*stream), ElementsAre("ADDED default/x", "DELETED default/x"));
}

TEST_F(WatchTest, FieldSelectorAndNamespaceRestrictTheStream) {
  MustCreate(Namespace("team"));
  kube::WatchOptions options;
  options.namespace_name = "default";
  options.field_selector = "metadata.name!=skip";
  auto stream = MustWatch(kConfigMapGvk, options);

  MustCreate(ConfigMap("default", "skip"));
  MustCreate(ConfigMap("team", "other"));
  MustCreate(ConfigMap("default", "keep"));

  EXPECT_THAT(DrainDescribed(*stream), ElementsAre("ADDED default/keep"));
}

TEST_F(WatchTest, WatchOfAClusterScopedKind) {
  auto stream = MustWatch(kTemplateGvk, WatchFrom(Rv()));
  MustCreate(Template("t"));
  ASSERT_OK(cluster().Delete(kTemplateGvk, "", "t"));
  EXPECT_THAT(DrainDescribed(*stream), ElementsAre("ADDED t", "DELETED t"));
}

TEST_F(WatchTest, OtherKindsDoNotAppear) {
  auto stream = MustWatch(kConfigMapGvk, WatchFrom(Rv()));
  MustCreate(Repository("default", "r"));
  MustCreate(ObjectOf(kSecretGvk, "default", "s"));
  EXPECT_THAT(Drain(*stream), IsEmpty());
}

TEST_F(WatchTest, BookmarksArriveAfterTheIntervalWhenAllowed) {
  kube::WatchOptions options = WatchFrom(Rv());
  options.allow_bookmarks = true;
  auto with_bookmarks = MustWatch(kConfigMapGvk, options);
  auto without_bookmarks = MustWatch(kConfigMapGvk, WatchFrom(Rv()));

  clock_.Advance(59'000);
  cluster().RunControllers();
  EXPECT_THAT(Drain(*with_bookmarks), IsEmpty());

  MustCreate(Template("moves-the-counter"));
  clock_.Advance(1'000);
  cluster().RunControllers();

  auto events = Drain(*with_bookmarks);
  ASSERT_THAT(events, SizeIs(1));
  EXPECT_EQ(events[0].type, kube::WatchEventType::kBookmark);
  EXPECT_EQ(events[0].object.ResourceVersion(), Rv());
  EXPECT_EQ(events[0].object.Kind(), "ConfigMap");
  EXPECT_THAT(Drain(*without_bookmarks), IsEmpty());

  clock_.Advance(60'000);
  cluster().RunControllers();
  EXPECT_THAT(DrainDescribed(*with_bookmarks), ElementsAre("BOOKMARK"));
}

TEST_F(WatchTest, BookmarkIntervalIsConfigurable) {
  fakecluster::ClusterOptions options;
  options.bookmark_interval_ms = 5'000;
  Reset(options);
  kube::WatchOptions watch = WatchFrom(Rv());
  watch.allow_bookmarks = true;
  auto stream = MustWatch(kConfigMapGvk, watch);

  clock_.Advance(5'000);
  cluster().RunControllers();

  EXPECT_THAT(DrainDescribed(*stream), ElementsAre("BOOKMARK"));
}

TEST_F(WatchTest, SendInitialEventsEndsTheInitialStateWithAnAnnotatedBookmark) {
  MustCreate(ConfigMap("default", "a"));
  MustCreate(ConfigMap("default", "b"));
  kube::WatchOptions options;
  options.allow_bookmarks = true;
  options.send_initial_events = true;

  auto stream = MustWatch(kConfigMapGvk, options);
  auto events = Drain(*stream);

  ASSERT_THAT(events, SizeIs(3));
  EXPECT_EQ(Describe(events[0]), "ADDED default/a");
  EXPECT_EQ(Describe(events[1]), "ADDED default/b");
  EXPECT_EQ(events[2].type, kube::WatchEventType::kBookmark);
  EXPECT_EQ(events[2].object.Annotation("k8s.io/initial-events-end"), "true");
  EXPECT_EQ(events[2].object.ResourceVersion(), Rv());

  MustCreate(ConfigMap("default", "c"));
  EXPECT_THAT(DrainDescribed(*stream), ElementsAre("ADDED default/c"));
}

TEST_F(WatchTest, SendInitialEventsOnEmptySelectionStillSendsTheEndBookmark) {
  kube::WatchOptions options;
  options.allow_bookmarks = true;
  options.send_initial_events = true;
  options.label_selector = "app=none";
  auto stream = MustWatch(kConfigMapGvk, options);
  auto events = Drain(*stream);
  ASSERT_THAT(events, SizeIs(1));
  EXPECT_EQ(events[0].object.Annotation("k8s.io/initial-events-end"), "true");
}

TEST_F(WatchTest, SendInitialEventsWithoutBookmarksIsRejected) {
  kube::WatchOptions options;
  options.send_initial_events = true;
  EXPECT_THAT(cluster().Watch(kConfigMapGvk, options),
              kube::StatusIs(kube::StatusReason::kInvalid, HasSubstr("allowWatchBookmarks")));
}

TEST_F(WatchTest, TimeoutSecondsClosesTheStream) {
  kube::WatchOptions options = WatchFrom(Rv());
  options.timeout_seconds = 30;
  auto stream = MustWatch(kConfigMapGvk, options);
  EXPECT_EQ(cluster().NextControllerWakeup(), clock_.Now() + 30'000);

  clock_.Advance(29'999);
  cluster().RunControllers();
  EXPECT_FALSE(stream->Closed());

  clock_.Advance(1);
  EXPECT_TRUE(cluster().RunControllers());
  EXPECT_TRUE(stream->Closed());

  MustCreate(ConfigMap("default", "late"));
  EXPECT_THAT(Drain(*stream), IsEmpty());
}

TEST_F(WatchTest, StopEndsTheStream) {
  auto stream = MustWatch(kConfigMapGvk, WatchFrom(Rv()));
  stream->Stop();
  MustCreate(ConfigMap("default", "a"));
  EXPECT_TRUE(stream->Closed());
  EXPECT_THAT(Drain(*stream), IsEmpty());
}

TEST_F(WatchTest, EventsForOneObjectArriveInResourceVersionOrder) {
  auto stream = MustWatch(kConfigMapGvk, WatchFrom(Rv()));
  MustCreate(ConfigMap("default", "a"));
  MustCreate(ConfigMap("default", "b"));
  for (int i = 0; i < 10; ++i) {
    ASSERT_OK(MergePatchConfigMap(cluster(), i % 2 ? "a" : "b",
                                  Json{{"data", {{"i", std::to_string(i)}}}}.dump()));
  }
  ASSERT_OK(cluster().Delete(kConfigMapGvk, "default", "a"));

  auto events = Drain(*stream);

  ASSERT_THAT(events, SizeIs(13));
  uint64_t last = 0;
  for (const auto& event : events) {
    uint64_t rv = std::stoull(event.object.ResourceVersion());
    EXPECT_GT(rv, last) << Describe(event);
    last = rv;
  }
}

TEST_F(WatchTest, WatchOfUnknownKindIsNotFound) {
  EXPECT_THAT(cluster().Watch({"example.com", "v1", "Gadget"}, {}),
              kube::StatusIs(kube::StatusReason::kNotFound));
}

TEST_F(WatchTest, UnparsableSelectorIsBadRequest) {
  EXPECT_THAT(cluster().Watch(kConfigMapGvk, Selecting("app in (")),
              kube::StatusIs(kube::StatusReason::kBadRequest));
}

}  // namespace
}  // namespace fakecluster_test
