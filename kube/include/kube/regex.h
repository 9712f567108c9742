// Regex: the one regular-expression engine of the project, RE2 (the engine of the real API
// server's CRD `pattern`): linear time in the text, no recursion, bounded memory, so a pattern
// or a value from anyone (a scenario, a CRD, an implementation under test) cannot crash or hang
// the process. RE2 syntax: no backreferences or lookaround.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "kube/status.h"

namespace re2 {
class RE2;
}

namespace kube {

class Regex {
 public:
  // A BadRequest status naming what is wrong with the pattern when it does not compile.
  static StatusOr<Regex> Compile(std::string_view pattern);

  // Whether the pattern matches somewhere in `text` (unanchored).
  bool Search(std::string_view text) const;
  // Whether the pattern matches the whole of `text`.
  bool FullMatch(std::string_view text) const;
  const std::string& Pattern() const { return pattern_; }

 private:
  Regex(std::string pattern, std::shared_ptr<const re2::RE2> compiled);
  std::string pattern_;
  std::shared_ptr<const re2::RE2> compiled_;  // immutable, so copies share it
};

}  // namespace kube
