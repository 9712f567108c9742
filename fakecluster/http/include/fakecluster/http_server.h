// HttpServer: a FakeCluster served over HTTP (or HTTPS) with the Kubernetes REST protocol
// (fake-apiserver.md section 5), so that kubectl, client-go, the Python client or any other
// program can use it as an API server. Loopback by default; an optional bearer token.
//
// Requests are served concurrently, one thread per connection (so watch streams, slow
// clients and idle keep-alive connections never hold up other requests), up to
// `max_connections`; a watch client that stops reading is cut after `write_timeout_seconds`.
// Bodies above `max_body_bytes` are refused with 413 without being read.
//
// The server uses the wall clock only for socket timeouts; the cluster keeps its own clock.
// Thread-safety: Start and Stop from one thread; everything else is internal.
#pragma once

#include <memory>
#include <string>

#include "fakecluster/cluster.h"
#include "kube/clock.h"
#include "kube/status.h"

namespace fakecluster {

struct HttpServerOptions {
  std::string address = "127.0.0.1";
  int port = 0;              // 0: any free port (see HttpServer::Port)
  std::string bearer_token;  // empty: no authentication
  // TLS: PEM files, or a self-signed certificate for `address` made at start.
  std::string tls_cert_file;
  std::string tls_key_file;
  bool tls_self_signed = false;
  // The real API server's limit for a request body is 3 MiB.
  size_t max_body_bytes = 3 * 1024 * 1024;
  // Connections served at once (a thread each); more wait for a free thread. cpp-httplib polls
  // every idle keep-alive connection, so this also bounds that cost.
  size_t max_connections = 512;
  int read_timeout_seconds = 10;   // a request that stalls this long is dropped
  int write_timeout_seconds = 10;  // a client that reads nothing this long is dropped
  // Idle keep-alive connections are closed after this long (clients reconnect); it also
  // bounds how long Stop() waits for them.
  int keep_alive_timeout_seconds = 1;
  // When set, the write log names every HTTP request's writes with this actor (the runner uses
  // "implementation" for the program under test), whatever field manager they carry.
  std::string actor;
  // Log each request to stderr ("METHOD path -> status").
  bool log_requests = false;
};

class HttpServer {
 public:
  // `cluster` and `clock` (the Age column's "now") must outlive the server.
  HttpServer(FakeCluster& cluster, const kube::Clock& clock, HttpServerOptions options);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds and starts serving on a background thread.
  kube::Status Start();
  // Ends every watch stream, closes the listener and waits for the connections to finish.
  void Stop();

  // Requests received so far, and those that asked for a watch (a client's first watch is a
  // sign it has started and listed).
  uint64_t RequestCount() const;
  uint64_t WatchRequestCount() const;

  int Port() const;
  // "http://127.0.0.1:PORT" (https with TLS).
  std::string Url() const;
  // The PEM certificate clients should trust (self-signed or given), empty for plain HTTP.
  std::string CertificatePem() const;

  class Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

// A kubeconfig (YAML) for a client of `url`: one cluster, one user, one context; plain http
// gets `insecure-skip-tls-verify: true` (some official clients insist on a TLS setting), https
// the certificate as certificate-authority-data.
std::string KubeconfigFor(const std::string& url, const std::string& bearer_token,
                          const std::string& certificate_pem,
                          const std::string& namespace_name = "default");

}  // namespace fakecluster
