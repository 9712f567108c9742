// Fake cluster store benchmarks: create, get, update and list-by-label at 10k and 1M objects,
// with the bytes each stored object costs (encoded object + keys, records and indexes).
#include <benchmark/benchmark.h>
#include <fmt/format.h>

#include <map>
#include <memory>

#include "fakecluster/cluster.h"
#include "kube/clock.h"

namespace {

const kube::GroupVersionKind kDeployment{"apps", "v1", "Deployment"};

// An annotated Deployment of realistic size (the default-backup target shape).
kube::Object MakeDeployment(int64_t i) {
  std::string name = fmt::format("app-{:07}", i);
  return kube::Object(kube::Json::parse(fmt::format(R"({{
    "apiVersion": "apps/v1", "kind": "Deployment",
    "metadata": {{
      "name": "{0}", "namespace": "ns-{1:03}",
      "labels": {{"app": "{0}", "group": "g{1}"}},
      "annotations": {{
        "stash.appscode.com/backup-template": "workload-backup-template",
        "stash.appscode.com/target-directories": "/source/data",
        "stash.appscode.com/volume-mounts": "source-data:/source/data"}}}},
    "spec": {{
      "replicas": 1,
      "selector": {{"matchLabels": {{"app": "{0}"}}}},
      "template": {{
        "metadata": {{"labels": {{"app": "{0}"}}}},
        "spec": {{
          "containers": [{{"name": "app", "image": "busybox:1.36",
                          "volumeMounts": [{{"name": "source-data", "mountPath": "/source/data"}}]}}],
          "volumes": [{{"name": "source-data",
                       "persistentVolumeClaim": {{"claimName": "data-{0}"}}}}]}}}}}}}})",
                                                    name, i % 100)));
}

struct Populated {
  kube::VirtualClock clock;
  std::unique_ptr<fakecluster::FakeCluster> cluster;
};

fakecluster::ClusterOptions BenchOptions() {
  fakecluster::ClusterOptions options;
  options.record_write_log = false;
  options.load_stash_crds = false;
  return options;
}

void CreateNamespaces(fakecluster::FakeCluster& cluster) {
  for (int i = 0; i < 100; ++i) {
    (void)cluster.Create(kube::Object(kube::Json{{"apiVersion", "v1"}, {"kind", "Namespace"},
                                                 {"metadata", {{"name", fmt::format("ns-{:03}", i)}}}}));
  }
}

// One populated cluster per size, built once and shared by the read/update benchmarks.
Populated& ClusterWith(int64_t n) {
  static std::map<int64_t, std::unique_ptr<Populated>> clusters;
  auto& slot = clusters[n];
  if (!slot) {
    slot = std::make_unique<Populated>();
    slot->cluster = std::make_unique<fakecluster::FakeCluster>(slot->clock, BenchOptions());
    CreateNamespaces(*slot->cluster);
    for (int64_t i = 0; i < n; ++i) (void)slot->cluster->Create(MakeDeployment(i));
  }
  return *slot;
}

void ReportBytes(benchmark::State& state, const fakecluster::FakeCluster& cluster) {
  fakecluster::StoreStats stats = cluster.Stats();
  state.counters["objects"] = static_cast<double>(stats.objects);
  state.counters["bytes_per_object"] = static_cast<double>(stats.BytesPerObject());
  state.counters["encoded_bytes_per_object"] =
      stats.objects ? static_cast<double>(stats.encoded_bytes) / static_cast<double>(stats.objects) : 0;
}

void BM_Create(benchmark::State& state) {
  const int64_t n = state.range(0);
  for (auto _ : state) {
    state.PauseTiming();
    kube::VirtualClock clock;
    auto cluster = std::make_unique<fakecluster::FakeCluster>(clock, BenchOptions());
    CreateNamespaces(*cluster);
    std::vector<kube::Object> objects;
    objects.reserve(static_cast<size_t>(n));
    for (int64_t i = 0; i < n; ++i) objects.push_back(MakeDeployment(i));
    state.ResumeTiming();
    for (const auto& object : objects) benchmark::DoNotOptimize(cluster->Create(object));
    state.PauseTiming();
    ReportBytes(state, *cluster);
    cluster.reset();
    state.ResumeTiming();
  }
  state.SetItemsProcessed(state.iterations() * n);
}

void BM_Get(benchmark::State& state) {
  const int64_t n = state.range(0);
  Populated& populated = ClusterWith(n);
  int64_t i = 0;
  for (auto _ : state) {
    int64_t k = (i++ * 7919) % n;
    benchmark::DoNotOptimize(populated.cluster->Get(
        kDeployment, fmt::format("ns-{:03}", k % 100), fmt::format("app-{:07}", k)));
  }
  state.SetItemsProcessed(state.iterations());
  ReportBytes(state, *populated.cluster);
}

void BM_Update(benchmark::State& state) {
  const int64_t n = state.range(0);
  Populated& populated = ClusterWith(n);
  int64_t i = 0;
  for (auto _ : state) {
    int64_t k = (i * 7919) % n;
    auto current = populated.cluster->Get(kDeployment, fmt::format("ns-{:03}", k % 100),
                                          fmt::format("app-{:07}", k));
    kube::Object updated = *current;
    updated.json()["spec"]["replicas"] = static_cast<int>(i % 5) + 2;
    benchmark::DoNotOptimize(populated.cluster->Update(updated));
    ++i;
  }
  state.SetItemsProcessed(state.iterations());
}

void BM_ListByLabel(benchmark::State& state) {
  const int64_t n = state.range(0);
  Populated& populated = ClusterWith(n);
  kube::ListOptions options;
  options.label_selector = "group=g42";
  size_t items = 0;
  for (auto _ : state) {
    auto list = populated.cluster->List(kDeployment, options);
    items = list.ok() ? list->items.size() : 0;
    benchmark::DoNotOptimize(list);
  }
  state.counters["matched"] = static_cast<double>(items);
  state.SetItemsProcessed(state.iterations());
}

}  // namespace

BENCHMARK(BM_Create)->Arg(10000)->Unit(benchmark::kMillisecond)->Iterations(3);
BENCHMARK(BM_Create)->Arg(1000000)->Unit(benchmark::kMillisecond)->Iterations(1);
BENCHMARK(BM_Get)->Arg(10000)->Arg(1000000)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_Update)->Arg(10000)->Arg(1000000)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_ListByLabel)->Arg(10000)->Arg(1000000)->Unit(benchmark::kMillisecond);

BENCHMARK_MAIN();
