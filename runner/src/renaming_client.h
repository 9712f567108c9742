// RenamingClient: a kube::Client in front of a shared cluster that gives one scenario names of
// its own (ClusterNames): requests are renamed on the way in, answers renamed back, lists keep
// only the scenario's objects, and what the scenario creates in cluster scope (its namespaces,
// its templates) is remembered for the clean-up.
#pragma once

#include <functional>
#include <mutex>
#include <string>
#include <vector>

#include "kube/client.h"
#include "runner/cluster_names.h"

namespace runner {

class RenamingClient : public kube::Client {
 public:
  // `namespaced` tells whether a kind is namespaced (nullopt: unknown to the cluster).
  using NamespacedFn = std::function<std::optional<bool>(const kube::GroupVersionKind&)>;

  RenamingClient(kube::Client& cluster, const ClusterNames& names, NamespacedFn namespaced);

  kube::StatusOr<kube::Object> Get(const kube::GroupVersionKind& gvk,
                                   std::string_view namespace_name, std::string_view name) override;
  kube::StatusOr<kube::ObjectList> List(const kube::GroupVersionKind& gvk,
                                        const kube::ListOptions& options) override;
  kube::StatusOr<kube::Object> Create(const kube::Object& object,
                                      const kube::WriteOptions& options) override;
  kube::StatusOr<kube::Object> Update(const kube::Object& object,
                                      const kube::WriteOptions& options) override;
  kube::StatusOr<kube::Object> UpdateStatus(const kube::Object& object,
                                            const kube::WriteOptions& options) override;
  kube::StatusOr<kube::Object> Patch(const kube::GroupVersionKind& gvk,
                                     std::string_view namespace_name, std::string_view name,
                                     kube::PatchType type, std::string_view body,
                                     const kube::PatchOptions& options) override;
  kube::Status Delete(const kube::GroupVersionKind& gvk, std::string_view namespace_name,
                      std::string_view name, const kube::DeleteOptions& options) override;
  // Watches are not renamed (the scenario runner does not watch): unimplemented.
  kube::StatusOr<std::unique_ptr<kube::WatchStream>> Watch(
      const kube::GroupVersionKind& gvk, const kube::WatchOptions& options) override;
  using Client::Create;
  using Client::Delete;
  using Client::Update;

  // One cluster-scoped object the scenario created (names as on the cluster).
  struct Created {
    kube::GroupVersionKind gvk;
    std::string name;
  };
  // What the scenario created in cluster scope, oldest first.
  std::vector<Created> CreatedInClusterScope() const;

  // An object the scenario gave finalizers, which nobody else will remove (names as on the
  // cluster): the clean-up removes them, or the namespace would never go.
  struct Finalized {
    kube::GroupVersionKind gvk;
    std::string namespace_name;
    std::string name;
    std::vector<std::string> finalizers;
  };
  std::vector<Finalized> FinalizedByScenario() const;

 private:
  bool Namespaced(const kube::GroupVersionKind& gvk) const;
  std::string ClusterName(const kube::GroupVersionKind& gvk, std::string_view name) const;
  kube::Object ToCluster(const kube::Object& object) const;
  kube::Status FromCluster(const kube::Status& status) const;
  kube::StatusOr<kube::Object> FromCluster(kube::StatusOr<kube::Object> answer) const;
  void RememberCreated(const kube::StatusOr<kube::Object>& answer);
  // Notes the finalizers a written object (or patch body) carries.
  void RememberFinalizers(const kube::GroupVersionKind& gvk, std::string_view namespace_name,
                          std::string_view name, const kube::Json& object);

  kube::Client& cluster_;
  const ClusterNames& names_;
  NamespacedFn namespaced_;
  mutable std::mutex mutex_;
  std::vector<Created> created_;
  std::vector<Finalized> finalized_;
};

}  // namespace runner
