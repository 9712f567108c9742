// Continue tokens for paginated lists: an opaque, URL-safe string that carries the list's
// snapshot resourceVersion and the last key returned (base64url of a small JSON document,
// like the real server's tokens).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "kube/status.h"

namespace fakecluster {

struct ContinuePosition {
  uint64_t resource_version = 0;
  std::string last_key;
};

std::string EncodeContinueToken(const ContinuePosition& position);
// BadRequest `continue key is not valid: ...` for anything EncodeContinueToken did not make.
kube::StatusOr<ContinuePosition> DecodeContinueToken(std::string_view token);

}  // namespace fakecluster
