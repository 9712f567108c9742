// Path parsing for the HTTP front.
#include "request_info.h"

namespace fakecluster::http {
namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Non-empty segments of a path; nullopt when a segment does not decode.
std::optional<std::vector<std::string>> Segments(std::string_view path) {
  std::vector<std::string> parts;
  size_t start = 0;
  while (start <= path.size()) {
    size_t slash = path.find('/', start);
    if (slash == std::string_view::npos) slash = path.size();
    if (slash > start) {
      auto decoded = PercentDecode(path.substr(start, slash - start));
      if (!decoded) return std::nullopt;
      parts.push_back(std::move(*decoded));
    }
    start = slash + 1;
  }
  return parts;
}

// The part after /api/v1 or /apis/{group}/{version}: [namespaces/{ns}/]{resource}[/{name}[/{sub}]].
bool ParseResourceParts(std::vector<std::string> parts, RequestInfo& info) {
  if (!parts.empty() && parts[0] == "watch") {
    info.legacy_watch = true;
    parts.erase(parts.begin());
  }
  if (parts.empty()) return false;
  if (parts[0] == "namespaces" && parts.size() > 1) {
    info.namespace_name = parts[1];
    // namespaces/{ns}/status and namespaces/{ns}/finalize are the namespace's own subresources.
    if (parts.size() > 2 && parts[2] != "status" && parts[2] != "finalize") {
      parts.erase(parts.begin(), parts.begin() + 2);
    }
  }
  if (parts.size() > 3) return false;
  info.resource = parts[0];
  if (parts.size() > 1) info.name = parts[1];
  if (parts.size() > 2) info.subresource = parts[2];
  if (info.resource == "namespaces") info.namespace_name.clear();
  info.kind = PathKind::kResource;
  return true;
}

}  // namespace

std::optional<std::string> PercentDecode(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '%') {
      out.push_back(text[i]);
      continue;
    }
    if (i + 2 >= text.size()) return std::nullopt;
    int high = HexValue(text[i + 1]);
    int low = HexValue(text[i + 2]);
    if (high < 0 || low < 0) return std::nullopt;
    out.push_back(static_cast<char>(high * 16 + low));
    i += 2;
  }
  return out;
}

RequestInfo ParseRequestPath(std::string_view path) {
  RequestInfo info;
  auto maybe_parts = Segments(path);
  if (!maybe_parts) return info;
  std::vector<std::string>& parts = *maybe_parts;
  if (parts.empty()) return info;
  const std::string& head = parts[0];
  if (parts.size() == 1 && head == "version") {
    info.kind = PathKind::kVersion;
  } else if (head == "healthz" || head == "readyz" || head == "livez") {
    info.kind = PathKind::kHealth;
  } else if (parts.size() == 1 && head == "swagger.json") {
    info.kind = PathKind::kOpenApiV2;
  } else if (head == "openapi" && parts.size() >= 2) {
    if (parts[1] == "v2" && parts.size() == 2) {
      info.kind = PathKind::kOpenApiV2;
    } else if (parts[1] == "v3" && parts.size() == 2) {
      info.kind = PathKind::kOpenApiV3Index;
    } else if (parts[1] == "v3") {
      std::string rest;
      for (size_t i = 2; i < parts.size(); ++i) rest += (i > 2 ? "/" : "") + parts[i];
      info.kind = PathKind::kOpenApiV3Doc;
      info.openapi_path = rest;
      if (parts[2] == "api" && parts.size() == 4) {
        info.version = parts[3];
      } else if (parts[2] == "apis" && parts.size() == 5) {
        info.group = parts[3];
        info.version = parts[4];
      } else {
        info.kind = PathKind::kUnknown;
      }
    }
  } else if (head == "api") {
    if (parts.size() == 1) {
      info.kind = PathKind::kCoreVersions;
    } else {
      info.version = parts[1];
      if (parts.size() == 2) {
        info.kind = PathKind::kResourceList;
      } else if (!ParseResourceParts({parts.begin() + 2, parts.end()}, info)) {
        info.kind = PathKind::kUnknown;
      }
    }
  } else if (head == "apis") {
    if (parts.size() == 1) {
      info.kind = PathKind::kGroups;
    } else if (parts.size() == 2) {
      info.kind = PathKind::kGroup;
      info.group = parts[1];
    } else {
      info.group = parts[1];
      info.version = parts[2];
      if (parts.size() == 3) {
        info.kind = PathKind::kResourceList;
      } else if (!ParseResourceParts({parts.begin() + 3, parts.end()}, info)) {
        info.kind = PathKind::kUnknown;
      }
    }
  }
  return info;
}

}  // namespace fakecluster::http
