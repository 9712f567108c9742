// The real-time clock.
#include "runner/wall_clock.h"

#include <chrono>

namespace runner {

kube::TimeMillis WallClock::Now() const {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace runner
