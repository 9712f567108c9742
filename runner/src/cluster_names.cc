// ClusterNames: the renaming of one scenario's names on a shared cluster, and back.
#include "runner/cluster_names.h"

#include <array>

#include "kube/json_pointer.h"

namespace runner {
namespace {

// The annotations whose value names a cluster-scoped template (spec section 2, both eras).
constexpr std::array<std::string_view, 2> kTemplateAnnotations = {
    "stash.appscode.com/backup-template", "stash.appscode.com/backup-blueprint"};

bool IsNameCharacter(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

}  // namespace

ClusterNames::ClusterNames(std::string suffix)
    : suffix_(std::move(suffix)), marker_("-" + suffix_) {}

std::string ClusterNames::MakeSuffix(uint64_t entropy) {
  constexpr std::string_view kFirst = "ghjkmnpqrstvwxz";  // never a hexadecimal digit
  constexpr std::string_view kRest = "0123456789abcdefghjkmnpqrstvwxz";
  std::string suffix(1, kFirst[entropy % kFirst.size()]);
  entropy /= kFirst.size();
  for (int i = 0; i < 4; ++i) {
    suffix += kRest[entropy % kRest.size()];
    entropy /= kRest.size();
  }
  return suffix;
}

std::string ClusterNames::ToCluster(std::string_view name) const {
  if (name.empty()) return "";
  return std::string(name) + marker_;
}

bool ClusterNames::IsOurs(std::string_view cluster_name) const {
  return cluster_name.size() > marker_.size() && cluster_name.ends_with(marker_);
}

void ClusterNames::AnnotationsToCluster(kube::Json& annotations) const {
  if (!annotations.is_object()) return;
  for (std::string_view key : kTemplateAnnotations) {
    auto it = annotations.find(std::string(key));
    if (it != annotations.end() && it->is_string()) {
      *it = ToCluster(it->get<std::string>());
    }
  }
}

void ClusterNames::ObjectToCluster(kube::Json& object, bool namespaced) const {
  if (!object.is_object()) return;
  auto metadata = object.find("metadata");
  if (metadata == object.end() || !metadata->is_object()) return;
  auto ns = metadata->find("namespace");
  if (ns != metadata->end() && ns->is_string()) *ns = ToCluster(ns->get<std::string>());
  // A CustomResourceDefinition's name is its resource's: it cannot be changed.
  bool renamed = !namespaced && object.value("kind", "") != "CustomResourceDefinition";
  auto name = metadata->find("name");
  if (renamed && name != metadata->end() && name->is_string()) {
    *name = ToCluster(name->get<std::string>());
  }
  auto annotations = metadata->find("annotations");
  if (annotations != metadata->end()) AnnotationsToCluster(*annotations);
}

void ClusterNames::PatchToCluster(kube::Json& body, kube::PatchType type) const {
  if (type != kube::PatchType::kJson) {
    if (!body.is_object()) return;
    auto metadata = body.find("metadata");
    if (metadata == body.end() || !metadata->is_object()) return;
    auto ns = metadata->find("namespace");
    if (ns != metadata->end() && ns->is_string()) *ns = ToCluster(ns->get<std::string>());
    auto annotations = metadata->find("annotations");
    if (annotations != metadata->end()) AnnotationsToCluster(*annotations);
    return;
  }
  if (!body.is_array()) return;
  for (kube::Json& op : body) {
    if (!op.is_object() || !op.contains("value") || !op["path"].is_string()) continue;
    const std::string path = op["path"].get<std::string>();
    kube::Json& value = op["value"];
    if (path == "/metadata") {
      if (value.is_object() && value.contains("annotations")) {
        AnnotationsToCluster(value["annotations"]);
      }
    } else if (path == "/metadata/annotations") {
      AnnotationsToCluster(value);
    } else if (path == "/metadata/namespace" && value.is_string()) {
      value = ToCluster(value.get<std::string>());
    } else {
      for (std::string_view key : kTemplateAnnotations) {
        if (path == kube::ChildPointer("/metadata/annotations", key) && value.is_string()) {
          value = ToCluster(value.get<std::string>());
        }
      }
    }
  }
}

std::string ClusterNames::FromCluster(std::string_view text) const {
  std::string out;
  size_t from = 0;
  while (true) {
    size_t at = text.find(marker_, from);
    if (at == std::string_view::npos) break;
    size_t end = at + marker_.size();
    bool whole = end == text.size() || !IsNameCharacter(text[end]);
    out.append(text.substr(from, at - from));
    if (!whole) out.append(marker_);
    from = end;
  }
  if (from == 0) return std::string(text);
  out.append(text.substr(from));
  return out;
}

void ClusterNames::FromCluster(kube::Json& value) const {
  if (value.is_string()) {
    const std::string& text = value.get_ref<const std::string&>();
    if (text.find(marker_) != std::string::npos) value = FromCluster(std::string_view(text));
  } else if (value.is_object() || value.is_array()) {
    for (auto& item : value) FromCluster(item);
  }
}

}  // namespace runner
