// ClusterBackend: a scenario on a real API server, under names of its own.
#include "runner/cluster_backend.h"

#include <fmt/format.h>
#include <stdlib.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <mutex>
#include <random>
#include <thread>

#include "child_process.h"
#include "kube/http_client.h"
#include "kube/kubeconfig.h"
#include "renaming_client.h"

namespace runner {
namespace {

using SteadyClock = std::chrono::steady_clock;

int64_t MillisSince(SteadyClock::time_point start) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(SteadyClock::now() - start).count();
}

// Answers every call with why the cluster cannot be used (a bad kubeconfig).
class UnreachableClient : public kube::Client {
 public:
  explicit UnreachableClient(kube::Status why) : why_(std::move(why)) {}
  kube::StatusOr<kube::Object> Get(const kube::GroupVersionKind&, std::string_view,
                                   std::string_view) override {
    return why_;
  }
  kube::StatusOr<kube::ObjectList> List(const kube::GroupVersionKind&,
                                        const kube::ListOptions&) override {
    return why_;
  }
  kube::StatusOr<kube::Object> Create(const kube::Object&, const kube::WriteOptions&) override {
    return why_;
  }
  kube::StatusOr<kube::Object> Update(const kube::Object&, const kube::WriteOptions&) override {
    return why_;
  }
  kube::StatusOr<kube::Object> UpdateStatus(const kube::Object&,
                                            const kube::WriteOptions&) override {
    return why_;
  }
  kube::StatusOr<kube::Object> Patch(const kube::GroupVersionKind&, std::string_view,
                                     std::string_view, kube::PatchType, std::string_view,
                                     const kube::PatchOptions&) override {
    return why_;
  }
  kube::Status Delete(const kube::GroupVersionKind&, std::string_view, std::string_view,
                      const kube::DeleteOptions&) override {
    return why_;
  }
  kube::StatusOr<std::unique_ptr<kube::WatchStream>> Watch(const kube::GroupVersionKind&,
                                                           const kube::WatchOptions&) override {
    return why_;
  }

 private:
  kube::Status why_;
};

std::string RandomSuffix() {
  std::random_device device;
  uint64_t entropy = (static_cast<uint64_t>(device()) << 32) ^ device();
  return ClusterNames::MakeSuffix(entropy);
}

}  // namespace

class ClusterBackend::Impl {
 public:
  Impl(const ClusterBackendOptions& options, const Scenario& scenario)
      : options_(options),
        names_(options.suffix.empty() ? RandomSuffix() : options.suffix),
        namespaces_(ScenarioNamespaces(scenario)) {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "stashsim-cluster-XXXXXX").string();
    if (mkdtemp(pattern.data()) != nullptr) dir_ = pattern;
  }

  ~Impl() {
    CleanUp();
    std::error_code error;
    if (!dir_.empty()) std::filesystem::remove_all(dir_, error);
  }

  kube::Status Connect() {
    auto config = kube::LoadKubeconfig(options_.kubeconfig, options_.context);
    if (!config.ok()) return config.status();
    kube::HttpClientOptions http;
    http.user_agent = "stashsim-scenario";
    cluster_ = std::make_unique<kube::HttpClient>(std::move(config).value(), http);
    auto kinds = cluster_->DiscoverKinds();
    if (!kinds.ok()) {
      return kube::InternalError(fmt::format("cannot reach the cluster of {}: {}",
                                             options_.kubeconfig, kinds.status().message()));
    }
    kinds_ = std::move(kinds).value();
    scenario_client_ = std::make_unique<RenamingClient>(
        *cluster_, names_, [this](const kube::GroupVersionKind& gvk) { return Namespaced(gvk); });
    return kube::Status::Ok();
  }

  std::optional<bool> Namespaced(const kube::GroupVersionKind& gvk) {
    std::lock_guard lock(kinds_mutex_);
    if (const kube::ResourceInfo* info = kinds_.Find(gvk)) return info->namespaced;
    // A kind created since (a CRD): discover again.
    if (auto kinds = cluster_->DiscoverKinds(); kinds.ok()) kinds_ = std::move(kinds).value();
    if (const kube::ResourceInfo* info = kinds_.Find(gvk)) return info->namespaced;
    return std::nullopt;
  }

  kube::KindRegistry Kinds() {
    std::lock_guard lock(kinds_mutex_);
    return kinds_;
  }

  // What the implementation writes for the scenario, as (kind, name, resourceVersion) lines:
  // settled when it stops changing.
  std::string Snapshot() {
    std::vector<kube::GroupVersionKind> kinds = {{"", "v1", "Event"}};
    // A named copy: All() points into the registry, and a temporary one in the range-for would
    // be destroyed before the loop reads it (heap-use-after-free found by asan-ubsan).
    const kube::KindRegistry registry = Kinds();
    for (const kube::ResourceInfo* info : registry.All()) {
      if (info->gvk.group == "stash.appscode.com" &&
          (info->gvk.kind == "Repository" || info->gvk.kind == "BackupConfiguration")) {
        kinds.push_back(info->gvk);
      }
    }
    std::string snapshot;
    for (const auto& gvk : kinds) {
      for (const auto& ns : namespaces_) {
        kube::ListOptions list_options;
        list_options.namespace_name = names_.ToCluster(ns);
        auto list = cluster_->List(gvk, list_options);
        if (!list.ok()) {
          snapshot += fmt::format("{} {}: {}\n", gvk.kind, ns, list.status().message());
          continue;
        }
        for (const auto& item : list->items) {
          snapshot +=
              fmt::format("{} {}/{} {}\n", gvk.kind, ns, item.Name(), item.ResourceVersion());
        }
      }
    }
    return snapshot;
  }

  kube::Status Settle() {
    const auto start = SteadyClock::now();
    std::string last = Snapshot();
    auto last_change = start;
    while (true) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
      std::string now = Snapshot();
      if (now != last) {
        last = std::move(now);
        last_change = SteadyClock::now();
      } else if (MillisSince(last_change) >= options_.quiet_ms) {
        return kube::Status::Ok();
      }
      if (MillisSince(start) > options_.step_timeout_ms) {
        return kube::InternalError(fmt::format(
            "the scenario's objects did not stop changing within {} ms", options_.step_timeout_ms));
      }
    }
  }

  // Runs the resync command to its end; a failure or a timeout is the step's failure.
  kube::Status RunResyncCommand(const std::string& step) {
    if (options_.resync_command.empty()) {
      return kube::InternalError(step + " needs --resync-command on a real cluster");
    }
    ChildProcess command;
    std::string log = (std::filesystem::path(dir_) / "resync.log").string();
    KUBE_RETURN_IF_ERROR(
        command.Start(options_.resync_command,
                      {{"KUBECONFIG", options_.kubeconfig}, {"STASHSIM_STEP", step}}, log));
    const auto start = SteadyClock::now();
    while (true) {
      if (auto ended = command.Exited()) {
        std::string output = FileTail(log, 2048);
        {
          std::lock_guard lock(output_mutex_);
          output_ += fmt::format("$ {}\n{}", options_.resync_command, output);
        }
        if (*ended == "exited with status 0") return kube::Status::Ok();
        return kube::InternalError(fmt::format("the resync command {}: {}", *ended, output));
      }
      if (MillisSince(start) > options_.command_timeout_ms) {
        command.Stop();
        return kube::InternalError(fmt::format("the resync command did not end within {} ms",
                                               options_.command_timeout_ms));
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  }

  // Deletes what the scenario created: its cluster-scoped objects, then its namespaces (which
  // takes everything in them). Best effort: the cluster may already have gone.
  void CleanUp() {
    if (!scenario_client_) return;
    kube::DeleteOptions background;
    background.propagation = kube::PropagationPolicy::kBackground;
    for (const auto& object : scenario_client_->FinalizedByScenario()) RemoveFinalizers(object);
    std::vector<RenamingClient::Created> created = scenario_client_->CreatedInClusterScope();
    for (const auto& object : created) {
      if (object.gvk.kind == "Namespace" && object.gvk.group.empty()) continue;
      (void)cluster_->Delete(object.gvk, "", object.name, background);
    }
    for (const auto& ns : namespaces_) {
      (void)cluster_->Delete({"", "v1", "Namespace"}, "", names_.ToCluster(ns), background);
    }
    for (const auto& object : created) {
      if (object.gvk.kind == "Namespace" && object.gvk.group.empty()) {
        (void)cluster_->Delete(object.gvk, "", object.name, background);
      }
    }
  }

  // Takes the scenario's finalizers off an object (the implementation's stay).
  void RemoveFinalizers(const RenamingClient::Finalized& object) {
    for (int attempt = 0; attempt < 3; ++attempt) {
      auto current = cluster_->Get(object.gvk, object.namespace_name, object.name);
      if (!current.ok()) return;
      kube::Json remaining = kube::Json::array();
      bool changed = false;
      for (const auto& finalizer :
           current->json()["metadata"].value("finalizers", kube::Json::array())) {
        bool ours = finalizer.is_string() &&
                    std::find(object.finalizers.begin(), object.finalizers.end(),
                              finalizer.get<std::string>()) != object.finalizers.end();
        if (ours) {
          changed = true;
        } else {
          remaining.push_back(finalizer);
        }
      }
      if (!changed) return;
      kube::Object updated = *current;
      updated.json()["metadata"]["finalizers"] = remaining;
      if (cluster_->Update(updated).ok()) return;  // a conflict: read again
    }
  }

  std::string Output() {
    std::lock_guard lock(output_mutex_);
    return output_;
  }

  const ClusterBackendOptions options_;  // a copy: the Impl never borrows its owner's members
  ClusterNames names_;
  std::vector<std::string> namespaces_;  // the scenario's own names
  std::filesystem::path dir_;
  std::unique_ptr<kube::HttpClient> cluster_;
  std::unique_ptr<RenamingClient> scenario_client_;
  std::mutex kinds_mutex_;
  kube::KindRegistry kinds_;
  std::mutex output_mutex_;
  std::string output_;
  kube::Status connected_;
  std::unique_ptr<kube::Client> unreachable_;  // when not connected
};

ClusterBackend::ClusterBackend(ClusterBackendOptions options, const Scenario& scenario)
    : options_(std::move(options)) {
  if (options_.installation_lock) {
    alone_ = options_.runs_alone || HasStep(scenario, Step::Action::kResync) ||
             HasStep(scenario, Step::Action::kRestart);
    if (alone_) {
      exclusive_ = std::unique_lock(*options_.installation_lock);
    } else {
      shared_ = std::shared_lock(*options_.installation_lock);
    }
  } else {
    alone_ = true;  // a backend made on its own: nothing else runs beside it
  }
  impl_ = std::make_unique<Impl>(options_, scenario);
  impl_->connected_ = impl_->Connect();
  if (!impl_->connected_.ok()) {
    impl_->unreachable_ = std::make_unique<UnreachableClient>(impl_->connected_);
  }
}

ClusterBackend::~ClusterBackend() = default;

kube::Client& ClusterBackend::ScenarioClient() {
  if (impl_->scenario_client_) return *impl_->scenario_client_;
  return *impl_->unreachable_;
}

kube::KindRegistry ClusterBackend::Kinds() { return impl_->Kinds(); }

kube::Status ClusterBackend::Start() {
  KUBE_RETURN_IF_ERROR(impl_->connected_);
  return impl_->Settle();
}

kube::Status ClusterBackend::Quiesce() { return impl_->Settle(); }

kube::Status ClusterBackend::Resync() {
  KUBE_RETURN_IF_ERROR(impl_->RunResyncCommand("resync"));
  return impl_->Settle();
}

kube::Status ClusterBackend::Restart() {
  KUBE_RETURN_IF_ERROR(impl_->RunResyncCommand("restart"));
  return impl_->Settle();
}

kube::Status ClusterBackend::AdvanceClock(kube::TimeMillis) {
  return kube::InternalError("a real cluster's clock cannot be moved");
}

std::string ClusterBackend::ImplementationOutput() const { return impl_->Output(); }

std::string ClusterSkipReason(const Scenario& scenario, const ClusterBackendOptions& options) {
  if (!scenario.faults.Empty()) return "injects faults, which only the fake cluster can";
  if (scenario.HasFeature("virtual-clock-retries")) {
    return "observes the state before a retry, which an installed implementation backing off on "
           "its own clock has already left";
  }
  if (scenario.HasFeature("exact-namespace-names")) {
    return "depends on the exact namespace names, which a shared cluster run changes";
  }
  if (!options.extended && (scenario.extended || scenario.HasFeature("extended"))) {
    return "needs the extended behaviour of spec section 10 (give --extended if the "
           "installation has it)";
  }
  if (HasStep(scenario, Step::Action::kAdvanceClock)) {
    return "moves the clock, which a real cluster cannot";
  }
  if (options.resync_command.empty() &&
      (HasStep(scenario, Step::Action::kResync) || HasStep(scenario, Step::Action::kRestart))) {
    return "has a resync or restart step (give --resync-command)";
  }
  return "";
}

BackendFactory ClusterBackendFactory(ClusterBackendOptions base) {
  if (!base.installation_lock) base.installation_lock = std::make_shared<std::shared_mutex>();
  return [base](const Scenario& scenario, const std::string&, const RunOptions&) {
    return std::unique_ptr<Backend>(std::make_unique<ClusterBackend>(base, scenario));
  };
}

}  // namespace runner
