// JSON Merge Patch (RFC 7386), JSON Patch (RFC 6902) with JSON Pointer (RFC 6901), merge patch
// creation, and JSON parsing at the boundary. nlohmann's own json_patch and operator== are not
// used: its `test` compares signed and unsigned integers by wrapping, its `move` accepts a move
// into the moved value's own child, and its errors cannot name the failing operation.
#include "kube/patch.h"

#include <fmt/format.h>

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "kube/json_equals.h"
#include "kube/json_pointer.h"

namespace kube {
namespace {

// ---------------------------------------------------------------------------------------------
// JSON Pointer resolution for JSON Patch (parsing and lookup live in kube/json_pointer.h).

Status PathNotFound() { return BadRequestError("path not found"); }

Json* Resolve(Json& document, const PointerTokens& tokens) { return FindPointer(document, tokens); }

// The container holding the last token of a non-empty pointer.
StatusOr<Json*> ResolveParent(Json& document, const PointerTokens& tokens) {
  Json* parent = FindPointer(document, tokens, tokens.size() - 1);
  if (parent == nullptr) return PathNotFound();
  if (!parent->is_object() && !parent->is_array()) {
    return BadRequestError(
        fmt::format("parent is a {}, not an object or array", parent->type_name()));
  }
  return parent;
}

Status InvalidArrayIndex(std::string_view token) {
  return BadRequestError(fmt::format("invalid array index '{}'", token));
}

// ---------------------------------------------------------------------------------------------
// The operations on a working copy of the document.

Status AddValue(Json& document, const PointerTokens& path, Json value) {
  if (path.empty()) {
    document = std::move(value);
    return Status::Ok();
  }
  KUBE_ASSIGN_OR_RETURN(Json * parent, ResolveParent(document, path));
  const std::string& last = path.back();
  if (parent->is_object()) {
    (*parent)[last] = std::move(value);
    return Status::Ok();
  }
  size_t index = parent->size();
  if (last != "-") {
    std::optional<size_t> parsed = ParseArrayIndex(last);
    if (!parsed.has_value()) return InvalidArrayIndex(last);
    if (*parsed > parent->size()) {
      return BadRequestError(
          fmt::format("array index {} is out of bounds (size {})", *parsed, parent->size()));
    }
    index = *parsed;
  }
  parent->insert(parent->begin() + static_cast<std::ptrdiff_t>(index), std::move(value));
  return Status::Ok();
}

Status RemoveValue(Json& document, const PointerTokens& path) {
  if (path.empty()) return BadRequestError("the document root cannot be removed");
  KUBE_ASSIGN_OR_RETURN(Json * parent, ResolveParent(document, path));
  const std::string& last = path.back();
  if (parent->is_object()) {
    if (parent->erase(last) == 0) return PathNotFound();
    return Status::Ok();
  }
  std::optional<size_t> index = ParseArrayIndex(last);
  if (!index.has_value()) return InvalidArrayIndex(last);
  if (*index >= parent->size()) return PathNotFound();
  parent->erase(*index);
  return Status::Ok();
}

Status ReplaceValue(Json& document, const PointerTokens& path, Json value) {
  Json* target = Resolve(document, path);
  if (target == nullptr) return PathNotFound();
  *target = std::move(value);
  return Status::Ok();
}

StatusOr<Json> CopyOfValue(Json& document, const PointerTokens& from) {
  Json* source = Resolve(document, from);
  if (source == nullptr) return BadRequestError("\"from\" path not found");
  return *source;
}

bool IsProperPrefix(const PointerTokens& prefix, const PointerTokens& tokens) {
  return prefix.size() < tokens.size() && std::equal(prefix.begin(), prefix.end(), tokens.begin());
}

Status MoveValue(Json& document, const PointerTokens& from, const PointerTokens& path) {
  if (IsProperPrefix(from, path)) {
    return BadRequestError("a value cannot be moved into one of its own children");
  }
  KUBE_ASSIGN_OR_RETURN(Json value, CopyOfValue(document, from));
  if (from == path) return Status::Ok();
  KUBE_RETURN_IF_ERROR(RemoveValue(document, from));
  return AddValue(document, path, std::move(value));
}

Status CopyValue(Json& document, const PointerTokens& from, const PointerTokens& path) {
  KUBE_ASSIGN_OR_RETURN(Json value, CopyOfValue(document, from));
  return AddValue(document, path, std::move(value));
}

// Compact JSON text of `value`, cut short for error messages.
std::string Abbreviated(const Json& value) {
  constexpr size_t kMaxLength = 100;
  std::string text = value.dump(-1, ' ', false, Json::error_handler_t::replace);
  if (text.size() > kMaxLength) text = text.substr(0, kMaxLength) + "...";
  return text;
}

Status TestValue(Json& document, const PointerTokens& path, const Json& expected) {
  Json* actual = Resolve(document, path);
  if (actual == nullptr) return PathNotFound();
  if (!JsonEquals(*actual, expected)) {
    return BadRequestError(fmt::format("test failed: the value is {}, not {}", Abbreviated(*actual),
                                       Abbreviated(expected)));
  }
  return Status::Ok();
}

// ---------------------------------------------------------------------------------------------
// One operation object of the patch document.

enum class OpKind { kAdd, kRemove, kReplace, kMove, kCopy, kTest };

std::optional<OpKind> OpKindFromName(std::string_view name) {
  if (name == "add") return OpKind::kAdd;
  if (name == "remove") return OpKind::kRemove;
  if (name == "replace") return OpKind::kReplace;
  if (name == "move") return OpKind::kMove;
  if (name == "copy") return OpKind::kCopy;
  if (name == "test") return OpKind::kTest;
  return std::nullopt;
}

bool NeedsValue(OpKind kind) {
  return kind == OpKind::kAdd || kind == OpKind::kReplace || kind == OpKind::kTest;
}

bool NeedsFrom(OpKind kind) { return kind == OpKind::kMove || kind == OpKind::kCopy; }

struct Operation {
  OpKind kind;
  std::string name;  // as written: "add", ...
  std::string path_text;
  PointerTokens path;
  PointerTokens from;
  Json value;
};

// Reads a string member; BadRequest when it is missing or not a string.
StatusOr<std::string> StringMember(const Json& object, std::string_view member) {
  auto it = object.find(member);
  if (it == object.end()) return BadRequestError(fmt::format("missing \"{}\" member", member));
  if (!it->is_string()) {
    return BadRequestError(fmt::format("\"{}\" must be a string, not {}", member, it->type_name()));
  }
  return it->get<std::string>();
}

Status OperationError(size_t index, std::string_view context, const Status& cause) {
  return BadRequestError(
      fmt::format("json patch operation {}{}: {}", index, context, cause.message()));
}

// Fills the members that depend on the op: path, value, from. Unknown members are ignored.
Status ReadOperands(const Json& object, Operation* operation) {
  KUBE_ASSIGN_OR_RETURN(operation->path, ParsePointer(operation->path_text));
  if (NeedsValue(operation->kind)) {
    auto value = object.find("value");
    if (value == object.end()) return BadRequestError("missing \"value\" member");
    operation->value = *value;
  }
  if (NeedsFrom(operation->kind)) {
    KUBE_ASSIGN_OR_RETURN(std::string from, StringMember(object, "from"));
    StatusOr<PointerTokens> tokens = ParsePointer(from);
    if (!tokens.ok()) {
      return BadRequestError(fmt::format("\"from\" {}: {}", from, tokens.status().message()));
    }
    operation->from = std::move(tokens).value();
  }
  return Status::Ok();
}

StatusOr<Operation> ReadOperation(const Json& object, size_t index) {
  if (!object.is_object()) {
    return BadRequestError(fmt::format("json patch operation {}: must be an object, not {}", index,
                                       object.type_name()));
  }
  StatusOr<std::string> name = StringMember(object, "op");
  if (!name.ok()) return OperationError(index, "", name.status());
  std::optional<OpKind> kind = OpKindFromName(*name);
  if (!kind.has_value()) {
    return BadRequestError(fmt::format("json patch operation {}: unknown op \"{}\"", index, *name));
  }
  StatusOr<std::string> path = StringMember(object, "path");
  if (!path.ok()) return OperationError(index, fmt::format(" ({})", *name), path.status());
  Operation operation{*kind, *name, *path, {}, {}, {}};
  Status operands = ReadOperands(object, &operation);
  if (!operands.ok()) {
    return OperationError(index, fmt::format(" ({} {})", *name, *path), operands);
  }
  return operation;
}

Status ApplyOperation(Json& document, const Operation& operation) {
  switch (operation.kind) {
    case OpKind::kAdd:
      return AddValue(document, operation.path, operation.value);
    case OpKind::kRemove:
      return RemoveValue(document, operation.path);
    case OpKind::kReplace:
      return ReplaceValue(document, operation.path, operation.value);
    case OpKind::kMove:
      return MoveValue(document, operation.from, operation.path);
    case OpKind::kCopy:
      return CopyValue(document, operation.from, operation.path);
    case OpKind::kTest:
      return TestValue(document, operation.path, operation.value);
  }
  return InternalError("unknown json patch operation");
}

// ---------------------------------------------------------------------------------------------
// Parsing.

constexpr int kMaxJsonDepth = 10000;  // like Go's encoding/json

// Parser callback state: objects with repeated member names and too deep nesting are rejected
// after the parse (the callback itself must not throw). nlohmann rejects numbers out of range.
struct ParseChecks {
  std::vector<std::set<std::string>> open_objects;
  std::optional<std::string> duplicate_key;
  bool too_deep = false;

  void Observe(int depth, Json::parse_event_t event, const Json& parsed) {
    using Event = Json::parse_event_t;
    if (depth > kMaxJsonDepth) too_deep = true;
    if (event == Event::object_start) open_objects.emplace_back();
    if (event == Event::object_end && !open_objects.empty()) open_objects.pop_back();
    if (event == Event::key && !open_objects.empty() && parsed.is_string()) {
      const std::string& key = parsed.get_ref<const std::string&>();
      if (!open_objects.back().insert(key).second && !duplicate_key.has_value()) {
        duplicate_key = key;
      }
    }
  }

  Status Verdict(std::string_view what) const {
    if (duplicate_key.has_value()) {
      return BadRequestError(
          fmt::format("{} is not valid JSON: duplicate member name \"{}\"", what, *duplicate_key));
    }
    if (too_deep) {
      return BadRequestError(
          fmt::format("{} is not valid JSON: nested deeper than {} levels", what, kMaxJsonDepth));
    }
    return Status::Ok();
  }
};

// RFC 7386 section 2, applied to `target` in place.
void MergePatchInPlace(Json& target, const Json& patch) {
  if (!patch.is_object()) {
    target = patch;
    return;
  }
  if (!target.is_object()) target = Json::object();
  for (const auto& [name, value] : patch.items()) {
    if (value.is_null()) {
      target.erase(name);
    } else {
      MergePatchInPlace(target[name], value);  // an absent member starts as null
    }
  }
}

// "[json.exception.parse_error.101] parse error at ..." without the bracketed id.
std::string WithoutExceptionId(std::string_view what) {
  size_t end = what.find("] ");
  if (what.substr(0, 1) == "[" && end != std::string_view::npos) what.remove_prefix(end + 2);
  return std::string(what);
}

}  // namespace

Json ApplyMergePatch(const Json& target, const Json& patch) {
  if (!patch.is_object()) return patch;
  Json result = target;
  MergePatchInPlace(result, patch);
  return result;
}

StatusOr<Json> ApplyJsonPatch(const Json& target, const Json& patch) {
  if (!patch.is_array()) {
    return BadRequestError(
        fmt::format("a json patch must be an array of operations, not {}", patch.type_name()));
  }
  std::vector<Operation> operations;
  operations.reserve(patch.size());
  for (size_t i = 0; i < patch.size(); ++i) {
    KUBE_ASSIGN_OR_RETURN(Operation operation, ReadOperation(patch[i], i));
    operations.push_back(std::move(operation));
  }
  Json document = target;
  for (size_t i = 0; i < operations.size(); ++i) {
    const Operation& operation = operations[i];
    Status status = ApplyOperation(document, operation);
    if (!status.ok()) {
      return OperationError(i, fmt::format(" ({} {})", operation.name, operation.path_text),
                            status);
    }
  }
  return document;
}

Json CreateMergePatch(const Json& from, const Json& to) {
  if (!from.is_object() || !to.is_object()) return to;
  Json patch = Json::object();
  for (const auto& [name, value] : from.items()) {
    if (!to.contains(name)) patch[name] = nullptr;
  }
  for (const auto& [name, value] : to.items()) {
    auto old = from.find(name);
    if (old != from.end() && old->is_object() && value.is_object()) {
      Json nested = CreateMergePatch(*old, value);
      if (!nested.empty()) patch[name] = std::move(nested);
    } else if (old == from.end() || !JsonEquals(*old, value)) {
      patch[name] = value;
    }
  }
  return patch;
}

StatusOr<Json> ParseJson(std::string_view text, std::string_view what) {
  ParseChecks checks;
  Json::parser_callback_t observe = [&checks](int depth, Json::parse_event_t event, Json& parsed) {
    checks.Observe(depth, event, parsed);
    return true;
  };
  Json parsed;
  try {
    parsed = Json::parse(text.begin(), text.end(), observe);
  } catch (const Json::parse_error& e) {
    return BadRequestError(fmt::format("{} is not valid JSON (byte {}): {}", what, e.byte,
                                       WithoutExceptionId(e.what())));
  } catch (const std::exception& e) {
    return BadRequestError(
        fmt::format("{} is not valid JSON: {}", what, WithoutExceptionId(e.what())));
  }
  KUBE_RETURN_IF_ERROR(checks.Verdict(what));
  return parsed;
}

}  // namespace kube
