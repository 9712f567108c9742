// Informer implementation.
#include "informer.h"

#include <set>

#include "kube/msgpack.h"

namespace reference {
namespace {

std::string Encode(const kube::Object& object) { return kube::EncodeMessagePack(object.json()); }

kube::Object Decode(const std::string& bytes) {
  // Encoded by Encode only, so decoding cannot fail.
  return kube::Object(kube::DecodeMessagePack(bytes));
}

}  // namespace

Informer::Informer(kube::Client& client, kube::GroupVersionKind gvk, Handler handler,
                   InformerDeviations deviations)
    : client_(client),
      gvk_(std::move(gvk)),
      handler_(std::move(handler)),
      deviations_(deviations) {}

kube::Status Informer::Start() { return Relist(); }

kube::Status Informer::Relist() {
  if (stream_) stream_->Stop();
  stream_.reset();
  // As client-go's reflector: resourceVersion "0" lets the server answer from its cache, which
  // may lag; the watch from the list's resourceVersion then brings the cache up to date.
  kube::ListOptions options_any;
  options_any.resource_version = "0";
  KUBE_ASSIGN_OR_RETURN(kube::ObjectList list, client_.List(gvk_, options_any));
  std::map<std::string, const kube::Object*> fresh;
  for (const auto& item : list.items) fresh.emplace(item.Key(), &item);
  std::map<std::string, std::string> old = std::move(cache_);
  cache_.clear();
  for (const auto& [key, object] : fresh) cache_.emplace(key, Encode(*object));
  for (const auto& [key, bytes] : old) {
    if (!cache_.count(key)) handler_(InformerChange::kDelete, Decode(bytes));
  }
  for (const auto& [key, object] : fresh) handler_(InformerChange::kUpsert, *object);
  resource_version_ = list.resource_version;
  KUBE_ASSIGN_OR_RETURN(stream_, OpenWatch());
  return kube::Status::Ok();
}

kube::StatusOr<std::unique_ptr<kube::WatchStream>> Informer::OpenWatch() const {
  kube::WatchOptions options;
  options.resource_version = resource_version_;
  options.allow_bookmarks = true;
  return client_.Watch(gvk_, options);
}

kube::Status Informer::WatchFromNow() {
  kube::ListOptions one;
  one.limit = 1;
  KUBE_ASSIGN_OR_RETURN(kube::ObjectList list, client_.List(gvk_, one));
  resource_version_ = list.resource_version;
  KUBE_ASSIGN_OR_RETURN(stream_, OpenWatch());
  return kube::Status::Ok();
}

bool Informer::Sync() {
  if (!stream_) {
    (void)Relist();  // a failed relist is tried again at the next Sync
    return true;
  }
  bool did = false;
  while (auto event = stream_->Poll()) {
    did = true;
    const kube::Object& object = event->object;
    switch (event->type) {
      case kube::WatchEventType::kAdded:
      case kube::WatchEventType::kModified:
        resource_version_ = object.ResourceVersion();
        cache_[object.Key()] = Encode(object);
        handler_(InformerChange::kUpsert, object);
        break;
      case kube::WatchEventType::kDeleted:
        resource_version_ = object.ResourceVersion();
        cache_.erase(object.Key());
        handler_(InformerChange::kDelete, object);
        break;
      case kube::WatchEventType::kBookmark:
        resource_version_ = object.ResourceVersion();
        break;
      case kube::WatchEventType::kError:
        if (deviations_.watch_from_now_after_expired) {
          stream_->Stop();
          if (!WatchFromNow().ok()) stream_.reset();
          return true;
        }
        (void)Relist();  // 410 Expired and any other error: start again from a list
        return true;
    }
  }
  if (stream_->Closed() && !deviations_.no_rewatch_after_cut) {
    // Re-watch from where we are; a 410 then arrives as an ERROR event and forces a relist.
    auto stream = OpenWatch();
    if (stream.ok()) {
      stream_ = std::move(stream).value();
    } else {
      (void)Relist();
    }
    did = true;
  }
  return did;
}

std::optional<kube::Object> Informer::Find(const std::string& key) const {
  auto it = cache_.find(key);
  if (it == cache_.end()) return std::nullopt;
  return Decode(it->second);
}

std::vector<std::string> Informer::Keys() const {
  std::vector<std::string> keys;
  keys.reserve(cache_.size());
  for (const auto& [key, bytes] : cache_) keys.push_back(key);
  return keys;
}

}  // namespace reference
