// ProgressBar drawing.
#include "progress_bar.h"

#include <fmt/format.h>

#include <algorithm>

namespace runner {

void ProgressBar::Phase(std::string label, size_t total, size_t offset) {
  label_ = std::move(label);
  total_ = total;
  offset_ = offset;
  last_draw_ = {};
  if (enabled_) Draw(0);
}

void ProgressBar::Draw(size_t done) {
  auto now = std::chrono::steady_clock::now();
  if (drawn_ && done != total_ && now - last_draw_ < std::chrono::milliseconds(100)) return;
  last_draw_ = now;
  constexpr size_t kWidth = 30;
  size_t shown = std::min(done, total_);
  size_t filled = total_ ? shown * kWidth / total_ : 0;
  out_ << fmt::format("\r{:<24} [{}{}] {:3}% {}/{}", label_, std::string(filled, '#'),
                      std::string(kWidth - filled, '.'), total_ ? shown * 100 / total_ : 0, shown,
                      total_)
       << std::flush;
  drawn_ = true;
}

void ProgressBar::Clear() {
  if (!drawn_) return;
  out_ << "\r" << std::string(90, ' ') << "\r" << std::flush;
  drawn_ = false;
}

}  // namespace runner
