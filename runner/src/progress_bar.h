// ProgressBar: one self-rewriting line on a terminal ("label [#####.....] 45% 4500/10000"),
// redrawn at most ten times a second; does nothing when disabled (stderr not a terminal).
#pragma once

#include <chrono>
#include <cstddef>
#include <ostream>
#include <string>

namespace runner {

class ProgressBar {
 public:
  ProgressBar(std::ostream& out, bool enabled) : out_(out), enabled_(enabled) {}
  ~ProgressBar() { Clear(); }
  ProgressBar(const ProgressBar&) = delete;
  ProgressBar& operator=(const ProgressBar&) = delete;

  // Starts a phase of `total` items; Update counts are taken relative to `offset`.
  void Phase(std::string label, size_t total, size_t offset = 0);
  // Cheap when nothing is to be drawn: counts are looked at every 256 items.
  void Update(size_t count) {
    if (enabled_ && (count % 256 == 0 || count - offset_ == total_)) Draw(count - offset_);
  }
  void Clear();

 private:
  void Draw(size_t done);

  std::ostream& out_;
  bool enabled_;
  std::string label_;
  size_t total_ = 0;
  size_t offset_ = 0;
  bool drawn_ = false;
  std::chrono::steady_clock::time_point last_draw_;
};

}  // namespace runner
