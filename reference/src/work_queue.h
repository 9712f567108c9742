// WorkQueue: the controller's queue of object keys, like client-go's workqueue: a key queued
// twice before it is processed is processed once; keys come out in the order they were first
// queued (deterministic); delayed keys (backoff, resync) wait for the virtual clock.
// Not thread-safe.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <tuple>

#include "kube/clock.h"

namespace reference {

class WorkQueue {
 public:
  void Add(const std::string& key);
  // Queues `key` at `when` (or earlier, if it is already waiting for a later time).
  void AddAt(const std::string& key, kube::TimeMillis when);
  // Moves every delayed key due at `now` into the queue; true if any moved.
  bool PromoteDue(kube::TimeMillis now);
  std::optional<std::string> Pop();
  bool Empty() const { return ready_.empty(); }
  std::optional<kube::TimeMillis> NextDue() const;
  size_t Size() const { return ready_.size(); }
  void Clear();

 private:
  std::deque<std::string> ready_;
  std::set<std::string> queued_;
  std::set<std::tuple<kube::TimeMillis, uint64_t, std::string>> delayed_;
  std::map<std::string, std::pair<kube::TimeMillis, uint64_t>> delayed_index_;
  uint64_t sequence_ = 0;
};

}  // namespace reference
