// Measurements for benchmarks: latency percentiles, the process's resident memory (now and at
// its peak, from /proc/self/status), resetting the peak, handing free heap memory back to the
// system so a later growth of RSS measures new use, and a one-line description of the machine.
// Linux-specific; on other systems the memory figures read as 0.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace runner {

struct LatencySummary {
  size_t samples = 0;
  double p50_us = 0;
  double p99_us = 0;
  double p999_us = 0;
  double max_us = 0;
};

// Nearest-rank percentiles of durations in nanoseconds (sorts `nanos`); nullopt when empty.
std::optional<LatencySummary> SummariseLatencies(std::vector<int64_t>& nanos);
// The nearest-rank `fraction` quantile (0 < fraction <= 1) of sorted values.
int64_t NearestRank(const std::vector<int64_t>& sorted, double fraction);

// VmRSS and VmHWM of this process in bytes (0 when unreadable).
size_t ResidentBytes();
size_t PeakResidentBytes();
// Resets VmHWM to the current RSS (writes "5" to /proc/self/clear_refs); false if refused.
bool ResetPeakResident();
// Returns free heap pages to the system (glibc malloc_trim, or the loaded replacement
// allocator's own call), so that RSS growth after this point counts memory in use, not memory
// reused from earlier frees.
void ReleaseFreeMemory();
// The malloc in use: "mimalloc" or "tcmalloc" when that library is loaded, else "glibc malloc".
std::string ActiveAllocator();

// "<hostname>, <cpu model> x<online cpus>" from gethostname and /proc/cpuinfo.
std::string MachineDescription();

}  // namespace runner
