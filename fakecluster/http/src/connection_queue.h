// ConnectionQueue: cpp-httplib's task queue replaced by one thread per connection, up to a
// cap (connections beyond it wait for a free thread). A fixed pool would let a few watch
// streams or idle keep-alive connections starve everyone else.
#pragma once

#include <httplib.h>

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>

namespace fakecluster::http {

class ConnectionQueue : public httplib::TaskQueue {
 public:
  explicit ConnectionQueue(size_t max_threads) : max_threads_(max_threads) {}
  ~ConnectionQueue() override { shutdown(); }

  void enqueue(std::function<void()> task) override;
  // Waits for every running and waiting task to finish.
  void shutdown() override;

 private:
  void Work(std::function<void()> task);

  const size_t max_threads_;
  std::mutex mu_;
  std::condition_variable idle_;
  std::deque<std::function<void()>> waiting_;
  size_t running_ = 0;
};

}  // namespace fakecluster::http
