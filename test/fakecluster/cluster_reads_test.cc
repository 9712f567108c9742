// Reading (fake-apiserver.md 2.1-2.3): every label selector operator and field selector through
// List, the list's resourceVersion, and limit/continue pagination that stays consistent across
// writes until the continue token falls out of the retained history (410 Expired).
#include <string>
#include <vector>

#include "cluster_fixture.h"

namespace fakecluster_test {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Optional;

// Five ConfigMaps over two namespaces:
//   default/a  app=web tier=front env=prod
//   default/b  app=web tier=back
//   default/c  app=db  env=dev
//   default/d  (no labels)
//   team/e     app=web env=prod
class ReadsTest : public ClusterTest {
 protected:
  ReadsTest() { Populate(); }

  void Populate() {
    MustCreate(Namespace("team"));
    MustCreate(ConfigMap("default", "a", Json::object(),
                         {{"app", "web"}, {"tier", "front"}, {"env", "prod"}}));
    MustCreate(ConfigMap("default", "b", Json::object(), {{"app", "web"}, {"tier", "back"}}));
    MustCreate(ConfigMap("default", "c", Json::object(), {{"app", "db"}, {"env", "dev"}}));
    MustCreate(ConfigMap("default", "d", {{"v", "1"}}));
    MustCreate(ConfigMap("team", "e", Json::object(), {{"app", "web"}, {"env", "prod"}}));
  }

  std::vector<std::string> ListKeys(const std::string& label_selector,
                                    const std::string& field_selector = "",
                                    const std::string& ns = "") {
    kube::ListOptions options;
    options.label_selector = label_selector;
    options.field_selector = field_selector;
    options.namespace_name = ns;
    auto list = cluster().List(kConfigMapGvk, options);
    EXPECT_OK(list) << label_selector << " / " << field_selector;
    return list.ok() ? Keys(*list) : std::vector<std::string>{"<error>"};
  }

  kube::StatusOr<kube::ObjectList> Page(int64_t limit, const std::string& continue_token,
                                        const std::string& label_selector = "") {
    kube::ListOptions options;
    options.limit = limit;
    options.continue_token = continue_token;
    options.label_selector = label_selector;
    return cluster().List(kConfigMapGvk, options);
  }
};

// ---------------------------------------------------------------------------------------------
// 2.1 label selectors

TEST_F(ReadsTest, EmptySelectorListsEverythingInKeyOrder) {
  EXPECT_THAT(ListKeys(""),
              ElementsAre("default/a", "default/b", "default/c", "default/d", "team/e"));
}

TEST_F(ReadsTest, EqualsSelectsByValue) {
  EXPECT_THAT(ListKeys("app=web"), ElementsAre("default/a", "default/b", "team/e"));
}

TEST_F(ReadsTest, DoubleEqualsIsEquals) {
  EXPECT_THAT(ListKeys("app==web"), ElementsAre("default/a", "default/b", "team/e"));
}

TEST_F(ReadsTest, NotEqualsAlsoMatchesObjectsWithoutTheLabel) {
  EXPECT_THAT(ListKeys("app!=web"), ElementsAre("default/c", "default/d"));
}

TEST_F(ReadsTest, InSelectsAnyListedValue) {
  EXPECT_THAT(ListKeys("env in (prod,dev)"), ElementsAre("default/a", "default/c", "team/e"));
  EXPECT_THAT(ListKeys("env in (staging)"), IsEmpty());
}

TEST_F(ReadsTest, NotInAlsoMatchesObjectsWithoutTheLabel) {
  EXPECT_THAT(ListKeys("env notin (prod)"), ElementsAre("default/b", "default/c", "default/d"));
}

TEST_F(ReadsTest, ExistsSelectsObjectsWithTheKey) {
  EXPECT_THAT(ListKeys("env"), ElementsAre("default/a", "default/c", "team/e"));
}

TEST_F(ReadsTest, DoesNotExistSelectsObjectsWithoutTheKey) {
  EXPECT_THAT(ListKeys("!env"), ElementsAre("default/b", "default/d"));
}

TEST_F(ReadsTest, CommaJoinedRequirementsMustAllHold) {
  EXPECT_THAT(ListKeys("app=web,env=prod"), ElementsAre("default/a", "team/e"));
  EXPECT_THAT(ListKeys("app=web,!env"), ElementsAre("default/b"));
  EXPECT_THAT(ListKeys("app in (web,db),tier!=back,env"),
              ElementsAre("default/a", "default/c", "team/e"));
  EXPECT_THAT(ListKeys("app=web,app=db"), IsEmpty());
}

TEST_F(ReadsTest, SelectorsRestrictToTheRequestedNamespace) {
  EXPECT_THAT(ListKeys("app=web", "", "default"), ElementsAre("default/a", "default/b"));
  EXPECT_THAT(ListKeys("", "", "team"), ElementsAre("team/e"));
}

TEST_F(ReadsTest, SelectorsSeeLabelChanges) {
  ASSERT_OK(cluster().Patch(kConfigMapGvk, "default", "d", kube::PatchType::kMerge,
                            R"({"metadata":{"labels":{"app":"web"}}})", {}));
  EXPECT_THAT(ListKeys("app=web"), ElementsAre("default/a", "default/b", "default/d", "team/e"));
}

// Selective lists are served from the label index: it must follow relabels (a value changed,
// a label removed) and deletions, and answer `in` over several values in key order.
TEST_F(ReadsTest, SelectorsSeeRelabelsAndDeletionsThroughTheIndex) {
  ASSERT_OK(cluster().Patch(kConfigMapGvk, "default", "b", kube::PatchType::kMerge,
                            R"({"metadata":{"labels":{"app":"db","tier":null}}})", {}));
  ASSERT_OK(cluster().Delete(kConfigMapGvk, "team", "e", {}));
  EXPECT_THAT(ListKeys("app=web"), ElementsAre("default/a"));
  EXPECT_THAT(ListKeys("app=db"), ElementsAre("default/b", "default/c"));
  EXPECT_THAT(ListKeys("tier=back"), IsEmpty());
  EXPECT_THAT(ListKeys("app in (web,db)"), ElementsAre("default/a", "default/b", "default/c"));
  EXPECT_THAT(ListKeys("app in (db,nothing),env=dev"), ElementsAre("default/c"));
  EXPECT_THAT(ListKeys("app=nothing"), IsEmpty());
  ASSERT_OK(cluster().Create(ConfigMap("team", "e", Json::object(), {{"app", "web"}})));
  EXPECT_THAT(ListKeys("app=web"), ElementsAre("default/a", "team/e"));
}

TEST_F(ReadsTest, SelectivePaginationOverSeveralValues) {
  auto first = Page(2, "", "app in (web,db)");
  ASSERT_OK(first);
  EXPECT_THAT(Keys(*first), ElementsAre("default/a", "default/b"));
  auto second = Page(2, first->continue_token, "app in (web,db)");
  ASSERT_OK(second);
  EXPECT_THAT(Keys(*second), ElementsAre("default/c", "team/e"));
  EXPECT_TRUE(second->continue_token.empty());
}

TEST_F(ReadsTest, UnparsableLabelSelectorIsBadRequest) {
  for (const char* selector : {"app=(", "env in prod", "=web", "app in (a,,b"}) {
    kube::ListOptions options;
    options.label_selector = selector;
    EXPECT_THAT(cluster().List(kConfigMapGvk, options),
                kube::StatusIs(kube::StatusReason::kBadRequest))
        << selector;
  }
}

// ---------------------------------------------------------------------------------------------
// 2.2 field selectors

TEST_F(ReadsTest, FieldSelectorOnName) {
  EXPECT_THAT(ListKeys("", "metadata.name=a"), ElementsAre("default/a"));
  EXPECT_THAT(ListKeys("", "metadata.name==a"), ElementsAre("default/a"));
  EXPECT_THAT(ListKeys("", "metadata.name!=a"),
              ElementsAre("default/b", "default/c", "default/d", "team/e"));
}

TEST_F(ReadsTest, FieldSelectorOnNamespace) {
  EXPECT_THAT(ListKeys("", "metadata.namespace=team"), ElementsAre("team/e"));
  EXPECT_THAT(ListKeys("", "metadata.namespace==team"), ElementsAre("team/e"));
  EXPECT_THAT(ListKeys("", "metadata.namespace!=default"), ElementsAre("team/e"));
}

TEST_F(ReadsTest, FieldAndLabelSelectorsCombine) {
  EXPECT_THAT(ListKeys("", "metadata.namespace=default,metadata.name!=a"),
              ElementsAre("default/b", "default/c", "default/d"));
  EXPECT_THAT(ListKeys("app=web", "metadata.name!=b"), ElementsAre("default/a", "team/e"));
}

TEST_F(ReadsTest, FieldSelectorOnUnsupportedFieldIsBadRequest) {
  kube::ListOptions options;
  options.field_selector = "spec.x=y";
  EXPECT_THAT(cluster().List(kConfigMapGvk, options),
              kube::StatusIs(kube::StatusReason::kBadRequest,
                             HasSubstr("field label not supported: spec.x")));
}

TEST_F(ReadsTest, FieldSelectorOnClusterScopedKind) {
  MustCreate(Template("t1"));
  MustCreate(Template("t2"));
  kube::ListOptions options;
  options.field_selector = "metadata.name=t2";
  auto list = cluster().List(kTemplateGvk, options);
  ASSERT_OK(list);
  EXPECT_THAT(Keys(*list), ElementsAre("t2"));
}

// ---------------------------------------------------------------------------------------------
// 2.3 resourceVersion and pagination

TEST_F(ReadsTest, ListCarriesTheCurrentGlobalResourceVersion) {
  auto list = cluster().List(kConfigMapGvk, {});
  ASSERT_OK(list);
  EXPECT_EQ(list->resource_version, Rv());

  MustCreate(Template("t"));  // another kind still moves the global counter
  auto again = cluster().List(kConfigMapGvk, {});
  ASSERT_OK(again);
  EXPECT_EQ(again->resource_version, Rv());
  EXPECT_NE(again->resource_version, list->resource_version);
}

TEST_F(ReadsTest, ListedItemsCarryTheirOwnResourceVersions) {
  auto list = cluster().List(kConfigMapGvk, {});
  ASSERT_OK(list);
  for (const auto& item : list->items) {
    EXPECT_EQ(item.ResourceVersion(),
              MustGet(kConfigMapGvk, item.Namespace(), item.Name()).ResourceVersion());
    EXPECT_EQ(item.ApiVersion(), "v1");
    EXPECT_EQ(item.Kind(), "ConfigMap");
  }
}

TEST_F(ReadsTest, LimitAndContinuePageThroughEverything) {
  auto first = Page(2, "");
  ASSERT_OK(first);
  EXPECT_THAT(Keys(*first), ElementsAre("default/a", "default/b"));
  EXPECT_FALSE(first->continue_token.empty());
  EXPECT_THAT(first->remaining_item_count, Optional(int64_t{3}));

  auto second = Page(2, first->continue_token);
  ASSERT_OK(second);
  EXPECT_THAT(Keys(*second), ElementsAre("default/c", "default/d"));
  EXPECT_THAT(second->remaining_item_count, Optional(int64_t{1}));

  auto third = Page(2, second->continue_token);
  ASSERT_OK(third);
  EXPECT_THAT(Keys(*third), ElementsAre("team/e"));
  EXPECT_TRUE(third->continue_token.empty());
  EXPECT_EQ(third->remaining_item_count, std::nullopt);
}

TEST_F(ReadsTest, LimitLargerThanTheListNeedsNoContinue) {
  auto list = Page(10, "");
  ASSERT_OK(list);
  EXPECT_EQ(list->items.size(), 5u);
  EXPECT_TRUE(list->continue_token.empty());
}

TEST_F(ReadsTest, PagesAreServedFromTheFirstPagesSnapshotDespiteWrites) {
  auto first = Page(2, "");
  ASSERT_OK(first);
  std::string snapshot_d = MustGet(kConfigMapGvk, "default", "d").json().dump();

  MustCreate(ConfigMap("default", "bb"));  // sorts into the next page
  ASSERT_OK(cluster().Delete(kConfigMapGvk, "default", "c"));
  ASSERT_OK(cluster().Patch(kConfigMapGvk, "default", "d", kube::PatchType::kMerge,
                            R"({"data":{"v":"2"}})", {}));
  MustCreate(ConfigMap("team", "f"));

  auto second = Page(2, first->continue_token);
  ASSERT_OK(second);
  EXPECT_THAT(Keys(*second), ElementsAre("default/c", "default/d"));
  EXPECT_EQ(second->items[1].json().dump(), snapshot_d);
  EXPECT_EQ(second->resource_version, first->resource_version);

  auto third = Page(2, second->continue_token);
  ASSERT_OK(third);
  EXPECT_THAT(Keys(*third), ElementsAre("team/e"));
  EXPECT_TRUE(third->continue_token.empty());

  // A fresh list sees the writes.
  EXPECT_THAT(ListKeys(""),
              ElementsAre("default/a", "default/b", "default/bb", "default/d", "team/e", "team/f"));
}

TEST_F(ReadsTest, PaginationWithSelectorOmitsRemainingCount) {
  auto first = Page(1, "", "app=web");
  ASSERT_OK(first);
  EXPECT_THAT(Keys(*first), ElementsAre("default/a"));
  EXPECT_EQ(first->remaining_item_count, std::nullopt);
  auto second = Page(1, first->continue_token, "app=web");
  ASSERT_OK(second);
  EXPECT_THAT(Keys(*second), ElementsAre("default/b"));
  auto third = Page(1, second->continue_token, "app=web");
  ASSERT_OK(third);
  EXPECT_THAT(Keys(*third), ElementsAre("team/e"));
  EXPECT_TRUE(third->continue_token.empty());
}

TEST_F(ReadsTest, PaginationWithinOneNamespace) {
  kube::ListOptions options;
  options.namespace_name = "default";
  options.limit = 3;
  auto first = cluster().List(kConfigMapGvk, options);
  ASSERT_OK(first);
  EXPECT_THAT(Keys(*first), ElementsAre("default/a", "default/b", "default/c"));
  options.continue_token = first->continue_token;
  auto second = cluster().List(kConfigMapGvk, options);
  ASSERT_OK(second);
  EXPECT_THAT(Keys(*second), ElementsAre("default/d"));
  EXPECT_TRUE(second->continue_token.empty());
}

TEST_F(ReadsTest, ContinueTokenPastTheRetainedHistoryIsExpired) {
  fakecluster::ClusterOptions options;
  options.watch_history_size = 3;
  Reset(options);
  Populate();
  auto first = Page(2, "");
  ASSERT_OK(first);
  for (int i = 0; i < 4; ++i) MustCreate(ConfigMap("default", "later-" + std::to_string(i)));

  auto next = Page(2, first->continue_token);

  EXPECT_THAT(next, kube::StatusIs(kube::StatusReason::kExpired,
                                   HasSubstr("The provided continue parameter is too old to "
                                             "display a consistent list result")));
  EXPECT_EQ(next.status().code(), 410);
}

TEST_F(ReadsTest, ContinueTokenWithinTheRetainedHistoryStillWorks) {
  fakecluster::ClusterOptions options;
  options.watch_history_size = 3;
  Reset(options);
  Populate();
  auto first = Page(2, "");
  ASSERT_OK(first);
  for (int i = 0; i < 3; ++i) MustCreate(ConfigMap("default", "later-" + std::to_string(i)));

  auto next = Page(2, first->continue_token);

  ASSERT_OK(next);
  EXPECT_THAT(Keys(*next), ElementsAre("default/c", "default/d"));
}

TEST_F(ReadsTest, MalformedContinueTokenIsBadRequest) {
  EXPECT_THAT(Page(2, "not a token!"), kube::StatusIs(kube::StatusReason::kBadRequest));
  EXPECT_THAT(Page(2, "e30"), kube::StatusIs(kube::StatusReason::kBadRequest));  // "{}"
}

TEST_F(ReadsTest, GetReturnsTheStoredObjectWithApiVersionAndKind) {
  kube::Object a = MustGet(kConfigMapGvk, "default", "a");
  EXPECT_EQ(a.ApiVersion(), "v1");
  EXPECT_EQ(a.Kind(), "ConfigMap");
  EXPECT_EQ(a.Labels().at("tier"), "front");
}

}  // namespace
}  // namespace fakecluster_test
