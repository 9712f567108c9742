// Deletion (fake-apiserver.md 1.7: finalizers, preconditions) and garbage collection through
// ownerReferences (1.8: Background, Foreground, Orphan, uid mismatch, scope rules).
#include <string>
#include <vector>

#include "cluster_fixture.h"

namespace fakecluster_test {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Optional;

using DeletionTest = ClusterTest;

kube::Object WithFinalizers(kube::Object object, const std::vector<std::string>& finalizers) {
  object.SetFinalizers(finalizers);
  return object;
}

kube::DeleteOptions Propagation(kube::PropagationPolicy policy) {
  kube::DeleteOptions options;
  options.propagation = policy;
  return options;
}

// ---------------------------------------------------------------------------------------------
// 1.7 finalizers and preconditions

TEST_F(DeletionTest, DeleteWithoutFinalizersRemovesAtOnce) {
  kube::Object cm = MustCreate(ConfigMap("default", "a"));
  auto stream = MustWatch(kConfigMapGvk, WatchFrom(cm.ResourceVersion()));

  ASSERT_OK(cluster().Delete(kConfigMapGvk, "default", "a"));

  EXPECT_THAT(cluster().Get(kConfigMapGvk, "default", "a"),
              kube::StatusIs(kube::StatusReason::kNotFound, "configmaps \"a\" not found"));
  EXPECT_THAT(DrainDescribed(*stream), ElementsAre("DELETED default/a"));
}

TEST_F(DeletionTest, DeleteWithFinalizersOnlyMarksTheObject) {
  MustCreate(WithFinalizers(ConfigMap("default", "a"), {"example.com/hold"}));
  clock_.Advance(61'000);

  ASSERT_OK(cluster().Delete(kConfigMapGvk, "default", "a"));

  kube::Object marked = MustGet(kConfigMapGvk, "default", "a");
  EXPECT_THAT(marked.DeletionTimestamp(), Optional(std::string("2024-01-01T00:01:01Z")));
  EXPECT_EQ(marked.Metadata()["deletionGracePeriodSeconds"], 0);
  EXPECT_THAT(marked.Finalizers(), ElementsAre("example.com/hold"));
}

TEST_F(DeletionTest, DeletingAnObjectAlreadyBeingDeletedChangesNothing) {
  MustCreate(WithFinalizers(ConfigMap("default", "a"), {"example.com/hold"}));
  ASSERT_OK(cluster().Delete(kConfigMapGvk, "default", "a"));
  kube::Object marked = MustGet(kConfigMapGvk, "default", "a");
  clock_.Advance(10'000);

  ASSERT_OK(cluster().Delete(kConfigMapGvk, "default", "a"));

  EXPECT_EQ(MustGet(kConfigMapGvk, "default", "a"), marked);
}

TEST_F(DeletionTest, NoFinalizerMayBeAddedWhileDeleting) {
  MustCreate(WithFinalizers(ConfigMap("default", "a"), {"example.com/hold"}));
  ASSERT_OK(cluster().Delete(kConfigMapGvk, "default", "a"));
  kube::Object marked = MustGet(kConfigMapGvk, "default", "a");
  marked.SetFinalizers({"example.com/hold", "example.com/late"});

  auto updated = cluster().Update(marked);

  EXPECT_THAT(updated,
              kube::StatusIs(kube::StatusReason::kInvalid,
                             HasSubstr("no new finalizers can be added if the object is being "
                                       "deleted")));
  EXPECT_THAT(CauseFields(updated.status()), ElementsAre("metadata.finalizers"));
  EXPECT_THAT(MustGet(kConfigMapGvk, "default", "a").Finalizers(), ElementsAre("example.com/hold"));
}

TEST_F(DeletionTest, RemovingOneOfTwoFinalizersKeepsTheObject) {
  MustCreate(WithFinalizers(ConfigMap("default", "a"), {"example.com/one", "example.com/two"}));
  ASSERT_OK(cluster().Delete(kConfigMapGvk, "default", "a"));
  kube::Object marked = MustGet(kConfigMapGvk, "default", "a");
  marked.SetFinalizers({"example.com/two"});

  ASSERT_OK(cluster().Update(marked));

  EXPECT_THAT(MustGet(kConfigMapGvk, "default", "a").Finalizers(), ElementsAre("example.com/two"));
}

TEST_F(DeletionTest, RemovingTheLastFinalizerDeletesTheObjectWithOneEvent) {
  kube::Object cm = MustCreate(WithFinalizers(ConfigMap("default", "a"), {"example.com/hold"}));
  auto stream = MustWatch(kConfigMapGvk, WatchFrom(cm.ResourceVersion()));
  ASSERT_OK(cluster().Delete(kConfigMapGvk, "default", "a"));
  kube::Object marked = MustGet(kConfigMapGvk, "default", "a");
  uint64_t rv_before = cluster().CurrentResourceVersion();
  marked.SetFinalizers({});

  auto updated = cluster().Update(marked);

  ASSERT_OK(updated);
  EXPECT_FALSE(Exists(kConfigMapGvk, "default", "a"));
  EXPECT_EQ(cluster().CurrentResourceVersion(), rv_before + 1);
  EXPECT_THAT(DrainDescribed(*stream), ElementsAre("MODIFIED default/a", "DELETED default/a"));
  EXPECT_EQ(cluster().WriteLog().back().verb, "remove");
}

TEST_F(DeletionTest, RemovingTheLastFinalizerByPatchDeletesTheObject) {
  MustCreate(WithFinalizers(ConfigMap("default", "a"), {"example.com/hold"}));
  ASSERT_OK(cluster().Delete(kConfigMapGvk, "default", "a"));

  ASSERT_OK(cluster().Patch(kConfigMapGvk, "default", "a", kube::PatchType::kMerge,
                            R"({"metadata":{"finalizers":null}})", {}));

  EXPECT_FALSE(Exists(kConfigMapGvk, "default", "a"));
}

TEST_F(DeletionTest, FinalizersOutsideDeletionDoNotDeleteWhenRemoved) {
  kube::Object cm = MustCreate(WithFinalizers(ConfigMap("default", "a"), {"example.com/hold"}));
  cm.SetFinalizers({});
  ASSERT_OK(cluster().Update(cm));
  EXPECT_TRUE(Exists(kConfigMapGvk, "default", "a"));
}

TEST_F(DeletionTest, DeleteOfMissingObjectIsNotFound) {
  EXPECT_THAT(cluster().Delete(kConfigMapGvk, "default", "nope"),
              kube::StatusIs(kube::StatusReason::kNotFound, "configmaps \"nope\" not found"));
}

TEST_F(DeletionTest, UidPreconditionMismatchIsConflict) {
  MustCreate(ConfigMap("default", "a"));
  kube::DeleteOptions options;
  options.precondition_uid = "11111111-1111-4111-8111-111111111111";

  EXPECT_THAT(cluster().Delete(kConfigMapGvk, "default", "a", options),
              kube::StatusIs(kube::StatusReason::kConflict,
                             HasSubstr("Precondition failed: UID in precondition: "
                                       "11111111-1111-4111-8111-111111111111")));
  EXPECT_TRUE(Exists(kConfigMapGvk, "default", "a"));
}

TEST_F(DeletionTest, ResourceVersionPreconditionMismatchIsConflict) {
  kube::Object cm = MustCreate(ConfigMap("default", "a", {{"k", "1"}}));
  ASSERT_OK(cluster().Patch(kConfigMapGvk, "default", "a", kube::PatchType::kMerge,
                            R"({"data":{"k":"2"}})", {}));
  kube::DeleteOptions options;
  options.precondition_resource_version = cm.ResourceVersion();

  EXPECT_THAT(cluster().Delete(kConfigMapGvk, "default", "a", options),
              kube::StatusIs(kube::StatusReason::kConflict,
                             HasSubstr("Precondition failed: ResourceVersion in precondition")));
  EXPECT_TRUE(Exists(kConfigMapGvk, "default", "a"));
}

TEST_F(DeletionTest, MatchingPreconditionsDelete) {
  kube::Object cm = MustCreate(ConfigMap("default", "a"));
  kube::DeleteOptions options;
  options.precondition_uid = cm.Uid();
  options.precondition_resource_version = cm.ResourceVersion();

  ASSERT_OK(cluster().Delete(kConfigMapGvk, "default", "a", options));
  EXPECT_FALSE(Exists(kConfigMapGvk, "default", "a"));
}

TEST_F(DeletionTest, DryRunDeleteKeepsTheObject) {
  MustCreate(ConfigMap("default", "a"));
  std::string dump = cluster().DumpStore();
  kube::DeleteOptions options;
  options.dry_run = true;

  ASSERT_OK(cluster().Delete(kConfigMapGvk, "default", "a", options));

  EXPECT_EQ(cluster().DumpStore(), dump);
}

// ---------------------------------------------------------------------------------------------
// 1.8 garbage collection

TEST_F(DeletionTest, BackgroundDeletionRemovesOwnerFirstThenDependentsAsynchronously) {
  kube::Object owner = MustCreate(ConfigMap("default", "owner"));
  MustCreate(WithOwners(ConfigMap("default", "dep-1"), {RefTo(owner)}));
  MustCreate(WithOwners(Repository("default", "dep-2"), {RefTo(owner)}));

  ASSERT_OK(cluster().Delete(kConfigMapGvk, "default", "owner"));

  EXPECT_FALSE(Exists(kConfigMapGvk, "default", "owner"));
  EXPECT_TRUE(Exists(kConfigMapGvk, "default", "dep-1"));
  EXPECT_TRUE(cluster().HasPendingControllerWork());

  EXPECT_TRUE(cluster().RunControllers());

  EXPECT_FALSE(Exists(kConfigMapGvk, "default", "dep-1"));
  EXPECT_FALSE(Exists(kRepositoryGvk, "default", "dep-2"));
  EXPECT_EQ(cluster().WriteLog().back().actor, "garbage-collector");
  EXPECT_FALSE(cluster().HasPendingControllerWork());
}

TEST_F(DeletionTest, BackgroundDeletionCascadesThroughAChain) {
  kube::Object a = MustCreate(ConfigMap("default", "a"));
  kube::Object b = MustCreate(WithOwners(ConfigMap("default", "b"), {RefTo(a)}));
  MustCreate(WithOwners(ConfigMap("default", "c"), {RefTo(b)}));

  ASSERT_OK(cluster().Delete(kConfigMapGvk, "default", "a",
                             Propagation(kube::PropagationPolicy::kBackground)));
  cluster().RunControllers();

  EXPECT_FALSE(Exists(kConfigMapGvk, "default", "b"));
  EXPECT_FALSE(Exists(kConfigMapGvk, "default", "c"));
}

TEST_F(DeletionTest, LiveOwnerKeepsDependents) {
  kube::Object owner = MustCreate(ConfigMap("default", "owner"));
  MustCreate(WithOwners(ConfigMap("default", "dep"), {RefTo(owner)}));

  cluster().RunControllers();

  EXPECT_TRUE(Exists(kConfigMapGvk, "default", "dep"));
}

TEST_F(DeletionTest, ForegroundDeletionMarksOwnerWithFinalizer) {
  kube::Object owner = MustCreate(Deployment("default", "web"));
  MustCreate(WithOwners(ObjectOf(kReplicaSetGvk, "default", "web-1"), {RefTo(owner, true)}));

  ASSERT_OK(cluster().Delete(kDeploymentGvk, "default", "web",
                             Propagation(kube::PropagationPolicy::kForeground)));

  kube::Object marked = MustGet(kDeploymentGvk, "default", "web");
  EXPECT_TRUE(marked.DeletionTimestamp().has_value());
  EXPECT_THAT(marked.Finalizers(), ElementsAre("foregroundDeletion"));
}

TEST_F(DeletionTest, ForegroundDeletionWaitsForBlockingDependents) {
  kube::Object owner = MustCreate(Deployment("default", "web"));
  MustCreate(WithFinalizers(
      WithOwners(ObjectOf(kReplicaSetGvk, "default", "blocking"), {RefTo(owner, true)}),
      {"example.com/hold"}));
  MustCreate(WithOwners(ObjectOf(kReplicaSetGvk, "default", "non-blocking"), {RefTo(owner)}));

  ASSERT_OK(cluster().Delete(kDeploymentGvk, "default", "web",
                             Propagation(kube::PropagationPolicy::kForeground)));
  cluster().RunControllers();

  // The blocking dependent is being deleted but held by its finalizer: the owner waits.
  EXPECT_TRUE(MustGet(kReplicaSetGvk, "default", "blocking").DeletionTimestamp().has_value());
  EXPECT_FALSE(Exists(kReplicaSetGvk, "default", "non-blocking"));
  EXPECT_TRUE(Exists(kDeploymentGvk, "default", "web"));

  ASSERT_OK(cluster().Patch(kReplicaSetGvk, "default", "blocking", kube::PatchType::kMerge,
                            R"({"metadata":{"finalizers":null}})", {}));
  EXPECT_TRUE(Exists(kDeploymentGvk, "default", "web"));
  cluster().RunControllers();

  EXPECT_FALSE(Exists(kReplicaSetGvk, "default", "blocking"));
  EXPECT_FALSE(Exists(kDeploymentGvk, "default", "web"));
}

TEST_F(DeletionTest, ForegroundDeletionWithoutBlockingDependentsCompletes) {
  kube::Object owner = MustCreate(Deployment("default", "web"));
  MustCreate(WithOwners(ObjectOf(kReplicaSetGvk, "default", "web-1"), {RefTo(owner, false)}));

  ASSERT_OK(cluster().Delete(kDeploymentGvk, "default", "web",
                             Propagation(kube::PropagationPolicy::kForeground)));
  cluster().RunControllers();

  EXPECT_FALSE(Exists(kDeploymentGvk, "default", "web"));
  EXPECT_FALSE(Exists(kReplicaSetGvk, "default", "web-1"));
}

TEST_F(DeletionTest, ForegroundDeletionCascadesThroughBlockingChain) {
  kube::Object deployment = MustCreate(Deployment("default", "web"));
  kube::Object rs = MustCreate(
      WithOwners(ObjectOf(kReplicaSetGvk, "default", "web-1"), {RefTo(deployment, true)}));
  MustCreate(WithFinalizers(WithOwners(ConfigMap("default", "pod"), {RefTo(rs, true)}),
                            {"example.com/hold"}));

  ASSERT_OK(cluster().Delete(kDeploymentGvk, "default", "web",
                             Propagation(kube::PropagationPolicy::kForeground)));
  cluster().RunControllers();

  // The grandchild holds the ReplicaSet (deleted in the foreground too), which holds the owner.
  EXPECT_TRUE(MustGet(kConfigMapGvk, "default", "pod").DeletionTimestamp().has_value());
  EXPECT_THAT(MustGet(kReplicaSetGvk, "default", "web-1").Finalizers(),
              ElementsAre("foregroundDeletion"));
  EXPECT_TRUE(Exists(kDeploymentGvk, "default", "web"));

  ASSERT_OK(cluster().Patch(kConfigMapGvk, "default", "pod", kube::PatchType::kMerge,
                            R"({"metadata":{"finalizers":null}})", {}));
  cluster().RunControllers();

  EXPECT_FALSE(Exists(kReplicaSetGvk, "default", "web-1"));
  EXPECT_FALSE(Exists(kDeploymentGvk, "default", "web"));
}

TEST_F(DeletionTest, ForegroundDeletionKeepsDependentWithAnotherLiveOwner) {
  kube::Object going = MustCreate(ConfigMap("default", "going"));
  kube::Object staying = MustCreate(ConfigMap("default", "staying"));
  MustCreate(WithOwners(ConfigMap("default", "shared"), {RefTo(going, true), RefTo(staying)}));

  ASSERT_OK(cluster().Delete(kConfigMapGvk, "default", "going",
                             Propagation(kube::PropagationPolicy::kForeground)));
  cluster().RunControllers();

  EXPECT_FALSE(Exists(kConfigMapGvk, "default", "going"));
  kube::Object shared = MustGet(kConfigMapGvk, "default", "shared");
  EXPECT_FALSE(shared.DeletionTimestamp().has_value());
  ASSERT_EQ(shared.OwnerReferences().size(), 1u);
  EXPECT_EQ(shared.OwnerReferences()[0].name, "staying");
}

TEST_F(DeletionTest, OrphanDeletionRemovesTheReferenceAndKeepsDependents) {
  kube::Object owner = MustCreate(ConfigMap("default", "owner"));
  kube::Object other = MustCreate(ConfigMap("default", "other"));
  MustCreate(WithOwners(ConfigMap("default", "only"), {RefTo(owner)}));
  MustCreate(WithOwners(ConfigMap("default", "both"), {RefTo(owner), RefTo(other)}));

  ASSERT_OK(cluster().Delete(kConfigMapGvk, "default", "owner",
                             Propagation(kube::PropagationPolicy::kOrphan)));
  EXPECT_THAT(MustGet(kConfigMapGvk, "default", "owner").Finalizers(), ElementsAre("orphan"));
  cluster().RunControllers();

  EXPECT_FALSE(Exists(kConfigMapGvk, "default", "owner"));
  EXPECT_THAT(MustGet(kConfigMapGvk, "default", "only").OwnerReferences(), IsEmpty());
  ASSERT_EQ(MustGet(kConfigMapGvk, "default", "both").OwnerReferences().size(), 1u);
  EXPECT_EQ(MustGet(kConfigMapGvk, "default", "both").OwnerReferences()[0].name, "other");
}

TEST_F(DeletionTest, OwnerReferenceWithWrongUidCountsAsAbsent) {
  kube::Object owner = MustCreate(ConfigMap("default", "owner"));
  kube::OwnerReference stale = RefTo(owner);
  stale.uid = "11111111-1111-4111-8111-111111111111";
  MustCreate(WithOwners(ConfigMap("default", "dep"), {stale}));

  cluster().RunControllers();

  EXPECT_FALSE(Exists(kConfigMapGvk, "default", "dep"));
  EXPECT_TRUE(Exists(kConfigMapGvk, "default", "owner"));
}

TEST_F(DeletionTest, OwnerRecreatedUnderTheSameNameDoesNotAdoptOldDependents) {
  kube::Object owner = MustCreate(ConfigMap("default", "owner"));
  MustCreate(WithOwners(ConfigMap("default", "dep"), {RefTo(owner)}));
  cluster().SetGarbageCollectorEnabled(false);
  ASSERT_OK(cluster().Delete(kConfigMapGvk, "default", "owner"));
  MustCreate(ConfigMap("default", "owner"));
  cluster().SetGarbageCollectorEnabled(true);

  cluster().RunControllers();

  EXPECT_FALSE(Exists(kConfigMapGvk, "default", "dep"));
  EXPECT_TRUE(Exists(kConfigMapGvk, "default", "owner"));
}

TEST_F(DeletionTest, OnlyTheDanglingReferenceIsRemovedWhenAnotherOwnerLives) {
  kube::Object live = MustCreate(ConfigMap("default", "live"));
  kube::Object gone = MustCreate(ConfigMap("default", "gone"));
  MustCreate(WithOwners(ConfigMap("default", "dep"), {RefTo(live), RefTo(gone)}));

  ASSERT_OK(cluster().Delete(kConfigMapGvk, "default", "gone"));
  cluster().RunControllers();

  kube::Object dep = MustGet(kConfigMapGvk, "default", "dep");
  ASSERT_EQ(dep.OwnerReferences().size(), 1u);
  EXPECT_EQ(dep.OwnerReferences()[0].name, "live");
}

TEST_F(DeletionTest, NamespacedDependentOfClusterScopedOwnerIsCollected) {
  kube::Object owner = MustCreate(Template("tpl"));
  MustCreate(WithOwners(ConfigMap("default", "dep"), {RefTo(owner)}));
  cluster().RunControllers();
  EXPECT_TRUE(Exists(kConfigMapGvk, "default", "dep"));

  ASSERT_OK(cluster().Delete(kTemplateGvk, "", "tpl"));
  cluster().RunControllers();

  EXPECT_FALSE(Exists(kConfigMapGvk, "default", "dep"));
}

TEST_F(DeletionTest, OwnerInAnotherNamespaceCountsAsAbsent) {
  MustCreate(Namespace("a"));
  MustCreate(Namespace("b"));
  kube::Object owner = MustCreate(ConfigMap("a", "owner"));
  MustCreate(WithOwners(ConfigMap("b", "dep"), {RefTo(owner)}));

  cluster().RunControllers();

  EXPECT_FALSE(Exists(kConfigMapGvk, "b", "dep"));
  EXPECT_TRUE(Exists(kConfigMapGvk, "a", "owner"));
}

TEST_F(DeletionTest, ClusterScopedDependentOfNamespacedOwnerIsLeftAlone) {
  kube::Object owner = MustCreate(ConfigMap("default", "owner"));
  MustCreate(WithOwners(Template("tpl"), {RefTo(owner)}));
  ASSERT_OK(cluster().Delete(kConfigMapGvk, "default", "owner"));

  cluster().RunControllers();

  // The real collector cannot look a namespaced owner up for a cluster-scoped object and
  // forgets the item instead of deleting it.
  kube::Object tpl = MustGet(kTemplateGvk, "", "tpl");
  EXPECT_EQ(tpl.OwnerReferences().size(), 1u);
}

TEST_F(DeletionTest, OwnerOfUnknownKindKeepsTheDependent) {
  kube::OwnerReference unknown;
  unknown.api_version = "example.com/v1";
  unknown.kind = "Gadget";
  unknown.name = "g";
  unknown.uid = "11111111-1111-4111-8111-111111111111";
  MustCreate(WithOwners(ConfigMap("default", "dep"), {unknown}));

  cluster().RunControllers();

  EXPECT_TRUE(Exists(kConfigMapGvk, "default", "dep"));
}

TEST_F(DeletionTest, DisabledGarbageCollectorLeavesDependentsUntilEnabled) {
  fakecluster::ClusterOptions options;
  options.garbage_collector_enabled = false;
  Reset(options);
  kube::Object owner = MustCreate(ConfigMap("default", "owner"));
  MustCreate(WithOwners(ConfigMap("default", "dep"), {RefTo(owner)}));
  ASSERT_OK(cluster().Delete(kConfigMapGvk, "default", "owner"));

  EXPECT_FALSE(cluster().RunControllers());
  EXPECT_TRUE(Exists(kConfigMapGvk, "default", "dep"));

  cluster().SetGarbageCollectorEnabled(true);
  EXPECT_TRUE(cluster().RunControllers());
  EXPECT_FALSE(Exists(kConfigMapGvk, "default", "dep"));
}

TEST_F(DeletionTest, GarbageCollectorDeletesThroughFinalizersOfDependents) {
  kube::Object owner = MustCreate(ConfigMap("default", "owner"));
  MustCreate(
      WithFinalizers(WithOwners(ConfigMap("default", "dep"), {RefTo(owner)}), {"example.com/h"}));
  ASSERT_OK(cluster().Delete(kConfigMapGvk, "default", "owner"));

  cluster().RunControllers();

  EXPECT_TRUE(MustGet(kConfigMapGvk, "default", "dep").DeletionTimestamp().has_value());
}

}  // namespace
}  // namespace fakecluster_test
