// RenamingClient: renaming on the way in, renaming back on the way out.
#include "renaming_client.h"

namespace runner {

RenamingClient::RenamingClient(kube::Client& cluster, const ClusterNames& names,
                               NamespacedFn namespaced)
    : cluster_(cluster), names_(names), namespaced_(std::move(namespaced)) {}

bool RenamingClient::Namespaced(const kube::GroupVersionKind& gvk) const {
  if (gvk.kind == "Namespace" && gvk.group.empty()) return false;
  return namespaced_(gvk).value_or(true);
}

std::string RenamingClient::ClusterName(const kube::GroupVersionKind& gvk,
                                        std::string_view name) const {
  if (Namespaced(gvk) || gvk.kind == "CustomResourceDefinition") return std::string(name);
  return names_.ToCluster(name);
}

kube::Object RenamingClient::ToCluster(const kube::Object& object) const {
  kube::Object out = object;
  bool namespaced = Namespaced(object.Gvk());
  // A namespaced object without a namespace goes where a client would put it: "default".
  if (namespaced && object.Namespace().empty()) out.SetNamespace("default");
  if (object.Kind() == "Namespace" && object.Gvk().group.empty()) namespaced = false;
  names_.ObjectToCluster(out.json(), namespaced);
  return out;
}

kube::Status RenamingClient::FromCluster(const kube::Status& status) const {
  if (status.ok()) return status;
  kube::StatusDetails details = status.details();
  details.name = names_.FromCluster(details.name);
  for (auto& cause : details.causes) cause.message = names_.FromCluster(cause.message);
  return kube::Status(status.reason(), names_.FromCluster(status.message()), details);
}

kube::StatusOr<kube::Object> RenamingClient::FromCluster(
    kube::StatusOr<kube::Object> answer) const {
  if (!answer.ok()) return FromCluster(answer.status());
  names_.FromCluster(answer->json());
  return answer;
}

void RenamingClient::RememberCreated(const kube::StatusOr<kube::Object>& answer) {
  if (!answer.ok() || Namespaced(answer->Gvk())) return;
  std::lock_guard lock(mutex_);
  created_.push_back({answer->Gvk(), answer->Name()});
}

void RenamingClient::RememberFinalizers(const kube::GroupVersionKind& gvk,
                                        std::string_view namespace_name, std::string_view name,
                                        const kube::Json& object) {
  if (!object.is_object() || !object.contains("metadata")) return;
  const kube::Json& finalizers = object["metadata"].value("finalizers", kube::Json::array());
  if (!finalizers.is_array() || finalizers.empty()) return;
  Finalized entry{gvk, std::string(namespace_name), std::string(name), {}};
  for (const auto& finalizer : finalizers) {
    if (finalizer.is_string()) entry.finalizers.push_back(finalizer.get<std::string>());
  }
  std::lock_guard lock(mutex_);
  finalized_.push_back(std::move(entry));
}

std::vector<RenamingClient::Finalized> RenamingClient::FinalizedByScenario() const {
  std::lock_guard lock(mutex_);
  return finalized_;
}

kube::StatusOr<kube::Object> RenamingClient::Get(const kube::GroupVersionKind& gvk,
                                                 std::string_view namespace_name,
                                                 std::string_view name) {
  return FromCluster(cluster_.Get(gvk, names_.ToCluster(namespace_name), ClusterName(gvk, name)));
}

kube::StatusOr<kube::ObjectList> RenamingClient::List(const kube::GroupVersionKind& gvk,
                                                      const kube::ListOptions& options) {
  kube::ListOptions renamed = options;
  renamed.namespace_name = names_.ToCluster(options.namespace_name);
  auto list = cluster_.List(gvk, renamed);
  if (!list.ok()) return FromCluster(list.status());
  const bool namespaced = Namespaced(gvk);
  std::vector<kube::Object> ours;
  for (kube::Object& item : list->items) {
    // Across namespaces, or in cluster scope, only the scenario's own objects.
    if (namespaced ? !names_.IsOurs(item.Namespace())
                   : gvk.kind != "CustomResourceDefinition" && !names_.IsOurs(item.Name())) {
      continue;
    }
    names_.FromCluster(item.json());
    ours.push_back(std::move(item));
  }
  list->items = std::move(ours);
  return list;
}

kube::StatusOr<kube::Object> RenamingClient::Create(const kube::Object& object,
                                                    const kube::WriteOptions& options) {
  kube::Object renamed = ToCluster(object);
  auto created = cluster_.Create(renamed, options);
  RememberCreated(created);
  if (created.ok()) {
    RememberFinalizers(created->Gvk(), created->Namespace(), created->Name(), renamed.json());
  }
  return FromCluster(std::move(created));
}

kube::StatusOr<kube::Object> RenamingClient::Update(const kube::Object& object,
                                                    const kube::WriteOptions& options) {
  kube::Object renamed = ToCluster(object);
  RememberFinalizers(renamed.Gvk(), renamed.Namespace(), renamed.Name(), renamed.json());
  return FromCluster(cluster_.Update(renamed, options));
}

kube::StatusOr<kube::Object> RenamingClient::UpdateStatus(const kube::Object& object,
                                                          const kube::WriteOptions& options) {
  return FromCluster(cluster_.UpdateStatus(ToCluster(object), options));
}

kube::StatusOr<kube::Object> RenamingClient::Patch(const kube::GroupVersionKind& gvk,
                                                   std::string_view namespace_name,
                                                   std::string_view name, kube::PatchType type,
                                                   std::string_view body,
                                                   const kube::PatchOptions& options) {
  std::string renamed_body(body);
  kube::Json parsed = kube::Json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (!parsed.is_discarded()) {
    names_.PatchToCluster(parsed, type);
    renamed_body = parsed.dump();
  }
  const std::string cluster_namespace = names_.ToCluster(namespace_name);
  const std::string cluster_name = ClusterName(gvk, name);
  auto patched = cluster_.Patch(gvk, cluster_namespace, cluster_name, type, renamed_body, options);
  // Whatever the patch kind, the finalizers the object now has after the scenario's patch are
  // the scenario's to remove.
  if (patched.ok()) RememberFinalizers(gvk, cluster_namespace, cluster_name, patched->json());
  return FromCluster(std::move(patched));
}

kube::Status RenamingClient::Delete(const kube::GroupVersionKind& gvk,
                                    std::string_view namespace_name, std::string_view name,
                                    const kube::DeleteOptions& options) {
  return FromCluster(
      cluster_.Delete(gvk, names_.ToCluster(namespace_name), ClusterName(gvk, name), options));
}

kube::StatusOr<std::unique_ptr<kube::WatchStream>> RenamingClient::Watch(
    const kube::GroupVersionKind&, const kube::WatchOptions&) {
  return kube::Status(kube::StatusReason::kMethodNotAllowed,
                      "watch is not offered to scenario steps on a shared cluster");
}

std::vector<RenamingClient::Created> RenamingClient::CreatedInClusterScope() const {
  std::lock_guard lock(mutex_);
  return created_;
}

}  // namespace runner
