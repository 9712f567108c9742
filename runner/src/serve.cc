// `stashsim serve`: an HTTP server over a fake cluster on real time, plus a driver thread.
#include "runner/serve.h"

#include <fmt/format.h>

#include <fstream>
#include <thread>

#include "fakecluster/cluster.h"
#include "reference/controller.h"
#include "runner/wall_clock.h"

namespace runner {
namespace {

// Runs the cluster's background controllers and the reference until `stop`, on real time.
void Drive(fakecluster::FakeCluster& cluster, reference::Controller* controller,
           const std::atomic<bool>& stop, const std::atomic<unsigned>* restarts, int tick_ms,
           std::ostream& err) {
  bool reported = false;
  unsigned restarts_done = restarts ? restarts->load() : 0;
  while (!stop.load()) {
    if (restarts && restarts->load() != restarts_done) {
      restarts_done = restarts->load();
      if (controller) {
        kube::Status restarted = controller->Restart();
        err << (restarted.ok() ? std::string("stashsim serve: the reference restarted\n")
                               : "stashsim serve: the reference did not restart: " +
                                     restarted.message() + "\n");
      }
    }
    bool progress = cluster.RunControllers();
    if (controller) progress |= controller->Step();
    if (!progress) {
      std::this_thread::sleep_for(std::chrono::milliseconds(tick_ms));
    } else if (!reported && controller && controller->Stats().failures > 0) {
      err << "stashsim serve: the reference reported a failed reconcile; see the Events\n";
      reported = true;
    }
  }
}

}  // namespace

int Serve(const ServeOptions& options, const std::atomic<bool>& stop, std::ostream& out,
          std::ostream& err, const std::atomic<unsigned>* restarts) {
  WallClock clock;
  fakecluster::ClusterOptions cluster_options;
  cluster_options.seed = options.seed;
  cluster_options.watch_history_size = options.watch_history_size;
  cluster_options.bookmark_interval_ms = options.bookmark_interval_ms;
  // A long-running server keeps no per-write log (it would grow without bound).
  cluster_options.record_write_log = false;
  fakecluster::FakeCluster cluster(clock, cluster_options);
  fakecluster::HttpServer server(cluster, clock, options.http);
  if (kube::Status status = server.Start(); !status.ok()) {
    err << "stashsim serve: " << status.message() << "\n";
    return 2;
  }
  if (!options.kubeconfig_out.empty()) {
    std::ofstream file(options.kubeconfig_out);
    file << fakecluster::KubeconfigFor(server.Url(), options.http.bearer_token,
                                       server.CertificatePem());
    if (!file.flush()) {
      err << fmt::format("stashsim serve: cannot write {}\n", options.kubeconfig_out);
      server.Stop();
      return 2;
    }
  }

  std::unique_ptr<kube::Client> operator_client;
  std::unique_ptr<reference::Controller> controller;
  if (options.reference) {
    operator_client = cluster.ClientFor(options.reference->field_manager);
    controller = std::make_unique<reference::Controller>(*operator_client, clock,
                                                         *options.reference, cluster.Kinds());
    if (kube::Status status = controller->Start(); !status.ok()) {
      err << "stashsim serve: the reference did not start: " << status.message() << "\n";
      server.Stop();
      return 2;
    }
  }
  out << "listening on " << server.Url() << std::endl;
  Drive(cluster, controller.get(), stop, restarts, options.tick_ms, err);
  server.Stop();
  return 0;
}

}  // namespace runner
