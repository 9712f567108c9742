// Reading a whole file into a string: the one way the project does it (configuration,
// scenarios, manifests, expectations, TLS material). Binary-safe; no parsing.
#pragma once

#include <optional>
#include <string>

namespace kube {

// The whole content of the regular file at `path`, or nullopt when there is none (missing, a
// directory, ...) or it cannot be read.
std::optional<std::string> ReadWholeFile(const std::string& path);

}  // namespace kube
