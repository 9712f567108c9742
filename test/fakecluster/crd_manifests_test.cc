// Tests for the embedded CRD manifests a cluster loads at start-up (crd_manifests.h): a broken
// manifest is an error naming its file, and every embedded CRD is served by a default cluster
// (a failure to load one stops the process instead of being printed and ignored).
#include "crd_manifests.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "fakecluster/cluster.h"
#include "kube/clock.h"
#include "status_matchers.h"

namespace fakecluster {
namespace {

using ::testing::HasSubstr;

TEST(ParseCrdManifestsTest, ABrokenManifestIsAnErrorNamingIt) {
  auto parsed = ParseCrdManifests(
      {{"good.yaml", "kind: A\n---\nkind: B\n"}, {"broken.yaml", "kind: [unclosed\n"}});
  ASSERT_FALSE(parsed.ok());
  EXPECT_THAT(parsed.status().message(), HasSubstr("broken.yaml"));
}

TEST(ParseCrdManifestsTest, EveryDocumentOfEveryFileInOrder) {
  auto parsed = ParseCrdManifests({{"a.yaml", "kind: A\n---\nkind: B\n"}, {"c.yaml", "kind: C"}});
  ASSERT_OK(parsed);
  ASSERT_EQ(parsed->size(), 3u);
  EXPECT_EQ((*parsed)[1].file, "a.yaml");
  EXPECT_EQ((*parsed)[1].object["kind"], "B");
  EXPECT_EQ((*parsed)[2].file, "c.yaml");
}

TEST(EmbeddedStashCrdsTest, EveryOneIsServedByADefaultCluster) {
  const auto& crds = EmbeddedStashCrds();
  ASSERT_OK(crds);
  ASSERT_FALSE(crds->empty());
  kube::VirtualClock clock;
  FakeCluster cluster(clock, ClusterOptions{});
  for (const CrdManifest& crd : *crds) {
    SCOPED_TRACE(crd.file);
    const std::string name = crd.object["metadata"]["name"];
    EXPECT_OK(cluster.Get({"apiextensions.k8s.io", "v1", "CustomResourceDefinition"}, "", name));
  }
}

}  // namespace
}  // namespace fakecluster
