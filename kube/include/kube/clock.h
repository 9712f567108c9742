// Time for everything that must be deterministic: a Clock interface, a manually advanced
// virtual clock, and RFC 3339 formatting. Nothing in kube/, fakecluster/ or reference/ reads
// the wall clock; a wall clock for external processes lives in runner/.
#pragma once

#include <cstdint>
#include <string>

namespace kube {

// Milliseconds since the Unix epoch.
using TimeMillis = int64_t;

class Clock {
 public:
  virtual ~Clock() = default;
  virtual TimeMillis Now() const = 0;
};

// Starts at `start` (default 2024-01-01T00:00:00Z) and moves only when told to.
class VirtualClock : public Clock {
 public:
  static constexpr TimeMillis kDefaultStart = 1704067200000;
  explicit VirtualClock(TimeMillis start = kDefaultStart) : now_(start) {}
  TimeMillis Now() const override { return now_; }
  void Advance(TimeMillis millis) { now_ += millis; }
  void AdvanceTo(TimeMillis when) {
    if (when > now_) now_ = when;
  }

 private:
  TimeMillis now_;
};

// "2024-01-01T00:00:00Z": second precision, UTC, as metav1.Time serialises.
std::string FormatRfc3339(TimeMillis when);

}  // namespace kube
