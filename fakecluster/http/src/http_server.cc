// HttpServer: cpp-httplib wiring, authentication, watch streaming and the kubeconfig writer.
#include "fakecluster/http_server.h"

#include <fmt/format.h>
#include <httplib.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <sys/resource.h>
#include <sys/socket.h>

#include <atomic>
#include <condition_variable>
#include <iostream>
#include <thread>

#include "api_handler.h"
#include "connection_queue.h"
#include "kube/base64.h"
#include "kube/file.h"
#include "kube/yaml.h"
#include "tls_certificate.h"

namespace fakecluster {

namespace {

// Compares in time that depends only on the lengths, not on where the texts differ.
bool ConstantTimeEquals(std::string_view a, std::string_view b) {
  unsigned char diff = a.size() == b.size() ? 0 : 1;
  size_t n = std::max(a.size(), b.size());
  for (size_t i = 0; i < n; ++i) {
    unsigned char x = i < a.size() ? static_cast<unsigned char>(a[i]) : 0;
    unsigned char y = i < b.size() ? static_cast<unsigned char>(b[i]) : 0;
    diff |= static_cast<unsigned char>(x ^ y);
  }
  return diff == 0;
}

// Many idle connections and watch streams need file descriptors: raise the soft limit.
void RaiseOpenFileLimit() {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
    limit.rlim_cur = limit.rlim_max;
    (void)setrlimit(RLIMIT_NOFILE, &limit);
  }
}

bool IsUnauthenticatedPath(const std::string& path) {
  return path == "/version" || path.starts_with("/healthz") || path.starts_with("/readyz") ||
         path.starts_with("/livez");
}

// The watch stream of one request, shared by httplib's content provider and the stream's
// event callback.
struct WatchState {
  http::WatchPlan plan;
  std::mutex mu;
  std::condition_variable wake;
  bool signalled = false;
};

}  // namespace

class HttpServer::Impl {
 public:
  Impl(FakeCluster& cluster, const kube::Clock& clock, HttpServerOptions options)
      : options_(std::move(options)), handler_(cluster, clock, options_.actor) {}

  ~Impl() { Stop(); }

  uint64_t RequestCount() const { return requests_.load(); }
  uint64_t WatchRequestCount() const { return watches_requested_.load(); }

  kube::Status Start() {
    RaiseOpenFileLimit();
    KUBE_RETURN_IF_ERROR(MakeServer());
    server_->new_task_queue = [this] {
      return new http::ConnectionQueue(options_.max_connections);
    };
    server_->set_payload_max_length(options_.max_body_bytes);
    server_->set_read_timeout(options_.read_timeout_seconds, 0);
    server_->set_write_timeout(options_.write_timeout_seconds, 0);
    server_->set_keep_alive_timeout(options_.keep_alive_timeout_seconds);
    server_->set_keep_alive_max_count(1000000);
    server_->set_tcp_nodelay(true);
    // Remember the listening socket: cpp-httplib listens with a backlog of 5, so a burst of
    // connections overflows it and the kernel drops SYNs (each costs the client a 1 s
    // retransmit). Start() listens again on it with a real backlog.
    server_->set_socket_options([this](socket_t sock) {
      httplib::default_socket_options(sock);
      listen_socket_ = sock;
    });
    auto serve = [this](const httplib::Request& request, httplib::Response& response) {
      Serve(request, response);
    };
    server_->Get(".*", serve);
    server_->Post(".*", serve);
    server_->Put(".*", serve);
    server_->Patch(".*", serve);
    server_->Delete(".*", serve);
    server_->Options(
        ".*", [](const httplib::Request&, httplib::Response& response) { response.status = 405; });
    server_->set_error_handler([](const httplib::Request&, httplib::Response& response) {
      if (!response.body.empty()) return;
      kube::StatusReason reason = kube::StatusReason::kBadRequest;
      std::string message =
          fmt::format("the request could not be served (HTTP {})", response.status);
      if (response.status == 413) {
        reason = kube::StatusReason::kRequestEntityTooLarge;
        message = "the request body is larger than the server accepts";
      } else if (response.status == 404) {
        reason = kube::StatusReason::kNotFound;
        message = "the server could not find the requested resource";
      } else if (response.status >= 500) {
        reason = kube::StatusReason::kInternalError;
      }
      kube::Json body = kube::Status(reason, message).ToJson();
      body["code"] = response.status;
      response.set_content(body.dump(), "application/json");
    });
    server_->set_exception_handler([](const httplib::Request&, httplib::Response& response,
                                      std::exception_ptr error) {
      std::string what = "unknown error";
      try {
        if (error) std::rethrow_exception(error);
      } catch (const std::exception& e) {
        what = e.what();
      } catch (...) {
      }
      response.status = 500;
      response.set_content(kube::InternalError("the server failed to handle the request: " + what)
                               .ToJson()
                               .dump(-1, ' ', false, kube::Json::error_handler_t::replace),
                           "application/json");
    });
    if (options_.log_requests) {
      server_->set_logger([](const httplib::Request& request, const httplib::Response& response) {
        std::cerr << fmt::format("{} {} -> {}\n", request.method, request.target, response.status);
      });
    }
    int port = options_.port;
    if (port == 0) {
      port = server_->bind_to_any_port(options_.address);
      if (port < 0) return BindError();
    } else if (!server_->bind_to_port(options_.address, port)) {
      return BindError();
    }
    port_ = port;
    if (listen_socket_ >= 0) (void)::listen(listen_socket_, kListenBacklog);
    listener_ = std::thread([this] { server_->listen_after_bind(); });
    // Stop() only reaches a listener that is running: wait for it.
    while (!server_->is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    return kube::Status::Ok();
  }

  void Stop() {
    if (!server_) return;
    {
      std::lock_guard<std::mutex> lock(watches_mu_);
      stopping_ = true;
      for (auto& weak : watches_) {
        if (auto state = weak.lock()) {
          std::lock_guard<std::mutex> state_lock(state->mu);
          state->signalled = true;
          state->wake.notify_all();
        }
      }
    }
    server_->stop();
    if (listener_.joinable()) listener_.join();
    server_.reset();
  }

  int Port() const { return port_; }
  std::string Url() const {
    std::string host = options_.address;
    if (host.find(':') != std::string::npos) host = "[" + host + "]";
    return fmt::format("{}://{}:{}", tls_ ? "https" : "http", host, port_);
  }
  std::string CertificatePem() const { return certificate_pem_; }

 private:
  kube::Status BindError() const {
    return kube::Status(kube::StatusReason::kInternalError,
                        fmt::format("cannot listen on {}:{}", options_.address, options_.port));
  }

  kube::Status MakeServer() {
    std::string cert_pem, key_pem;
    if (options_.tls_self_signed) {
      KUBE_ASSIGN_OR_RETURN(http::PemPair pair, http::MakeSelfSignedCertificate(options_.address));
      cert_pem = std::move(pair.certificate);
      key_pem = std::move(pair.private_key);
    } else if (!options_.tls_cert_file.empty() || !options_.tls_key_file.empty()) {
      auto cert = kube::ReadWholeFile(options_.tls_cert_file);
      auto key = kube::ReadWholeFile(options_.tls_key_file);
      if (!cert || !key) {
        return kube::BadRequestError(fmt::format("cannot read the TLS certificate {} or key {}",
                                                 options_.tls_cert_file, options_.tls_key_file));
      }
      cert_pem = std::move(*cert);
      key_pem = std::move(*key);
    }
    if (cert_pem.empty()) {
      server_ = std::make_unique<httplib::Server>();
      return kube::Status::Ok();
    }
    BIO* cert_bio = BIO_new_mem_buf(cert_pem.data(), static_cast<int>(cert_pem.size()));
    BIO* key_bio = BIO_new_mem_buf(key_pem.data(), static_cast<int>(key_pem.size()));
    X509* cert = cert_bio ? PEM_read_bio_X509(cert_bio, nullptr, nullptr, nullptr) : nullptr;
    EVP_PKEY* key = key_bio ? PEM_read_bio_PrivateKey(key_bio, nullptr, nullptr, nullptr) : nullptr;
    BIO_free(cert_bio);
    BIO_free(key_bio);
    if (!cert || !key) {
      X509_free(cert);
      EVP_PKEY_free(key);
      return kube::BadRequestError("the TLS certificate or key is not valid PEM");
    }
    auto server = std::make_unique<httplib::SSLServer>(cert, key);
    X509_free(cert);
    EVP_PKEY_free(key);
    if (!server->is_valid())
      return kube::BadRequestError("the TLS certificate and key do not match");
    server_ = std::move(server);
    tls_ = true;
    certificate_pem_ = cert_pem;
    return kube::Status::Ok();
  }

  bool Authorized(const httplib::Request& request) const {
    if (options_.bearer_token.empty() || IsUnauthenticatedPath(request.path)) return true;
    std::string header = request.get_header_value("Authorization");
    constexpr std::string_view kBearer = "Bearer ";
    if (!header.starts_with(kBearer)) return false;
    return ConstantTimeEquals(std::string_view(header).substr(kBearer.size()),
                              options_.bearer_token);
  }

  static void Send(const http::ApiResponse& answer, httplib::Response& response) {
    response.status = answer.status;
    response.set_content(answer.body, answer.content_type);
  }

  void Serve(const httplib::Request& request, httplib::Response& response) {
    requests_.fetch_add(1);
    if (!Authorized(request)) {
      Send(http::ApiHandler::ErrorResponse(
               kube::Status(kube::StatusReason::kUnauthorized, "Unauthorized")),
           response);
      return;
    }
    http::ApiRequest api;
    api.method = request.method;
    api.path = request.path;
    api.query = {request.params.begin(), request.params.end()};
    api.content_type = request.get_header_value("Content-Type");
    api.accept = request.get_header_value("Accept");
    api.user_agent = request.get_header_value("User-Agent");
    api.host = request.get_header_value("Host");
    api.body = request.body;
    if (http::ApiHandler::IsWatch(api)) {
      watches_requested_.fetch_add(1);
      StartWatch(api, response);
      return;
    }
    Send(handler_.Handle(api), response);
  }

  void StartWatch(const http::ApiRequest& api, httplib::Response& response) {
    auto started = handler_.StartWatch(api);
    if (auto* error = std::get_if<http::ApiResponse>(&started)) {
      Send(*error, response);
      return;
    }
    auto state = std::make_shared<WatchState>();
    state->plan = std::move(std::get<http::WatchPlan>(started));
    {
      std::lock_guard<std::mutex> lock(watches_mu_);
      std::erase_if(watches_, [](const std::weak_ptr<WatchState>& w) { return w.expired(); });
      watches_.push_back(state);
    }
    std::weak_ptr<WatchState> weak = state;
    state->plan.stream->SetEventCallback([weak] {
      if (auto s = weak.lock()) {
        std::lock_guard<std::mutex> lock(s->mu);
        s->signalled = true;
        s->wake.notify_all();
      }
    });
    response.status = 200;
    // Not plain "application/json": cpp-httplib would gzip the stream for clients that accept
    // it (Go's do by default), and its compressor holds events back until a buffer fills.
    response.set_chunked_content_provider(
        "application/json;stream=watch",
        [this, state](size_t, httplib::DataSink& sink) { return StreamSome(*state, sink); },
        [state](bool) { state->plan.stream->Stop(); });
  }

  // Writes what has arrived; waits a little when nothing has. False ends the connection.
  bool StreamSome(WatchState& state, httplib::DataSink& sink) {
    bool closed = state.plan.stream->Closed();
    while (auto event = state.plan.stream->Poll()) {
      std::string line = handler_.EncodeWatchEvent(*event, state.plan);
      if (!sink.write(line.data(), line.size())) return false;
    }
    if (closed || Stopping()) {
      sink.done();
      return true;
    }
    std::unique_lock<std::mutex> lock(state.mu);
    state.wake.wait_for(lock, std::chrono::milliseconds(500), [&] { return state.signalled; });
    state.signalled = false;
    return true;
  }

  bool Stopping() {
    std::lock_guard<std::mutex> lock(watches_mu_);
    return stopping_;
  }

  HttpServerOptions options_;
  http::ApiHandler handler_;
  std::unique_ptr<httplib::Server> server_;
  std::thread listener_;
  static constexpr int kListenBacklog = 4096;
  int port_ = 0;
  int listen_socket_ = -1;
  bool tls_ = false;
  std::string certificate_pem_;
  std::mutex watches_mu_;
  std::atomic<uint64_t> requests_{0};
  std::atomic<uint64_t> watches_requested_{0};
  bool stopping_ = false;
  std::vector<std::weak_ptr<WatchState>> watches_;
};

HttpServer::HttpServer(FakeCluster& cluster, const kube::Clock& clock, HttpServerOptions options)
    : impl_(std::make_unique<Impl>(cluster, clock, std::move(options))) {}
HttpServer::~HttpServer() = default;
kube::Status HttpServer::Start() { return impl_->Start(); }
void HttpServer::Stop() { impl_->Stop(); }
uint64_t HttpServer::RequestCount() const { return impl_->RequestCount(); }
uint64_t HttpServer::WatchRequestCount() const { return impl_->WatchRequestCount(); }

int HttpServer::Port() const { return impl_->Port(); }
std::string HttpServer::Url() const { return impl_->Url(); }
std::string HttpServer::CertificatePem() const { return impl_->CertificatePem(); }

std::string KubeconfigFor(const std::string& url, const std::string& bearer_token,
                          const std::string& certificate_pem, const std::string& namespace_name) {
  kube::Json cluster = {{"server", url}};
  if (certificate_pem.empty()) {
    cluster["insecure-skip-tls-verify"] = true;
  } else {
    cluster["certificate-authority-data"] = kube::EncodeBase64(certificate_pem);
  }
  kube::Json user = kube::Json::object();
  if (!bearer_token.empty()) user["token"] = bearer_token;
  kube::Json config = {
      {"apiVersion", "v1"},
      {"kind", "Config"},
      {"clusters", {{{"name", "stashsim"}, {"cluster", cluster}}}},
      {"users", {{{"name", "stashsim"}, {"user", user}}}},
      {"contexts",
       {{{"name", "stashsim"},
         {"context",
          {{"cluster", "stashsim"}, {"user", "stashsim"}, {"namespace", namespace_name}}}}}},
      {"current-context", "stashsim"},
      {"preferences", kube::Json::object()}};
  return kube::ToYaml(config);
}

}  // namespace fakecluster
