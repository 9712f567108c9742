// Tests for the controller's work queue (work_queue.h) and its keys (target_key.h).
#include "work_queue.h"

#include <gtest/gtest.h>

#include <optional>

namespace reference {
namespace {

TEST(TargetKeyTest, OrdersByKindThenObjectKey) {
  EXPECT_LT((TargetKey{"Deployment", "b/x"}), (TargetKey{"DeploymentConfig", "a/x"}));
  EXPECT_LT((TargetKey{"DaemonSet", "z/z"}), (TargetKey{"Deployment", "a/a"}));
  EXPECT_LT((TargetKey{"Deployment", "a/x"}), (TargetKey{"Deployment", "b/x"}));
  EXPECT_EQ((TargetKey{"Deployment", "a/x"}), (TargetKey{"Deployment", "a/x"}));
}

TEST(WorkQueueTest, AKeyQueuedTwiceComesOutOnceInFirstQueuedOrder) {
  WorkQueue queue;
  queue.Add({"Deployment", "demo/b"});
  queue.Add({"DaemonSet", "demo/a"});
  queue.Add({"Deployment", "demo/b"});
  EXPECT_EQ(queue.Pop(), (TargetKey{"Deployment", "demo/b"}));
  EXPECT_EQ(queue.Pop(), (TargetKey{"DaemonSet", "demo/a"}));
  EXPECT_EQ(queue.Pop(), std::nullopt);
}

TEST(WorkQueueTest, DelayedKeysWaitForTheirTime) {
  WorkQueue queue;
  queue.AddAt({"Deployment", "demo/a"}, 20);
  queue.AddAt({"Deployment", "demo/a"}, 10);  // earlier wins
  EXPECT_EQ(queue.NextDue(), 10);
  EXPECT_FALSE(queue.PromoteDue(9));
  EXPECT_TRUE(queue.PromoteDue(10));
  EXPECT_EQ(queue.Pop(), (TargetKey{"Deployment", "demo/a"}));
  EXPECT_EQ(queue.NextDue(), std::nullopt);
}

}  // namespace
}  // namespace reference
