// Standard base64 (RFC 4648, with padding), as Kubernetes uses for Secret data and kubeconfig
// `*-data` fields.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace kube {

std::string EncodeBase64(std::string_view bytes);
// Line breaks are ignored; nullopt for anything else that is not valid base64.
std::optional<std::string> DecodeBase64(std::string_view text);

}  // namespace kube
