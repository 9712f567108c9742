// Parsing and resolving `${uid:Kind/namespace/name}` references (see uid_reference.h).
#include "runner/uid_reference.h"

#include <fmt/format.h>

#include <vector>

namespace runner {
namespace {

constexpr std::string_view kPrefix = "${uid:";

}  // namespace

std::string UidReference::ToString() const {
  return namespace_name.empty() ? fmt::format("${{uid:{}/{}}}", kind, name)
                                : fmt::format("${{uid:{}/{}/{}}}", kind, namespace_name, name);
}

bool LooksLikeUidReference(std::string_view text) {
  return text.substr(0, kPrefix.size()) == kPrefix;
}

std::optional<UidReference> ParseUidReference(std::string_view text) {
  if (!LooksLikeUidReference(text) || text.size() < kPrefix.size() + 1 || text.back() != '}') {
    return std::nullopt;
  }
  std::string_view body = text.substr(kPrefix.size(), text.size() - kPrefix.size() - 1);
  std::vector<std::string_view> parts;
  size_t start = 0;
  while (true) {
    size_t slash = body.find('/', start);
    parts.push_back(body.substr(start, slash == std::string_view::npos ? slash : slash - start));
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  if (parts.size() < 2 || parts.size() > 3) return std::nullopt;
  for (std::string_view part : parts) {
    if (part.empty() || part.find_first_of("{}$ ") != std::string_view::npos) return std::nullopt;
  }
  UidReference reference;
  reference.kind = std::string(parts[0]);
  reference.name = std::string(parts.back());
  if (parts.size() == 3) reference.namespace_name = std::string(parts[1]);
  return reference;
}

kube::Status ResolveUidReferences(kube::Json& value, const UidLookup& lookup) {
  if (value.is_string()) {
    const std::string& text = value.get_ref<const std::string&>();
    if (!LooksLikeUidReference(text)) return kube::Status::Ok();
    std::optional<UidReference> reference = ParseUidReference(text);
    if (!reference) {
      return kube::BadRequestError(
          fmt::format("\"{}\" is not a uid reference: write ${{uid:Kind/namespace/name}} (or "
                      "${{uid:Kind/name}} for a cluster-scoped kind)",
                      text));
    }
    kube::StatusOr<std::string> uid = lookup(*reference);
    if (!uid.ok()) {
      return kube::Status(
          uid.status().reason(),
          fmt::format("{} does not resolve: {}", reference->ToString(), uid.status().message()));
    }
    value = *uid;
    return kube::Status::Ok();
  }
  if (value.is_object()) {
    for (auto& [key, item] : value.items()) {
      KUBE_RETURN_IF_ERROR(ResolveUidReferences(item, lookup));
    }
  } else if (value.is_array()) {
    for (auto& item : value) KUBE_RETURN_IF_ERROR(ResolveUidReferences(item, lookup));
  }
  return kube::Status::Ok();
}

bool HasUidReferences(const kube::Json& value) {
  if (value.is_string()) return LooksLikeUidReference(value.get_ref<const std::string&>());
  if (value.is_object() || value.is_array()) {
    for (const auto& item : value) {
      if (HasUidReferences(item)) return true;
    }
  }
  return false;
}

}  // namespace runner
