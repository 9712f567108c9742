// Client helpers: patch media types and watch event names.
#include "kube/client.h"

namespace kube {

std::string_view PatchContentType(PatchType type) {
  switch (type) {
    case PatchType::kJson:
      return "application/json-patch+json";
    case PatchType::kMerge:
      return "application/merge-patch+json";
    case PatchType::kStrategicMerge:
      return "application/strategic-merge-patch+json";
    case PatchType::kApply:
      return "application/apply-patch+yaml";
  }
  return "";
}

std::optional<PatchType> PatchTypeFromContentType(std::string_view content_type) {
  // Parameters such as "; charset=utf-8" do not change the type.
  auto semicolon = content_type.find(';');
  std::string_view media = content_type.substr(0, semicolon);
  while (!media.empty() && media.back() == ' ') media.remove_suffix(1);
  for (PatchType type : {PatchType::kJson, PatchType::kMerge, PatchType::kStrategicMerge,
                         PatchType::kApply}) {
    if (media == PatchContentType(type)) return type;
  }
  return std::nullopt;
}

std::string_view WatchEventTypeName(WatchEventType type) {
  switch (type) {
    case WatchEventType::kAdded:
      return "ADDED";
    case WatchEventType::kModified:
      return "MODIFIED";
    case WatchEventType::kDeleted:
      return "DELETED";
    case WatchEventType::kBookmark:
      return "BOOKMARK";
    case WatchEventType::kError:
      return "ERROR";
  }
  return "";
}

}  // namespace kube
