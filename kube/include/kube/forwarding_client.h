// ForwardingClient: a kube::Client that passes every verb to another Client unchanged. A client
// that changes or observes only some verbs derives from it and overrides just those, calling
// ForwardingClient's version to reach the inner client.
#pragma once

#include <memory>
#include <string_view>

#include "kube/client.h"

namespace kube {

class ForwardingClient : public Client {
 public:
  // `inner` must outlive this client.
  explicit ForwardingClient(Client& inner) : inner_(&inner) {}

  StatusOr<Object> Get(const GroupVersionKind& gvk, std::string_view namespace_name,
                       std::string_view name) override;
  StatusOr<ObjectList> List(const GroupVersionKind& gvk, const ListOptions& options) override;
  StatusOr<Object> Create(const Object& object, const WriteOptions& options) override;
  StatusOr<Object> Update(const Object& object, const WriteOptions& options) override;
  StatusOr<Object> UpdateStatus(const Object& object, const WriteOptions& options) override;
  StatusOr<Object> Patch(const GroupVersionKind& gvk, std::string_view namespace_name,
                         std::string_view name, PatchType type, std::string_view body,
                         const PatchOptions& options) override;
  Status Delete(const GroupVersionKind& gvk, std::string_view namespace_name, std::string_view name,
                const DeleteOptions& options) override;
  StatusOr<std::unique_ptr<WatchStream>> Watch(const GroupVersionKind& gvk,
                                               const WatchOptions& options) override;
  using Client::Create;
  using Client::Delete;
  using Client::Update;

 protected:
  // For a client that builds its inner client itself: it calls SetInner in its constructor.
  ForwardingClient() = default;
  void SetInner(Client& inner) { inner_ = &inner; }
  Client& inner() { return *inner_; }

 private:
  Client* inner_ = nullptr;
};

}  // namespace kube
