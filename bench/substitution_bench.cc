// Substitution benchmarks: ns per template for the text engine and for the whole-object
// mechanism (serialise, substitute, parse back) on the spec's worked-example template.
#include <benchmark/benchmark.h>

#include "bench_support.h"
#include "kube/object.h"
#include "reference/substitution.h"

namespace {

const reference::Variables& Vars() {
  static const reference::Variables kVars = {{"TARGET_API_VERSION", "apps/v1"},
                                             {"TARGET_KIND", "deployment"},
                                             {"TARGET_NAME", "stash-demo"},
                                             {"TARGET_NAMESPACE", "demo"},
                                             {"TARGET_RESOURCE", "deployments"}};
  return kVars;
}

kube::Json Template() {
  return kube::Json::parse(R"({
    "apiVersion": "stash.appscode.com/v1beta1", "kind": "BackupConfigurationTemplate",
    "metadata": {"name": "workload-backup-template"},
    "spec": {
      "backend": {"gcs": {"bucket": "appscode-qa",
                          "prefix": "stash-backup/${TARGET_NAMESPACE}/${TARGET_KIND}/${TARGET_NAME}"},
                  "storageSecretName": "gcs-secret"},
      "schedule": "*/5 * * * *",
      "retentionPolicy": {"name": "keep-last-5", "keepLast": 5, "prune": true}}})");
}

void BM_SubstituteText(benchmark::State& state) {
  const std::string text = Template().dump();
  for (auto _ : state) benchmark::DoNotOptimize(reference::Substitute(text, Vars()));
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(text.size()));
}

void BM_SubstituteJson(benchmark::State& state) {
  const kube::Json document = Template();
  for (auto _ : state) benchmark::DoNotOptimize(reference::SubstituteJson(document, Vars()));
  state.SetItemsProcessed(state.iterations());
}

}  // namespace

BENCHMARK(BM_SubstituteText)->Unit(benchmark::kNanosecond);
BENCHMARK(BM_SubstituteJson)->Unit(benchmark::kNanosecond);

int main(int argc, char** argv) {
  stashsim_bench::RegisterFloorBenchmark();
  return stashsim_bench::Main(argc, argv);
}
