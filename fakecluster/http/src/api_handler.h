// ApiHandler: the Kubernetes REST protocol over a FakeCluster, independent of any HTTP library.
// A request (method, path, query, a few headers, body) becomes one response: discovery,
// version and health documents, OpenAPI, and every verb on resources and their /status
// subresource, with errors as metav1.Status objects and Table responses for `kubectl get`.
// Watch requests are resolved here into a stream plus the encoding of each event; the HTTP
// server owns the streaming itself. Thread-safe: requests may be handled concurrently.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <variant>
#include <vector>

#include "fakecluster/cluster.h"
#include "http_params.h"
#include "request_info.h"
#include "table.h"

namespace fakecluster::http {

struct ApiRequest {
  std::string method;  // GET, POST, PUT, PATCH, DELETE
  std::string path;
  QueryParams query;
  std::string content_type;
  std::string accept;
  std::string user_agent;
  std::string host;  // host:port the client used, for /api's serverAddressByClientCIDRs
  std::string body;
};

struct ApiResponse {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
};

// A resolved watch: the stream and how its events are encoded.
struct WatchPlan {
  std::unique_ptr<kube::WatchStream> stream;
  ResponseForm form = ResponseForm::kJson;
  IncludeObject include = IncludeObject::kMetadata;
  std::vector<PrinterColumn> columns;
  bool sent_definitions = false;
};

class ApiHandler {
 public:
  // `clock` gives "now" for the Age column; both must outlive the handler. `actor`, when not
  // empty, is the write-log actor of every request (else its field manager is).
  ApiHandler(FakeCluster& cluster, const kube::Clock& clock, std::string actor = "");

  // True for GET with watch=true|1 or a path with the legacy /watch/ prefix.
  static bool IsWatch(const ApiRequest& request);

  ApiResponse Handle(const ApiRequest& request);
  // A watch stream, or the error response (400, 404, 410 as an HTTP 200 stream is produced by
  // the stream itself).
  std::variant<WatchPlan, ApiResponse> StartWatch(const ApiRequest& request);
  // One line of a watch stream ("{"type":..,"object":..}\n").
  std::string EncodeWatchEvent(const kube::WatchEvent& event, WatchPlan& plan) const;

  // A Status response for `status`.
  static ApiResponse ErrorResponse(const kube::Status& status);

 private:
  struct Target;  // a resolved resource request
  kube::StatusOr<Target> Resolve(const RequestInfo& info) const;
  // The client that writes for this request's actor.
  kube::Client& ClientFor(const ApiRequest& request);
  std::vector<PrinterColumn> ColumnsFor(const kube::ResourceInfo& info);

  ApiResponse HandleResource(const ApiRequest& request, const RequestInfo& info);
  ApiResponse Get(const ApiRequest& request, const Target& target);
  ApiResponse List(const ApiRequest& request, const Target& target);
  ApiResponse Create(const ApiRequest& request, const Target& target);
  ApiResponse Update(const ApiRequest& request, const Target& target);
  ApiResponse Patch(const ApiRequest& request, const Target& target);
  ApiResponse PatchStatus(const ApiRequest& request, const Target& target);
  ApiResponse Delete(const ApiRequest& request, const Target& target);
  ApiResponse DeleteCollection(const ApiRequest& request, const Target& target);
  ApiResponse ObjectResponse(const ApiRequest& request, const Target& target,
                             const kube::Json& object, int status);

  FakeCluster& cluster_;
  const kube::Clock& clock_;
  const std::string actor_;
  std::mutex clients_mu_;
  std::map<std::string, std::unique_ptr<kube::Client>> clients_;  // by actor
};

}  // namespace fakecluster::http
