// How much slower the test binary runs than an optimised one: 1 normally, more under the
// sanitizer presets. Liveness bounds in threaded tests ("the well-behaved client was not held
// up for more than N ms") multiply by it, so they keep their meaning without failing on
// instrumentation alone.
#pragma once

namespace test_support {

#if defined(__SANITIZE_THREAD__)
inline constexpr int kSanitizerSlowdown = 5;
#elif defined(__SANITIZE_ADDRESS__)
inline constexpr int kSanitizerSlowdown = 3;
#else
inline constexpr int kSanitizerSlowdown = 1;
#endif

}  // namespace test_support
