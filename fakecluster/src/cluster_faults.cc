// Fault injection (FaultPlan): the errors a request meets, the crash of the faulted actor and
// the replacement of an owner under the same name (uid churn), each recorded in the fault log.
#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "cluster_impl.h"

namespace fakecluster {
namespace {

// The Status an aimed error answers with.
kube::Status AimedErrorStatus(const AimedError& aimed, const ResourceTable& table,
                              std::string_view name) {
  static const std::map<int, kube::StatusReason> kReasons = {
      {400, kube::StatusReason::kBadRequest},    {403, kube::StatusReason::kForbidden},
      {404, kube::StatusReason::kNotFound},      {409, kube::StatusReason::kConflict},
      {422, kube::StatusReason::kInvalid},       {429, kube::StatusReason::kTooManyRequests},
      {500, kube::StatusReason::kInternalError}, {503, kube::StatusReason::kServiceUnavailable},
      {504, kube::StatusReason::kTimeout}};
  auto reason = kReasons.find(aimed.code);
  std::string message = !aimed.message.empty()
                            ? aimed.message
                            : fmt::format("injected fault: {} {} \"{}\" answers {}", aimed.verb,
                                          table.info.QualifiedResource(), name, aimed.code);
  kube::StatusDetails details{std::string(name), table.info.gvk.group, table.info.plural, {}, {}};
  if (aimed.code == 429) details.retry_after_seconds = 1;
  return kube::Status(
      reason == kReasons.end() ? kube::StatusReason::kInternalError : reason->second,
      std::move(message), std::move(details));
}

// Metadata the server sets: dropped from an object before it is created again.
constexpr std::array<const char*, 8> kServerSetMetadata = {"uid",
                                                           "resourceVersion",
                                                           "creationTimestamp",
                                                           "deletionTimestamp",
                                                           "deletionGracePeriodSeconds",
                                                           "generation",
                                                           "selfLink",
                                                           "managedFields"};

// The first owner reference of a request object, if it names one.
std::optional<StoredOwnerRef> FirstOwnerOfRequest(const kube::Json& request) {
  auto metadata = request.find("metadata");
  if (metadata == request.end() || !metadata->is_object()) return std::nullopt;
  auto refs = metadata->find("ownerReferences");
  if (refs == metadata->end() || !refs->is_array() || refs->empty()) return std::nullopt;
  const kube::Json& ref = refs->front();
  if (!ref.is_object()) return std::nullopt;
  auto text = [&](const char* field) {
    auto it = ref.find(field);
    return it != ref.end() && it->is_string() ? it->get<std::string>() : std::string();
  };
  return StoredOwnerRef{text("apiVersion"), text("kind"), text("name"), text("uid")};
}

}  // namespace

void FakeCluster::Impl::RecordFaultLocked(std::string_view fault, std::string_view verb,
                                          const ResourceTable& table, std::string_view ns,
                                          std::string_view name, int code, uint64_t occurrence) {
  fault_log_.push_back({std::string(fault), std::string(verb), table.info.gvk.kind, std::string(ns),
                        std::string(name), code, resource_version_, occurrence});
}

bool FakeCluster::Impl::KeepDrawnFaultLocked() {
  ++fault_draws_;
  const auto& only = options_.faults.only_occurrences;
  return !only || std::binary_search(only->begin(), only->end(), fault_draws_);
}

kube::Status FakeCluster::Impl::InjectFaultLocked(VerbClass verb_class, std::string_view verb,
                                                  const ResourceTable& table, std::string_view ns,
                                                  std::string_view name, std::string_view actor) {
  const FaultPlan& faults = options_.faults;
  if (crashed_ && FaultsApplyTo(actor)) {
    return kube::Status(kube::StatusReason::kServiceUnavailable,
                        "the client's process has crashed (injected fault) and is not "
                        "restarted yet");
  }
  if (faults.Empty() || !FaultsApplyTo(actor)) return kube::Status::Ok();
  const std::string resource = table.info.QualifiedResource();
  if (!table.info.namespaced) ns = "";
  aimed_seen_.resize(faults.errors.size(), 0);
  for (size_t i = 0; i < faults.errors.size(); ++i) {
    const AimedError& aimed = faults.errors[i];
    if (aimed.verb != verb || aimed.kind != table.info.gvk.kind) continue;
    if (!aimed.namespace_name.empty() && aimed.namespace_name != ns) continue;
    if (!aimed.name.empty() && aimed.name != name) continue;
    uint64_t seen = ++aimed_seen_[i];
    if (seen < aimed.nth || (!aimed.always && seen >= aimed.nth + aimed.times)) continue;
    kube::Status status = AimedErrorStatus(aimed, table, name);
    RecordFaultLocked("aimed-error", verb, table, ns, name, status.code(), 0);
    return status;
  }
  if (verb_class == VerbClass::kUpdate && faults.conflict_every_nth_update > 0 &&
      ++updates_seen_ % faults.conflict_every_nth_update == 0) {
    RecordFaultLocked("conflict", verb, table, ns, name, 409, 0);
    return kube::ConflictError(resource, name, kModifiedMessage);
  }
  if (faults.server_error_rate > 0 && random_.Chance(faults.server_error_rate)) {
    kube::Status status;
    switch (random_.Below(3)) {
      case 0: {
        kube::StatusDetails details;
        details.retry_after_seconds = 1;
        status = kube::Status(kube::StatusReason::kTooManyRequests,
                              "the server has received too many requests and has asked us to "
                              "try again later (injected fault)",
                              details);
        break;
      }
      case 1:
        status = kube::InternalError("Internal error occurred: injected fault");
        break;
      default:
        status = kube::Status(kube::StatusReason::kServiceUnavailable,
                              "the server is currently unable to handle the request (injected "
                              "fault)");
    }
    if (KeepDrawnFaultLocked()) {
      RecordFaultLocked("server-error", verb, table, ns, name, status.code(), fault_draws_);
      return status;
    }
  }
  if (verb_class == VerbClass::kUpdate && faults.conflict_rate > 0 &&
      random_.Chance(faults.conflict_rate) && KeepDrawnFaultLocked()) {
    RecordFaultLocked("conflict", verb, table, ns, name, 409, fault_draws_);
    return kube::ConflictError(resource, name, kModifiedMessage);
  }
  return kube::Status::Ok();
}

void FakeCluster::Impl::MaybeChurnOwnerLocked(size_t table_index, const std::string& key,
                                              const kube::Json* request, std::string_view verb,
                                              std::string_view actor) {
  const FaultPlan& faults = options_.faults;
  if (faults.uid_churn_rate <= 0 || faults.only_actor.empty() || !FaultsApplyTo(actor)) return;
  std::optional<StoredOwnerRef> owner;
  if (request) owner = FirstOwnerOfRequest(*request);
  if (!owner) {
    const StoredRecord* record = store_.Find(table_index, key);
    if (record && !record->owner_refs.empty()) owner = record->owner_refs.front();
  }
  if (!owner || !random_.Chance(faults.uid_churn_rate) || !KeepDrawnFaultLocked()) return;
  auto owner_table =
      ResolveLocked(kube::GroupVersionKind::FromApiVersion(owner->api_version, owner->kind));
  // A namespace or CRD goes through cleanup controllers, not at once: never churned.
  if (!owner_table.ok() || *owner_table == namespace_table_ || *owner_table == crd_table_) return;
  const ResourceTable& table = store_.Table(*owner_table);
  // Owner references name an object of the dependent's namespace (or a cluster-scoped one).
  std::string ns = table.info.namespaced ? key.substr(0, key.find('/')) : "";
  std::string owner_key = StoreKey(ns, owner->name);
  const StoredRecord* stored = store_.Find(*owner_table, owner_key);
  // Only an owner that is there, is the one referred to and would go at once is replaced.
  if (!stored || stored->uid != owner->uid || stored->deleting || !stored->finalizers.empty()) {
    return;
  }
  kube::Json replacement = DecodeObject(*stored->blob);
  for (const char* field : kServerSetMetadata) replacement["metadata"].erase(field);
  RecordFaultLocked("uid-churn", verb, table, ns, owner->name, 0, fault_draws_);
  if (!DeleteLocked(*owner_table, owner_key, kube::PropagationPolicy::kBackground, "uid-churn")
           .ok()) {
    return;
  }
  (void)CreateLocked(kube::Object(std::move(replacement)), kube::WriteOptions{}, "uid-churn",
                     nullptr);
}

DeliveryFaults FakeCluster::Impl::DeliveryFaultsLocked(size_t table_index) {
  const FaultPlan& faults = options_.faults;
  DeliveryFaults delivery;
  delivery.now = clock_.Now();
  if (faults.watch_delay_rate > 0 && faults.watch_delay_max_ms > 0) {
    delivery.delay = [this, &faults, table_index]() -> kube::TimeMillis {
      if (!random_.Chance(faults.watch_delay_rate)) return 0;
      auto delay = static_cast<kube::TimeMillis>(
          1 + random_.Below(static_cast<uint64_t>(faults.watch_delay_max_ms)));
      if (!KeepDrawnFaultLocked()) return 0;
      RecordFaultLocked("watch-delay", "watch", store_.Table(table_index), "", "", 0, fault_draws_);
      return delay;
    };
  }
  if (faults.watch_cut_rate > 0) {
    delivery.cut = [this, &faults, table_index] {
      bool cut = random_.Chance(faults.watch_cut_rate) && KeepDrawnFaultLocked();
      if (cut) {
        RecordFaultLocked("watch-cut", "watch", store_.Table(table_index), "", "", 0, fault_draws_);
      }
      return cut;
    };
  }
  if (faults.watch_coalesce_rate > 0) {
    delivery.coalesce = [this, &faults, table_index] {
      bool coalesce = random_.Chance(faults.watch_coalesce_rate) && KeepDrawnFaultLocked();
      if (coalesce) {
        RecordFaultLocked("watch-coalesce", "watch", store_.Table(table_index), "", "", 0,
                          fault_draws_);
      }
      return coalesce;
    };
  }
  return delivery;
}

void FakeCluster::Impl::MaybeCrashLocked(std::string_view verb, std::string_view kind,
                                         std::string_view ns, std::string_view name,
                                         std::string_view actor) {
  const FaultPlan& faults = options_.faults;
  if (faults.crash_rate <= 0 || faults.only_actor.empty() || !FaultsApplyTo(actor) || crashed_ ||
      !random_.Chance(faults.crash_rate) || !KeepDrawnFaultLocked()) {
    return;
  }
  crashed_ = true;
  fault_log_.push_back({"crash", std::string(verb), std::string(kind), std::string(ns),
                        std::string(name), 0, resource_version_, fault_draws_});
}

}  // namespace fakecluster
