// WallClock: kube::Clock on the system's real time, for what runs against people and external
// processes (`stashsim serve`, external implementations). The simulation never uses it.
#pragma once

#include "kube/clock.h"

namespace runner {

class WallClock : public kube::Clock {
 public:
  kube::TimeMillis Now() const override;
};

}  // namespace runner
