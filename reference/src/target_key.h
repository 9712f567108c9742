// TargetKey: which target the controller means, as its informers know it: the kind and the
// object key "<namespace>/<name>". Ordered by kind, then object key (the order in which the
// work queue's sets and the template index iterate).
#pragma once

#include <compare>
#include <string>

namespace reference {

struct TargetKey {
  std::string kind;
  std::string object_key;

  auto operator<=>(const TargetKey&) const = default;
  bool operator==(const TargetKey&) const = default;
};

}  // namespace reference
