// GroupVersionKind helpers and the KindRegistry (its built-in table is in builtin_kinds.cc).
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

void KindRegistry::Add(ResourceInfo info) {
  Remove(info.gvk);
  GroupVersionKind key = info.gvk;
  by_resource_[{key.group, info.plural, key.version}] = key;
  by_kind_[key] = std::move(info);
}

void KindRegistry::Remove(const GroupVersionKind& gvk) {
  auto it = by_kind_.find(gvk);
  if (it == by_kind_.end()) return;
  by_resource_.erase({gvk.group, it->second.plural, gvk.version});
  by_kind_.erase(it);
}

const ResourceInfo* KindRegistry::Find(const GroupVersionKind& gvk) const {
  auto it = by_kind_.find(gvk);
  return it == by_kind_.end() ? nullptr : &it->second;
}

const ResourceInfo* KindRegistry::FindByResource(const GroupVersionResource& gvr) const {
  auto it = by_resource_.find({gvr.group, gvr.resource, gvr.version});
  return it == by_resource_.end() ? nullptr : Find(it->second);
}

const ResourceInfo* KindRegistry::FindByGroupResource(std::string_view group,
                                                      std::string_view plural) const {
  // Keys sort by group, plural, then version: the first key at or after (group, plural, "") is
  // the lowest version of that resource, if it is served at all.
  auto it = by_resource_.lower_bound({std::string(group), std::string(plural), ""});
  if (it == by_resource_.end() || it->first.group != group || it->first.plural != plural) {
    return nullptr;
  }
  return Find(it->second);
}

std::vector<const ResourceInfo*> KindRegistry::All() const {
  std::vector<const ResourceInfo*> out;
  out.reserve(by_kind_.size());
  for (const auto& entry : by_kind_) out.push_back(&entry.second);
  return out;
}

}  // namespace kube
