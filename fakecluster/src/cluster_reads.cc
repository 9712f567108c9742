// Get, list (selectors, pagination, snapshots at older resourceVersions) and watch.
#include <algorithm>
#include <map>
#include <optional>
#include <vector>

#include <fmt/format.h>

#include "cluster_impl.h"
#include "continue_token.h"
#include "kube/selector.h"

namespace fakecluster {
namespace {

class InProcessWatchStream : public kube::WatchStream {
 public:
  explicit InProcessWatchStream(std::shared_ptr<WatcherQueue> queue) : queue_(std::move(queue)) {}
  ~InProcessWatchStream() override { Stop(); }

  std::optional<kube::WatchEvent> Poll() override {
    std::lock_guard<std::mutex> lock(queue_->mu);
    if (queue_->events.empty()) return std::nullopt;
    kube::WatchEvent event = std::move(queue_->events.front());
    queue_->events.pop_front();
    return event;
  }
  bool Closed() const override {
    std::lock_guard<std::mutex> lock(queue_->mu);
    return queue_->closed;
  }
  void Stop() override {
    std::lock_guard<std::mutex> lock(queue_->mu);
    queue_->closed = true;
    queue_->stopped = true;
    queue_->on_activity = nullptr;
  }
  void SetEventCallback(std::function<void()> callback) override {
    std::lock_guard<std::mutex> lock(queue_->mu);
    queue_->on_activity = std::move(callback);
  }

 private:
  std::shared_ptr<WatcherQueue> queue_;
};

kube::StatusOr<uint64_t> ParseResourceVersion(std::string_view text) {
  uint64_t value = 0;
  if (text.empty()) return kube::BadRequestError("invalid resource version \"\"");
  for (char c : text) {
    if (c < '0' || c > '9' || value > (UINT64_MAX - 9) / 10) {
      return kube::BadRequestError(fmt::format("invalid resource version \"{}\"", text));
    }
    value = value * 10 + static_cast<uint64_t>(c - '0');
  }
  return value;
}

// What state a list asks for (ListOptions::resource_version and resource_version_match), as
// kube-apiserver validates and reads them.
struct ListReadAt {
  bool cache_allowed = false;     // "0" or "N" not-older-than: a cache may answer
  bool exact = false;             // "N" with Exact: the state at N
  uint64_t resource_version = 0;  // N
};

kube::StatusOr<ListReadAt> ReadAtOf(const kube::ListOptions& options, uint64_t current) {
  const std::string& rv = options.resource_version;
  const std::string& match = options.resource_version_match;
  std::vector<kube::StatusCause> causes;
  if (!match.empty()) {
    if (rv.empty()) {
      causes.push_back({"FieldValueForbidden",
                        "Forbidden: resourceVersionMatch is forbidden unless resourceVersion is "
                        "provided",
                        "resourceVersionMatch"});
    }
    if (!options.continue_token.empty()) {
      causes.push_back({"FieldValueForbidden",
                        "Forbidden: resourceVersionMatch is forbidden when continue is provided",
                        "resourceVersionMatch"});
    }
    if (match != "Exact" && match != "NotOlderThan") {
      causes.push_back({"FieldValueNotSupported",
                        fmt::format("Unsupported value: \"{}\": supported values: \"Exact\", "
                                    "\"NotOlderThan\", \"\"",
                                    match),
                        "resourceVersionMatch"});
    }
    if (match == "Exact" && rv == "0") {
      causes.push_back({"FieldValueForbidden",
                        "Forbidden: resourceVersionMatch \"exact\" is forbidden for "
                        "resourceVersion \"0\"",
                        "resourceVersionMatch"});
    }
  }
  if (!causes.empty()) return kube::InvalidError("ListOptions.meta.k8s.io", "", causes);
  ListReadAt read_at;
  if (rv.empty() || !options.continue_token.empty()) return read_at;  // most recent, consistent
  read_at.cache_allowed = true;
  if (rv == "0") return read_at;
  KUBE_ASSIGN_OR_RETURN(read_at.resource_version, ParseResourceVersion(rv));
  if (read_at.resource_version > current) {
    // The watch cache waits (3 s) for a version it has not seen, then gives up.
    return kube::Status(kube::StatusReason::kTimeout,
                        fmt::format("Too large resource version: {}, current: {}",
                                    read_at.resource_version, current));
  }
  read_at.exact = match == "Exact";
  return read_at;
}

kube::Status ExpiredError(uint64_t requested, uint64_t oldest) {
  return kube::Status(kube::StatusReason::kExpired,
                      fmt::format("too old resource version: {} ({})", requested, oldest));
}

// The objects that can match `labels`, from the label index: the postings of its most selective
// `=`, `==` or `in` requirement, in key order. Nullopt when no requirement can use the index.
std::optional<std::vector<const StoredEntry*>> IndexedCandidates(
    const ObjectStore& store, size_t table, const kube::LabelSelector& labels) {
  using Op = kube::LabelSelector::Op;
  std::optional<std::vector<const LabelPostings*>> best;
  size_t best_size = 0;
  for (const auto& requirement : labels.requirements()) {
    if (requirement.op != Op::kEquals && requirement.op != Op::kIn) continue;
    std::vector<const LabelPostings*> postings;
    size_t size = 0;
    for (const auto& value : requirement.values) {
      if (const LabelPostings* found = store.WithLabel(table, requirement.key, value)) {
        postings.push_back(found);
        size += found->size();
      }
    }
    if (!best || size < best_size) {
      best = std::move(postings);
      best_size = size;
    }
  }
  if (!best) return std::nullopt;
  std::vector<const StoredEntry*> candidates;
  candidates.reserve(best_size);
  for (const LabelPostings* postings : *best) {
    candidates.insert(candidates.end(), postings->begin(), postings->end());
  }
  if (best->size() > 1) {  // `in` with several values: merge
    std::sort(candidates.begin(), candidates.end(), EntryKeyLess());
    candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());
  }
  return candidates;
}

}  // namespace

Blob FakeCluster::Impl::StateAtLocked(size_t table, const std::string& key, uint64_t rv) const {
  Blob state;
  bool changed_since = false;
  const auto& history = hub_.History();
  for (auto it = history.rbegin(); it != history.rend() && it->resource_version > rv; ++it) {
    if (it->table == table && it->key == key) {
      state = it->previous;
      changed_since = true;
    }
  }
  if (changed_since) return state;
  const StoredRecord* record = store_.Find(table, key);
  return record ? record->blob : nullptr;
}

std::optional<uint64_t> FakeCluster::Impl::DrawStaleReadLocked(std::string_view actor,
                                                               bool cache_allowed,
                                                               uint64_t not_older_than) {
  const FaultPlan& faults = options_.faults;
  if (faults.stale_reads_cached_only && !cache_allowed) return std::nullopt;
  if (!(faults.stale_read_rate > 0 && FaultsApplyTo(actor) &&
        random_.Chance(faults.stale_read_rate))) {
    return std::nullopt;
  }
  uint64_t lag = random_.Below(faults.stale_read_max_lag + 1);
  if (!KeepDrawnFaultLocked()) return std::nullopt;
  uint64_t at = resource_version_ > lag ? resource_version_ - lag : 0;
  at = std::max(at, not_older_than);
  // A state older than the history cannot be rebuilt: serve the current one then.
  if (!hub_.Covers(at)) return std::nullopt;
  return at;
}

kube::StatusOr<kube::Object> FakeCluster::Impl::Get(const kube::GroupVersionKind& gvk,
                                                    std::string_view ns, std::string_view name,
                                                    std::string_view actor) {
  std::lock_guard<std::mutex> lock(mu_);
  KUBE_ASSIGN_OR_RETURN(size_t table_index, ResolveLocked(gvk));
  const ResourceTable& table = store_.Table(table_index);
  KUBE_RETURN_IF_ERROR(InjectFaultLocked(VerbClass::kRead, "get", table, ns, name, actor));
  std::string key = StoreKey(table.info.namespaced ? ns : "", name);
  Blob blob;
  if (std::optional<uint64_t> stale_at = DrawStaleReadLocked(actor)) {
    if (*stale_at < resource_version_) {
      RecordFaultLocked("stale-read", "get", table, ns, name, 0, fault_draws_);
    }
    blob = StateAtLocked(table_index, key, *stale_at);
  } else if (const StoredRecord* record = store_.Find(table_index, key)) {
    blob = record->blob;
  }
  if (!blob) return kube::NotFoundError(table.info.QualifiedResource(), name);
  return kube::Object(ForReadLocked(DecodeObject(*blob), gvk));
}

kube::StatusOr<kube::ObjectList> FakeCluster::Impl::List(const kube::GroupVersionKind& gvk,
                                                         const kube::ListOptions& options,
                                                         std::string_view actor) {
  std::lock_guard<std::mutex> lock(mu_);
  KUBE_ASSIGN_OR_RETURN(size_t table_index, ResolveLocked(gvk));
  const ResourceTable& table = store_.Table(table_index);
  KUBE_RETURN_IF_ERROR(
      InjectFaultLocked(VerbClass::kRead, "list", table, options.namespace_name, "", actor));
  KUBE_ASSIGN_OR_RETURN(kube::LabelSelector labels,
                        kube::LabelSelector::Parse(options.label_selector));
  KUBE_ASSIGN_OR_RETURN(kube::FieldSelector fields,
                        kube::FieldSelector::Parse(options.field_selector));
  if (options.limit < 0) return kube::BadRequestError("limit must not be negative");
  KUBE_ASSIGN_OR_RETURN(ListReadAt read_at, ReadAtOf(options, resource_version_));

  // The snapshot the list is served from: now, or the continue token's, or a stale one.
  uint64_t snapshot_rv = resource_version_;
  std::string start_after;
  bool continuing = !options.continue_token.empty();
  if (continuing) {
    KUBE_ASSIGN_OR_RETURN(ContinuePosition position, DecodeContinueToken(options.continue_token));
    if (!hub_.Covers(position.resource_version)) {
      return kube::Status(
          kube::StatusReason::kExpired,
          "The provided continue parameter is too old to display a consistent list result. You "
          "can start a new list without the continue parameter, or use the continue token in "
          "this response to retrieve the remainder of the results. Continuing with the provided "
          "token results in an inconsistent list - objects that were created, modified, or "
          "deleted between the time the first chunk was returned and now may show up in the "
          "list.");
    }
    snapshot_rv = position.resource_version;
    start_after = position.last_key;
  } else if (read_at.exact) {
    if (!hub_.Covers(read_at.resource_version)) {
      return kube::Status(kube::StatusReason::kExpired,
                          "The resourceVersion for the provided list is too old.");
    }
    snapshot_rv = read_at.resource_version;
  } else if (std::optional<uint64_t> stale_at =
                 DrawStaleReadLocked(actor, read_at.cache_allowed, read_at.resource_version)) {
    if (*stale_at < resource_version_) {
      RecordFaultLocked("stale-read", "list", table, options.namespace_name, "", 0, fault_draws_);
    }
    snapshot_rv = *stale_at;
  }

  // Keys whose state at the snapshot differs from now, with that state (null: absent then).
  std::map<std::string, Blob> overrides;
  if (snapshot_rv < resource_version_) {
    const auto& history = hub_.History();
    for (auto it = history.rbegin(); it != history.rend() && it->resource_version > snapshot_rv;
         ++it) {
      if (it->table == table_index) overrides[it->key] = it->previous;
    }
  }

  std::string prefix =
      table.info.namespaced && !options.namespace_name.empty() ? options.namespace_name + "/" : "";
  std::string lower = std::max(prefix, start_after);
  auto current = continuing ? table.objects.upper_bound(lower) : table.objects.lower_bound(lower);
  auto overridden = continuing ? overrides.upper_bound(lower) : overrides.lower_bound(lower);

  kube::ObjectList out;
  out.resource_version = std::to_string(snapshot_rv);
  int64_t remaining = 0;
  std::string last_key;
  // Selection runs on the stored record (key and labels) so that only returned objects are
  // decoded; states from the history (older snapshots) are decoded to be selected.
  auto consider = [&](const std::string& key, const Blob& blob, const StoredRecord* record) {
    if (!blob) return;
    if (record) {
      auto slash = key.find('/');
      std::string_view ns = table.info.namespaced && slash != std::string::npos
                                ? std::string_view(key).substr(0, slash)
                                : std::string_view();
      std::string_view name =
          ns.empty() ? std::string_view(key) : std::string_view(key).substr(slash + 1);
      if (!fields.Empty() && !fields.Matches(name, ns)) return;
      if (!labels.Empty() && !labels.MatchesSorted(record->labels)) return;
    }
    std::optional<kube::Json> decoded;
    if (!record) {
      decoded = DecodeObject(*blob);
      kube::ObjectView view(*decoded);
      if (!fields.Empty() && !fields.Matches(view)) return;
      if (!labels.Empty() && !labels.Matches(view.Labels())) return;
    }
    if (options.limit > 0 && static_cast<int64_t>(out.items.size()) >= options.limit) {
      ++remaining;
      return;
    }
    last_key = key;
    if (!decoded) decoded = DecodeObject(*blob);
    out.items.emplace_back(ForReadLocked(std::move(*decoded), gvk));
  };
  auto in_prefix = [&prefix](const std::string& key) {
    return key.compare(0, prefix.size(), prefix) == 0;
  };
  // A selective list of the current state walks the label index instead of the whole table;
  // every candidate still goes through the whole selection, so the answer is the same.
  std::optional<std::vector<const StoredEntry*>> candidates;
  if (overrides.empty()) candidates = IndexedCandidates(store_, table_index, labels);
  if (candidates) {
    auto candidate = continuing ? std::upper_bound(candidates->begin(), candidates->end(),
                                                   std::string_view(lower), EntryKeyLess())
                                : std::lower_bound(candidates->begin(), candidates->end(),
                                                   std::string_view(lower), EntryKeyLess());
    for (; candidate != candidates->end() && in_prefix((*candidate)->first); ++candidate) {
      consider((*candidate)->first, (*candidate)->second.blob, &(*candidate)->second);
    }
  } else {
    // Otherwise every key of the namespace (or table), merged with the states the snapshot
    // sees instead of the current ones.
    while (true) {
      bool has_current = current != table.objects.end() && in_prefix(current->first);
      bool has_override = overridden != overrides.end() && in_prefix(overridden->first);
      if (!has_current && !has_override) break;
      if (has_override && (!has_current || overridden->first <= current->first)) {
        if (has_current && overridden->first == current->first) ++current;
        consider(overridden->first, overridden->second, nullptr);
        ++overridden;
      } else {
        consider(current->first, current->second.blob, &current->second);
        ++current;
      }
    }
  }
  if (remaining > 0) {
    out.continue_token = EncodeContinueToken({snapshot_rv, last_key});
    if (labels.Empty() && fields.Empty()) out.remaining_item_count = remaining;
  }
  return out;
}

kube::StatusOr<std::unique_ptr<kube::WatchStream>> FakeCluster::Impl::Watch(
    const kube::GroupVersionKind& gvk, const kube::WatchOptions& options, std::string_view actor) {
  std::lock_guard<std::mutex> lock(mu_);
  KUBE_ASSIGN_OR_RETURN(size_t table_index, ResolveLocked(gvk));
  const ResourceTable& table = store_.Table(table_index);
  KUBE_RETURN_IF_ERROR(
      InjectFaultLocked(VerbClass::kWatch, "watch", table, options.namespace_name, "", actor));
  WatcherSpec spec;
  spec.table = table_index;
  spec.api_version = gvk.ApiVersion();
  spec.kind = gvk.kind;
  spec.namespace_name = table.info.namespaced ? options.namespace_name : "";
  KUBE_ASSIGN_OR_RETURN(spec.labels, kube::LabelSelector::Parse(options.label_selector));
  KUBE_ASSIGN_OR_RETURN(spec.fields, kube::FieldSelector::Parse(options.field_selector));
  spec.bookmarks = options.allow_bookmarks;
  spec.faulted = FaultsApplyTo(actor);
  if (options.timeout_seconds) {
    spec.deadline = clock_.Now() + *options.timeout_seconds * 1000;
  }
  if (options.send_initial_events && !options.allow_bookmarks) {
    return kube::InvalidError("WatchOptions", "",
                              {{"FieldValueForbidden",
                                "Forbidden: sendInitialEvents requires setting "
                                "allowWatchBookmarks=true",
                                "sendInitialEvents"}});
  }

  auto queue = std::make_shared<WatcherQueue>();
  bool from_now = options.resource_version.empty() || options.resource_version == "0";
  if (from_now) {
    std::string prefix = spec.namespace_name.empty() ? "" : spec.namespace_name + "/";
    for (auto it = table.objects.lower_bound(prefix);
         it != table.objects.end() && it->first.compare(0, prefix.size(), prefix) == 0; ++it) {
      kube::Json object = DecodeObject(*it->second.blob);
      if (WatchHub::Selects(spec, object)) {
        queue->events.push_back(
            {kube::WatchEventType::kAdded, WatchHub::ObjectForWatcher(spec, object)});
      }
    }
    if (options.send_initial_events) {
      kube::Json bookmark = {{"apiVersion", spec.api_version},
                             {"kind", spec.kind},
                             {"metadata",
                              {{"resourceVersion", std::to_string(resource_version_)},
                               {"annotations", {{"k8s.io/initial-events-end", "true"}}}}}};
      queue->events.push_back({kube::WatchEventType::kBookmark, kube::Object(bookmark)});
    }
  } else {
    KUBE_ASSIGN_OR_RETURN(uint64_t from, ParseResourceVersion(options.resource_version));
    const FaultPlan& faults = options_.faults;
    bool injected_expiry = faults.rewatch_expired_rate > 0 && FaultsApplyTo(actor) &&
                           random_.Chance(faults.rewatch_expired_rate) && KeepDrawnFaultLocked();
    if (injected_expiry) {
      RecordFaultLocked("rewatch-expired", "watch", table, "", "", 410, fault_draws_);
    }
    if (injected_expiry || !hub_.Covers(from)) {
      // The watch cache names the last resourceVersion it can no longer replay from:
      // "too old resource version: <requested> (<oldest retained - 1>)".
      uint64_t oldest =
          hub_.History().empty() ? resource_version_ : hub_.History().front().resource_version - 1;
      queue->events.push_back(
          {kube::WatchEventType::kError, kube::Object(ExpiredError(from, oldest).ToJson())});
      queue->closed = true;
      return std::unique_ptr<kube::WatchStream>(new InProcessWatchStream(queue));
    }
    hub_.Replay(spec, *queue, from);
  }
  auto registered = hub_.AddWatcher(spec, clock_.Now(), std::move(queue->events),
                                    DeliveryFaultsLocked(table_index));
  return std::unique_ptr<kube::WatchStream>(new InProcessWatchStream(registered));
}

}  // namespace fakecluster
