// A self-signed TLS certificate and key for the HTTPS server, made with OpenSSL at start
// (ECDSA P-256, valid for localhost, 127.0.0.1, ::1 and the serving address, one year).
#pragma once

#include <string>

#include "kube/status.h"

namespace fakecluster::http {

struct PemPair {
  std::string certificate;
  std::string private_key;
};

kube::StatusOr<PemPair> MakeSelfSignedCertificate(const std::string& address);

}  // namespace fakecluster::http
