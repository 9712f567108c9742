// Name and label syntax checks of the Kubernetes API machinery (DNS-1123 subdomain and label,
// qualified names for label keys, label values). Each returns the list of problems in the real
// server's wording; an empty list means valid.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace kube {

std::vector<std::string> CheckDns1123Subdomain(std::string_view value);  // <= 253
std::vector<std::string> CheckDns1123Label(std::string_view value);      // <= 63
// `[prefix/]name`: label and annotation keys, finalizer names.
std::vector<std::string> CheckQualifiedName(std::string_view value);
std::vector<std::string> CheckLabelValue(std::string_view value);

// `Invalid value: "<value>": <problem>`: how a cause message quotes the bad value.
std::string InvalidValueMessage(std::string_view value, std::string_view problem);

}  // namespace kube
