// GroupVersionKind, GroupVersionResource and the mapping between kinds and resources
// (plural, singular, short names, scope, status subresource), like client-go's RESTMapper.
// KindRegistry starts with the built-in kinds the project serves; more are added at run time
// (the fake cluster adds one per CustomResourceDefinition). Not thread-safe for writes.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kube {

struct GroupVersionKind {
  std::string group;    // "" for the core group
  std::string version;  // "v1", "v1beta1", ...
  std::string kind;     // "Deployment"

  // "apps/v1", or "v1" for the core group.
  std::string ApiVersion() const;
  // Splits an apiVersion ("apps/v1", "v1") and pairs it with `kind`.
  static GroupVersionKind FromApiVersion(std::string_view api_version, std::string_view kind);
  // "Deployment.apps", or "ConfigMap" for the core group: how error messages name a kind.
  std::string QualifiedKind() const;

  auto operator<=>(const GroupVersionKind&) const = default;
};

struct GroupVersionResource {
  std::string group;
  std::string version;
  std::string resource;  // plural, lower case: "deployments"

  // "deployments.apps", or "configmaps" for the core group.
  std::string QualifiedResource() const;
  auto operator<=>(const GroupVersionResource&) const = default;
};

// Everything a client or server needs to know about one served kind.
struct ResourceInfo {
  GroupVersionKind gvk;
  std::string plural;
  std::string singular;
  std::vector<std::string> short_names;
  bool namespaced = true;
  bool has_status = false;  // has a /status subresource
  bool built_in = true;     // false for kinds served through a CustomResourceDefinition
  // For built-in kinds: whether a spec change bumps metadata.generation.
  bool spec_bumps_generation = false;
  // Discovery categories ("all" for the kinds `kubectl get all` lists, "api-extensions").
  std::vector<std::string> categories;

  GroupVersionResource Gvr() const { return {gvk.group, gvk.version, plural}; }
  std::string QualifiedResource() const { return Gvr().QualifiedResource(); }
};

class KindRegistry {
 public:
  // A registry holding the built-in kinds: the standard object kinds of Kubernetes 1.30 (every
  // core/v1 kind that stores objects, apps, batch, autoscaling v1 and v2, networking, policy,
  // rbac, storage, ...) and CustomResourceDefinition; the table is in builtin_kinds.cc.
  static KindRegistry WithBuiltIns();

  // Adds or replaces the entry for info.gvk.
  void Add(ResourceInfo info);
  // Removes the entry for gvk (no-op when absent).
  void Remove(const GroupVersionKind& gvk);

  const ResourceInfo* Find(const GroupVersionKind& gvk) const;
  const ResourceInfo* FindByResource(const GroupVersionResource& gvr) const;
  // Finds by group and plural, ignoring the version.
  const ResourceInfo* FindByGroupResource(std::string_view group, std::string_view plural) const;
  std::vector<const ResourceInfo*> All() const;

 private:
  // (group, plural, version): a key of by_resource_, ordered so one resource's versions are
  // adjacent.
  struct ResourceKey {
    std::string group;
    std::string plural;
    std::string version;
    auto operator<=>(const ResourceKey&) const = default;
  };

  std::map<GroupVersionKind, ResourceInfo> by_kind_;
  std::map<ResourceKey, GroupVersionKind> by_resource_;
};

}  // namespace kube
