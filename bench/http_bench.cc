// HTTP front benchmarks over loopback: requests per second for get, list and create through
// one keep-alive connection (kube::HttpClient against HttpServer), and watch events per second
// delivered to 100 watchers. Compare with store_bench for what HTTP itself costs.
#include <benchmark/benchmark.h>
#include <fmt/format.h>

#include <atomic>
#include <memory>
#include <thread>

#include "bench_support.h"
#include "fakecluster/cluster.h"
#include "fakecluster/http_server.h"
#include "kube/clock.h"
#include "kube/http_client.h"

namespace {

const kube::GroupVersionKind kConfigMap{"", "v1", "ConfigMap"};

kube::Object MakeConfigMap(const std::string& name) {
  return kube::Object(kube::Json{
      {"apiVersion", "v1"},
      {"kind", "ConfigMap"},
      {"metadata", {{"name", name}, {"namespace", "bench"}, {"labels", {{"app", "bench"}}}}},
      {"data", {{"config", std::string(512, 'c')}}}});
}

// A served cluster with `objects` ConfigMaps and a client connected to it.
struct Served {
  explicit Served(int objects) : cluster(clock, {}), server(cluster, clock, {}) {
    (void)cluster.Create(kube::Object(kube::Json{
        {"apiVersion", "v1"}, {"kind", "Namespace"}, {"metadata", {{"name", "bench"}}}}));
    for (int i = 0; i < objects; ++i) {
      (void)cluster.Create(MakeConfigMap(fmt::format("cm-{:06}", i)));
    }
    if (!server.Start().ok()) std::abort();
    kube::Kubeconfig config;
    config.server = server.Url();
    client = std::make_unique<kube::HttpClient>(config);
  }
  ~Served() {
    client.reset();
    server.Stop();
  }
  kube::VirtualClock clock;
  fakecluster::FakeCluster cluster;
  fakecluster::HttpServer server;
  std::unique_ptr<kube::HttpClient> client;
};

void BM_HttpGet(benchmark::State& state) {
  Served served(1000);
  int64_t i = 0;
  for (auto _ : state) {
    auto object = served.client->Get(kConfigMap, "bench", fmt::format("cm-{:06}", i++ % 1000));
    if (!object.ok()) state.SkipWithError(object.status().ToString().c_str());
    benchmark::DoNotOptimize(object);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_HttpGet)->Unit(benchmark::kMicrosecond)->UseRealTime();

// A list of `range(0)` objects per request.
void BM_HttpList(benchmark::State& state) {
  Served served(static_cast<int>(state.range(0)));
  kube::ListOptions options;
  options.namespace_name = "bench";
  for (auto _ : state) {
    auto list = served.client->List(kConfigMap, options);
    if (!list.ok() || list->items.size() != static_cast<size_t>(state.range(0))) {
      state.SkipWithError("list failed");
    }
    benchmark::DoNotOptimize(list);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_HttpList)->Arg(10)->Arg(1000)->Unit(benchmark::kMicrosecond)->UseRealTime();

void BM_HttpCreate(benchmark::State& state) {
  Served served(0);
  int64_t i = 0;
  for (auto _ : state) {
    auto created = served.client->Create(MakeConfigMap(fmt::format("new-{:08}", i++)));
    if (!created.ok()) state.SkipWithError(created.status().ToString().c_str());
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_HttpCreate)->Unit(benchmark::kMicrosecond)->UseRealTime();

// Writes `range(0)` objects (in process) and waits until each of 100 HTTP watchers has
// received every event: items = events delivered to watchers.
void BM_HttpWatchFanOut(benchmark::State& state) {
  constexpr int kWatchers = 100;
  const int writes = static_cast<int>(state.range(0));
  Served served(0);
  int64_t round = 0;
  for (auto _ : state) {
    state.PauseTiming();
    std::vector<std::unique_ptr<kube::WatchStream>> streams;
    std::string rv = std::to_string(served.cluster.CurrentResourceVersion());
    for (int w = 0; w < kWatchers; ++w) {
      kube::WatchOptions options;
      options.namespace_name = "bench";
      options.resource_version = rv;
      auto stream = served.client->Watch(kConfigMap, options);
      if (!stream.ok()) {
        state.SkipWithError("watch failed");
        return;
      }
      streams.push_back(std::move(*stream));
    }
    state.ResumeTiming();
    for (int i = 0; i < writes; ++i) {
      (void)served.cluster.Create(MakeConfigMap(fmt::format("w{}-{:06}", round, i)));
    }
    std::vector<int> seen(kWatchers, 0);
    int complete = 0;
    while (complete < kWatchers) {
      for (int w = 0; w < kWatchers; ++w) {
        if (seen[w] == writes) continue;
        while (streams[w]->Poll()) {
          if (++seen[w] == writes) ++complete;
        }
      }
      std::this_thread::yield();
    }
    state.PauseTiming();
    for (auto& stream : streams) stream->Stop();
    streams.clear();
    ++round;
    state.ResumeTiming();
  }
  state.SetItemsProcessed(state.iterations() * writes * kWatchers);
}
BENCHMARK(BM_HttpWatchFanOut)
    ->Arg(200)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->Iterations(3);

}  // namespace

int main(int argc, char** argv) {
  stashsim_bench::RegisterFloorBenchmark();
  return stashsim_bench::Main(argc, argv);
}
