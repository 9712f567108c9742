// The query parameters, headers and bodies of the Kubernetes REST protocol, turned into the
// kube::Client option structs (list, watch, write, patch, delete) with the API server's 400
// answers for malformed values. Pure.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "kube/client.h"
#include "kube/status.h"

namespace fakecluster::http {

using QueryParams = std::multimap<std::string, std::string>;

// The first value of `key`, or nullopt.
std::optional<std::string> QueryValue(const QueryParams& query, const std::string& key);
// Go's strconv.ParseBool forms ("true", "True", "1", "t", ...); absent is false; else a 400.
kube::StatusOr<bool> QueryBool(const QueryParams& query, const std::string& key);

kube::StatusOr<kube::ListOptions> ListOptionsFrom(const QueryParams& query,
                                                  std::string_view namespace_name);
kube::StatusOr<kube::WatchOptions> WatchOptionsFrom(const QueryParams& query,
                                                    std::string_view namespace_name);
// fieldManager, dryRun, fieldValidation; `default_manager` when no fieldManager is given.
kube::StatusOr<kube::WriteOptions> WriteOptionsFrom(const QueryParams& query,
                                                    std::string_view default_manager);
kube::StatusOr<kube::PatchOptions> PatchOptionsFrom(const QueryParams& query,
                                                    std::string_view default_manager);
// From the query and an optional DeleteOptions body (JSON).
kube::StatusOr<kube::DeleteOptions> DeleteOptionsFrom(const QueryParams& query,
                                                      std::string_view body);

// What the response body may be, from the Accept header.
enum class ResponseForm { kJson, kTable };
// nullopt when the client accepts nothing the server can produce (406).
std::optional<ResponseForm> NegotiateResponse(std::string_view accept);

// The media type of a Content-Type header without parameters, lower-cased.
std::string MediaType(std::string_view content_type);

// Deeper request bodies are refused (400) before parsing, so nothing recursive sees them.
inline constexpr size_t kMaxJsonNesting = 1000;
// The deepest nesting of arrays and objects in a JSON (or flow-style YAML) text.
size_t JsonNestingDepth(std::string_view text);

// A write body: JSON, or YAML for application/yaml. 400 with the parser's message otherwise;
// 415 for a media type the server cannot decode.
kube::StatusOr<kube::Json> DecodeBody(std::string_view content_type, std::string_view body);

// The default field manager of a request: the User-Agent's program name, as the API server
// derives it ("kubectl", "python", ...), or "unknown".
std::string ManagerFromUserAgent(std::string_view user_agent);

}  // namespace fakecluster::http
