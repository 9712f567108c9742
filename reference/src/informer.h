// Informer: a list+watch cache of one kind, as client-go's shared informer keeps it. Start()
// lists and opens a watch from the list's resourceVersion; Sync() drains the watch and reports
// each change; a closed stream or a 410 Expired makes it list again and report the difference
// (relist). Reads never block. Not thread-safe.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>

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

  const kube::Object* Find(const std::string& key) const;
  const std::map<std::string, kube::Object>& Cache() const { return cache_; }
  const kube::GroupVersionKind& Gvk() const { return gvk_; }

 private:
  kube::Status Relist();

  kube::Client& client_;
  kube::GroupVersionKind gvk_;
  Handler handler_;
  std::map<std::string, kube::Object> cache_;
  std::unique_ptr<kube::WatchStream> stream_;
  std::string resource_version_;
};

}  // namespace reference
