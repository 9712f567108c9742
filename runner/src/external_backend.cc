// ExternalProcessBackend: a fake cluster on HTTP, the implementation as a child process, and
// settling on real time.
#include "runner/external_backend.h"

#include <fmt/format.h>
#include <stdlib.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include "child_process.h"
#include "fakecluster/http_server.h"

namespace runner {
namespace {

// The fake cluster's clock: virtual (moved only by advanceClock), read from the HTTP threads.
class SharedVirtualClock : public kube::Clock {
 public:
  kube::TimeMillis Now() const override { return now_.load(); }
  void AdvanceTo(kube::TimeMillis when) {
    kube::TimeMillis current = now_.load();
    while (when > current && !now_.compare_exchange_weak(current, when)) {
    }
  }

 private:
  std::atomic<kube::TimeMillis> now_{kube::VirtualClock::kDefaultStart};
};

using SteadyClock = std::chrono::steady_clock;

int64_t MillisSince(SteadyClock::time_point start) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(SteadyClock::now() - start).count();
}

}  // namespace

class ExternalProcessBackend::Impl {
 public:
  explicit Impl(const ExternalOptions& options) : options_(options) {
    fakecluster::ClusterOptions cluster_options;
    cluster_options.seed = options.seed;
    cluster_options.faults = options.faults;
    cluster_options.faults.only_actor = "implementation";
    cluster_ = std::make_unique<fakecluster::FakeCluster>(clock_, cluster_options);
    scenario_client_ = cluster_->ClientFor("scenario");
    fakecluster::HttpServerOptions http;
    http.actor = "implementation";
    server_ = std::make_unique<fakecluster::HttpServer>(*cluster_, clock_, http);
    std::string pattern =
        (std::filesystem::temp_directory_path() / "stashsim-impl-XXXXXX").string();
    if (mkdtemp(pattern.data()) != nullptr) dir_ = pattern;
  }

  ~Impl() {
    child_.Stop();
    server_->Stop();
    std::error_code error;
    if (!dir_.empty()) std::filesystem::remove_all(dir_, error);
  }

  kube::Status Start() {
    if (dir_.empty()) return kube::InternalError("cannot make a temporary directory");
    KUBE_RETURN_IF_ERROR(server_->Start());
    std::ofstream kubeconfig(Path("kubeconfig"));
    kubeconfig << fakecluster::KubeconfigFor(server_->Url(), "", "");
    if (!kubeconfig.flush()) return kube::InternalError("cannot write the kubeconfig");
    KUBE_RETURN_IF_ERROR(StartChild());
    KUBE_RETURN_IF_ERROR(WaitUntilStarted());
    return Settle();
  }

  // A program is taken as started once it opens its first watch (it has listed by then), once
  // it writes, or, for one that never watches, once it has made requests and then paused for a
  // second: a program slow to start must not look settled before it has done anything.
  kube::Status WaitUntilStarted() {
    const auto start = SteadyClock::now();
    const uint64_t watches_before = server_->WatchRequestCount();
    uint64_t requests = server_->RequestCount();
    const uint64_t requests_before = requests;
    const uint64_t rv_before = cluster_->CurrentResourceVersion();
    auto last_request = start;
    while (server_->WatchRequestCount() == watches_before &&
           cluster_->CurrentResourceVersion() == rv_before) {
      if (auto ended = child_.Exited()) return Failed("the implementation " + *ended);
      uint64_t now = server_->RequestCount();
      if (now != requests) {
        requests = now;
        last_request = SteadyClock::now();
      } else if (requests != requests_before && MillisSince(last_request) >= 1000) {
        break;  // requests, then a pause: a program that polls
      }
      if (MillisSince(start) > options_.step_timeout_ms) {
        return Failed(fmt::format(
            "the implementation made {} within {} ms of its start",
            requests == requests_before ? "no request to the cluster" : "no watch request",
            options_.step_timeout_ms));
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return kube::Status::Ok();
  }

  kube::Status StartChild() {
    std::map<std::string, std::string> env = {{"KUBECONFIG", Path("kubeconfig")},
                                              {"STASHSIM_PROFILE", options_.profile},
                                              {"STASHSIM_EXTENDED", options_.extended ? "1" : "0"}};
    return child_.Start(options_.command, env, Path("output.log"));
  }

  kube::Status Restart() {
    if (auto ended = child_.Stop(); ended && ended->starts_with("did not stop")) {
      return Failed("the implementation " + *ended);
    }
    KUBE_RETURN_IF_ERROR(StartChild());
    KUBE_RETURN_IF_ERROR(WaitUntilStarted());
    return Settle();
  }

  // Waits until nothing has been written for the quiet window and the fake's own controllers
  // are idle; fails when the child ends or the step timeout passes.
  kube::Status Settle() {
    auto start = SteadyClock::now();
    uint64_t last_rv = cluster_->CurrentResourceVersion();
    auto last_change = start;
    while (true) {
      bool progress = cluster_->RunControllers();
      if (auto ended = child_.Exited()) return Failed("the implementation " + *ended);
      if (cluster_->TakeCrash()) {
        // FaultPlan::crash_rate: the process "died" after a write; start it again.
        (void)child_.Stop();
        KUBE_RETURN_IF_ERROR(StartChild());
        KUBE_RETURN_IF_ERROR(WaitUntilStarted());
        progress = true;
      }
      uint64_t rv = cluster_->CurrentResourceVersion();
      if (rv != last_rv || progress) {
        last_rv = rv;
        last_change = SteadyClock::now();
      } else if (MillisSince(last_change) >= options_.quiet_ms &&
                 !cluster_->HasPendingControllerWork()) {
        return kube::Status::Ok();
      }
      if (MillisSince(start) > options_.step_timeout_ms) {
        return Failed(
            fmt::format("the cluster did not settle within {} ms: the implementation "
                        "kept writing (resourceVersion {})",
                        options_.step_timeout_ms, rv));
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
  }

  kube::Status AdvanceClock(kube::TimeMillis millis) {
    const kube::TimeMillis target = clock_.Now() + millis;
    for (int round = 0; round < 10000; ++round) {
      auto next = cluster_->NextControllerWakeup();
      if (!next || *next > target) break;
      clock_.AdvanceTo(*next);
      while (cluster_->RunControllers()) {
      }
    }
    clock_.AdvanceTo(target);
    if (millis >= options_.resync_period_ms) return Restart();
    return Settle();
  }

  kube::Status Failed(const std::string& message) const { return kube::InternalError(message); }

  std::string Output() const { return FileTail(Path("output.log"), 4096); }
  std::string Path(const std::string& name) const { return (dir_ / name).string(); }

  const ExternalOptions options_;  // a copy: the Impl never borrows its owner's members
  SharedVirtualClock clock_;
  std::unique_ptr<fakecluster::FakeCluster> cluster_;
  std::unique_ptr<kube::Client> scenario_client_;
  std::unique_ptr<fakecluster::HttpServer> server_;
  std::filesystem::path dir_;
  ChildProcess child_;
};

ExternalProcessBackend::ExternalProcessBackend(ExternalOptions options)
    : options_(std::move(options)), impl_(std::make_unique<Impl>(options_)) {}
ExternalProcessBackend::~ExternalProcessBackend() = default;

kube::Client& ExternalProcessBackend::ScenarioClient() { return *impl_->scenario_client_; }
kube::KindRegistry ExternalProcessBackend::Kinds() { return impl_->cluster_->Kinds(); }
std::optional<std::vector<fakecluster::WriteRecord>> ExternalProcessBackend::WriteLog() const {
  return impl_->cluster_->WriteLog();
}

std::optional<std::vector<fakecluster::FaultRecord>> ExternalProcessBackend::FaultLog() const {
  return impl_->cluster_->FaultLog();
}
kube::Status ExternalProcessBackend::Start() { return impl_->Start(); }
kube::Status ExternalProcessBackend::Quiesce() { return impl_->Settle(); }
bool ExternalProcessBackend::PauseFaults(bool paused) {
  impl_->cluster_->SetRandomFaultsPaused(paused);
  return true;
}
kube::Status ExternalProcessBackend::Resync() { return impl_->Restart(); }
kube::Status ExternalProcessBackend::Restart() { return impl_->Restart(); }
kube::Status ExternalProcessBackend::AdvanceClock(kube::TimeMillis millis) {
  return impl_->AdvanceClock(millis);
}
std::optional<kube::Status> ExternalProcessBackend::LastError(const std::string&,
                                                              const std::string&) const {
  return std::nullopt;
}
std::string ExternalProcessBackend::ImplementationOutput() const { return impl_->Output(); }

std::string ExternalSkipReason(const Scenario& scenario) {
  if (scenario.HasFeature("virtual-clock-retries")) {
    return "observes the state before a retry, which a process backing off on its own clock "
           "has already left (feature virtual-clock-retries)";
  }
  return "";
}

BackendFactory ExternalBackendFactory(ExternalOptions base) {
  return [base](const Scenario& scenario, const std::string& profile, const RunOptions& run) {
    ExternalOptions options = base;
    options.profile = profile;
    options.extended = scenario.extended || scenario.HasFeature("extended");
    options.seed = run.seed;
    options.faults = scenario.faults.CombinedWith(run.faults);
    return std::unique_ptr<Backend>(std::make_unique<ExternalProcessBackend>(std::move(options)));
  };
}

}  // namespace runner
