// Reconcile benchmark: N annotated Deployments created before the reference starts, then the
// controller runs to quiescence. Reports targets per second, writes per target and the peak
// resident memory of the process (VmHWM; includes the pre-created objects).
#include <benchmark/benchmark.h>
#include <fmt/format.h>

#include <fstream>
#include <string>

#include "fakecluster/cluster.h"
#include "kube/clock.h"
#include "reference/controller.h"

namespace {

double PeakResidentMiB() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmHWM:", 0) == 0) return std::stod(line.substr(6)) / 1024.0;
  }
  return 0;
}

kube::Object Template() {
  return kube::Object(kube::Json::parse(R"({
    "apiVersion": "stash.appscode.com/v1beta1", "kind": "BackupConfigurationTemplate",
    "metadata": {"name": "workload-backup-template"},
    "spec": {"backend": {"gcs": {"bucket": "b", "prefix": "p/${TARGET_NAMESPACE}/${TARGET_NAME}"},
                         "storageSecretName": "s"},
             "schedule": "*/5 * * * *", "retentionPolicy": {"name": "keep", "keepLast": 5}}})"));
}

kube::Object Target(int64_t i) {
  return kube::Object(kube::Json::parse(fmt::format(R"({{
    "apiVersion": "apps/v1", "kind": "Deployment",
    "metadata": {{"name": "app-{0:07}", "namespace": "ns-{1:02}",
      "annotations": {{"stash.appscode.com/backup-template": "workload-backup-template",
                       "stash.appscode.com/target-directories": "/data",
                       "stash.appscode.com/volume-mounts": "data:/data"}}}},
    "spec": {{"replicas": 1, "selector": {{"matchLabels": {{"app": "a"}}}},
             "template": {{"metadata": {{"labels": {{"app": "a"}}}},
                          "spec": {{"containers": [{{"name": "c", "image": "busybox"}}]}}}}}}}})",
                                                    i, i % 50)));
}

void BM_ReconcileToQuiescence(benchmark::State& state) {
  const int64_t n = state.range(0);
  uint64_t writes = 0;
  for (auto _ : state) {
    state.PauseTiming();
    kube::VirtualClock clock;
    fakecluster::ClusterOptions options;
    options.record_write_log = false;
    fakecluster::FakeCluster cluster(clock, options);
    for (int i = 0; i < 50; ++i) {
      (void)cluster.Create(kube::Object(kube::Json{{"apiVersion", "v1"}, {"kind", "Namespace"},
                                                   {"metadata", {{"name", fmt::format("ns-{:02}", i)}}}}));
    }
    (void)cluster.Create(Template());
    for (int64_t i = 0; i < n; ++i) (void)cluster.Create(Target(i));
    auto client = cluster.ClientFor("stash-operator");
    reference::ReconcilerOptions reconciler;
    reference::Controller controller(*client, clock, reconciler);
    uint64_t rv_before = cluster.CurrentResourceVersion();
    state.ResumeTiming();
    (void)controller.Start();
    while (cluster.RunControllers() | controller.Step()) {
    }
    state.PauseTiming();
    writes = cluster.CurrentResourceVersion() - rv_before;
    state.ResumeTiming();
  }
  state.SetItemsProcessed(state.iterations() * n);
  state.counters["targets_per_second"] =
      benchmark::Counter(static_cast<double>(n), benchmark::Counter::kIsIterationInvariantRate);
  state.counters["writes_per_target"] = static_cast<double>(writes) / static_cast<double>(n);
  state.counters["peak_rss_mib"] = PeakResidentMiB();
}

}  // namespace

BENCHMARK(BM_ReconcileToQuiescence)->Arg(10000)->Unit(benchmark::kMillisecond)->Iterations(1);
BENCHMARK(BM_ReconcileToQuiescence)->Arg(100000)->Unit(benchmark::kMillisecond)->Iterations(1);

BENCHMARK_MAIN();
