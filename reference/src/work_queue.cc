// WorkQueue implementation.
#include "work_queue.h"

namespace reference {

void WorkQueue::Add(const TargetKey& key) {
  if (queued_.insert(key).second) ready_.push_back(key);
}

void WorkQueue::AddAt(const TargetKey& key, kube::TimeMillis when) {
  auto it = delayed_index_.find(key);
  if (it != delayed_index_.end()) {
    if (it->second.first <= when) return;
    delayed_.erase({it->second.first, it->second.second, key});
  }
  uint64_t seq = sequence_++;
  delayed_.insert({when, seq, key});
  delayed_index_[key] = {when, seq};
}

bool WorkQueue::PromoteDue(kube::TimeMillis now) {
  bool moved = false;
  while (!delayed_.empty() && std::get<0>(*delayed_.begin()) <= now) {
    TargetKey key = std::get<2>(*delayed_.begin());
    delayed_.erase(delayed_.begin());
    delayed_index_.erase(key);
    Add(key);
    moved = true;
  }
  return moved;
}

std::optional<TargetKey> WorkQueue::Pop() {
  if (ready_.empty()) return std::nullopt;
  TargetKey key = std::move(ready_.front());
  ready_.pop_front();
  queued_.erase(key);
  return key;
}

std::optional<kube::TimeMillis> WorkQueue::NextDue() const {
  if (delayed_.empty()) return std::nullopt;
  return std::get<0>(*delayed_.begin());
}

void WorkQueue::Clear() {
  ready_.clear();
  queued_.clear();
  delayed_.clear();
  delayed_index_.clear();
}

}  // namespace reference
