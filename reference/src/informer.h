// Informer: a list+watch cache of one kind, as client-go's shared informer keeps it. Start()
// lists and opens a watch from the list's resourceVersion; Sync() drains the watch and reports
// each change; a closed stream or a 410 Expired makes it list again and report the difference
// (relist). Reads never block. The cache keeps each object MessagePack-encoded (a few hundred
// bytes instead of a several-KB JSON tree); Find decodes the one asked for. Not thread-safe.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "kube/client.h"

namespace reference {

enum class InformerChange { kUpsert, kDelete };

class Informer {
 public:
  using Handler = std::function<void(InformerChange, const kube::Object&)>;

  Informer(kube::Client& client, kube::GroupVersionKind gvk, Handler handler);

  // Lists and watches; reports every listed object as an upsert.
  kube::Status Start();
  // Processes everything that has arrived. Returns true if anything happened.
  bool Sync();
  bool Started() const { return stream_ != nullptr; }

  // The cached object of `key` ("<namespace>/<name>" or "<name>"), decoded.
  std::optional<kube::Object> Find(const std::string& key) const;
  // Every cached key, in order.
  std::vector<std::string> Keys() const;
  const kube::GroupVersionKind& Gvk() const { return gvk_; }

 private:
  kube::Status Relist();

  kube::Client& client_;
  kube::GroupVersionKind gvk_;
  Handler handler_;
  std::map<std::string, std::string> cache_;  // key -> MessagePack encoding
  std::unique_ptr<kube::WatchStream> stream_;
  std::string resource_version_;
};

}  // namespace reference
