// Query parameters, content negotiation and request bodies.
#include "http_params.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <charconv>

#include "kube/patch.h"
#include "kube/yaml.h"

namespace fakecluster::http {
namespace {

kube::StatusOr<int64_t> QueryInt(const QueryParams& query, const std::string& key,
                                 int64_t fallback) {
  auto value = QueryValue(query, key);
  if (!value || value->empty()) return fallback;
  int64_t parsed = 0;
  const char* end = value->data() + value->size();
  auto [ptr, error] = std::from_chars(value->data(), end, parsed);
  if (error != std::errc() || ptr != end) {
    return kube::BadRequestError(
        fmt::format("invalid value for query parameter {}: {:?} is not an integer", key, *value));
  }
  return parsed;
}

kube::StatusOr<bool> DryRunFrom(const QueryParams& query) {
  bool dry_run = false;
  auto range = query.equal_range("dryRun");
  for (auto it = range.first; it != range.second; ++it) {
    if (it->second != "All") {
      return kube::Status(kube::StatusReason::kBadRequest,
                          fmt::format("Invalid dry run value: dryRun: Unsupported value: {:?}: "
                                      "supported values: \"All\"",
                                      it->second));
    }
    dry_run = true;
  }
  return dry_run;
}

kube::StatusOr<kube::FieldValidation> FieldValidationFrom(const QueryParams& query) {
  auto value = QueryValue(query, "fieldValidation");
  if (!value || value->empty()) return kube::FieldValidation::kWarn;
  if (auto validation = kube::FieldValidationFromName(*value)) return *validation;
  return kube::BadRequestError(fmt::format(
      "fieldValidation must be one of \"Ignore\", \"Warn\", or \"Strict\", got {:?}", *value));
}

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace

size_t JsonNestingDepth(std::string_view text) {
  size_t depth = 0, deepest = 0;
  bool in_string = false;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      deepest = std::max(deepest, ++depth);
    } else if ((c == '}' || c == ']') && depth > 0) {
      --depth;
    }
  }
  return deepest;
}

namespace {

std::string_view Trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

}  // namespace

std::optional<std::string> QueryValue(const QueryParams& query, const std::string& key) {
  auto it = query.find(key);
  if (it == query.end()) return std::nullopt;
  return it->second;
}

kube::StatusOr<bool> QueryBool(const QueryParams& query, const std::string& key) {
  // The API server parses booleans as Go's strconv.ParseBool does (Python sends "True").
  auto value = QueryValue(query, key);
  if (!value || value->empty()) return false;
  for (std::string_view no : {"0", "f", "F", "false", "FALSE", "False"}) {
    if (*value == no) return false;
  }
  for (std::string_view yes : {"1", "t", "T", "true", "TRUE", "True"}) {
    if (*value == yes) return true;
  }
  return kube::BadRequestError(
      fmt::format("invalid value for query parameter {}: {:?} is not a boolean", key, *value));
}

kube::StatusOr<kube::ListOptions> ListOptionsFrom(const QueryParams& query,
                                                  std::string_view namespace_name) {
  kube::ListOptions options;
  options.namespace_name = namespace_name;
  options.label_selector = QueryValue(query, "labelSelector").value_or("");
  options.field_selector = QueryValue(query, "fieldSelector").value_or("");
  options.continue_token = QueryValue(query, "continue").value_or("");
  options.resource_version = QueryValue(query, "resourceVersion").value_or("");
  options.resource_version_match = QueryValue(query, "resourceVersionMatch").value_or("");
  KUBE_ASSIGN_OR_RETURN(options.limit, QueryInt(query, "limit", 0));
  return options;
}

kube::StatusOr<kube::WatchOptions> WatchOptionsFrom(const QueryParams& query,
                                                    std::string_view namespace_name) {
  kube::WatchOptions options;
  options.namespace_name = namespace_name;
  options.label_selector = QueryValue(query, "labelSelector").value_or("");
  options.field_selector = QueryValue(query, "fieldSelector").value_or("");
  options.resource_version = QueryValue(query, "resourceVersion").value_or("");
  KUBE_ASSIGN_OR_RETURN(options.allow_bookmarks, QueryBool(query, "allowWatchBookmarks"));
  KUBE_ASSIGN_OR_RETURN(options.send_initial_events, QueryBool(query, "sendInitialEvents"));
  if (QueryValue(query, "timeoutSeconds")) {
    KUBE_ASSIGN_OR_RETURN(int64_t timeout, QueryInt(query, "timeoutSeconds", 0));
    if (timeout < 0) return kube::BadRequestError("timeoutSeconds must not be negative");
    options.timeout_seconds = timeout;
  }
  return options;
}

kube::StatusOr<kube::WriteOptions> WriteOptionsFrom(const QueryParams& query,
                                                    std::string_view default_manager) {
  kube::WriteOptions options;
  options.field_manager = QueryValue(query, "fieldManager").value_or(std::string(default_manager));
  KUBE_ASSIGN_OR_RETURN(options.dry_run, DryRunFrom(query));
  KUBE_ASSIGN_OR_RETURN(options.field_validation, FieldValidationFrom(query));
  return options;
}

kube::StatusOr<kube::PatchOptions> PatchOptionsFrom(const QueryParams& query,
                                                    std::string_view default_manager) {
  kube::PatchOptions options;
  options.field_manager = QueryValue(query, "fieldManager").value_or(std::string(default_manager));
  KUBE_ASSIGN_OR_RETURN(options.dry_run, DryRunFrom(query));
  KUBE_ASSIGN_OR_RETURN(options.field_validation, FieldValidationFrom(query));
  KUBE_ASSIGN_OR_RETURN(options.force, QueryBool(query, "force"));
  return options;
}

kube::StatusOr<kube::DeleteOptions> DeleteOptionsFrom(const QueryParams& query,
                                                      std::string_view body) {
  kube::DeleteOptions options;
  KUBE_ASSIGN_OR_RETURN(options.dry_run, DryRunFrom(query));
  std::string policy = QueryValue(query, "propagationPolicy").value_or("");
  KUBE_ASSIGN_OR_RETURN(bool orphan, QueryBool(query, "orphanDependents"));
  if (Trim(body).size() > 0) {
    kube::Json parsed = kube::Json::parse(body, nullptr, false);
    if (parsed.is_discarded() || !parsed.is_object()) {
      return kube::BadRequestError("the body of the DELETE request is not a DeleteOptions object");
    }
    if (auto it = parsed.find("propagationPolicy"); it != parsed.end() && it->is_string()) {
      policy = it->get<std::string>();
    }
    if (auto it = parsed.find("orphanDependents"); it != parsed.end() && it->is_boolean()) {
      orphan = it->get<bool>();
    }
    if (auto it = parsed.find("dryRun"); it != parsed.end() && it->is_array()) {
      for (const auto& value : *it) {
        if (value != "All") return kube::BadRequestError("dryRun: Unsupported value");
        options.dry_run = true;
      }
    }
    if (auto it = parsed.find("preconditions"); it != parsed.end() && it->is_object()) {
      if (auto uid = it->find("uid"); uid != it->end() && uid->is_string()) {
        options.precondition_uid = uid->get<std::string>();
      }
      if (auto rv = it->find("resourceVersion"); rv != it->end() && rv->is_string()) {
        options.precondition_resource_version = rv->get<std::string>();
      }
    }
  }
  if (policy.empty()) {
    options.propagation =
        orphan ? kube::PropagationPolicy::kOrphan : kube::PropagationPolicy::kDefault;
  } else if (auto named = kube::PropagationPolicyFromName(policy)) {
    options.propagation = *named;
  } else {
    return kube::Status(
        kube::StatusReason::kInvalid,
        fmt::format("DeleteOptions.meta.k8s.io \"\" is invalid: propagationPolicy: Unsupported "
                    "value: {:?}: supported values: \"Foreground\", \"Background\", \"Orphan\", "
                    "\"nil\"",
                    policy));
  }
  return options;
}

std::optional<ResponseForm> NegotiateResponse(std::string_view accept) {
  if (Trim(accept).empty()) return ResponseForm::kJson;
  bool json = false;
  size_t start = 0;
  while (start <= accept.size()) {
    size_t comma = accept.find(',', start);
    if (comma == std::string_view::npos) comma = accept.size();
    std::string entry = Lower(Trim(accept.substr(start, comma - start)));
    start = comma + 1;
    std::string media = MediaType(entry);
    bool json_like = media == "application/json" || media == "*/*" || media == "application/*";
    if (!json_like) continue;
    bool as_table = entry.find("as=table") != std::string::npos;
    bool meta_group = entry.find("g=meta.k8s.io") != std::string::npos;
    if (as_table && meta_group && entry.find("v=v1") != std::string::npos &&
        entry.find("v=v1beta1") == std::string::npos) {
      return ResponseForm::kTable;
    }
    if (entry.find("as=") == std::string::npos) json = true;
  }
  if (json) return ResponseForm::kJson;
  return std::nullopt;
}

std::string MediaType(std::string_view content_type) {
  return Lower(Trim(content_type.substr(0, content_type.find(';'))));
}

kube::StatusOr<kube::Json> DecodeBody(std::string_view content_type, std::string_view body) {
  std::string media = MediaType(content_type);
  if (media == "application/yaml") {
    return kube::ParseYamlDocument(body, "request body");
  }
  if (!media.empty() && media != "application/json" && media != "*/*") {
    return kube::Status(kube::StatusReason::kUnsupportedMediaType,
                        fmt::format("the body of the request was in an unknown format - accepted "
                                    "media types include: application/json, application/yaml"));
  }
  if (JsonNestingDepth(body) > kMaxJsonNesting) {
    return kube::BadRequestError(fmt::format(
        "the request body nests objects and arrays deeper than {} levels", kMaxJsonNesting));
  }
  KUBE_ASSIGN_OR_RETURN(kube::Json parsed, kube::ParseJson(body, "request body"));
  if (!parsed.is_object()) {
    return kube::BadRequestError("the request body must be a JSON object");
  }
  return parsed;
}

std::string ManagerFromUserAgent(std::string_view user_agent) {
  std::string_view name = user_agent.substr(0, user_agent.find('/'));
  name = Trim(name);
  if (name.empty()) return "unknown";
  std::string out;
  for (char c : name) {
    if (std::isprint(static_cast<unsigned char>(c)) && out.size() < 128) out.push_back(c);
  }
  return out;
}

}  // namespace fakecluster::http
