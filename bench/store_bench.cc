// Fake cluster store benchmarks: create, get, update, and a list by label that matches exactly
// 10 objects, at 10k and 1M objects (1k at smoke scale). Get, update and list are timed per
// call and report p50/p99. Bytes per stored object are measured from the process's RSS growth
// while the objects are created (encoded objects, keys, records, indexes, watch history and
// allocator overhead), next to the store's own estimate.
#include <benchmark/benchmark.h>
#include <fmt/format.h>

#include <map>
#include <memory>

#include "bench_support.h"
#include "fakecluster/cluster.h"
#include "kube/clock.h"
#include "runner/bench_stats.h"

namespace {

const kube::GroupVersionKind kDeployment{"apps", "v1", "Deployment"};
constexpr int64_t kPerBatch = 10;  // objects sharing one value of the label "batch"

// An annotated Deployment of realistic size (the default-backup target shape). Its label
// "batch" is shared by exactly kPerBatch consecutive objects.
kube::Object MakeDeployment(int64_t i) {
  std::string name = fmt::format("app-{:07}", i);
  return kube::Object(kube::Json::parse(fmt::format(R"({{
    "apiVersion": "apps/v1", "kind": "Deployment",
    "metadata": {{
      "name": "{0}", "namespace": "ns-{1:03}",
      "labels": {{"app": "{0}", "group": "g{1}", "batch": "b{2}"}},
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
                                                    name, i % 100, i / kPerBatch)));
}

fakecluster::ClusterOptions BenchOptions() {
  fakecluster::ClusterOptions options;
  options.record_write_log = false;
  options.load_stash_crds = false;
  return options;
}

void CreateNamespaces(fakecluster::FakeCluster& cluster) {
  for (int i = 0; i < 100; ++i) {
    (void)cluster.Create(
        kube::Object(kube::Json{{"apiVersion", "v1"},
                                {"kind", "Namespace"},
                                {"metadata", {{"name", fmt::format("ns-{:03}", i)}}}}));
  }
}

// A cluster holding n Deployments, with the RSS its objects added.
struct Populated {
  kube::VirtualClock clock;
  std::unique_ptr<fakecluster::FakeCluster> cluster;
  double rss_bytes_per_object = 0;
};

// Creates n Deployments in a new cluster, measuring RSS growth per object.
std::unique_ptr<Populated> Populate(int64_t n) {
  auto populated = std::make_unique<Populated>();
  populated->cluster = std::make_unique<fakecluster::FakeCluster>(populated->clock, BenchOptions());
  CreateNamespaces(*populated->cluster);
  runner::ReleaseFreeMemory();
  const size_t before = runner::ResidentBytes();
  for (int64_t i = 0; i < n; ++i) (void)populated->cluster->Create(MakeDeployment(i));
  const size_t after = runner::ResidentBytes();
  populated->rss_bytes_per_object =
      after > before ? static_cast<double>(after - before) / static_cast<double>(n) : 0;
  return populated;
}

// One populated cluster per size, built once and shared by the read/update benchmarks.
Populated& ClusterWith(int64_t n) {
  static std::map<int64_t, std::unique_ptr<Populated>> clusters;
  auto& slot = clusters[n];
  if (!slot) slot = Populate(n);
  return *slot;
}

void ReportBytes(benchmark::State& state, const Populated& populated) {
  fakecluster::StoreStats stats = populated.cluster->Stats();
  state.counters["objects"] = static_cast<double>(stats.objects);
  state.counters["bytes_per_object"] = populated.rss_bytes_per_object;
  state.counters["estimated_bytes_per_object"] = static_cast<double>(stats.BytesPerObject());
  state.counters["encoded_bytes_per_object"] =
      stats.objects ? static_cast<double>(stats.encoded_bytes) / static_cast<double>(stats.objects)
                    : 0;
}

void BM_Create(benchmark::State& state) {
  const int64_t n = state.range(0);
  std::unique_ptr<Populated> populated;
  for (auto _ : state) {
    state.PauseTiming();
    std::vector<kube::Object> objects;
    objects.reserve(static_cast<size_t>(n));
    for (int64_t i = 0; i < n; ++i) objects.push_back(MakeDeployment(i));
    populated = std::make_unique<Populated>();
    populated->cluster =
        std::make_unique<fakecluster::FakeCluster>(populated->clock, BenchOptions());
    CreateNamespaces(*populated->cluster);
    runner::ReleaseFreeMemory();
    const size_t before = runner::ResidentBytes();
    state.ResumeTiming();
    for (const auto& object : objects) benchmark::DoNotOptimize(populated->cluster->Create(object));
    state.PauseTiming();
    const size_t after = runner::ResidentBytes();
    populated->rss_bytes_per_object =
        after > before ? static_cast<double>(after - before) / static_cast<double>(n) : 0;
    ReportBytes(state, *populated);
    objects.clear();
    populated.reset();  // teardown, not timed
    state.ResumeTiming();
  }
  state.SetItemsProcessed(state.iterations() * n);
}

void BM_Get(benchmark::State& state) {
  const int64_t n = state.range(0);
  Populated& populated = ClusterWith(n);
  stashsim_bench::LatencySamples samples;
  int64_t i = 0;
  for (auto _ : state) {
    int64_t k = (i++ * 7919) % n;
    std::string ns = fmt::format("ns-{:03}", k % 100), name = fmt::format("app-{:07}", k);
    samples.Start();
    auto object = populated.cluster->Get(kDeployment, ns, name);
    samples.Stop(state);
    if (!object.ok()) state.SkipWithError("get failed");
    benchmark::DoNotOptimize(object);
  }
  state.SetItemsProcessed(state.iterations());
  samples.Report(state);
  ReportBytes(state, populated);
}

void BM_Update(benchmark::State& state) {
  const int64_t n = state.range(0);
  Populated& populated = ClusterWith(n);
  stashsim_bench::LatencySamples samples;
  int64_t i = 0;
  for (auto _ : state) {
    int64_t k = (i * 7919) % n;
    auto current = populated.cluster->Get(kDeployment, fmt::format("ns-{:03}", k % 100),
                                          fmt::format("app-{:07}", k));
    kube::Object updated = *current;
    updated.json()["spec"]["replicas"] = static_cast<int>(i % 5) + 2;
    samples.Start();
    auto written = populated.cluster->Update(updated);
    samples.Stop(state);
    if (!written.ok()) state.SkipWithError("update failed");
    ++i;
  }
  state.SetItemsProcessed(state.iterations());
  samples.Report(state);
}

// A label selector matching exactly kPerBatch objects, a different batch each call.
void BM_ListByLabel(benchmark::State& state) {
  const int64_t n = state.range(0);
  Populated& populated = ClusterWith(n);
  stashsim_bench::LatencySamples samples;
  const int64_t batches = n / kPerBatch;
  int64_t i = 0;
  for (auto _ : state) {
    kube::ListOptions options;
    options.label_selector = fmt::format("batch=b{}", (i++ * 7919) % batches);
    samples.Start();
    auto list = populated.cluster->List(kDeployment, options);
    samples.Stop(state);
    if (!list.ok() || list->items.size() != static_cast<size_t>(kPerBatch)) {
      state.SkipWithError("the selector did not match exactly 10 objects");
      break;
    }
    benchmark::DoNotOptimize(list);
  }
  state.counters["matched"] = static_cast<double>(kPerBatch);
  state.SetItemsProcessed(state.iterations());
  samples.Report(state);
}

}  // namespace

int main(int argc, char** argv) {
  stashsim_bench::RegisterFloorBenchmark();  // first: measured on a fresh heap
  using stashsim_bench::Sizes;
  for (int64_t n : Sizes({1000}, {10000, 1000000})) {
    benchmark::RegisterBenchmark("BM_Create", BM_Create)
        ->Arg(n)
        ->Unit(benchmark::kMillisecond)
        ->Iterations(n >= 1000000 ? 1 : 3);
  }
  for (int64_t n : Sizes({1000}, {10000, 1000000})) {
    benchmark::RegisterBenchmark("BM_Get", BM_Get)
        ->Arg(n)
        ->Unit(benchmark::kMicrosecond)
        ->UseManualTime();
    benchmark::RegisterBenchmark("BM_Update", BM_Update)
        ->Arg(n)
        ->Unit(benchmark::kMicrosecond)
        ->UseManualTime();
    benchmark::RegisterBenchmark("BM_ListByLabel", BM_ListByLabel)
        ->Arg(n)
        ->Unit(benchmark::kMicrosecond)
        ->UseManualTime();
  }
  return stashsim_bench::Main(argc, argv);
}
