// WatchHub: the bounded event history and the live watchers of the fake cluster.
// Every committed write is recorded once (with the object before and after), kept for replay
// and consistent pagination until `capacity` newer events push it out, and fanned out to the
// watchers whose namespace and selectors match, turning selector enter/leave into ADDED/DELETED.
// Not thread-safe: the cluster's mutex guards it; each watcher's queue has its own lock so a
// stream can be polled from another thread.
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "kube/client.h"
#include "kube/clock.h"
#include "kube/selector.h"
#include "object_store.h"

namespace fakecluster {

struct HistoryEvent {
  uint64_t resource_version;
  kube::WatchEventType type;  // kAdded, kModified or kDeleted
  size_t table;
  std::string key;
  Blob object;    // state after the write (for kDeleted: the last state, at the deletion rv)
  Blob previous;  // state before the write (null for kAdded)
};

// The queue a stream reads; shared between the hub and the stream.
struct WatcherQueue {
  std::mutex mu;
  std::deque<kube::WatchEvent> events;
  bool closed = false;
  bool stopped = false;  // the client called Stop()
  // Called with `mu` held whenever an event is queued or the stream closes (may be empty).
  std::function<void()> on_activity;
  void NotifyLocked() const {
    if (on_activity) on_activity();
  }
};

struct WatcherSpec {
  size_t table = 0;
  std::string api_version;  // the version the client asked for (apiVersion of sent objects)
  std::string kind;
  std::string namespace_name;
  kube::LabelSelector labels;
  kube::FieldSelector fields;
  bool bookmarks = false;
  std::optional<kube::TimeMillis> deadline;
  bool faulted = false;  // opened by the actor faults apply to (events may be coalesced)
};

// Fault decisions taken while an event is fanned out, each asked once per delivery.
struct DeliveryFaults {
  kube::TimeMillis now = 0;        // the virtual time of the write
  std::function<bool()> cut;       // close the stream after this event
  std::function<bool()> coalesce;  // (faulted watchers only) replace a waiting event of the
                                   // same object instead of queueing behind it
  // (faulted watchers only) hold the event back for this many virtual milliseconds (0: not at
  // all); later events of the stream wait behind it, so the order is kept.
  std::function<kube::TimeMillis()> delay;
};

class WatchHub {
 public:
  explicit WatchHub(size_t capacity) : capacity_(capacity) {}

  // Appends to the history and fans out, with the fault decisions of `faults`.
  void Record(HistoryEvent event, const DeliveryFaults& faults);

  // True if every event after `resource_version` is still in the history.
  bool Covers(uint64_t resource_version) const { return resource_version >= compacted_; }
  const std::deque<HistoryEvent>& History() const { return history_; }

  // A new watcher whose stream starts with `backlog` (the initial state or the replayed
  // history); only the delay of `faults` applies to the backlog.
  std::shared_ptr<WatcherQueue> AddWatcher(WatcherSpec spec, kube::TimeMillis now,
                                           std::deque<kube::WatchEvent> backlog = {},
                                           const DeliveryFaults& faults = {});
  // Whether an object (decoded) passes a watcher's namespace and selectors.
  static bool Selects(const WatcherSpec& spec, const kube::Json& object);
  // What a watcher sees of one history event: its type after selector enter/leave, or nothing.
  static std::optional<kube::WatchEventType> Classify(const WatcherSpec& spec,
                                                      kube::WatchEventType type,
                                                      const kube::Json& current,
                                                      const kube::Json* previous);
  // Queues, for a new watcher, every retained event of its table after `after_rv`.
  void Replay(const WatcherSpec& spec, WatcherQueue& queue, uint64_t after_rv) const;
  // Releases held (delayed) events that are due, sends BOOKMARK events that are due and closes
  // streams past their deadline. Returns true when it did anything.
  bool Tick(kube::TimeMillis now, kube::TimeMillis bookmark_interval, uint64_t current_rv);
  std::optional<kube::TimeMillis> NextWakeup(kube::TimeMillis bookmark_interval) const;
  // Whether a held event is due at `now` (Tick would release it).
  bool HasDueEvents(kube::TimeMillis now) const;
  // Closes every watcher of `table` (its kind went away).
  void CloseTable(size_t table);

  // Builds the object a watcher receives: the stored object with apiVersion rewritten.
  static kube::Object ObjectForWatcher(const WatcherSpec& spec, const kube::Json& object);

 private:
  // An event delayed by DeliveryFaults::delay, not yet in the stream's queue.
  struct HeldEvent {
    kube::TimeMillis release_at;
    kube::WatchEvent event;
    bool close_after;  // a cut drawn for it: the stream closes once it is released
  };
  struct Watcher {
    WatcherSpec spec;
    std::shared_ptr<WatcherQueue> queue;
    kube::TimeMillis last_bookmark = 0;
    std::deque<HeldEvent> held;  // in release order
  };
  // Queues `event` for the stream, or holds it back when the delay of `faults` draws one or
  // an earlier event is still held.
  static void QueueOrHold(Watcher& watcher, kube::WatchEvent event, const DeliveryFaults& faults);
  // Moves the held events due at `now` into the queue (`mu` held). True if it moved any.
  static bool ReleaseLocked(Watcher& watcher, kube::TimeMillis now);
  void Deliver(Watcher& watcher, kube::WatchEventType type, const kube::Json& object,
               const DeliveryFaults& faults);

  size_t capacity_;
  uint64_t compacted_ = 0;  // every event with a larger resourceVersion is retained
  std::deque<HistoryEvent> history_;
  std::vector<Watcher> watchers_;
};

}  // namespace fakecluster
