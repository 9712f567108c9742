// The floor work and its measurement (the bench may read the wall clock: it lives in runner/).
#include "runner/bench_floor.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>

namespace runner {
namespace {

// A rendered object padded with trailing spaces (still valid JSON) to kFloorObjectBytes.
std::string Padded(std::string text) {
  if (text.size() < kFloorObjectBytes) text.resize(kFloorObjectBytes, ' ');
  return text;
}

}  // namespace

FloorWorkload::FloorWorkload(size_t targets) {
  keys_.reserve(targets);
  uids_.reserve(targets);
  for (size_t i = 0; i < targets; ++i) {
    keys_.push_back(fmt::format("bench-{:04}/deployment-t-{:07}", i % 10, i));
    uids_.push_back(fmt::format("6f1d2c3b-0000-4000-8000-{:012x}", i));
  }
  repository_text_ = Padded(
      R"({"apiVersion":"stash.appscode.com/v1alpha1","kind":"Repository","metadata":{)"
      R"("creationTimestamp":"2024-01-01T00:00:00Z","generation":1,)"
      R"("name":"deployment-t-0000000","namespace":"bench-0000","resourceVersion":"1000",)"
      R"("uid":"6f1d2c3b-0000-4000-8000-000000000000"},"spec":{"backend":{"gcs":{)"
      R"("bucket":"appscode-qa","prefix":"stash-backup/r1/bench-0000/deployment/t-0000000"},)"
      R"("storageSecretName":"gcs-secret"}}})");
  configuration_text_ = Padded(
      R"({"apiVersion":"stash.appscode.com/v1beta1","kind":"BackupConfiguration","metadata":{)"
      R"("name":"deployment-t-0000000","namespace":"bench-0000","ownerReferences":[{)"
      R"("apiVersion":"apps/v1","kind":"Deployment","name":"t-0000000",)"
      R"("uid":"6f1d2c3b-0000-4000-8000-000000000000"}],"resourceVersion":"1001",)"
      R"("uid":"6f1d2c3b-0000-4000-8000-000000000001"},"spec":{"repository":{)"
      R"("name":"deployment-t-0000000"},)"
      R"("schedule":"*/5 * * * *","target":{"directories":["/source/data"],)"
      R"("ref":{"apiVersion":"apps/v1","kind":"Deployment","name":"t-0000000"},)"
      R"("volumeMounts":[{"mountPath":"/source/data","name":"source-data"}]}}})");
}

size_t FloorWorkload::Run() {
  size_t checksum = 0;
  for (size_t i = 0; i < keys_.size(); ++i) {
    auto repository = repositories_.emplace(keys_[i], repository_text_).first;
    auto configuration = configurations_.emplace(keys_[i], configuration_text_).first;
    by_uid_.emplace(uids_[i], &configuration->second);
    by_owner_.emplace(uids_[i], &repository->second);
    events_.push_back({keys_[i], i});
    checksum += repository->second.size() + configuration->second.size();
  }
  return checksum + by_uid_.size() + by_owner_.size() + events_.size();
}

void FloorWorkload::Clear() {
  repositories_ = {};
  configurations_ = {};
  by_uid_ = {};
  by_owner_ = {};
  events_ = {};
}

double MeasureFloorNsPerTarget(size_t targets) {
  using Clock = std::chrono::steady_clock;
  FloorWorkload floor(std::max<size_t>(targets, 1));
  double best = 0;
  std::chrono::nanoseconds timed{0};
  volatile size_t sink = 0;
  for (int pass = 0; pass < 50 && (pass < 3 || timed < std::chrono::milliseconds(50)); ++pass) {
    floor.Clear();
    auto start = Clock::now();
    sink = sink + floor.Run();
    auto elapsed = std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now() - start);
    timed += elapsed;
    double per_target = static_cast<double>(elapsed.count()) / static_cast<double>(floor.Targets());
    if (pass == 0 || per_target < best) best = per_target;
  }
  return best;
}

}  // namespace runner
