// Client: the abstract Kubernetes API the reference reconciler is written against (the seam
// where the in-process fake cluster, an HTTP client or a fault-injecting wrapper plug in).
// Objects are addressed by GroupVersionKind, namespace and name; cluster-scoped kinds take an
// empty namespace. Every call returns a Status shaped like the API server's answer.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kube/gvk.h"
#include "kube/object.h"
#include "kube/status.h"

namespace kube {

struct ListOptions {
  std::string namespace_name;  // empty: all namespaces (or a cluster-scoped kind)
  std::string label_selector;  // text form, see selector.h
  std::string field_selector;  // text form, see selector.h
  int64_t limit = 0;           // 0: no limit
  std::string continue_token;
  // "": the most recent state, consistently. "0": any state (a cache may answer). "N": a state
  // not older than N, or with resource_version_match "Exact" the state at N exactly.
  std::string resource_version;
  std::string resource_version_match;  // "", "NotOlderThan" or "Exact"
};

struct ObjectList {
  std::string resource_version;  // the list's metadata.resourceVersion
  std::string continue_token;    // non-empty when more items remain
  std::optional<int64_t> remaining_item_count;
  std::vector<Object> items;  // ordered by namespace, then name
};

enum class FieldValidation { kIgnore, kWarn, kStrict };

struct WriteOptions {
  std::string field_manager;  // for managedFields; defaults to the client's own name
  bool dry_run = false;
  FieldValidation field_validation = FieldValidation::kWarn;  // unknown fields: drop / 422
};

enum class PatchType { kJson, kMerge, kStrategicMerge, kApply };

// The Content-Type of each patch type, and back (nullopt for an unknown media type).
std::string_view PatchContentType(PatchType type);
std::optional<PatchType> PatchTypeFromContentType(std::string_view content_type);

struct PatchOptions {
  std::string field_manager;  // required for kApply
  bool force = false;         // kApply: take ownership of conflicting fields
  bool dry_run = false;
  FieldValidation field_validation = FieldValidation::kWarn;
};

enum class PropagationPolicy { kDefault, kBackground, kForeground, kOrphan };

// The wire names ("Background", ...; "" for kDefault), and back (nullopt for an unknown name,
// kDefault for ""). Likewise for field validation ("Ignore", "Warn", "Strict").
std::string_view PropagationPolicyName(PropagationPolicy policy);
std::optional<PropagationPolicy> PropagationPolicyFromName(std::string_view name);
std::string_view FieldValidationName(FieldValidation validation);
std::optional<FieldValidation> FieldValidationFromName(std::string_view name);

struct DeleteOptions {
  PropagationPolicy propagation = PropagationPolicy::kDefault;
  std::optional<std::string> precondition_uid;
  std::optional<std::string> precondition_resource_version;
  bool dry_run = false;
};

struct WatchOptions {
  std::string namespace_name;
  std::string label_selector;
  std::string field_selector;
  std::string resource_version;  // "" or "0": initial ADDED events first; "N": replay after N
  bool allow_bookmarks = false;
  bool send_initial_events = false;  // with resource_version "" / "0": end marker BOOKMARK
  std::optional<int64_t> timeout_seconds;
};

enum class WatchEventType { kAdded, kModified, kDeleted, kBookmark, kError };
std::string_view WatchEventTypeName(WatchEventType type);  // "ADDED", ...

struct WatchEvent {
  WatchEventType type;
  Object object;  // for kError, a metav1.Status object
};

// A stream of watch events. Poll never blocks: it returns the next event that has arrived, or
// nullopt. Once Closed() is true and Poll returns nullopt the stream is over.
class WatchStream {
 public:
  virtual ~WatchStream() = default;
  virtual std::optional<WatchEvent> Poll() = 0;
  virtual bool Closed() const = 0;
  virtual void Stop() = 0;
  // Asks the stream to call `callback` (from any thread, possibly with internal locks held, so
  // it must only signal) whenever an event arrives or the stream closes, so a caller can sleep
  // between Polls. Streams that cannot signal ignore it; callers then poll on a timer.
  virtual void SetEventCallback(std::function<void()> callback) { (void)callback; }
};

class Client {
 public:
  virtual ~Client() = default;

  virtual StatusOr<Object> Get(const GroupVersionKind& gvk, std::string_view namespace_name,
                               std::string_view name) = 0;
  virtual StatusOr<ObjectList> List(const GroupVersionKind& gvk, const ListOptions& options) = 0;
  // apiVersion and kind come from the object itself.
  virtual StatusOr<Object> Create(const Object& object, const WriteOptions& options) = 0;
  virtual StatusOr<Object> Update(const Object& object, const WriteOptions& options) = 0;
  virtual StatusOr<Object> UpdateStatus(const Object& object, const WriteOptions& options) = 0;
  virtual StatusOr<Object> Patch(const GroupVersionKind& gvk, std::string_view namespace_name,
                                 std::string_view name, PatchType type, std::string_view body,
                                 const PatchOptions& options) = 0;
  // Returns OK when the object is gone or marked for deletion (finalizers pending).
  virtual Status Delete(const GroupVersionKind& gvk, std::string_view namespace_name,
                        std::string_view name, const DeleteOptions& options) = 0;
  virtual StatusOr<std::unique_ptr<WatchStream>> Watch(const GroupVersionKind& gvk,
                                                       const WatchOptions& options) = 0;

  // Convenience overloads with default options.
  StatusOr<Object> Create(const Object& object) { return Create(object, WriteOptions{}); }
  StatusOr<Object> Update(const Object& object) { return Update(object, WriteOptions{}); }
  Status Delete(const GroupVersionKind& gvk, std::string_view ns, std::string_view name) {
    return Delete(gvk, ns, name, DeleteOptions{});
  }
};

}  // namespace kube
