// Status and StatusOr<T>: the error values of every kube::Client call, shaped like the
// Kubernetes `Status` object (reason, HTTP code, message, details with field causes).
// A default-constructed Status is OK. Both types are [[nodiscard]]; nothing here throws.
#pragma once

#include <cassert>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

namespace kube {

// metav1.StatusReason values the project uses. kOk means success.
enum class StatusReason {
  kOk,
  kBadRequest,             // 400
  kUnauthorized,           // 401
  kForbidden,              // 403
  kNotFound,               // 404
  kMethodNotAllowed,       // 405
  kNotAcceptable,          // 406
  kAlreadyExists,          // 409
  kConflict,               // 409
  kGone,                   // 410
  kExpired,                // 410 (too old resourceVersion / continue token)
  kRequestEntityTooLarge,  // 413
  kUnsupportedMediaType,   // 415
  kInvalid,                // 422
  kTooManyRequests,        // 429
  kInternalError,          // 500
  kServiceUnavailable,     // 503
  kTimeout,                // 504
};

// The wire name ("NotFound", ...) and the HTTP code of a reason.
std::string_view ReasonName(StatusReason reason);
int ReasonCode(StatusReason reason);
// Inverse of ReasonName; unknown names map to kInternalError (kOk for "" with code 2xx).
StatusReason ReasonFromName(std::string_view name, int code);

// One entry of details.causes: {type, message, field}. `type` is a metav1.CauseType such as
// "FieldValueInvalid", "FieldValueRequired", "FieldValueNotSupported", "FieldValueDuplicate",
// "FieldValueTooLong", "FieldValueForbidden", "FieldValueTypeInvalid".
struct StatusCause {
  std::string type;
  std::string message;
  std::string field;
  bool operator==(const StatusCause&) const = default;
};

// details of a failure Status: the object named (name, API group, resource plural) and causes.
struct StatusDetails {
  std::string name;
  std::string group;
  std::string kind;  // the resource plural, as the real server puts it
  std::vector<StatusCause> causes;
  std::optional<int> retry_after_seconds;
  bool operator==(const StatusDetails&) const = default;
};

class [[nodiscard]] Status {
 public:
  Status() = default;  // OK
  Status(StatusReason reason, std::string message, StatusDetails details = {});

  static Status Ok() { return Status(); }

  bool ok() const { return reason_ == StatusReason::kOk; }
  StatusReason reason() const { return reason_; }
  int code() const { return ReasonCode(reason_); }
  const std::string& message() const { return message_; }
  const StatusDetails& details() const { return details_; }
  StatusDetails& mutable_details() { return details_; }

  // The metav1.Status object: {kind: Status, apiVersion: v1, metadata: {}, status: Failure, ...}.
  nlohmann::json ToJson() const;
  // Parses a metav1.Status object (e.g. from an HTTP body or a watch ERROR event).
  static Status FromJson(const nlohmann::json& status);

  // "NotFound: <message>" for logs and test failure output.
  std::string ToString() const;

  bool operator==(const Status&) const = default;

 private:
  StatusReason reason_ = StatusReason::kOk;
  std::string message_;
  StatusDetails details_;
};

// Shorthands that build the message exactly as the real API server words it. `resource` is the
// qualified resource, e.g. "deployments.apps" or "configmaps" (core group has no suffix).
Status NotFoundError(std::string_view resource, std::string_view name);
Status AlreadyExistsError(std::string_view resource, std::string_view name);
Status ConflictError(std::string_view resource, std::string_view name, std::string_view why);
// `kind_qualified` is "Deployment.apps" or "ConfigMap"; message
// `<kind> "<name>" is invalid: <field>: <cause message>, ...`.
Status InvalidError(std::string_view kind_qualified, std::string_view name,
                    std::vector<StatusCause> causes);
Status BadRequestError(std::string message);
Status InternalError(std::string message);

template <typename T>
class [[nodiscard]] StatusOr {
 public:
  StatusOr(Status status) : value_(std::move(status)) {  // NOLINT: implicit by design
    assert(!std::get<Status>(value_).ok() && "StatusOr built from an OK Status");
  }
  StatusOr(T value) : value_(std::move(value)) {}  // NOLINT: implicit by design

  bool ok() const { return std::holds_alternative<T>(value_); }
  Status status() const { return ok() ? Status::Ok() : std::get<Status>(value_); }

  const T& value() const& {
    assert(ok());
    return std::get<T>(value_);
  }
  T& value() & {
    assert(ok());
    return std::get<T>(value_);
  }
  T&& value() && {
    assert(ok());
    return std::get<T>(std::move(value_));
  }
  const T& operator*() const& { return value(); }
  T& operator*() & { return value(); }
  const T* operator->() const { return &value(); }
  T* operator->() { return &value(); }

 private:
  std::variant<Status, T> value_;
};

}  // namespace kube

#define KUBE_STATUS_CONCAT_INNER(a, b) a##b
#define KUBE_STATUS_CONCAT(a, b) KUBE_STATUS_CONCAT_INNER(a, b)

// Returns the Status of `expr` from the enclosing function when it is not OK.
#define KUBE_RETURN_IF_ERROR(expr)                       \
  do {                                                   \
    ::kube::Status kube_status_tmp_ = (expr);            \
    if (!kube_status_tmp_.ok()) return kube_status_tmp_; \
  } while (false)

// `KUBE_ASSIGN_OR_RETURN(auto x, MakeX());` declares x from an OK StatusOr or returns its error.
#define KUBE_ASSIGN_OR_RETURN(lhs, expr) \
  KUBE_ASSIGN_OR_RETURN_IMPL(KUBE_STATUS_CONCAT(kube_statusor_, __LINE__), lhs, expr)
#define KUBE_ASSIGN_OR_RETURN_IMPL(tmp, lhs, expr) \
  auto tmp = (expr);                               \
  if (!tmp.ok()) return tmp.status();              \
  lhs = std::move(tmp).value()
