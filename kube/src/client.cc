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

std::string_view PropagationPolicyName(PropagationPolicy policy) {
  switch (policy) {
    case PropagationPolicy::kBackground:
      return "Background";
    case PropagationPolicy::kForeground:
      return "Foreground";
    case PropagationPolicy::kOrphan:
      return "Orphan";
    case PropagationPolicy::kDefault:
      break;
  }
  return "";
}

std::optional<PropagationPolicy> PropagationPolicyFromName(std::string_view name) {
  for (PropagationPolicy policy : {PropagationPolicy::kDefault, PropagationPolicy::kBackground,
                                   PropagationPolicy::kForeground, PropagationPolicy::kOrphan}) {
    if (name == PropagationPolicyName(policy)) return policy;
  }
  return std::nullopt;
}

std::string_view FieldValidationName(FieldValidation validation) {
  switch (validation) {
    case FieldValidation::kIgnore:
      return "Ignore";
    case FieldValidation::kStrict:
      return "Strict";
    case FieldValidation::kWarn:
      break;
  }
  return "Warn";
}

std::optional<FieldValidation> FieldValidationFromName(std::string_view name) {
  for (FieldValidation validation :
       {FieldValidation::kIgnore, FieldValidation::kWarn, FieldValidation::kStrict}) {
    if (name == FieldValidationName(validation)) return validation;
  }
  return std::nullopt;
}

std::optional<PatchType> PatchTypeFromContentType(std::string_view content_type) {
  // Parameters such as "; charset=utf-8" do not change the type.
  auto semicolon = content_type.find(';');
  std::string_view media = content_type.substr(0, semicolon);
  while (!media.empty() && media.back() == ' ') media.remove_suffix(1);
  for (PatchType type :
       {PatchType::kJson, PatchType::kMerge, PatchType::kStrategicMerge, PatchType::kApply}) {
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
