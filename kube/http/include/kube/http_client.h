// HttpClient: kube::Client over the Kubernetes REST protocol, for any API server (the fake
// behind `stashsim serve`, or a real cluster), configured from a kubeconfig. Kinds are mapped
// to resource paths through the server's discovery documents (fetched on first use and again
// when a kind is missing, so CRDs created later are found). Watch streams are read by a
// background thread per stream, so WatchStream::Poll never blocks.
//
// Thread-safety: calls may come from several threads; requests on one client are serialised.
#pragma once

#include <memory>
#include <string>

#include "kube/client.h"
#include "kube/kubeconfig.h"

namespace kube {

struct HttpClientOptions {
  std::string user_agent = "stashsim";  // the server's default field manager comes from it
  int connect_timeout_seconds = 5;
  int request_timeout_seconds = 30;
};

class HttpClient : public Client {
 public:
  HttpClient(Kubeconfig config, HttpClientOptions options = {});
  ~HttpClient() override;

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

  // The kinds the server serves (from discovery; refreshed by this call).
  StatusOr<KindRegistry> DiscoverKinds();

  class Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace kube
