// Status: reason table, JSON form and the real server's message shapes.
#include "kube/status.h"

#include <array>

#include <fmt/format.h>

namespace kube {
namespace {

struct ReasonEntry {
  StatusReason reason;
  std::string_view name;
  int code;
};

constexpr std::array<ReasonEntry, 18> kReasons = {{
    {StatusReason::kOk, "", 200},
    {StatusReason::kBadRequest, "BadRequest", 400},
    {StatusReason::kUnauthorized, "Unauthorized", 401},
    {StatusReason::kForbidden, "Forbidden", 403},
    {StatusReason::kNotFound, "NotFound", 404},
    {StatusReason::kMethodNotAllowed, "MethodNotAllowed", 405},
    {StatusReason::kNotAcceptable, "NotAcceptable", 406},
    {StatusReason::kAlreadyExists, "AlreadyExists", 409},
    {StatusReason::kConflict, "Conflict", 409},
    {StatusReason::kGone, "Gone", 410},
    {StatusReason::kExpired, "Expired", 410},
    {StatusReason::kRequestEntityTooLarge, "RequestEntityTooLarge", 413},
    {StatusReason::kUnsupportedMediaType, "UnsupportedMediaType", 415},
    {StatusReason::kInvalid, "Invalid", 422},
    {StatusReason::kTooManyRequests, "TooManyRequests", 429},
    {StatusReason::kInternalError, "InternalError", 500},
    {StatusReason::kServiceUnavailable, "ServiceUnavailable", 503},
    {StatusReason::kTimeout, "Timeout", 504},
}};

const ReasonEntry& EntryFor(StatusReason reason) {
  for (const auto& entry : kReasons) {
    if (entry.reason == reason) return entry;
  }
  return kReasons[0];
}

}  // namespace

std::string_view ReasonName(StatusReason reason) { return EntryFor(reason).name; }
int ReasonCode(StatusReason reason) { return EntryFor(reason).code; }

StatusReason ReasonFromName(std::string_view name, int code) {
  if (name.empty() && code >= 200 && code < 300) return StatusReason::kOk;
  for (const auto& entry : kReasons) {
    if (!entry.name.empty() && entry.name == name) return entry.reason;
  }
  for (const auto& entry : kReasons) {  // unknown reason: fall back on the code
    if (entry.code == code && entry.reason != StatusReason::kOk) return entry.reason;
  }
  return StatusReason::kInternalError;
}

Status::Status(StatusReason reason, std::string message, StatusDetails details)
    : reason_(reason), message_(std::move(message)), details_(std::move(details)) {}

nlohmann::json Status::ToJson() const {
  nlohmann::json out = {
      {"kind", "Status"}, {"apiVersion", "v1"}, {"metadata", nlohmann::json::object()}};
  if (ok()) {
    out["status"] = "Success";
    out["code"] = 200;
    return out;
  }
  out["status"] = "Failure";
  out["message"] = message_;
  out["reason"] = std::string(ReasonName(reason_));
  out["code"] = code();
  nlohmann::json details = nlohmann::json::object();
  if (!details_.name.empty()) details["name"] = details_.name;
  if (!details_.group.empty()) details["group"] = details_.group;
  if (!details_.kind.empty()) details["kind"] = details_.kind;
  if (!details_.causes.empty()) {
    nlohmann::json causes = nlohmann::json::array();
    for (const auto& cause : details_.causes) {
      nlohmann::json c = nlohmann::json::object();
      if (!cause.type.empty()) c["reason"] = cause.type;
      if (!cause.message.empty()) c["message"] = cause.message;
      if (!cause.field.empty()) c["field"] = cause.field;
      causes.push_back(std::move(c));
    }
    details["causes"] = std::move(causes);
  }
  if (details_.retry_after_seconds) details["retryAfterSeconds"] = *details_.retry_after_seconds;
  if (!details.empty()) out["details"] = std::move(details);
  return out;
}

Status Status::FromJson(const nlohmann::json& status) {
  if (!status.is_object()) return InternalError("malformed Status object");
  auto text = [](const nlohmann::json& obj, const char* key) {
    auto it = obj.find(key);
    return it != obj.end() && it->is_string() ? it->get<std::string>() : std::string();
  };
  // A field of the wrong type (a server answering `"code": "x"`) reads as absent, never throws.
  auto code_it = status.find("code");
  int code = code_it != status.end() && code_it->is_number_integer() ? code_it->get<int>() : 500;
  if (text(status, "status") == "Success") return Status::Ok();
  StatusDetails details;
  if (auto it = status.find("details"); it != status.end() && it->is_object()) {
    details.name = text(*it, "name");
    details.group = text(*it, "group");
    details.kind = text(*it, "kind");
    if (auto causes = it->find("causes"); causes != it->end() && causes->is_array()) {
      for (const auto& c : *causes) {
        if (c.is_object()) {
          details.causes.push_back({text(c, "reason"), text(c, "message"), text(c, "field")});
        }
      }
    }
    if (auto retry = it->find("retryAfterSeconds");
        retry != it->end() && retry->is_number_integer()) {
      details.retry_after_seconds = retry->get<int>();
    }
  }
  StatusReason reason = ReasonFromName(text(status, "reason"), code);
  if (reason == StatusReason::kOk) reason = StatusReason::kInternalError;
  return Status(reason, text(status, "message"), std::move(details));
}

std::string Status::ToString() const {
  if (ok()) return "OK";
  return fmt::format("{} ({}): {}", ReasonName(reason_), code(), message_);
}

namespace {
// Splits "deployments.apps" into ("deployments", "apps").
std::pair<std::string, std::string> SplitResource(std::string_view qualified) {
  auto dot = qualified.find('.');
  if (dot == std::string_view::npos) return {std::string(qualified), ""};
  return {std::string(qualified.substr(0, dot)), std::string(qualified.substr(dot + 1))};
}
}  // namespace

Status NotFoundError(std::string_view resource, std::string_view name) {
  auto [plural, group] = SplitResource(resource);
  return Status(StatusReason::kNotFound, fmt::format("{} \"{}\" not found", resource, name),
                {std::string(name), group, plural, {}, {}});
}

Status AlreadyExistsError(std::string_view resource, std::string_view name) {
  auto [plural, group] = SplitResource(resource);
  return Status(StatusReason::kAlreadyExists,
                fmt::format("{} \"{}\" already exists", resource, name),
                {std::string(name), group, plural, {}, {}});
}

Status ConflictError(std::string_view resource, std::string_view name, std::string_view why) {
  auto [plural, group] = SplitResource(resource);
  return Status(StatusReason::kConflict,
                fmt::format("Operation cannot be fulfilled on {} \"{}\": {}", resource, name, why),
                {std::string(name), group, plural, {}, {}});
}

Status InvalidError(std::string_view kind_qualified, std::string_view name,
                    std::vector<StatusCause> causes) {
  std::string joined;
  for (const auto& cause : causes) {
    if (!joined.empty()) joined += ", ";
    joined += cause.field.empty() ? cause.message : cause.field + ": " + cause.message;
  }
  std::string message;
  if (causes.size() == 1) {
    message = fmt::format("{} \"{}\" is invalid: {}", kind_qualified, name, joined);
  } else {
    message = fmt::format("{} \"{}\" is invalid: [{}]", kind_qualified, name, joined);
  }
  auto [kind, group] = SplitResource(kind_qualified);
  return Status(StatusReason::kInvalid, std::move(message),
                {std::string(name), group, kind, std::move(causes), {}});
}

Status BadRequestError(std::string message) {
  return Status(StatusReason::kBadRequest, std::move(message));
}

Status InternalError(std::string message) {
  return Status(StatusReason::kInternalError, std::move(message));
}

}  // namespace kube
