// Kubeconfig: what a client needs from a standard kubeconfig file (the current or a named
// context's cluster, user and namespace): server URL, CA (data or file), insecure-skip-tls-
// verify, bearer token (or token file), client certificate and key (data or file).
// Relative file paths are resolved against the kubeconfig's own directory, as kubectl does.
#pragma once

#include <string>
#include <string_view>

#include "kube/status.h"

namespace kube {

struct Kubeconfig {
  std::string server;  // "https://127.0.0.1:6443"
  std::string ca_pem;  // empty: the system's trust store
  bool insecure_skip_tls_verify = false;
  std::string token;
  std::string client_certificate_pem;
  std::string client_key_pem;
  std::string namespace_name = "default";
};

// `context` empty: current-context. Errors name the file and the missing or bad field.
StatusOr<Kubeconfig> LoadKubeconfig(const std::string& path, std::string_view context = "");
// `base_dir` resolves relative file references.
StatusOr<Kubeconfig> ParseKubeconfig(std::string_view text, std::string_view source,
                                     const std::string& base_dir, std::string_view context = "");

}  // namespace kube
