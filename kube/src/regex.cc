// Regex: RE2 behind a small interface.
#include "kube/regex.h"

#include <re2/re2.h>

namespace kube {

Regex::Regex(std::string pattern, std::shared_ptr<const re2::RE2> compiled)
    : pattern_(std::move(pattern)), compiled_(std::move(compiled)) {}

StatusOr<Regex> Regex::Compile(std::string_view pattern) {
  re2::RE2::Options options;
  options.set_log_errors(false);
  options.set_max_mem(8 << 20);  // bounds the compiled program and the matching state
  auto compiled =
      std::make_shared<const re2::RE2>(re2::StringPiece(pattern.data(), pattern.size()), options);
  if (!compiled->ok()) {
    // RE2 ends its message with the failing part of the pattern, which is quoted already.
    std::string why = compiled->error();
    if (size_t colon = why.find(": "); colon != std::string::npos) why.resize(colon);
    return BadRequestError("invalid regular expression \"" + std::string(pattern) + "\": " + why);
  }
  return Regex(std::string(pattern), std::move(compiled));
}

bool Regex::Search(std::string_view text) const {
  return re2::RE2::PartialMatch(re2::StringPiece(text.data(), text.size()), *compiled_);
}

bool Regex::FullMatch(std::string_view text) const {
  return re2::RE2::FullMatch(re2::StringPiece(text.data(), text.size()), *compiled_);
}

}  // namespace kube
