// GroupVersionKind helpers and the built-in kind table.
#include "kube/gvk.h"

namespace kube {

std::string GroupVersionKind::ApiVersion() const {
  return group.empty() ? version : group + "/" + version;
}

GroupVersionKind GroupVersionKind::FromApiVersion(std::string_view api_version,
                                                  std::string_view kind) {
  auto slash = api_version.find('/');
  if (slash == std::string_view::npos) return {"", std::string(api_version), std::string(kind)};
  return {std::string(api_version.substr(0, slash)), std::string(api_version.substr(slash + 1)),
          std::string(kind)};
}

std::string GroupVersionKind::QualifiedKind() const {
  return group.empty() ? kind : kind + "." + group;
}

std::string GroupVersionResource::QualifiedResource() const {
  return group.empty() ? resource : resource + "." + group;
}

KindRegistry KindRegistry::WithBuiltIns() {
  KindRegistry registry;
  auto add = [&registry](std::string group, std::string version, std::string kind,
                         std::string plural, std::vector<std::string> short_names, bool namespaced,
                         bool has_status, bool spec_bumps_generation) {
    ResourceInfo info;
    info.gvk = {std::move(group), std::move(version), kind};
    info.plural = std::move(plural);
    for (char c : kind) info.singular += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    info.short_names = std::move(short_names);
    info.namespaced = namespaced;
    info.has_status = has_status;
    info.built_in = true;
    info.spec_bumps_generation = spec_bumps_generation;
    registry.Add(std::move(info));
  };
  add("", "v1", "Namespace", "namespaces", {"ns"}, false, true, false);
  add("", "v1", "ConfigMap", "configmaps", {"cm"}, true, false, false);
  add("", "v1", "Secret", "secrets", {}, true, false, false);
  add("", "v1", "Event", "events", {"ev"}, true, false, false);
  add("", "v1", "PersistentVolumeClaim", "persistentvolumeclaims", {"pvc"}, true, true, false);
  add("", "v1", "ReplicationController", "replicationcontrollers", {"rc"}, true, true, true);
  add("apps", "v1", "Deployment", "deployments", {"deploy"}, true, true, true);
  add("apps", "v1", "StatefulSet", "statefulsets", {"sts"}, true, true, true);
  add("apps", "v1", "DaemonSet", "daemonsets", {"ds"}, true, true, true);
  add("apps", "v1", "ReplicaSet", "replicasets", {"rs"}, true, true, true);
  add("apiextensions.k8s.io", "v1", "CustomResourceDefinition", "customresourcedefinitions",
      {"crd", "crds"}, false, true, true);
  return registry;
}

void KindRegistry::Add(ResourceInfo info) {
  GroupVersionKind key = info.gvk;
  by_kind_[key] = std::move(info);
}

void KindRegistry::Remove(const GroupVersionKind& gvk) { by_kind_.erase(gvk); }

const ResourceInfo* KindRegistry::Find(const GroupVersionKind& gvk) const {
  auto it = by_kind_.find(gvk);
  return it == by_kind_.end() ? nullptr : &it->second;
}

const ResourceInfo* KindRegistry::FindByResource(const GroupVersionResource& gvr) const {
  for (const auto& [gvk, info] : by_kind_) {
    if (gvk.group == gvr.group && gvk.version == gvr.version && info.plural == gvr.resource) {
      return &info;
    }
  }
  return nullptr;
}

const ResourceInfo* KindRegistry::FindByGroupResource(std::string_view group,
                                                      std::string_view plural) const {
  for (const auto& [gvk, info] : by_kind_) {
    if (gvk.group == group && info.plural == plural) return &info;
  }
  return nullptr;
}

std::vector<const ResourceInfo*> KindRegistry::All() const {
  std::vector<const ResourceInfo*> out;
  out.reserve(by_kind_.size());
  for (const auto& entry : by_kind_) out.push_back(&entry.second);
  return out;
}

}  // namespace kube
