// Shell-pattern matching; see glob_match.h. Everything works on bytes, decoding a rune only for
// `?` and `[...]` (an invalid byte decodes as U+FFFD, one byte wide), exactly as Go does.
#include "glob_match.h"

#include <optional>

#include "go_unicode.h"

namespace reference::internal {
namespace {

// A pattern piece: a run of non-star terms, optionally preceded by stars.
struct Chunk {
  bool star = false;
  std::string_view terms;
};

Chunk TakeChunk(std::string_view& pattern) {
  Chunk chunk;
  while (!pattern.empty() && pattern.front() == '*') {
    pattern.remove_prefix(1);
    chunk.star = true;
  }
  bool in_class = false;
  size_t i = 0;
  for (; i < pattern.size(); ++i) {
    char c = pattern[i];
    if (c == '\\') {
      if (i + 1 < pattern.size()) ++i;  // a dangling '\' is reported when matched
    } else if (c == '[') {
      in_class = true;
    } else if (c == ']') {
      in_class = false;
    } else if (c == '*' && !in_class) {
      break;
    }
  }
  chunk.terms = pattern.substr(0, i);
  pattern.remove_prefix(i);
  return chunk;
}

// The outcome of matching a chunk against the start of a name.
struct ChunkMatch {
  GlobResult result;
  std::string_view rest;  // the unmatched remainder of the name, when kMatch
};

constexpr ChunkMatch kChunkMismatch{GlobResult::kNoMatch, {}};
constexpr ChunkMatch kChunkBadPattern{GlobResult::kBadPattern, {}};

// Reads one (possibly escaped) rune of a class; nullopt when the class is malformed there.
std::optional<char32_t> TakeClassRune(std::string_view& terms) {
  if (terms.empty() || terms.front() == '-' || terms.front() == ']') return std::nullopt;
  if (terms.front() == '\\') {
    terms.remove_prefix(1);
    if (terms.empty()) return std::nullopt;
  }
  DecodedRune decoded = DecodeRune(terms);
  if (decoded.rune == kRuneError && decoded.width == 1) return std::nullopt;
  terms.remove_prefix(decoded.width);
  if (terms.empty()) return std::nullopt;  // a class must be closed
  return decoded.rune;
}

// Matches `rune` against the class at the start of `terms` (just after its '[').
GlobResult MatchClass(std::string_view& terms, char32_t rune) {
  bool negated = !terms.empty() && terms.front() == '^';
  if (negated) terms.remove_prefix(1);
  bool matched = false;
  for (int ranges = 0;; ++ranges) {
    if (!terms.empty() && terms.front() == ']' && ranges > 0) {
      terms.remove_prefix(1);
      break;
    }
    std::optional<char32_t> lo = TakeClassRune(terms);
    if (!lo) return GlobResult::kBadPattern;
    std::optional<char32_t> hi = lo;
    if (terms.front() == '-') {
      terms.remove_prefix(1);
      hi = TakeClassRune(terms);
      if (!hi) return GlobResult::kBadPattern;
    }
    if (*lo <= rune && rune <= *hi) matched = true;
  }
  return matched != negated ? GlobResult::kMatch : GlobResult::kNoMatch;
}

ChunkMatch MatchChunk(std::string_view terms, std::string_view name) {
  while (!terms.empty()) {
    if (name.empty()) return kChunkMismatch;
    char term = terms.front();
    if (term == '[' || term == '?') {
      DecodedRune decoded = DecodeRune(name);
      name.remove_prefix(decoded.width);
      terms.remove_prefix(1);
      if (term == '?') continue;
      GlobResult in_class = MatchClass(terms, decoded.rune);
      if (in_class != GlobResult::kMatch) return {in_class, {}};
      continue;
    }
    if (term == '\\') {
      terms.remove_prefix(1);
      if (terms.empty()) return kChunkBadPattern;
    }
    if (terms.front() != name.front()) return kChunkMismatch;
    terms.remove_prefix(1);
    name.remove_prefix(1);
  }
  return {GlobResult::kMatch, name};
}

// A chunk after a star may start anywhere; the leftmost acceptable start is taken (later chunks
// are preceded by a star too, so this never misses a match). The last chunk must end the name.
ChunkMatch MatchChunkAfterStar(std::string_view terms, std::string_view name, bool last_chunk) {
  for (size_t skip = 1; skip <= name.size(); ++skip) {
    ChunkMatch match = MatchChunk(terms, name.substr(skip));
    if (match.result == GlobResult::kBadPattern) return match;
    if (match.result == GlobResult::kMatch && !(last_chunk && !match.rest.empty())) return match;
  }
  return kChunkMismatch;
}

}  // namespace

GlobResult GlobMatch(std::string_view pattern, std::string_view name) {
  while (!pattern.empty()) {
    Chunk chunk = TakeChunk(pattern);
    // The vendored copy lets a trailing star match the rest, '/' included.
    if (chunk.star && chunk.terms.empty()) return GlobResult::kMatch;
    bool last_chunk = pattern.empty();
    ChunkMatch match = MatchChunk(chunk.terms, name);
    if (match.result == GlobResult::kMatch && (match.rest.empty() || !last_chunk)) {
      name = match.rest;
      continue;
    }
    if (match.result == GlobResult::kBadPattern) return GlobResult::kBadPattern;
    if (!chunk.star) return GlobResult::kNoMatch;
    match = MatchChunkAfterStar(chunk.terms, name, last_chunk);
    if (match.result != GlobResult::kMatch) return match.result;
    name = match.rest;
  }
  return name.empty() ? GlobResult::kMatch : GlobResult::kNoMatch;
}

}  // namespace reference::internal
