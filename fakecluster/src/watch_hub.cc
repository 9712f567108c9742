// WatchHub implementation: history ring, selection and per-watcher delivery.
#include "watch_hub.h"

#include <algorithm>

namespace fakecluster {

kube::Object WatchHub::ObjectForWatcher(const WatcherSpec& spec, const kube::Json& object) {
  kube::Object out(object);
  out.json()["apiVersion"] = spec.api_version;
  return out;
}

bool WatchHub::Selects(const WatcherSpec& spec, const kube::Json& object) {
  kube::ObjectView view(object);
  if (!spec.namespace_name.empty() && view.Namespace() != spec.namespace_name) return false;
  if (!spec.fields.Empty() && !spec.fields.Matches(view)) return false;
  if (!spec.labels.Empty() && !spec.labels.Matches(view.Labels())) return false;
  return true;
}

void WatchHub::Deliver(Watcher& watcher, kube::WatchEventType type, const kube::Json& object,
                       const DeliveryFaults& faults) {
  std::lock_guard<std::mutex> lock(watcher.queue->mu);
  if (watcher.queue->closed) return;
  std::deque<kube::WatchEvent>& events = watcher.queue->events;
  kube::Object sent = ObjectForWatcher(watcher.spec, object);
  // The newest event still waiting for the client: held back, else queued.
  kube::WatchEvent* waiting = !watcher.held.empty() ? &watcher.held.back().event
                              : !events.empty()     ? &events.back()
                                                    : nullptr;
  // A MODIFIED behind a waiting ADDED or MODIFIED of the same object may take its place (the
  // waiting one keeps its type): the watcher sees the later state only.
  if (watcher.spec.faulted && type == kube::WatchEventType::kModified && waiting &&
      (waiting->type == kube::WatchEventType::kAdded ||
       waiting->type == kube::WatchEventType::kModified) &&
      waiting->object.Key() == sent.Key() && faults.coalesce && faults.coalesce()) {
    waiting->object = std::move(sent);
  } else {
    QueueOrHold(watcher, {type, std::move(sent)}, faults);
  }
  // A cut closes the stream after this event: at once, or once the held events are released.
  if (faults.cut && faults.cut()) {
    if (watcher.held.empty()) {
      watcher.queue->closed = true;
    } else {
      watcher.held.back().close_after = true;
    }
  }
  watcher.queue->NotifyLocked();
}

void WatchHub::QueueOrHold(Watcher& watcher, kube::WatchEvent event, const DeliveryFaults& faults) {
  kube::TimeMillis hold = watcher.spec.faulted && faults.delay ? faults.delay() : 0;
  if (hold == 0 && watcher.held.empty()) {
    watcher.queue->events.push_back(std::move(event));
    return;
  }
  // Never before an event held earlier: the stream keeps its order.
  kube::TimeMillis release_at = faults.now + hold;
  if (!watcher.held.empty()) release_at = std::max(release_at, watcher.held.back().release_at);
  watcher.held.push_back({release_at, std::move(event), false});
}

bool WatchHub::ReleaseLocked(Watcher& watcher, kube::TimeMillis now) {
  bool moved = false;
  while (!watcher.held.empty() && watcher.held.front().release_at <= now &&
         !watcher.queue->closed) {
    HeldEvent held = std::move(watcher.held.front());
    watcher.held.pop_front();
    watcher.queue->events.push_back(std::move(held.event));
    if (held.close_after) watcher.queue->closed = true;
    moved = true;
  }
  if (watcher.queue->closed) watcher.held.clear();  // a closed stream loses what was in flight
  if (moved) watcher.queue->NotifyLocked();
  return moved;
}

std::optional<kube::WatchEventType> WatchHub::Classify(const WatcherSpec& spec,
                                                       kube::WatchEventType type,
                                                       const kube::Json& current,
                                                       const kube::Json* previous) {
  bool now_selected = Selects(spec, current);
  if (type != kube::WatchEventType::kModified) {
    return now_selected ? std::optional(type) : std::nullopt;
  }
  bool was_selected = previous && Selects(spec, *previous);
  if (now_selected && was_selected) return kube::WatchEventType::kModified;
  if (now_selected) return kube::WatchEventType::kAdded;
  if (was_selected) return kube::WatchEventType::kDeleted;
  return std::nullopt;
}

void WatchHub::Replay(const WatcherSpec& spec, WatcherQueue& queue, uint64_t after_rv) const {
  for (const auto& event : history_) {
    if (event.resource_version <= after_rv || event.table != spec.table) continue;
    kube::Json current = DecodeObject(*event.object);
    std::optional<kube::Json> previous;
    if (event.previous) previous = DecodeObject(*event.previous);
    auto type = Classify(spec, event.type, current, previous ? &*previous : nullptr);
    if (type) queue.events.push_back({*type, ObjectForWatcher(spec, current)});
  }
}

void WatchHub::Record(HistoryEvent event, const DeliveryFaults& faults) {
  std::optional<kube::Json> current;
  std::optional<kube::Json> previous;
  for (auto& watcher : watchers_) {
    if (watcher.spec.table != event.table) continue;
    {
      std::lock_guard<std::mutex> lock(watcher.queue->mu);
      if (watcher.queue->closed) continue;
    }
    if (!current) current = DecodeObject(*event.object);
    if (!previous && event.previous && event.type == kube::WatchEventType::kModified) {
      previous = DecodeObject(*event.previous);
    }
    auto type = Classify(watcher.spec, event.type, *current, previous ? &*previous : nullptr);
    if (type) Deliver(watcher, *type, *current, faults);
  }
  std::erase_if(watchers_, [](const Watcher& w) {
    std::lock_guard<std::mutex> lock(w.queue->mu);
    return w.queue->stopped;
  });
  history_.push_back(std::move(event));
  while (history_.size() > capacity_) {
    compacted_ = history_.front().resource_version;
    history_.pop_front();
  }
}

std::shared_ptr<WatcherQueue> WatchHub::AddWatcher(WatcherSpec spec, kube::TimeMillis now,
                                                   std::deque<kube::WatchEvent> backlog,
                                                   const DeliveryFaults& faults) {
  auto queue = std::make_shared<WatcherQueue>();
  Watcher watcher{std::move(spec), queue, now, {}};
  for (kube::WatchEvent& event : backlog) QueueOrHold(watcher, std::move(event), faults);
  watchers_.push_back(std::move(watcher));
  return queue;
}

bool WatchHub::Tick(kube::TimeMillis now, kube::TimeMillis bookmark_interval, uint64_t current_rv) {
  bool did = false;
  for (auto& watcher : watchers_) {
    std::lock_guard<std::mutex> lock(watcher.queue->mu);
    if (watcher.queue->closed) continue;
    did |= ReleaseLocked(watcher, now);
    if (watcher.queue->closed) continue;
    if (watcher.spec.deadline && now >= *watcher.spec.deadline) {
      watcher.queue->closed = true;
      watcher.queue->NotifyLocked();
      did = true;
      continue;
    }
    // A bookmark must not overtake held events: the client would resume after them.
    if (watcher.spec.bookmarks && watcher.held.empty() &&
        now - watcher.last_bookmark >= bookmark_interval) {
      kube::Json bookmark = {{"apiVersion", watcher.spec.api_version},
                             {"kind", watcher.spec.kind},
                             {"metadata", {{"resourceVersion", std::to_string(current_rv)}}}};
      watcher.queue->events.push_back({kube::WatchEventType::kBookmark, kube::Object(bookmark)});
      watcher.last_bookmark = now;
      watcher.queue->NotifyLocked();
      did = true;
    }
  }
  std::erase_if(watchers_, [](const Watcher& w) {
    std::lock_guard<std::mutex> lock(w.queue->mu);
    return w.queue->stopped || w.queue->closed;
  });
  return did;
}

std::optional<kube::TimeMillis> WatchHub::NextWakeup(kube::TimeMillis bookmark_interval) const {
  std::optional<kube::TimeMillis> next;
  auto consider = [&next](kube::TimeMillis t) {
    if (!next || t < *next) next = t;
  };
  for (const auto& watcher : watchers_) {
    if (watcher.spec.deadline) consider(*watcher.spec.deadline);
    if (!watcher.held.empty()) consider(watcher.held.front().release_at);
  }
  // Bookmarks alone never keep a scheduler busy: they are sent when time passes anyway.
  (void)bookmark_interval;
  return next;
}

bool WatchHub::HasDueEvents(kube::TimeMillis now) const {
  return std::any_of(watchers_.begin(), watchers_.end(), [now](const Watcher& watcher) {
    return !watcher.held.empty() && watcher.held.front().release_at <= now;
  });
}

void WatchHub::CloseTable(size_t table) {
  for (auto& watcher : watchers_) {
    if (watcher.spec.table != table) continue;
    std::lock_guard<std::mutex> lock(watcher.queue->mu);
    watcher.queue->closed = true;
    watcher.queue->NotifyLocked();
  }
}

}  // namespace fakecluster
