// ForwardingClient: every verb passed on unchanged.
#include "kube/forwarding_client.h"

namespace kube {

StatusOr<Object> ForwardingClient::Get(const GroupVersionKind& gvk, std::string_view namespace_name,
                                       std::string_view name) {
  return inner_->Get(gvk, namespace_name, name);
}

StatusOr<ObjectList> ForwardingClient::List(const GroupVersionKind& gvk,
                                            const ListOptions& options) {
  return inner_->List(gvk, options);
}

StatusOr<Object> ForwardingClient::Create(const Object& object, const WriteOptions& options) {
  return inner_->Create(object, options);
}

StatusOr<Object> ForwardingClient::Update(const Object& object, const WriteOptions& options) {
  return inner_->Update(object, options);
}

StatusOr<Object> ForwardingClient::UpdateStatus(const Object& object, const WriteOptions& options) {
  return inner_->UpdateStatus(object, options);
}

StatusOr<Object> ForwardingClient::Patch(const GroupVersionKind& gvk,
                                         std::string_view namespace_name, std::string_view name,
                                         PatchType type, std::string_view body,
                                         const PatchOptions& options) {
  return inner_->Patch(gvk, namespace_name, name, type, body, options);
}

Status ForwardingClient::Delete(const GroupVersionKind& gvk, std::string_view namespace_name,
                                std::string_view name, const DeleteOptions& options) {
  return inner_->Delete(gvk, namespace_name, name, options);
}

StatusOr<std::unique_ptr<WatchStream>> ForwardingClient::Watch(const GroupVersionKind& gvk,
                                                               const WatchOptions& options) {
  return inner_->Watch(gvk, options);
}

}  // namespace kube
