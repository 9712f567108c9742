// Syntax checks with the real API server's messages (k8s.io/apimachinery validation).
#include "kube/validation.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

namespace kube {
namespace {

constexpr std::string_view kDns1123LabelError =
    "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and "
    "must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex "
    "used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
constexpr std::string_view kDns1123SubdomainError =
    "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or "
    "'.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used "
    "for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
constexpr std::string_view kQualifiedNameError =
    "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end "
    "with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for "
    "validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
constexpr std::string_view kLabelValueError =
    "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or "
    "'.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or "
    "'my_value',  or '12345', regex used for validation is "
    "'(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

bool IsLowerAlnum(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }
bool IsAlnum(char c) { return IsLowerAlnum(c) || (c >= 'A' && c <= 'Z'); }

// [a-z0-9]([-a-z0-9]*[a-z0-9])?
bool MatchesDns1123Label(std::string_view v) {
  if (v.empty() || !IsLowerAlnum(v.front()) || !IsLowerAlnum(v.back())) return false;
  for (char c : v) {
    if (!IsLowerAlnum(c) && c != '-') return false;
  }
  return true;
}

// Labels joined by '.'.
bool MatchesDns1123Subdomain(std::string_view v) {
  if (v.empty()) return false;
  size_t start = 0;
  while (true) {
    size_t dot = v.find('.', start);
    if (!MatchesDns1123Label(v.substr(start, dot - start))) return false;
    if (dot == std::string_view::npos) return true;
    start = dot + 1;
  }
}

// ([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]
bool MatchesQualifiedNamePart(std::string_view v) {
  if (v.empty() || !IsAlnum(v.front()) || !IsAlnum(v.back())) return false;
  for (char c : v) {
    if (!IsAlnum(c) && c != '-' && c != '_' && c != '.') return false;
  }
  return true;
}

}  // namespace

std::vector<std::string> CheckDns1123Subdomain(std::string_view value) {
  std::vector<std::string> problems;
  if (value.size() > 253) problems.emplace_back("must be no more than 253 characters");
  if (!MatchesDns1123Subdomain(value)) problems.emplace_back(kDns1123SubdomainError);
  return problems;
}

std::vector<std::string> CheckDns1123Label(std::string_view value) {
  std::vector<std::string> problems;
  if (value.size() > 63) problems.emplace_back("must be no more than 63 characters");
  if (!MatchesDns1123Label(value)) problems.emplace_back(kDns1123LabelError);
  return problems;
}

std::vector<std::string> CheckQualifiedName(std::string_view value) {
  std::vector<std::string> problems;
  std::string_view name = value;
  auto slash = value.find('/');
  if (slash != std::string_view::npos) {
    if (value.find('/', slash + 1) != std::string_view::npos) {
      problems.push_back(fmt::format(
          "a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must "
          "start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or "
          "'123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') "
          "with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"));
      return problems;
    }
    std::string_view prefix = value.substr(0, slash);
    name = value.substr(slash + 1);
    if (prefix.empty()) {
      problems.emplace_back("prefix part must be non-empty");
    } else {
      for (const auto& p : CheckDns1123Subdomain(prefix)) problems.push_back("prefix part " + p);
    }
  }
  if (name.empty()) {
    problems.emplace_back("name part must be non-empty");
  } else {
    if (name.size() > 63) problems.emplace_back("name part must be no more than 63 characters");
    if (!MatchesQualifiedNamePart(name)) problems.emplace_back(kQualifiedNameError);
  }
  return problems;
}

std::vector<std::string> CheckLabelValue(std::string_view value) {
  std::vector<std::string> problems;
  if (value.size() > 63) problems.emplace_back("must be no more than 63 characters");
  if (!value.empty() && !MatchesQualifiedNamePart(value)) problems.emplace_back(kLabelValueError);
  return problems;
}

std::string InvalidValueMessage(std::string_view value, std::string_view problem) {
  // Replace invalid UTF-8 rather than throw: the value is user input.
  std::string quoted = nlohmann::json(std::string(value))
                           .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return fmt::format("Invalid value: {}: {}", quoted, problem);
}

}  // namespace kube
