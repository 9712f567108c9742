// Shared fixture of the HTTP tests: a FakeCluster on a virtual clock served by HttpServer on a
// loopback port, an HttpClient configured for it, and a wait helper for what arrives from
// background threads.
#pragma once

#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <functional>
#include <memory>
#include <thread>

#include "fakecluster/cluster.h"
#include "fakecluster/http_server.h"
#include "kube/http_client.h"
#include "status_matchers.h"

namespace http_test {

using ::kube::Json;

inline const kube::GroupVersionKind kConfigMap{"", "v1", "ConfigMap"};
inline const kube::GroupVersionKind kNamespace{"", "v1", "Namespace"};
inline const kube::GroupVersionKind kDeployment{"apps", "v1", "Deployment"};
inline const kube::GroupVersionKind kRepository{"stash.appscode.com", "v1alpha1", "Repository"};
inline const kube::GroupVersionKind kBackupConfiguration{"stash.appscode.com", "v1beta1",
                                                         "BackupConfiguration"};

// Polls `done` until it holds or `seconds` pass; true when it held.
inline bool WaitFor(const std::function<bool()>& done, double seconds = 10) {
  auto deadline = std::chrono::steady_clock::now() +
                  std::chrono::milliseconds(static_cast<int>(seconds * 1000));
  while (std::chrono::steady_clock::now() < deadline) {
    if (done()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return done();
}

inline Json ConfigMap(const std::string& ns, const std::string& name,
                      const std::map<std::string, std::string>& labels = {}) {
  Json object = {{"apiVersion", "v1"},
                 {"kind", "ConfigMap"},
                 {"metadata", {{"name", name}, {"namespace", ns}}},
                 {"data", {{"k", "v"}}}};
  if (!labels.empty()) object["metadata"]["labels"] = labels;
  return object;
}

class HttpFixture : public ::testing::Test {
 protected:
  void SetUp() override { StartServer({}); }
  void TearDown() override {
    client_.reset();
    if (server_) server_->Stop();
  }

  void StartServer(fakecluster::HttpServerOptions options,
                   fakecluster::ClusterOptions cluster_options = {}) {
    client_.reset();
    if (server_) server_->Stop();
    server_.reset();
    cluster_ = std::make_unique<fakecluster::FakeCluster>(clock_, cluster_options);
    server_ = std::make_unique<fakecluster::HttpServer>(*cluster_, clock_, options);
    ASSERT_THAT(server_->Start(), kube::IsOk());
    kube::Kubeconfig config;
    config.server = server_->Url();
    config.token = options.bearer_token;
    config.ca_pem = server_->CertificatePem();
    client_ = std::make_unique<kube::HttpClient>(config);
    ASSERT_THAT(
        cluster_->Create(kube::Object(
            Json{{"apiVersion", "v1"}, {"kind", "Namespace"}, {"metadata", {{"name", "demo"}}}})),
        kube::IsOk());
  }

  kube::VirtualClock clock_;
  std::unique_ptr<fakecluster::FakeCluster> cluster_;
  std::unique_ptr<fakecluster::HttpServer> server_;
  std::unique_ptr<kube::HttpClient> client_;
};

}  // namespace http_test
