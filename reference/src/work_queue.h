// WorkQueue: the controller's queue of target keys, like client-go's workqueue: a key queued
// twice before it is processed is processed once; keys come out in the order they were first
// queued (deterministic); delayed keys (backoff, resync) wait for the virtual clock.
// Not thread-safe.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <set>
#include <tuple>

#include "kube/clock.h"
#include "target_key.h"

namespace reference {

class WorkQueue {
 public:
  void Add(const TargetKey& key);
  // Queues `key` at `when` (or earlier, if it is already waiting for a later time).
  void AddAt(const TargetKey& key, kube::TimeMillis when);
  // Moves every delayed key due at `now` into the queue; true if any moved.
  bool PromoteDue(kube::TimeMillis now);
  std::optional<TargetKey> Pop();
  bool Empty() const { return ready_.empty(); }
  std::optional<kube::TimeMillis> NextDue() const;
  size_t Size() const { return ready_.size(); }
  void Clear();

 private:
  std::deque<TargetKey> ready_;
  std::set<TargetKey> queued_;
  std::set<std::tuple<kube::TimeMillis, uint64_t, TargetKey>> delayed_;
  std::map<TargetKey, std::pair<kube::TimeMillis, uint64_t>> delayed_index_;
  uint64_t sequence_ = 0;
};

}  // namespace reference
