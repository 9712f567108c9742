// Latency percentiles, /proc/self memory figures and the machine description.
#include "runner/bench_stats.h"

#include <fmt/format.h>
#include <unistd.h>
#if defined(__GLIBC__)
#include <dlfcn.h>
#include <link.h>
#include <malloc.h>
#endif

#include <algorithm>
#include <cmath>
#include <fstream>
#include <thread>

namespace runner {
namespace {

// A "Vm...:   1234 kB" line of /proc/self/status, in bytes.
size_t StatusField(std::string_view field) {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.size() > field.size() && line.compare(0, field.size(), field) == 0 &&
        line[field.size()] == ':') {
      return static_cast<size_t>(std::stoull(line.substr(field.size() + 1))) * 1024;
    }
  }
  return 0;
}

}  // namespace

int64_t NearestRank(const std::vector<int64_t>& sorted, double fraction) {
  if (sorted.empty()) return 0;
  auto rank = static_cast<size_t>(std::ceil(fraction * static_cast<double>(sorted.size())));
  rank = std::clamp<size_t>(rank, 1, sorted.size());
  return sorted[rank - 1];
}

std::optional<LatencySummary> SummariseLatencies(std::vector<int64_t>& nanos) {
  if (nanos.empty()) return std::nullopt;
  std::sort(nanos.begin(), nanos.end());
  auto us = [](int64_t ns) { return static_cast<double>(ns) / 1000.0; };
  LatencySummary summary;
  summary.samples = nanos.size();
  summary.p50_us = us(NearestRank(nanos, 0.50));
  summary.p99_us = us(NearestRank(nanos, 0.99));
  summary.p999_us = us(NearestRank(nanos, 0.999));
  summary.max_us = us(nanos.back());
  return summary;
}

size_t ResidentBytes() { return StatusField("VmRSS"); }
size_t PeakResidentBytes() { return StatusField("VmHWM"); }

bool ResetPeakResident() {
  std::ofstream clear_refs("/proc/self/clear_refs");
  clear_refs << "5";
  clear_refs.flush();
  return static_cast<bool>(clear_refs);
}

namespace {

// A function of the replacement allocator, if one is loaded (looked up, not linked, so the
// library itself needs none).
template <typename Function>
Function* LoadedFunction(const char* name) {
  return reinterpret_cast<Function*>(dlsym(RTLD_DEFAULT, name));
}

}  // namespace

void ReleaseFreeMemory() {
  if (auto* collect = LoadedFunction<void(bool)>("mi_collect")) collect(true);
  if (auto* release = LoadedFunction<void()>("MallocExtension_ReleaseFreeMemory")) release();
#if defined(__GLIBC__)
  malloc_trim(0);
#endif
}

std::string ActiveAllocator() {
  std::string found = "glibc malloc";
  dl_iterate_phdr(
      [](dl_phdr_info* info, size_t, void* out) {
        std::string_view path = info->dlpi_name ? info->dlpi_name : "";
        auto* name = static_cast<std::string*>(out);
        if (path.find("libmimalloc") != std::string_view::npos) *name = "mimalloc";
        if (path.find("libtcmalloc") != std::string_view::npos) *name = "tcmalloc";
        return 0;
      },
      &found);
  return found;
}

std::string MachineDescription() {
  char host[256] = {};
  if (gethostname(host, sizeof host - 1) != 0) host[0] = '\0';
  std::string cpu = "unknown cpu";
  std::ifstream cpuinfo("/proc/cpuinfo");
  std::string line;
  while (std::getline(cpuinfo, line)) {
    if (line.rfind("model name", 0) == 0) {
      auto value = line.find_first_not_of(" \t", line.find(':') + 1);
      if (line.find(':') != std::string::npos && value != std::string::npos) {
        cpu = line.substr(value);
      }
      break;
    }
  }
  return fmt::format("{}, {} x{}", host[0] ? host : "unknown host", cpu,
                     std::max(1u, std::thread::hardware_concurrency()));
}

}  // namespace runner
