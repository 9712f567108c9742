// One thread per connection, capped.
#include "connection_queue.h"

#include <thread>

namespace fakecluster::http {

void ConnectionQueue::enqueue(std::function<void()> task) {
  std::lock_guard<std::mutex> lock(mu_);
  if (running_ >= max_threads_) {
    waiting_.push_back(std::move(task));
    return;
  }
  ++running_;
  std::thread([this, task = std::move(task)]() mutable { Work(std::move(task)); }).detach();
}

void ConnectionQueue::Work(std::function<void()> task) {
  while (true) {
    task();
    std::unique_lock<std::mutex> lock(mu_);
    if (waiting_.empty()) {
      --running_;
      // Notify with the lock held: shutdown() may destroy this object as soon as it sees zero.
      idle_.notify_all();
      return;
    }
    task = std::move(waiting_.front());
    waiting_.pop_front();
  }
}

void ConnectionQueue::shutdown() {
  std::unique_lock<std::mutex> lock(mu_);
  idle_.wait(lock, [this] { return running_ == 0 && waiting_.empty(); });
}

}  // namespace fakecluster::http
