// RequestInfo: what a Kubernetes REST path and query ask for, parsed the way the API server's
// request-info factory does (`/api/v1/namespaces/{ns}/{resource}/{name}/{subresource}`,
// `/apis/{group}/{version}/...`, the legacy `/watch/` prefix, `namespaces/{name}/status`).
// Pure: no cluster access, no I/O.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace fakecluster::http {

enum class PathKind {
  kUnknown,
  kVersion,         // /version
  kHealth,          // /healthz, /readyz, /livez (and their /... checks)
  kCoreVersions,    // /api
  kGroups,          // /apis
  kGroup,           // /apis/{group}
  kResourceList,    // /api/v1, /apis/{group}/{version}
  kOpenApiV2,       // /openapi/v2 (and the legacy /swagger.json)
  kOpenApiV3Index,  // /openapi/v3
  kOpenApiV3Doc,    // /openapi/v3/{api/v1 | apis/{group}/{version}}
  kResource,        // a resource collection, object or subresource
};

struct RequestInfo {
  PathKind kind = PathKind::kUnknown;
  std::string group;
  std::string version;
  std::string namespace_name;  // from namespaces/{ns}/...; empty otherwise
  std::string resource;        // plural
  std::string name;            // empty for a collection
  std::string subresource;     // "status", ...; empty for the main resource
  bool legacy_watch = false;   // the path had the /watch/ prefix
  std::string openapi_path;    // for kOpenApiV3Doc: "api/v1" or "apis/group/version"
};

// Splits and percent-decodes a path. Never throws; an unparseable path is kUnknown.
RequestInfo ParseRequestPath(std::string_view path);

// Decodes %XX escapes; nullopt when an escape is malformed.
std::optional<std::string> PercentDecode(std::string_view text);

}  // namespace fakecluster::http
