// kube::Client over HTTP(S) with cpp-httplib.
#include "kube/http_client.h"

#include <fmt/format.h>
#include <httplib.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <condition_variable>
#include <deque>
#include <mutex>
#include <set>
#include <thread>

namespace kube {
namespace {

std::string UrlEncode(std::string_view text) {
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      out += fmt::format("%{:02X}", c);
    }
  }
  return out;
}

using Query = std::vector<std::pair<std::string, std::string>>;

std::string WithQuery(std::string path, const Query& query) {
  char separator = '?';
  for (const auto& [key, value] : query) {
    path += separator;
    path += UrlEncode(key) + "=" + UrlEncode(value);
    separator = '&';
  }
  return path;
}

// The error of a non-2xx answer: the Status in the body, or one built from the code.
Status StatusFromResponse(int code, const std::string& body) {
  Json parsed = Json::parse(body, nullptr, false);
  if (!parsed.is_discarded() && parsed.is_object() && parsed.value("kind", "") == "Status") {
    Status status = Status::FromJson(parsed);
    if (!status.ok()) return status;
  }
  StatusReason reason = StatusReason::kInternalError;
  for (StatusReason candidate :
       {StatusReason::kBadRequest, StatusReason::kUnauthorized, StatusReason::kForbidden,
        StatusReason::kNotFound, StatusReason::kMethodNotAllowed, StatusReason::kNotAcceptable,
        StatusReason::kConflict, StatusReason::kGone, StatusReason::kRequestEntityTooLarge,
        StatusReason::kUnsupportedMediaType, StatusReason::kInvalid, StatusReason::kTooManyRequests,
        StatusReason::kServiceUnavailable, StatusReason::kTimeout}) {
    if (ReasonCode(candidate) == code) {
      reason = candidate;
      break;
    }
  }
  return Status(reason, fmt::format("the server answered HTTP {}: {}", code, body.substr(0, 512)));
}

// client-go refuses a named verb without a name before asking the server (an empty name
// would turn GET .../name into a list of the collection).
Status RequireName(std::string_view name) {
  if (name.empty()) return BadRequestError("resource name may not be empty");
  return Status::Ok();
}

Status TransportError(httplib::Error error, const std::string& server) {
  return Status(StatusReason::kServiceUnavailable, fmt::format("cannot reach the API server {}: {}",
                                                               server, httplib::to_string(error)));
}

struct ParsedServer {
  std::string scheme, host;
  int port = 0;
  std::string base_path;
};

std::optional<ParsedServer> ParseServer(const std::string& url) {
  ParsedServer out;
  auto scheme_end = url.find("://");
  if (scheme_end == std::string::npos) return std::nullopt;
  out.scheme = url.substr(0, scheme_end);
  if (out.scheme != "http" && out.scheme != "https") return std::nullopt;
  std::string rest = url.substr(scheme_end + 3);
  auto slash = rest.find('/');
  std::string authority = rest.substr(0, slash);
  if (slash != std::string::npos) out.base_path = rest.substr(slash);
  while (!out.base_path.empty() && out.base_path.back() == '/') out.base_path.pop_back();
  auto colon = authority.rfind(':');
  bool bracketed = authority.starts_with("[");
  if (colon != std::string::npos && (!bracketed || authority[colon - 1] == ']')) {
    out.host = authority.substr(0, colon);
    try {
      out.port = std::stoi(authority.substr(colon + 1));
    } catch (...) {
      return std::nullopt;
    }
  } else {
    out.host = authority;
    out.port = out.scheme == "https" ? 443 : 80;
  }
  if (bracketed && out.host.size() >= 2) out.host = out.host.substr(1, out.host.size() - 2);
  if (out.host.empty()) return std::nullopt;
  return out;
}

}  // namespace

// ---- the watch stream: one background reader per stream.
class HttpWatchStream : public WatchStream {
 public:
  HttpWatchStream(std::unique_ptr<httplib::ClientImpl> client, std::string path,
                  httplib::Headers headers)
      : client_(std::move(client)) {
    reader_ = std::thread(
        [this, path = std::move(path), headers = std::move(headers)] { Read(path, headers); });
  }
  ~HttpWatchStream() override {
    Stop();
    if (reader_.joinable()) reader_.join();
  }

  std::optional<WatchEvent> Poll() override {
    std::lock_guard<std::mutex> lock(mu_);
    if (events_.empty()) return std::nullopt;
    WatchEvent event = std::move(events_.front());
    events_.pop_front();
    return event;
  }
  bool Closed() const override {
    std::lock_guard<std::mutex> lock(mu_);
    return closed_;
  }
  void Stop() override {
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (stopped_) return;
      stopped_ = true;
      closed_ = true;
      callback_ = nullptr;
    }
    client_->stop();
  }
  void SetEventCallback(std::function<void()> callback) override {
    std::lock_guard<std::mutex> lock(mu_);
    callback_ = std::move(callback);
  }

 private:
  void Read(const std::string& path, const httplib::Headers& headers) {
    std::string pending;
    int status = 0;
    std::string error_body;
    auto result = client_->Get(
        path, headers,
        [&](const httplib::Response& response) {
          status = response.status;
          return true;
        },
        [&](const char* data, size_t length) {
          if (status != 200) {
            if (error_body.size() < 65536) error_body.append(data, length);
            return true;
          }
          pending.append(data, length);
          size_t newline;
          while ((newline = pending.find('\n')) != std::string::npos) {
            std::string line = pending.substr(0, newline);
            pending.erase(0, newline + 1);
            if (!line.empty() && !Deliver(line)) return false;
          }
          std::lock_guard<std::mutex> lock(mu_);
          return !stopped_;
        });
    if (status != 0 && status != 200) {
      // The watch was refused: report it as an ERROR event, as the server's own errors are.
      Push({WatchEventType::kError, Object(StatusFromResponse(status, error_body).ToJson())});
    } else if (!pending.empty()) {
      Deliver(pending);
    }
    (void)result;
    std::lock_guard<std::mutex> lock(mu_);
    closed_ = true;
    if (callback_) callback_();
  }

  bool Deliver(const std::string& line) {
    Json parsed = Json::parse(line, nullptr, false);
    if (parsed.is_discarded() || !parsed.is_object() || !parsed.contains("type")) return false;
    std::string type = parsed.value("type", "");
    WatchEventType event_type;
    if (type == "ADDED") {
      event_type = WatchEventType::kAdded;
    } else if (type == "MODIFIED") {
      event_type = WatchEventType::kModified;
    } else if (type == "DELETED") {
      event_type = WatchEventType::kDeleted;
    } else if (type == "BOOKMARK") {
      event_type = WatchEventType::kBookmark;
    } else if (type == "ERROR") {
      event_type = WatchEventType::kError;
    } else {
      return false;
    }
    Json object = parsed.contains("object") ? std::move(parsed["object"]) : Json::object();
    Push({event_type, Object(std::move(object))});
    return true;
  }

  void Push(WatchEvent event) {
    std::lock_guard<std::mutex> lock(mu_);
    if (stopped_) return;
    events_.push_back(std::move(event));
    if (callback_) callback_();
  }

  std::unique_ptr<httplib::ClientImpl> client_;
  mutable std::mutex mu_;
  std::deque<WatchEvent> events_;
  bool closed_ = false;
  bool stopped_ = false;
  std::function<void()> callback_;
  std::thread reader_;
};

class HttpClient::Impl {
 public:
  Impl(Kubeconfig config, HttpClientOptions options)
      : config_(std::move(config)), options_(std::move(options)) {
    server_ = ParseServer(config_.server);
    if (server_) client_ = MakeClient(options_.request_timeout_seconds);
  }

  Status CheckUsable() const {
    if (!server_) {
      return BadRequestError(
          fmt::format("kubeconfig server {:?} is not an http(s) URL", config_.server));
    }
    if (!client_) return BadRequestError("the kubeconfig's TLS settings are not usable");
    return Status::Ok();
  }

  std::unique_ptr<httplib::ClientImpl> MakeClient(int read_timeout_seconds) const {
    std::unique_ptr<httplib::ClientImpl> client;
    if (server_->scheme == "https") {
      X509* cert = nullptr;
      EVP_PKEY* key = nullptr;
      if (!config_.client_certificate_pem.empty() && !config_.client_key_pem.empty()) {
        BIO* cert_bio = BIO_new_mem_buf(config_.client_certificate_pem.data(),
                                        static_cast<int>(config_.client_certificate_pem.size()));
        BIO* key_bio = BIO_new_mem_buf(config_.client_key_pem.data(),
                                       static_cast<int>(config_.client_key_pem.size()));
        cert = PEM_read_bio_X509(cert_bio, nullptr, nullptr, nullptr);
        key = PEM_read_bio_PrivateKey(key_bio, nullptr, nullptr, nullptr);
        BIO_free(cert_bio);
        BIO_free(key_bio);
        if (!cert || !key) {
          X509_free(cert);
          EVP_PKEY_free(key);
          return nullptr;
        }
      }
      auto ssl = std::make_unique<httplib::SSLClient>(server_->host, server_->port, cert, key);
      X509_free(cert);
      EVP_PKEY_free(key);
      if (config_.insecure_skip_tls_verify) {
        ssl->enable_server_certificate_verification(false);
      } else {
        ssl->enable_server_certificate_verification(true);
        if (!config_.ca_pem.empty()) {
          X509_STORE* store = X509_STORE_new();
          BIO* bio =
              BIO_new_mem_buf(config_.ca_pem.data(), static_cast<int>(config_.ca_pem.size()));
          while (X509* ca = PEM_read_bio_X509(bio, nullptr, nullptr, nullptr)) {
            X509_STORE_add_cert(store, ca);
            X509_free(ca);
          }
          BIO_free(bio);
          ssl->set_ca_cert_store(store);  // owned by the client
        }
      }
      client = std::move(ssl);
    } else {
      client = std::make_unique<httplib::ClientImpl>(server_->host, server_->port);
    }
    client->set_connection_timeout(options_.connect_timeout_seconds, 0);
    client->set_read_timeout(read_timeout_seconds, 0);
    client->set_write_timeout(options_.request_timeout_seconds, 0);
    client->set_keep_alive(true);
    client->set_tcp_nodelay(true);
    return client;
  }

  httplib::Headers Headers(std::string_view accept = "application/json") const {
    httplib::Headers headers = {{"Accept", std::string(accept)},
                                {"User-Agent", options_.user_agent}};
    if (!config_.token.empty()) headers.emplace("Authorization", "Bearer " + config_.token);
    return headers;
  }

  // One request; the parsed JSON answer of a 2xx, or the error.
  StatusOr<Json> Send(const std::string& method, const std::string& path,
                      const std::string& body = "", const std::string& content_type = "") {
    KUBE_RETURN_IF_ERROR(CheckUsable());
    httplib::Request request;
    request.method = method;
    request.path = server_->base_path + path;
    request.headers = Headers();
    if (!content_type.empty() || !body.empty()) {
      request.headers.emplace("Content-Type",
                              content_type.empty() ? "application/json" : content_type);
      request.body = body;
    }
    httplib::Response response;
    httplib::Error error = httplib::Error::Success;
    bool sent;
    {
      std::lock_guard<std::mutex> lock(send_mu_);
      sent = client_->send(request, response, error);
    }
    if (!sent) return TransportError(error, config_.server);
    if (response.status < 200 || response.status >= 300) {
      return StatusFromResponse(response.status, response.body);
    }
    Json parsed = Json::parse(response.body, nullptr, false);
    if (parsed.is_discarded()) {
      return InternalError(fmt::format("the server's answer to {} {} is not JSON", method, path));
    }
    return parsed;
  }

  // The resource path of a kind: "/api/v1/namespaces/ns/pods[/name]" and so on.
  StatusOr<std::string> ResourcePath(const GroupVersionKind& gvk, std::string_view ns,
                                     std::string_view name, bool allow_all_namespaces = false) {
    KUBE_ASSIGN_OR_RETURN(ResourceInfo info, Lookup(gvk));
    std::string path =
        gvk.group.empty() ? "/api/" + gvk.version : "/apis/" + gvk.group + "/" + gvk.version;
    if (info.namespaced) {
      if (ns.empty() && !allow_all_namespaces) {
        return BadRequestError(
            fmt::format("a namespace is required for {}", info.QualifiedResource()));
      }
      if (!ns.empty()) path += "/namespaces/" + UrlEncode(ns);
    }
    path += "/" + info.plural;
    if (!name.empty()) path += "/" + UrlEncode(name);
    return path;
  }

  StatusOr<ResourceInfo> Lookup(const GroupVersionKind& gvk) {
    {
      std::lock_guard<std::mutex> lock(kinds_mu_);
      if (const ResourceInfo* info = kinds_.Find(gvk)) return *info;
    }
    KUBE_RETURN_IF_ERROR(Discover().status());
    std::lock_guard<std::mutex> lock(kinds_mu_);
    if (const ResourceInfo* info = kinds_.Find(gvk)) return *info;
    return Status(StatusReason::kNotFound,
                  fmt::format("the server could not find the requested resource (no kind {:?} "
                              "is served for version {:?})",
                              gvk.kind, gvk.ApiVersion()));
  }

  StatusOr<KindRegistry> Discover() {
    KindRegistry kinds;
    KUBE_RETURN_IF_ERROR(AddResources(kinds, "", "v1", "/api/v1"));
    KUBE_ASSIGN_OR_RETURN(Json groups, Send("GET", "/apis"));
    for (const auto& group : groups.value("groups", Json::array())) {
      std::string name = group.value("name", "");
      for (const auto& version : group.value("versions", Json::array())) {
        std::string v = version.value("version", "");
        KUBE_RETURN_IF_ERROR(AddResources(kinds, name, v, "/apis/" + name + "/" + v));
      }
    }
    std::lock_guard<std::mutex> lock(kinds_mu_);
    kinds_ = kinds;
    return kinds;
  }

  Status AddResources(KindRegistry& kinds, const std::string& group, const std::string& version,
                      const std::string& path) {
    KUBE_ASSIGN_OR_RETURN(Json list, Send("GET", path));
    std::set<std::string> with_status;
    for (const auto& r : list.value("resources", Json::array())) {
      std::string name = r.value("name", "");
      if (name.ends_with("/status")) with_status.insert(name.substr(0, name.size() - 7));
    }
    for (const auto& r : list.value("resources", Json::array())) {
      std::string name = r.value("name", "");
      if (name.empty() || name.find('/') != std::string::npos) continue;
      ResourceInfo info;
      info.gvk = {group, version, r.value("kind", "")};
      info.plural = name;
      info.singular = r.value("singularName", "");
      info.namespaced = r.value("namespaced", false);
      info.short_names = r.value("shortNames", std::vector<std::string>{});
      info.categories = r.value("categories", std::vector<std::string>{});
      info.has_status = with_status.count(name) > 0;
      info.built_in =
          group.empty() || group.find('.') == std::string::npos || group.ends_with(".k8s.io");
      if (!info.gvk.kind.empty()) kinds.Add(std::move(info));
    }
    return Status::Ok();
  }

  StatusOr<Object> Write(const std::string& method, const Object& object, const Query& query,
                         bool status_only) {
    GroupVersionKind gvk = object.Gvk();
    bool named = method != "POST";
    if (named) KUBE_RETURN_IF_ERROR(RequireName(object.Name()));
    KUBE_ASSIGN_OR_RETURN(std::string path,
                          ResourcePath(gvk, object.Namespace(), named ? object.Name() : ""));
    if (status_only) path += "/status";
    KUBE_ASSIGN_OR_RETURN(Json answer, Send(method, WithQuery(path, query), object.json().dump()));
    return Object(std::move(answer));
  }

  static Query WriteQuery(const std::string& field_manager, bool dry_run,
                          FieldValidation validation) {
    Query query;
    if (!field_manager.empty()) query.emplace_back("fieldManager", field_manager);
    if (dry_run) query.emplace_back("dryRun", "All");
    query.emplace_back("fieldValidation", std::string(FieldValidationName(validation)));
    return query;
  }

  StatusOr<std::unique_ptr<WatchStream>> Watch(const GroupVersionKind& gvk,
                                               const WatchOptions& options) {
    KUBE_RETURN_IF_ERROR(CheckUsable());
    KUBE_ASSIGN_OR_RETURN(std::string path, ResourcePath(gvk, options.namespace_name, "", true));
    Query query = {{"watch", "true"}};
    if (!options.label_selector.empty())
      query.emplace_back("labelSelector", options.label_selector);
    if (!options.field_selector.empty())
      query.emplace_back("fieldSelector", options.field_selector);
    if (!options.resource_version.empty()) {
      query.emplace_back("resourceVersion", options.resource_version);
    }
    if (options.allow_bookmarks) query.emplace_back("allowWatchBookmarks", "true");
    if (options.send_initial_events) {
      query.emplace_back("sendInitialEvents", "true");
      query.emplace_back("resourceVersionMatch", "NotOlderThan");
    }
    int read_timeout = 3600;
    if (options.timeout_seconds) {
      query.emplace_back("timeoutSeconds", std::to_string(*options.timeout_seconds));
      read_timeout = static_cast<int>(*options.timeout_seconds) + 30;
    }
    auto client = MakeClient(read_timeout);
    if (!client) return BadRequestError("the kubeconfig's TLS settings are not usable");
    return std::unique_ptr<WatchStream>(new HttpWatchStream(
        std::move(client), server_->base_path + WithQuery(path, query), Headers()));
  }

  Kubeconfig config_;
  HttpClientOptions options_;
  std::optional<ParsedServer> server_;
  std::unique_ptr<httplib::ClientImpl> client_;
  std::mutex send_mu_;
  std::mutex kinds_mu_;
  KindRegistry kinds_;
};

HttpClient::HttpClient(Kubeconfig config, HttpClientOptions options)
    : impl_(std::make_unique<Impl>(std::move(config), std::move(options))) {}
HttpClient::~HttpClient() = default;

StatusOr<KindRegistry> HttpClient::DiscoverKinds() { return impl_->Discover(); }

StatusOr<Object> HttpClient::Get(const GroupVersionKind& gvk, std::string_view namespace_name,
                                 std::string_view name) {
  KUBE_RETURN_IF_ERROR(RequireName(name));
  KUBE_ASSIGN_OR_RETURN(std::string path, impl_->ResourcePath(gvk, namespace_name, name));
  KUBE_ASSIGN_OR_RETURN(Json answer, impl_->Send("GET", path));
  return Object(std::move(answer));
}

StatusOr<ObjectList> HttpClient::List(const GroupVersionKind& gvk, const ListOptions& options) {
  KUBE_ASSIGN_OR_RETURN(std::string path,
                        impl_->ResourcePath(gvk, options.namespace_name, "", true));
  Query query;
  if (!options.label_selector.empty()) query.emplace_back("labelSelector", options.label_selector);
  if (!options.field_selector.empty()) query.emplace_back("fieldSelector", options.field_selector);
  if (options.limit > 0) query.emplace_back("limit", std::to_string(options.limit));
  if (!options.continue_token.empty()) query.emplace_back("continue", options.continue_token);
  if (!options.resource_version.empty()) {
    query.emplace_back("resourceVersion", options.resource_version);
  }
  KUBE_ASSIGN_OR_RETURN(Json answer, impl_->Send("GET", WithQuery(path, query)));
  ObjectList list;
  const Json metadata = answer.value("metadata", Json::object());
  list.resource_version = metadata.value("resourceVersion", "");
  list.continue_token = metadata.value("continue", "");
  if (metadata.contains("remainingItemCount") && metadata["remainingItemCount"].is_number()) {
    list.remaining_item_count = metadata["remainingItemCount"].get<int64_t>();
  }
  if (auto items = answer.find("items"); items != answer.end() && items->is_array()) {
    for (auto& item : *items) {
      // Items of built-in lists may omit apiVersion and kind; the list says them.
      if (!item.contains("apiVersion")) item["apiVersion"] = gvk.ApiVersion();
      if (!item.contains("kind")) item["kind"] = gvk.kind;
      list.items.emplace_back(std::move(item));
    }
  }
  return list;
}

StatusOr<Object> HttpClient::Create(const Object& object, const WriteOptions& options) {
  return impl_->Write(
      "POST", object,
      Impl::WriteQuery(options.field_manager, options.dry_run, options.field_validation), false);
}

StatusOr<Object> HttpClient::Update(const Object& object, const WriteOptions& options) {
  return impl_->Write(
      "PUT", object,
      Impl::WriteQuery(options.field_manager, options.dry_run, options.field_validation), false);
}

StatusOr<Object> HttpClient::UpdateStatus(const Object& object, const WriteOptions& options) {
  return impl_->Write(
      "PUT", object,
      Impl::WriteQuery(options.field_manager, options.dry_run, options.field_validation), true);
}

StatusOr<Object> HttpClient::Patch(const GroupVersionKind& gvk, std::string_view namespace_name,
                                   std::string_view name, PatchType type, std::string_view body,
                                   const PatchOptions& options) {
  KUBE_RETURN_IF_ERROR(RequireName(name));
  KUBE_ASSIGN_OR_RETURN(std::string path, impl_->ResourcePath(gvk, namespace_name, name));
  Query query = Impl::WriteQuery(options.field_manager, options.dry_run, options.field_validation);
  if (options.force) query.emplace_back("force", "true");
  KUBE_ASSIGN_OR_RETURN(Json answer, impl_->Send("PATCH", WithQuery(path, query), std::string(body),
                                                 std::string(PatchContentType(type))));
  return Object(std::move(answer));
}

Status HttpClient::Delete(const GroupVersionKind& gvk, std::string_view namespace_name,
                          std::string_view name, const DeleteOptions& options) {
  KUBE_RETURN_IF_ERROR(RequireName(name));
  KUBE_ASSIGN_OR_RETURN(std::string path, impl_->ResourcePath(gvk, namespace_name, name));
  Json body = {{"kind", "DeleteOptions"}, {"apiVersion", "v1"}};
  if (auto policy = PropagationPolicyName(options.propagation); !policy.empty()) {
    body["propagationPolicy"] = policy;
  }
  if (options.precondition_uid) body["preconditions"]["uid"] = *options.precondition_uid;
  if (options.precondition_resource_version) {
    body["preconditions"]["resourceVersion"] = *options.precondition_resource_version;
  }
  if (options.dry_run) body["dryRun"] = {"All"};
  return impl_->Send("DELETE", path, body.dump()).status();
}

StatusOr<std::unique_ptr<WatchStream>> HttpClient::Watch(const GroupVersionKind& gvk,
                                                         const WatchOptions& options) {
  return impl_->Watch(gvk, options);
}

}  // namespace kube
