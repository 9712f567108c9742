// Substitution engine; see substitution.h.
//
// Upstream facts (gomodules.xyz/envsubst v0.1.0 as vendored by stashed/stash: eval.go, funcs.go,
// parse/parse.go; path/match.go as in drone/envsubst) that the spec's table leaves open:
//  - Parsing happens first: any syntax error makes the whole text "bad substitution".
//  - A substitution's arguments are evaluated before its variable is looked up, eagerly: in
//    ${SET:=${MISSING}} the unused default still fails.
//  - ${VAR:=}, ${VAR=}, ${VAR:-} (empty default): "" when VAR is missing, not an error.
//  - ${VAR:?x}, ${VAR:+x}: an error when VAR is missing, else the value, even an empty one:
//    the spec's table is normative here. (Upstream ran them through its default function,
//    which replaces an empty value by x: a known upstream deviation.)
//  - ${VAR,^} and ${VAR^,}: the value unchanged.
//  - Replacement patterns are literal text, not globs; ${VAR/#a/} and ${VAR/%a/} (empty
//    replacement at start/end) leave the value unchanged, while ${VAR/a/} deletes.
//  - A substring length that reaches before the position makes upstream panic; here it is an
//    error "bad substitution: negative substring length ...".
#include "reference/substitution.h"

#include <fmt/format.h>

#include <algorithm>
#include <optional>
#include <utility>
#include <vector>

#include "envsubst_funcs.h"
#include "envsubst_parse.h"
#include "go_unicode.h"
#include "json_text_position.h"

namespace reference {
namespace {

using internal::SubstNode;
using internal::SubstOp;

kube::Status BadRequest(std::string message) {
  return kube::Status(kube::StatusReason::kBadRequest, std::move(message));
}

kube::Status ValueNotFound(std::string_view name) {
  return BadRequest(fmt::format("input/default value not found for key {}", name));
}

// What makes text unfit to be pasted inside a JSON string literal, if anything.
std::optional<std::string> JsonUnsafeContent(std::string_view text) {
  for (unsigned char c : text) {
    if (c == '"') return "a double quote";
    if (c == '\\') return "a backslash";
    if (c < 0x20) return fmt::format("a control character (U+{:04X})", c);
  }
  if (!internal::IsValidUtf8(text)) return "invalid UTF-8";
  return std::nullopt;
}

// Evaluates parsed substitutions against the supplied variables, within SubstitutionLimits.
class Evaluator {
 public:
  Evaluator(const Variables& vars, const SubstitutionLimits& limits, size_t template_bytes)
      : vars_(vars), limits_(limits), max_total_bytes_(template_bytes + limits.MaxGrowthBytes()) {}

  // In JSON mode every top-level substitution result is checked (see CheckJsonSafe), and a
  // field is one JSON string of the document; `document_name` names it in errors.
  void EnableJsonChecks(std::string document_name) {
    json_checks_ = true;
    document_name_ = std::move(document_name);
  }

  kube::Status EvaluateAll(const std::vector<SubstNode>& nodes, std::string& out) {
    output_ = &out;
    for (const SubstNode& node : nodes) {
      if (!node.is_substitution) {
        out.append(node.text);
        NoteLiteral(node.text, out.size());
        continue;
      }
      size_t start = out.size();
      top_level_start_ = start;
      first_unsafe_variable_.reset();
      KUBE_RETURN_IF_ERROR(EvaluateSubstitution(node, out, TopLevelRoom(start)));
      if (json_checks_) KUBE_RETURN_IF_ERROR(CheckJsonSafe(node, out.substr(start)));
    }
    return kube::Status::Ok();
  }

 private:
  // How many bytes a substitution may add, and which limit says so.
  struct Room {
    size_t bytes = 0;
    bool whole_template = false;  // the whole template's limit, not the field's
  };

  // For the top-level substitution starting at `start`: what is left of its field's limit and
  // of the whole template's.
  Room TopLevelRoom(size_t start) const {
    size_t field_bytes = start - field_start_;
    size_t field_room =
        field_bytes < limits_.max_field_bytes ? limits_.max_field_bytes - field_bytes : 0;
    size_t total_room = start < max_total_bytes_ ? max_total_bytes_ - start : 0;
    if (total_room < field_room) return {total_room, true};
    return {field_room, false};
  }

  // In JSON mode a field starts after the last quote of literal text (substitution results
  // hold no quote: CheckJsonSafe); otherwise the whole text is one field.
  void NoteLiteral(const std::string& text, size_t end) {
    if (!json_checks_) return;
    size_t quote = text.rfind('"');
    if (quote != std::string::npos) field_start_ = end - (text.size() - quote - 1);
  }

  kube::Status Evaluate(const SubstNode& node, std::string& out) {
    if (!node.is_substitution) {
      out.append(node.text);
      return kube::Status::Ok();
    }
    return EvaluateSubstitution(node, out, Room{limits_.max_field_bytes, false});
  }

  kube::Status EvaluateSubstitution(const SubstNode& node, std::string& out, Room room) {
    std::vector<std::string> args;
    args.reserve(node.args.size());
    for (const SubstNode& arg : node.args) {
      KUBE_RETURN_IF_ERROR(Evaluate(arg, args.emplace_back()));
    }
    auto it = vars_.find(node.text);
    if (it == vars_.end()) {
      if (node.op != SubstOp::kDefault) return ValueNotFound(node.text);
      if (!args.empty()) {
        if (args.front().size() > room.bytes) return TooLarge(node, room);
        out.append(args.front());
      }
      return kube::Status::Ok();
    }
    NoteValue(it->first, it->second);
    size_t start = out.size();
    KUBE_RETURN_IF_ERROR(Apply(node, it->second, args, out, room));
    if (out.size() - start > room.bytes) {
      out.resize(start);
      return TooLarge(node, room);
    }
    return kube::Status::Ok();
  }

  // The result of `node` would be larger than its room.
  kube::Status TooLarge(const SubstNode& node, Room room) const {
    std::string limit =
        room.whole_template
            ? fmt::format("the whole template may grow by at most {} bytes",
                          limits_.MaxGrowthBytes())
            : fmt::format("a substituted field may hold at most {} bytes", limits_.max_field_bytes);
    std::string where;
    if (json_checks_ && output_ != nullptr) {
      internal::JsonTextPosition position =
          internal::PositionAtEndOf(std::string_view(*output_).substr(0, top_level_start_));
      where = fmt::format(" in {} {} of {}", position.in_member_name ? "a member name of" : "field",
                          position.pointer.empty() ? "/" : position.pointer, document_name_);
    }
    return BadRequest(fmt::format(
        "substitution too large: the substitution of variable {}{} exceeds the limit ({})",
        node.text, where, limit));
  }

  kube::Status Apply(const SubstNode& node, const std::string& value,
                     const std::vector<std::string>& args, std::string& out, Room room) {
    using internal::GoReplace;
    const std::string& first = args.empty() ? value : args[0];
    switch (node.op) {
      case SubstOp::kValue:
      case SubstOp::kMixedCase:
      case SubstOp::kDefault:
        out.append(value);
        break;
      case SubstOp::kNonEmptyOr:  // spec section 3: "else the value", empty or not
        out.append(value);
        break;
      case SubstOp::kLength:
        out.append(internal::ByteLength(value));
        break;
      case SubstOp::kUpperFirst:
        out.append(internal::UpperFirst(value));
        break;
      case SubstOp::kUpperAll:
        out.append(internal::ToUpperString(value));
        break;
      case SubstOp::kLowerFirst:
        out.append(internal::LowerFirst(value));
        break;
      case SubstOp::kLowerAll:
        out.append(internal::ToLowerString(value));
        break;
      case SubstOp::kSubstring:
        return AppendSubstring(node, value, args, out);
      case SubstOp::kRemoveShortestPrefix:
      case SubstOp::kRemoveLongestPrefix:
        out.append(internal::RemovePrefix(value, first, node.op == SubstOp::kRemoveLongestPrefix));
        break;
      case SubstOp::kRemoveShortestSuffix:
      case SubstOp::kRemoveLongestSuffix:
        out.append(internal::RemoveSuffix(value, first, node.op == SubstOp::kRemoveLongestSuffix));
        break;
      case SubstOp::kReplaceFirst:
      case SubstOp::kReplaceAll: {
        const std::string to = args.size() > 1 ? args[1] : std::string();
        int64_t n = node.op == SubstOp::kReplaceFirst ? 1 : -1;
        // Measured first: a replacement repeated for every match could be huge.
        if (internal::GoReplaceSize(value, first, to, n) > room.bytes) return TooLarge(node, room);
        out.append(GoReplace(value, first, to, n));
        break;
      }
      case SubstOp::kReplacePrefix:
        out.append(args.size() == 2 ? internal::ReplacePrefix(value, args[0], args[1]) : value);
        break;
      case SubstOp::kReplaceSuffix:
        out.append(args.size() == 2 ? internal::ReplaceSuffix(value, args[0], args[1]) : value);
        break;
    }
    return kube::Status::Ok();
  }

  static kube::Status AppendSubstring(const SubstNode& node, const std::string& value,
                                      const std::vector<std::string>& args, std::string& out) {
    std::optional<std::string> substring = internal::Substring(value, args);
    if (!substring) {
      return BadRequest(
          fmt::format("bad substitution: negative substring length {} at position {} for key {}",
                      args[1], args[0], node.text));
    }
    out.append(*substring);
    return kube::Status::Ok();
  }

  // Remembers the first variable read whose value could not be pasted into JSON, to blame it.
  void NoteValue(const std::string& name, const std::string& value) {
    if (!json_checks_ || first_unsafe_variable_) return;
    if (std::optional<std::string> unsafe = JsonUnsafeContent(value)) {
      first_unsafe_variable_ = fmt::format("value of variable {} contains {}", name, *unsafe);
    }
  }

  // The result of a top-level substitution lands inside a JSON string literal: a quote, a
  // backslash (it would start an escape), a control character or invalid UTF-8 would corrupt it.
  kube::Status CheckJsonSafe(const SubstNode& node, std::string_view result) const {
    std::optional<std::string> unsafe = JsonUnsafeContent(result);
    if (!unsafe) return kube::Status::Ok();
    std::string what = first_unsafe_variable_.value_or(
        fmt::format("substitution of variable {} yields {}", node.text, *unsafe));
    return BadRequest(what + ", which would corrupt the substituted JSON document");
  }

  const Variables& vars_;
  const SubstitutionLimits& limits_;
  const size_t max_total_bytes_;
  bool json_checks_ = false;
  std::string document_name_;
  std::optional<std::string> first_unsafe_variable_;
  const std::string* output_ = nullptr;  // the whole output (EvaluateAll)
  size_t top_level_start_ = 0;           // where the current top-level substitution starts
  size_t field_start_ = 0;               // where the current field starts in the output
};

// `document_name` is set in JSON mode only.
kube::StatusOr<std::string> EvaluateNodes(const std::vector<SubstNode>& nodes, size_t text_size,
                                          const Variables& vars, const SubstitutionLimits& limits,
                                          const std::optional<std::string>& document_name) {
  Evaluator evaluator(vars, limits, text_size);
  if (document_name) evaluator.EnableJsonChecks(*document_name);
  std::string out;
  out.reserve(text_size + 64);
  KUBE_RETURN_IF_ERROR(evaluator.EvaluateAll(nodes, out));
  return out;
}

kube::StatusOr<std::string> SubstituteText(std::string_view text, const Variables& vars,
                                           const SubstitutionLimits& limits,
                                           const internal::ParseOptions& options,
                                           const std::optional<std::string>& document_name) {
  KUBE_ASSIGN_OR_RETURN(std::vector<SubstNode> nodes, internal::ParseTemplate(text, options));
  return EvaluateNodes(nodes, text.size(), vars, limits, document_name);
}

kube::StatusOr<kube::Json> ParseSubstitutedJson(const std::string& substituted) {
  try {
    kube::Json parsed = kube::Json::parse(substituted, /*cb=*/nullptr, /*allow_exceptions=*/false);
    if (!parsed.is_discarded()) return parsed;
  } catch (const kube::Json::exception&) {
    // Reported below like any other parse failure.
  }
  return BadRequest("the substituted template is not valid JSON");
}

// How errors name a document: its kind and name when it has them.
std::string DocumentName(const kube::Json& document) {
  std::string kind = kube::StringAt(document, {"kind"});
  std::string name = kube::StringAt(document, {"metadata", "name"});
  if (kind.empty() || name.empty()) return "the template";
  return fmt::format("{} {}", kind, name);
}

}  // namespace

kube::StatusOr<std::string> Substitute(std::string_view text, const Variables& vars,
                                       const SubstitutionLimits& limits) {
  // Only '$' (substitutions, "$$"), '\' (escapes) and NUL (end of input upstream) matter.
  auto is_special = [](char c) { return c == '$' || c == '\\' || c == '\0'; };
  if (std::none_of(text.begin(), text.end(), is_special)) return std::string(text);
  return SubstituteText(text, vars, limits, internal::ParseOptions{}, std::nullopt);
}

struct CompiledJsonTemplate::Parts {
  kube::Status error = kube::Status::Ok();  // answered by every Render when set
  bool verbatim = false;                    // no '$' in the text: the document itself
  kube::Json document;                      // kept only when verbatim
  std::vector<SubstNode> nodes;
  size_t text_size = 0;
  std::string document_name;  // how errors name the document
};

CompiledJsonTemplate::CompiledJsonTemplate(const kube::Json& document) {
  auto parts = std::make_shared<Parts>();
  std::string text;
  try {
    // Like Go's json.Marshal, invalid UTF-8 in strings becomes U+FFFD.
    text = document.dump(-1, ' ', /*ensure_ascii=*/false, kube::Json::error_handler_t::replace);
  } catch (const kube::Json::exception& e) {
    parts->error = BadRequest(fmt::format("cannot serialise the template to JSON: {}", e.what()));
  }
  if (parts->error.ok() && text.find('$') == std::string::npos) {
    parts->verbatim = true;
    parts->document = document;
  } else if (parts->error.ok()) {
    internal::ParseOptions options;
    options.unescape_backslashes_in_text = false;
    auto nodes = internal::ParseTemplate(text, options);
    if (nodes.ok()) {
      parts->nodes = std::move(nodes).value();
      parts->text_size = text.size();
      parts->document_name = DocumentName(document);
    } else {
      parts->error = nodes.status();
    }
  }
  parts_ = std::move(parts);
}

kube::StatusOr<kube::Json> CompiledJsonTemplate::Render(const Variables& vars,
                                                        const SubstitutionLimits& limits) const {
  KUBE_RETURN_IF_ERROR(parts_->error);
  if (parts_->verbatim) return parts_->document;
  KUBE_ASSIGN_OR_RETURN(
      std::string substituted,
      EvaluateNodes(parts_->nodes, parts_->text_size, vars, limits, parts_->document_name));
  return ParseSubstitutedJson(substituted);
}

kube::StatusOr<kube::Json> SubstituteJson(const kube::Json& document, const Variables& vars,
                                          const SubstitutionLimits& limits) {
  return CompiledJsonTemplate(document).Render(vars, limits);
}

}  // namespace reference
