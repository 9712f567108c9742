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

// Deliberate departures from client-go's behaviour (reference::Deviations), off by default.
struct InformerDeviations {
  bool watch_from_now_after_expired = false;
  bool no_rewatch_after_cut = false;
};

class Informer {
 public:
  using Handler = std::function<void(InformerChange, const kube::Object&)>;

  Informer(kube::Client& client, kube::GroupVersionKind gvk, Handler handler,
           InformerDeviations deviations = {});

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
  // A watch from resource_version_, with bookmarks.
  kube::StatusOr<std::unique_ptr<kube::WatchStream>> OpenWatch() const;
  // Deviation watch_from_now_after_expired: a watch from the server's current
  // resourceVersion, skipping whatever changed since the cache's.
  kube::Status WatchFromNow();

  kube::Client& client_;
  kube::GroupVersionKind gvk_;
  Handler handler_;
  InformerDeviations deviations_;
  std::map<std::string, std::string> cache_;  // key -> MessagePack encoding
  std::unique_ptr<kube::WatchStream> stream_;
  std::string resource_version_;
};

}  // namespace reference
