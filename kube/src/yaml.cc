// YAML streams parsed with yaml-cpp and converted to JSON with the scalar typing of Kubernetes'
// YAML decoder (yaml_scalar.h), with line tracking, merge keys and bounded alias expansion.
// Writing YAML is in yaml_write.cc.
#include "kube/yaml.h"

#include "kube/base64.h"
#include "kube/json_pointer.h"
#include "kube/regex.h"
#include "kube/utf8.h"
#include "yaml_flow.h"
#include "yaml_scalar.h"
#include "yaml_stall.h"
#include "yaml_surrogates.h"

#include <fmt/format.h>
#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <exception>
#include <iterator>
#include <limits>
#include <optional>
#include <utility>
#include <variant>

namespace kube {
namespace {

using yaml_internal::KeyName;
using yaml_internal::kLongTagPrefix;
using yaml_internal::kNullWords;
using yaml_internal::ResolveScalarNode;
using yaml_internal::Scalar;
using yaml_internal::ScalarToJson;

// =============================================================================================
// Node conversion with line tracking.

int LineOfMark(const YAML::Mark& mark) { return mark.is_null() ? 1 : mark.line + 1; }
int ColumnOfMark(const YAML::Mark& mark) { return mark.is_null() ? 1 : mark.column + 1; }

Status PositionedError(std::string_view source, const YAML::Mark& mark, std::string_view problem) {
  return BadRequestError(
      fmt::format("{}:{}:{}: {}", source, LineOfMark(mark), ColumnOfMark(mark), problem));
}

bool IsMergeKey(const YAML::Node& key) {
  return key.IsScalar() && key.Scalar() == "<<" &&
         (key.Tag() == "?" || key.Tag() == std::string(kLongTagPrefix) + "merge");
}

// Copies the lines of `pointer` and everything below it.
void CopySubtreeLines(const std::map<std::string, int>& from, const std::string& pointer,
                      std::map<std::string, int>* to) {
  for (auto it = from.lower_bound(pointer); it != from.end(); ++it) {
    std::string_view key = it->first;
    if (key.substr(0, pointer.size()) != pointer) break;
    if (key.size() == pointer.size() || key[pointer.size()] == '/') (*to)[it->first] = it->second;
  }
}

constexpr std::string_view kMergeValueProblem =
    "a merge key (<<) needs a mapping or a sequence of mappings as its value";

// Converts the documents of one stream. Aliases are expanded; the total number of nodes and of
// scalar bytes is bounded so that aliases cannot blow up, and an alias inside its own anchor is
// an error.
class DocumentConverter {
 public:
  DocumentConverter(std::string_view source, size_t node_budget, size_t byte_budget)
      : source_(source),
        remaining_nodes_(node_budget),
        byte_budget_(byte_budget),
        remaining_bytes_(byte_budget) {}

  Status ConvertDocument(const YAML::Node& root, YamlDocument* document) {
    lines_ = &document->lines;
    document->line = LineOfMark(root.Mark());
    return Convert(root, "", document->line, &document->value);
  }

 private:
  Status ErrorAt(const YAML::Node& node, std::string_view problem) const {
    return PositionedError(source_, node.Mark(), problem);
  }

  // Counts the bytes of a scalar (value or member name) against the stream's budget.
  Status ChargeBytes(const YAML::Node& node) {
    size_t bytes = node.Scalar().size();
    if (bytes > remaining_bytes_) {
      return ErrorAt(node, fmt::format("the document is larger than {} bytes once its aliases "
                                       "are expanded (the limit of expanded YAML; see "
                                       "--max-yaml-expanded-bytes)",
                                       byte_budget_));
    }
    remaining_bytes_ -= bytes;
    return Status::Ok();
  }

  Status Convert(const YAML::Node& node, const std::string& pointer, int line, Json* out) {
    if (remaining_nodes_ == 0) {
      return ErrorAt(node, "the document has too many nodes once its aliases are expanded");
    }
    --remaining_nodes_;
    (*lines_)[pointer] = line;
    if (node.IsScalar()) return ConvertScalar(node, out);
    if (!node.IsMap() && !node.IsSequence()) {
      *out = nullptr;
      return Status::Ok();
    }
    for (const YAML::Node& open : open_containers_) {
      if (open.is(node)) return ErrorAt(node, "an alias refers to a node that contains it");
    }
    open_containers_.push_back(node);
    Status status =
        node.IsMap() ? ConvertMapping(node, pointer, out) : ConvertSequence(node, pointer, out);
    open_containers_.pop_back();
    return status;
  }

  Status ConvertScalar(const YAML::Node& node, Json* out) {
    KUBE_RETURN_IF_ERROR(ChargeBytes(node));
    StatusOr<Scalar> scalar = ResolveScalarNode(node);
    if (!scalar.ok()) return ErrorAt(node, scalar.status().message());
    StatusOr<Json> json = ScalarToJson(*scalar, node.Scalar());
    if (!json.ok()) return ErrorAt(node, json.status().message());
    *out = std::move(json).value();
    return Status::Ok();
  }

  Status ConvertSequence(const YAML::Node& node, const std::string& pointer, Json* out) {
    *out = Json::array();
    size_t index = 0;
    for (const YAML::Node& item : node) {
      Json value;
      KUBE_RETURN_IF_ERROR(Convert(item, ChildPointer(pointer, std::to_string(index)),
                                   LineOfMark(item.Mark()), &value));
      out->push_back(std::move(value));
      ++index;
    }
    return Status::Ok();
  }

  StatusOr<std::string> KeyString(const YAML::Node& key) {
    if (!key.IsScalar()) {
      return ErrorAt(key, key.IsNull() ? "a null map key cannot become a JSON member name"
                                       : "a mapping or sequence cannot be a map key");
    }
    KUBE_RETURN_IF_ERROR(ChargeBytes(key));
    StatusOr<Scalar> scalar = ResolveScalarNode(key);
    if (!scalar.ok()) return ErrorAt(key, scalar.status().message());
    StatusOr<std::string> name = KeyName(*scalar);
    if (!name.ok()) return ErrorAt(key, name.status().message());
    return name;
  }

  // Explicit members first; merged members (<<) only fill names that are still absent, earlier
  // merge sources taking precedence over later ones.
  Status ConvertMapping(const YAML::Node& node, const std::string& pointer, Json* out) {
    *out = Json::object();
    std::map<std::string, int> first_lines;
    std::vector<YAML::Node> merge_sources;
    for (auto it = node.begin(); it != node.end(); ++it) {
      const YAML::Node key = it->first;
      if (IsMergeKey(key)) {
        merge_sources.push_back(it->second);
        continue;
      }
      KUBE_ASSIGN_OR_RETURN(std::string name, KeyString(key));
      int line = LineOfMark(key.Mark());
      auto [first, inserted] = first_lines.emplace(name, line);
      if (!inserted) {
        return ErrorAt(key, fmt::format("duplicate key \"{}\" (first defined at line {})", name,
                                        first->second));
      }
      Json value;
      KUBE_RETURN_IF_ERROR(Convert(it->second, ChildPointer(pointer, name), line, &value));
      (*out)[name] = std::move(value);
    }
    for (const YAML::Node& source : merge_sources) {
      KUBE_RETURN_IF_ERROR(MergeSource(source, pointer, out));
    }
    return Status::Ok();
  }

  Status MergeSource(const YAML::Node& source, const std::string& pointer, Json* out) {
    if (source.IsMap()) return MergeMapping(source, pointer, out);
    if (!source.IsSequence()) return ErrorAt(source, kMergeValueProblem);
    for (const YAML::Node& item : source) {
      if (!item.IsMap()) return ErrorAt(item, kMergeValueProblem);
      KUBE_RETURN_IF_ERROR(MergeMapping(item, pointer, out));
    }
    return Status::Ok();
  }

  Status MergeMapping(const YAML::Node& mapping, const std::string& pointer, Json* out) {
    Json merged;
    std::map<std::string, int> merged_lines;
    std::map<std::string, int>* own_lines = std::exchange(lines_, &merged_lines);
    Status status = Convert(mapping, pointer, LineOfMark(mapping.Mark()), &merged);
    lines_ = own_lines;
    KUBE_RETURN_IF_ERROR(status);
    for (auto& [name, value] : merged.items()) {
      if (out->contains(name)) continue;
      CopySubtreeLines(merged_lines, ChildPointer(pointer, name), lines_);
      (*out)[name] = std::move(value);
    }
    return Status::Ok();
  }

  std::string_view source_;
  size_t remaining_nodes_;
  const size_t byte_budget_;
  size_t remaining_bytes_;
  std::map<std::string, int>* lines_ = nullptr;
  std::vector<YAML::Node> open_containers_;  // ancestors of the node being converted
};

// Alias expansion may multiply the input at most this much (or up to the minimum).
constexpr size_t kNodesPerInputByte = 16;
constexpr size_t kMinNodeBudget = 100'000;

// yaml-cpp notices an unclosed [ or { only where it gives up (the next line, or the end): the
// error names the bracket that was never closed instead.
std::optional<Status> UnclosedFlowError(const YAML::Exception& e, std::string_view text,
                                        std::string_view source) {
  bool sequence = e.msg == YAML::ErrorMsg::END_OF_SEQ_FLOW;
  if (!sequence && e.msg != YAML::ErrorMsg::END_OF_MAP_FLOW) return std::nullopt;
  size_t end = e.mark.pos < 0 ? text.size() : static_cast<size_t>(e.mark.pos);
  std::optional<internal::TextPosition> start =
      internal::UnclosedFlowStart(text, end, sequence ? '[' : '{');
  if (!start) return std::nullopt;
  return BadRequestError(fmt::format("{}:{}:{}: {}: this '{}' is never closed", source, start->line,
                                     start->column, e.msg, sequence ? '[' : '{'));
}

// Offset of the first byte that does not start a valid UTF-8 sequence, or nullopt.
std::optional<size_t> FirstInvalidUtf8(std::string_view text) {
  if (IsValidUtf8(text)) return std::nullopt;
  for (size_t at = 0; at < text.size();) {
    DecodedRune decoded = DecodeRune(text.substr(at));
    if (decoded.rune == kRuneError && decoded.width == 1) return at;
    at += decoded.width;
  }
  return std::nullopt;
}

// YAML's c-printable, as Go's YAML reader checks it: tab, line feed, carriage return, and every
// code point from space up except DEL, the C1 controls (NEL, U+0085, is allowed), U+FFFE and
// U+FFFF.
bool IsPrintableInYaml(char32_t rune) {
  if (rune < 0x20) return rune == '\t' || rune == '\n' || rune == '\r';
  if (rune >= 0x7F && rune <= 0x9F) return rune == 0x85;
  return rune != 0xFFFE && rune != 0xFFFF;
}

// Offset and code point of the first character of valid UTF-8 `text` that YAML text may not
// hold raw, or nullopt.
std::optional<std::pair<size_t, char32_t>> FirstUnprintableInYaml(std::string_view text) {
  for (size_t at = 0; at < text.size();) {
    DecodedRune decoded = DecodeRune(text.substr(at));
    if (!IsPrintableInYaml(decoded.rune)) return std::make_pair(at, decoded.rune);
    at += decoded.width;
  }
  return std::nullopt;
}

// "SOURCE:LINE:COLUMN" of byte `offset` of `text`, columns counted in bytes from 1.
std::string PositionOf(std::string_view source, std::string_view text, size_t offset) {
  std::string_view before = text.substr(0, offset);
  size_t line_start = before.rfind('\n');
  size_t column = line_start == std::string_view::npos ? offset + 1 : offset - line_start;
  return fmt::format("{}:{}:{}", source, 1 + std::count(before.begin(), before.end(), '\n'),
                     column);
}

StatusOr<std::vector<YAML::Node>> LoadStream(std::string_view text, std::string_view source) {
  if (std::optional<YAML::Mark> stalled = internal::FindStalledDocument(text)) {
    bool comma = stalled->pos >= 0 && static_cast<size_t>(stalled->pos) < text.size() &&
                 text[static_cast<size_t>(stalled->pos)] == ',';
    return PositionedError(source, *stalled,
                           comma ? "a ',' outside any [ ] or { } separates nothing"
                                 : "the YAML parser cannot go on from here");
  }
  try {
    return YAML::LoadAll(std::string(text));
  } catch (const YAML::DeepRecursion& e) {
    return PositionedError(source, e.mark, "the document is nested too deeply");
  } catch (const YAML::Exception& e) {
    if (std::optional<Status> unclosed = UnclosedFlowError(e, text, source)) return *unclosed;
    if (std::optional<std::string> lone = internal::DescribeLoneSurrogate(e.msg)) {
      return PositionedError(source, e.mark, *lone);
    }
    return PositionedError(source, e.mark, e.msg);
  } catch (const std::exception& e) {
    return BadRequestError(fmt::format("{}:1:1: {}", source, e.what()));
  }
}

// yaml-cpp reports both an empty document and an explicit `null` as a null node; only the
// explicit one starts at a null token (an empty document's mark is on what follows it).
bool IsEmptyDocument(const YAML::Node& root, std::string_view text) {
  if (!root.IsNull()) return false;
  int pos = root.Mark().pos;
  if (pos < 0 || static_cast<size_t>(pos) >= text.size()) return true;
  std::string_view rest = text.substr(static_cast<size_t>(pos));
  for (std::string_view word : kNullWords) {
    if (word.empty() || rest.substr(0, word.size()) != word) continue;
    if (rest.size() == word.size() ||
        std::string_view(" \t\r\n#").find(rest[word.size()]) != std::string_view::npos) {
      return false;
    }
  }
  return true;
}

StatusOr<std::vector<YamlDocument>> ConvertStream(const std::vector<YAML::Node>& roots,
                                                  std::string_view text, std::string_view source,
                                                  const YamlLimits& limits) {
  // Escapes such as "\L" (two bytes for three) let a stream without aliases exceed its own size
  // a little; twice the size is always allowed.
  DocumentConverter converter(source, std::max(kMinNodeBudget, kNodesPerInputByte * text.size()),
                              std::max(limits.max_expanded_bytes, 2 * text.size()));
  std::vector<YamlDocument> documents;
  for (const YAML::Node& root : roots) {
    if (IsEmptyDocument(root, text)) continue;
    YamlDocument document;
    KUBE_RETURN_IF_ERROR(converter.ConvertDocument(root, &document));
    documents.push_back(std::move(document));
  }
  return documents;
}

}  // namespace

int YamlDocument::LineOf(std::string_view pointer) const {
  std::string current(pointer);
  while (true) {
    auto it = lines.find(current);
    if (it != lines.end()) return it->second;
    if (current.empty()) return line;
    size_t slash = current.rfind('/');
    current.resize(slash == std::string::npos ? 0 : slash);
  }
}

namespace {
std::atomic<size_t> g_default_max_expanded_bytes{kDefaultMaxYamlExpandedBytes};
}  // namespace

YamlLimits DefaultYamlLimits() {
  YamlLimits limits;
  limits.max_expanded_bytes = g_default_max_expanded_bytes.load();
  return limits;
}

void SetDefaultYamlLimits(const YamlLimits& limits) {
  g_default_max_expanded_bytes.store(limits.max_expanded_bytes);
}

StatusOr<std::vector<YamlDocument>> ParseYamlDocuments(std::string_view text,
                                                       std::string_view source,
                                                       const YamlLimits& limits) {
  constexpr std::string_view kByteOrderMark = "\xEF\xBB\xBF";
  if (text.substr(0, kByteOrderMark.size()) == kByteOrderMark) {
    text.remove_prefix(kByteOrderMark.size());
  }
  // yaml-cpp passes invalid UTF-8 through into strings, which no JSON writer can then write
  // (found by fuzz_http_request: an apply body with a 0xFF in a key threw). Go's YAML reader,
  // which the API server uses, rejects the stream; so does this.
  if (std::optional<size_t> bad = FirstInvalidUtf8(text)) {
    return BadRequestError(fmt::format("{}: invalid UTF-8 (byte 0x{:02X}): YAML text must be UTF-8",
                                       PositionOf(source, text, *bad),
                                       static_cast<unsigned char>(text[*bad])));
  }
  // Raw control characters are refused too, as Go's YAML reader refuses them. yaml-cpp would
  // take a stream starting "X\0\0\0" for UTF-32 and produce invalid UTF-8 from it (found by
  // the libFuzzer run of fuzz_yaml).
  if (auto control = FirstUnprintableInYaml(text)) {
    return BadRequestError(fmt::format(
        "{}: control character U+{:04X} is not allowed in YAML text (write it as an escape in a "
        "double-quoted string)",
        PositionOf(source, text, control->first), static_cast<uint32_t>(control->second)));
  }
  // JSON's surrogate pairs become single YAML escapes first (yaml_surrogates.h).
  std::optional<std::string> joined = internal::JoinSurrogatePairs(text);
  if (joined) text = *joined;
  KUBE_ASSIGN_OR_RETURN(std::vector<YAML::Node> roots, LoadStream(text, source));
  try {
    return ConvertStream(roots, text, source, limits);
  } catch (const std::exception& e) {
    return BadRequestError(fmt::format("{}:1:1: {}", source, e.what()));
  }
}

StatusOr<Json> ParseYamlDocument(std::string_view text, std::string_view source,
                                 const YamlLimits& limits) {
  KUBE_ASSIGN_OR_RETURN(std::vector<YamlDocument> documents,
                        ParseYamlDocuments(text, source, limits));
  if (documents.empty()) {
    return BadRequestError(fmt::format("{}:1:1: expected one YAML document, found none", source));
  }
  if (documents.size() > 1) {
    return BadRequestError(fmt::format("{}:{}:1: expected one YAML document, found {}", source,
                                       documents[1].line, documents.size()));
  }
  return std::move(documents.front().value);
}

}  // namespace kube
