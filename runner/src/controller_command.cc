// `stashsim controller`: the reference on an HTTP client and the wall clock.
#include "runner/controller_command.h"

#include <fmt/format.h>

#include <cstdlib>
#include <thread>

#include "kube/http_client.h"
#include "reference/controller.h"
#include "reference/profile.h"
#include "runner/wall_clock.h"

namespace runner {
namespace {

std::string KubeconfigPath(const std::string& given) {
  if (!given.empty()) return given;
  if (const char* env = std::getenv("KUBECONFIG"); env && *env) {
    std::string paths(env);
    return paths.substr(0, paths.find(':'));  // the first file of a list
  }
  const char* home = std::getenv("HOME");
  return std::string(home ? home : "") + "/.kube/config";
}

}  // namespace

int RunController(const ControllerOptions& options, const std::atomic<bool>& stop,
                  std::ostream& err) {
  std::string path = KubeconfigPath(options.kubeconfig);
  auto config = kube::LoadKubeconfig(path, options.context);
  if (!config.ok()) {
    err << "stashsim controller: " << config.status().message() << "\n";
    return 2;
  }
  kube::HttpClientOptions client_options;
  client_options.user_agent = options.reconciler.field_manager + "/stashsim";
  kube::HttpClient client(*config, client_options);
  // Start once the server answers: an implementation may be started before its server.
  auto kinds = client.DiscoverKinds();
  for (int attempt = 0; !kinds.ok() && attempt < 100 && !stop.load(); ++attempt) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    kinds = client.DiscoverKinds();
  }
  if (!kinds.ok()) {
    err << "stashsim controller: cannot use " << config->server << ": " << kinds.status().message()
        << "\n";
    return 2;
  }
  WallClock clock;
  reference::Controller controller(client, clock, options.reconciler, *kinds);
  if (kube::Status status = controller.Start(); !status.ok()) {
    err << "stashsim controller: cannot start: " << status.message() << "\n";
    return 2;
  }
  err << fmt::format("stashsim controller: watching {} (profile {}{})\n", config->server,
                     reference::ProfileName(options.reconciler.profile),
                     options.reconciler.extended ? ", extended" : "");
  uint64_t failures_reported = 0;
  while (!stop.load()) {
    bool progress = controller.Step();
    const reference::ControllerStats& stats = controller.Stats();
    if (stats.failures > failures_reported) {
      err << fmt::format("stashsim controller: {} failed reconcile(s) so far\n", stats.failures);
      failures_reported = stats.failures;
    }
    if (!progress) std::this_thread::sleep_for(std::chrono::milliseconds(options.idle_sleep_ms));
  }
  const reference::ControllerStats& stats = controller.Stats();
  err << fmt::format("stashsim controller: stopped after {} reconciles, {} failures, {} writes\n",
                     stats.reconciles, stats.failures, stats.writes);
  return 0;
}

}  // namespace runner
