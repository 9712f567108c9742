// Fuzz target: HTTP request handling of the fake API server (fakecluster/http: ApiHandler, the
// entry point the HTTP server calls with each parsed request, and the pieces it uses). Input:
// one or more requests separated by lines "%%", each written like HTTP/1.1 without the version:
// "METHOD /path?query", header lines "Name: value", an empty line, the body. Each input runs
// against a fresh FakeCluster on a virtual clock, so a finding replays alone. Every answer must
// be a status between 200 and 599 with a body, never an exception.
#include "api_handler.h"
#include "fakecluster/cluster.h"
#include "fuzz_input.h"
#include "http_params.h"
#include "kube/clock.h"
#include "request_info.h"

using stashsim_fuzz::Violated;

namespace {

namespace http = fakecluster::http;

std::string Lower(std::string_view text) {
  std::string lower(text);
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return lower;
}

// "a=1&b=%2F" the way cpp-httplib hands the query to the server: split on '&' and the first
// '=', each side percent-decoded (kept raw where an escape is malformed).
http::QueryParams ParseQuery(std::string_view query) {
  http::QueryParams params;
  while (!query.empty()) {
    size_t end = query.find('&');
    std::string_view pair = query.substr(0, end);
    query.remove_prefix(end == std::string_view::npos ? query.size() : end + 1);
    if (pair.empty()) continue;
    size_t equals = pair.find('=');
    std::string_view key = pair.substr(0, equals);
    std::string_view value = equals == std::string_view::npos ? "" : pair.substr(equals + 1);
    params.emplace(http::PercentDecode(key).value_or(std::string(key)),
                   http::PercentDecode(value).value_or(std::string(value)));
  }
  return params;
}

http::ApiRequest ParseRequest(std::string_view text) {
  http::ApiRequest request;
  size_t head_end = text.find("\n\n");
  std::string_view head = text.substr(0, head_end);
  if (head_end != std::string_view::npos) request.body = std::string(text.substr(head_end + 2));
  size_t line_end = head.find('\n');
  std::string_view first = head.substr(0, line_end);
  head.remove_prefix(line_end == std::string_view::npos ? head.size() : line_end + 1);
  size_t space = first.find(' ');
  request.method = std::string(first.substr(0, space));
  std::string_view target = space == std::string_view::npos ? "/" : first.substr(space + 1);
  size_t question = target.find('?');
  request.path = std::string(target.substr(0, question));
  if (question != std::string_view::npos) request.query = ParseQuery(target.substr(question + 1));
  while (!head.empty()) {
    line_end = head.find('\n');
    std::string_view line = head.substr(0, line_end);
    head.remove_prefix(line_end == std::string_view::npos ? head.size() : line_end + 1);
    size_t colon = line.find(": ");
    if (colon == std::string_view::npos) continue;
    std::string name = Lower(line.substr(0, colon));
    std::string value(line.substr(colon + 2));
    if (name == "content-type") request.content_type = value;
    if (name == "accept") request.accept = value;
    if (name == "user-agent") request.user_agent = value;
    if (name == "host") request.host = value;
  }
  if (request.host.empty()) request.host = "127.0.0.1:6443";
  return request;
}

void CheckResponse(const http::ApiResponse& response, const http::ApiRequest& request) {
  if (response.status < 200 || response.status > 599) {
    Violated("an HTTP status out of range", request.method + " " + request.path);
  }
  if (response.body.empty() && response.status != 204) {
    Violated("an empty response body", request.method + " " + request.path);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto texts = stashsim_fuzz::SplitParts(stashsim_fuzz::AsText(data, size), "%%", 8);
  kube::VirtualClock clock;
  fakecluster::FakeCluster cluster(clock, fakecluster::ClusterOptions{});
  http::ApiHandler handler(cluster, clock);
  for (std::string_view text : texts) {
    http::ApiRequest request = ParseRequest(text);
    (void)http::ParseRequestPath(request.path);
    (void)http::JsonNestingDepth(request.body);
    (void)http::NegotiateResponse(request.accept);
    (void)http::ManagerFromUserAgent(request.user_agent);
    if (http::ApiHandler::IsWatch(request)) {
      auto started = handler.StartWatch(request);
      if (auto* plan = std::get_if<http::WatchPlan>(&started)) {
        // Drain what is already there (bounded), then stop, as the server does on disconnect.
        for (int i = 0; i < 64; ++i) {
          auto event = plan->stream->Poll();
          if (!event) break;
          (void)handler.EncodeWatchEvent(*event, *plan);
        }
        plan->stream->Stop();
      } else {
        CheckResponse(std::get<http::ApiResponse>(started), request);
      }
      continue;
    }
    CheckResponse(handler.Handle(request), request);
  }
  return 0;
}
