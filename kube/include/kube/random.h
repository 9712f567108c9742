// The single seeded random source: a fixed algorithm (splitmix64) whose output is identical on
// every platform and standard library, so a seed reproduces a run byte for byte.
#pragma once

#include <cstdint>
#include <string>

namespace kube {

class SeededRandom {
 public:
  explicit SeededRandom(uint64_t seed) : state_(seed) {}
  uint64_t Next();
  // Uniform in [0, bound); bound > 0.
  uint64_t Below(uint64_t bound);
  // True with probability `p` (0..1).
  bool Chance(double p);
  // RFC 4122 version-4 UUID text.
  std::string Uuid();
  // `n` characters from Kubernetes' generateName alphabet ("bcdfghjklmnpqrstvwxz2456789").
  std::string NameSuffix(int n);

 private:
  uint64_t state_;
};

}  // namespace kube
