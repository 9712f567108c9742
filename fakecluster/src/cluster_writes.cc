// Create, update, status update and patch: validation, concurrency, generation and the commit
// path every write goes through.
#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "cluster_impl.h"
#include "kube/patch.h"
#include "kube/utf8.h"
#include "kube/yaml.h"
#include "metadata_validation.h"
#include "schema_validator.h"
#include "server_side_apply.h"
#include "strategic_merge.h"

namespace fakecluster {
namespace {

// Fields the server owns: dropped from a create request, kept from storage on update.
constexpr std::array<const char*, 7> kServerMetadata = {
    "uid",        "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds",
    "generation", "selfLink",          "managedFields"};

// managedFields entries equal but for their "time".
bool SameManagedFields(const kube::Json& a, const kube::Json& b) {
  if (!a.is_array() || !b.is_array()) return a == b;
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    const kube::Json& x = a[i];
    const kube::Json& y = b[i];
    if (!x.is_object() || !y.is_object()) {
      if (x != y) return false;
      continue;
    }
    size_t x_size = x.size() - x.contains("time");
    size_t y_size = y.size() - y.contains("time");
    if (x_size != y_size) return false;
    for (const auto& [key, value] : x.items()) {
      if (key == "time") continue;
      auto other = y.find(key);
      if (other == y.end() || *other != value) return false;
    }
  }
  return true;
}

// Whether a write changes nothing: everything equal but resourceVersion and the times in
// managedFields (the server keeps the old timestamps when the managed fields did not otherwise
// change, so an unchanged re-apply stays a no-op). Compares in place, without copies.
bool IsNoOpWrite(const kube::Json& before, const kube::Json& after) {
  if (!before.is_object() || !after.is_object()) return before == after;
  if (before.size() != after.size()) return false;
  for (const auto& [key, value] : before.items()) {
    auto other = after.find(key);
    if (other == after.end()) return false;
    if (key != "metadata" || !value.is_object() || !other->is_object()) {
      if (*other != value) return false;
      continue;
    }
    const kube::Json& meta_before = value;
    const kube::Json& meta_after = *other;
    if (meta_before.size() - meta_before.contains("resourceVersion") !=
        meta_after.size() - meta_after.contains("resourceVersion")) {
      return false;
    }
    for (const auto& [field, field_value] : meta_before.items()) {
      if (field == "resourceVersion") continue;
      auto other_field = meta_after.find(field);
      if (other_field == meta_after.end()) return false;
      if (field == "managedFields") {
        if (!SameManagedFields(field_value, *other_field)) return false;
      } else if (*other_field != field_value) {
        return false;
      }
    }
  }
  return true;
}

bool HasNamespaceSpecFinalizers(const kube::Json& ns) {
  auto spec = ns.find("spec");
  if (spec == ns.end() || !spec->is_object()) return false;
  auto finalizers = spec->find("finalizers");
  return finalizers != spec->end() && finalizers->is_array() && !finalizers->empty();
}

// The part of an object whose change bumps metadata.generation.
kube::Json GenerationRelevant(const kube::Json& object, bool custom) {
  if (!custom) return object.contains("spec") ? object["spec"] : kube::Json(nullptr);
  kube::Json copy = object;
  copy.erase("metadata");
  copy.erase("status");
  return copy;
}

bool UsesGeneration(const kube::ResourceInfo& info) {
  return !info.built_in || info.spec_bumps_generation;
}

// The field manager a write records: the request's, else the actor's. A name holding invalid
// UTF-8 is kept as Go's JSON encoding would store it (each bad byte U+FFFD); kube-apiserver accepts
// it, since U+FFFD is printable.
std::string EffectiveManager(const std::string& field_manager, std::string_view actor) {
  return kube::CoerceToValidUtf8(field_manager.empty() ? actor : std::string_view(field_manager));
}

}  // namespace

kube::Status FakeCluster::Impl::CheckRequestSizeLocked(size_t bytes) const {
  if (bytes <= options_.max_object_bytes) return kube::Status::Ok();
  return kube::Status(
      kube::StatusReason::kRequestEntityTooLarge,
      fmt::format("Request entity too large: limit is {}", options_.max_object_bytes));
}

kube::Status FakeCluster::Impl::CheckNamespaceLocked(const ResourceTable& table,
                                                     std::string_view ns, std::string_view name,
                                                     bool creating) const {
  if (!table.info.namespaced) return kube::Status::Ok();
  const StoredRecord* record = store_.Find(namespace_table_, std::string(ns));
  if (!record) return kube::NotFoundError("namespaces", ns);
  if (creating) {
    if (record->deleting) {
      return kube::Status(kube::StatusReason::kForbidden,
                          fmt::format("{} \"{}\" is forbidden: unable to create new content in "
                                      "namespace {} because it is being terminated",
                                      table.info.QualifiedResource(), name, ns),
                          {std::string(name), table.info.gvk.group, table.info.plural, {}, {}});
    }
  }
  return kube::Status::Ok();
}

kube::Json FakeCluster::Impl::ForReadLocked(kube::Json stored,
                                            const kube::GroupVersionKind& gvk) const {
  stored["apiVersion"] = gvk.ApiVersion();
  return stored;
}

kube::Status FakeCluster::Impl::ValidateLocked(const ResourceTable& table, kube::Json& object,
                                               kube::FieldValidation validation) const {
  kube::ObjectView view(object);
  MetadataRules rules{table.info.gvk.kind == "Namespace", table.info.namespaced};
  std::vector<kube::StatusCause> causes = ValidateMetadata(view, rules);
  if (!table.schema.is_null()) {
    SchemaCheck check = ValidateAndPrune(object, table.schema);
    causes.insert(causes.end(), check.causes.begin(), check.causes.end());
    if (validation == kube::FieldValidation::kStrict && !check.unknown_fields.empty()) {
      std::string fields;
      for (const auto& f : check.unknown_fields) {
        fields += fmt::format("{}unknown field \"{}\"", fields.empty() ? "" : ", ", f);
      }
      return kube::BadRequestError(fmt::format("strict decoding error: {}", fields));
    }
  }
  if (!causes.empty()) {
    return kube::InvalidError(table.info.gvk.QualifiedKind(), view.Name(), std::move(causes));
  }
  return kube::Status::Ok();
}

void FakeCluster::Impl::RecordWriteLocked(uint64_t rv, std::string_view verb,
                                          std::string_view actor, const kube::Json& object,
                                          std::string_view propagation) {
  kube::ObjectView view(object);
  MaybeCrashLocked(verb, view.Kind(), view.Namespace(), view.Name(), actor);
  if (!options_.record_write_log) return;
  write_log_.push_back({rv, std::string(verb), std::string(actor), view.ApiVersion(), view.Kind(),
                        view.Namespace(), view.Name(), std::string(propagation)});
}

kube::StatusOr<kube::Object> FakeCluster::Impl::CommitLocked(
    size_t table_index, const std::string& key, const kube::Json* old_object, kube::Json object,
    std::string_view verb, std::string_view actor, std::string_view field_manager,
    const kube::GroupVersionKind& gvk, bool dry_run) {
  if (options_.track_managed_fields && !field_manager.empty()) {
    object = RecordUpdateOwnership(old_object, std::move(object), field_manager, gvk.ApiVersion(),
                                   kube::FormatRfc3339(clock_.Now()));
  }
  if (old_object && IsNoOpWrite(*old_object, object)) {
    return kube::Object(ForReadLocked(*old_object, gvk));  // no-op: nothing bumps
  }
  if (old_object && kube::ObjectView(*old_object).DeletionTimestamp() &&
      kube::ObjectView(object).Finalizers().empty() &&
      (table_index != namespace_table_ || !HasNamespaceSpecFinalizers(object))) {
    if (dry_run) return kube::Object(ForReadLocked(std::move(object), gvk));
    // The write that empties the finalizers of an object being deleted deletes it instead of
    // storing it (registry Store.Update, errEmptiedFinalizers; for a namespace, spec.finalizers
    // must be empty too): one DELETED event carrying the last stored state, one
    // resourceVersion, and that state is the answer.
    kube::Json last = RemoveLocked(table_index, key, actor);
    return kube::Object(ForReadLocked(std::move(last), gvk));
  }
  if (dry_run) return kube::Object(ForReadLocked(std::move(object), gvk));
  const StoredRecord* old_record = store_.Find(table_index, key);
  Blob previous = old_record ? old_record->blob : nullptr;
  std::vector<std::string> old_owners =
      old_record ? old_record->owner_uids : std::vector<std::string>{};
  uint64_t rv = ++resource_version_;
  object["metadata"]["resourceVersion"] = std::to_string(rv);
  Blob blob = EncodeObject(object);
  store_.Put(table_index, key, object, blob, rv);
  RecordWriteLocked(rv, verb, actor, object);
  hub_.Record({rv, previous ? kube::WatchEventType::kModified : kube::WatchEventType::kAdded,
               table_index, key, blob, previous},
              DeliveryFaultsLocked(table_index));

  const StoredRecord* record = store_.Find(table_index, key);
  if (!record->owner_uids.empty() && record->owner_uids != old_owners) {
    EnqueueGcLocked({table_index, key});
  }
  if (record->deleting) {
    // Namespaces and CRDs being deleted wait for their cleanup controllers.
    if (table_index == namespace_table_ || table_index == crd_table_) {
      cleanup_pending_.insert({table_index, key});
    }
    bool foreground = record->HasFinalizer("foregroundDeletion");
    if (foreground || record->HasFinalizer("orphan")) {
      bool entered = terminating_owners_.insert({table_index, key}).second;
      // Entering foreground deletion hands every dependent to the garbage collector.
      if (entered && foreground) EnqueueDependentsLocked(record->uid);
    }
  }
  return kube::Object(ForReadLocked(std::move(object), gvk));
}

kube::StatusOr<kube::Object> FakeCluster::Impl::Create(const kube::Object& request,
                                                       const kube::WriteOptions& options,
                                                       std::string_view actor) {
  std::lock_guard<std::mutex> lock(mu_);
  return CreateLocked(request, options, actor, nullptr);
}

kube::StatusOr<kube::Object> FakeCluster::Impl::CreateLocked(const kube::Object& request,
                                                             const kube::WriteOptions& options,
                                                             std::string_view actor,
                                                             const kube::Json* managed_fields) {
  KUBE_RETURN_IF_ERROR(CheckDecodable(request.json(), "the request body"));
  kube::GroupVersionKind gvk = request.Gvk();
  KUBE_ASSIGN_OR_RETURN(size_t table_index, ResolveLocked(gvk));
  const ResourceTable& table = store_.Table(table_index);
  kube::Json object = request.json();
  kube::Json& metadata = object["metadata"];
  if (!metadata.is_object()) metadata = kube::Json::object();
  std::string ns = request.Namespace();
  if (!table.info.namespaced) {
    metadata.erase("namespace");
    ns.clear();
  } else if (ns.empty()) {
    return kube::InvalidError(table.info.gvk.QualifiedKind(), request.Name(),
                              {{"FieldValueRequired", "Required value", "metadata.namespace"}});
  }
  if (!managed_fields) {  // a server-side apply create met its faults as a patch
    KUBE_RETURN_IF_ERROR(
        InjectFaultLocked(VerbClass::kWrite, "create", table, ns, request.Name(), actor));
    MaybeChurnOwnerLocked(table_index, StoreKey(ns, request.Name()), &object, "create", actor);
  }
  KUBE_RETURN_IF_ERROR(CheckNamespaceLocked(table, ns, request.Name(), /*creating=*/true));
  KUBE_RETURN_IF_ERROR(CheckRequestSizeLocked(kube::DumpedSize(object)));
  if (!request.ResourceVersion().empty()) {
    return kube::InternalError(
        "Internal error occurred: resourceVersion should not be set on objects to be created");
  }
  if (request.Name().empty() && !request.GenerateName().empty()) {
    std::string base = request.GenerateName().substr(0, 58);
    for (int attempt = 0; attempt < 8; ++attempt) {
      std::string candidate = base + random_.NameSuffix(5);
      if (!store_.Find(table_index, StoreKey(ns, candidate))) {
        metadata["name"] = candidate;
        break;
      }
    }
  }
  for (const char* field : kServerMetadata) metadata.erase(field);
  if (managed_fields) metadata["managedFields"] = *managed_fields;
  if (table.info.has_status) object.erase("status");
  if (table_index == namespace_table_) {
    object["spec"]["finalizers"] = {"kubernetes"};
    object["status"] = {{"phase", "Active"}};
  }
  KUBE_RETURN_IF_ERROR(ValidateLocked(table, object, options.field_validation));
  if (table_index == crd_table_) KUBE_RETURN_IF_ERROR(PrepareCrdLocked(object));
  std::string name = kube::StringAt(object, {"metadata", "name"});
  std::string key = StoreKey(ns, name);
  if (store_.Find(table_index, key)) {
    return kube::AlreadyExistsError(table.info.QualifiedResource(), name);
  }
  metadata["uid"] = random_.Uuid();
  metadata["creationTimestamp"] = kube::FormatRfc3339(clock_.Now());
  if (UsesGeneration(table.info)) metadata["generation"] = 1;
  std::string manager;
  if (!managed_fields) {
    manager = EffectiveManager(options.field_manager, actor);
  }
  auto created = CommitLocked(table_index, key, nullptr, std::move(object), "create", actor,
                              manager, gvk, options.dry_run);
  if (created.ok() && !options.dry_run && table_index == crd_table_) {
    RegisterCrdLocked(created->json());
  }
  return created;
}

kube::StatusOr<kube::Object> FakeCluster::Impl::ReplaceLocked(
    size_t table_index, const std::string& key, const kube::Json& old_object, kube::Json desired,
    bool status_only, kube::FieldValidation validation, std::string_view verb,
    std::string_view actor, std::string_view field_manager, const kube::GroupVersionKind& gvk,
    bool dry_run) {
  const ResourceTable& table = store_.Table(table_index);
  kube::Json object;
  if (status_only) {
    object = old_object;
    if (desired.contains("status")) {
      object["status"] = desired["status"];
    } else {
      object.erase("status");
    }
    // The status is validated (and pruned) against the schema like any other write.
    KUBE_RETURN_IF_ERROR(ValidateLocked(table, object, validation));
  } else {
    object = std::move(desired);
    if (!object["metadata"].is_object()) object["metadata"] = kube::Json::object();
    kube::Json& metadata = object["metadata"];
    const kube::Json& old_metadata = old_object["metadata"];
    std::string requested_uid = kube::StringAt(object, {"metadata", "uid"});
    if (!requested_uid.empty() &&
        requested_uid != kube::StringAt(old_object, {"metadata", "uid"})) {
      return kube::ConflictError(
          table.info.QualifiedResource(), kube::StringAt(old_object, {"metadata", "name"}),
          fmt::format("Precondition failed: UID in precondition: {}, UID in object meta: {}",
                      requested_uid, kube::StringAt(old_object, {"metadata", "uid"})));
    }
    for (const char* field : kServerMetadata) {
      // managedFields come from the request when it carries them (server-side apply, or a
      // client resetting them); recording the writer's ownership happens at commit.
      if (std::string_view(field) == "managedFields" && metadata.contains(field)) continue;
      if (old_metadata.contains(field)) {
        metadata[field] = old_metadata[field];
      } else {
        metadata.erase(field);
      }
    }
    metadata["name"] = old_metadata["name"];
    // generateName is immutable after create, like the name it produced.
    if (old_metadata.contains("generateName")) {
      metadata["generateName"] = old_metadata["generateName"];
    } else {
      metadata.erase("generateName");
    }
    if (old_metadata.contains("namespace")) metadata["namespace"] = old_metadata["namespace"];
    if (table.info.has_status) {
      if (old_object.contains("status")) {
        object["status"] = old_object["status"];
      } else {
        object.erase("status");
      }
    }
    if (table_index == namespace_table_ && old_object.contains("spec")) {
      object["spec"] = old_object["spec"];  // spec.finalizers change only through /finalize
    }
    kube::ObjectView old_view(old_object);
    kube::ObjectView new_view(object);
    if (old_view.DeletionTimestamp()) {
      std::vector<std::string> added = NewFinalizers(old_view, new_view);
      if (!added.empty()) {
        std::string list;
        for (const auto& f : added) list += fmt::format("{}\"{}\"", list.empty() ? "" : ", ", f);
        return kube::InvalidError(
            table.info.gvk.QualifiedKind(), old_view.Name(),
            {{"FieldValueForbidden",
              fmt::format("Forbidden: no new finalizers can be added if the object is being "
                          "deleted, found new finalizers []string{{{}}}",
                          list),
              "metadata.finalizers"}});
      }
    }
    KUBE_RETURN_IF_ERROR(ValidateLocked(table, object, validation));
    if (UsesGeneration(table.info) && GenerationRelevant(old_object, !table.info.built_in) !=
                                          GenerationRelevant(object, !table.info.built_in)) {
      metadata["generation"] = old_metadata.value("generation", 0) + 1;
    }
    if (table_index == crd_table_) KUBE_RETURN_IF_ERROR(PrepareCrdLocked(object));
  }
  auto result = CommitLocked(table_index, key, &old_object, std::move(object), verb, actor,
                             field_manager, gvk, dry_run);
  if (result.ok() && !dry_run && table_index == crd_table_ && !result->DeletionTimestamp()) {
    RegisterCrdLocked(result->json());
  }
  return result;
}

kube::StatusOr<kube::Object> FakeCluster::Impl::Update(const kube::Object& request,
                                                       const kube::WriteOptions& options,
                                                       std::string_view actor, bool status_only) {
  std::lock_guard<std::mutex> lock(mu_);
  KUBE_RETURN_IF_ERROR(CheckDecodable(request.json(), "the request body"));
  kube::GroupVersionKind gvk = request.Gvk();
  KUBE_ASSIGN_OR_RETURN(size_t table_index, ResolveLocked(gvk));
  const ResourceTable& table = store_.Table(table_index);
  if (status_only && !table.info.has_status) {
    return kube::NotFoundError(table.info.QualifiedResource() + "/status", request.Name());
  }
  std::string ns = table.info.namespaced ? request.Namespace() : "";
  std::string key = StoreKey(ns, request.Name());
  KUBE_RETURN_IF_ERROR(InjectFaultLocked(VerbClass::kUpdate,
                                         status_only ? "update-status" : "update", table, ns,
                                         request.Name(), actor));
  MaybeChurnOwnerLocked(table_index, key, &request.json(), "update", actor);
  KUBE_RETURN_IF_ERROR(CheckRequestSizeLocked(kube::DumpedSize(request.json())));
  const StoredRecord* record = store_.Find(table_index, key);
  if (!record) return kube::NotFoundError(table.info.QualifiedResource(), request.Name());
  std::string rv = request.ResourceVersion();
  if (rv.empty() && !table.info.built_in) {
    return kube::InvalidError(
        table.info.gvk.QualifiedKind(), request.Name(),
        {{"FieldValueInvalid", "Invalid value: 0x0: must be specified for an update",
          "metadata.resourceVersion"}});
  }
  if (!rv.empty() && rv != std::to_string(record->resource_version)) {
    return kube::ConflictError(table.info.QualifiedResource(), request.Name(), kModifiedMessage);
  }
  kube::Json old_object = DecodeObject(*record->blob);
  std::string manager = EffectiveManager(options.field_manager, actor);
  return ReplaceLocked(table_index, key, old_object, request.json(), status_only,
                       options.field_validation, status_only ? "update-status" : "update", actor,
                       manager, gvk, options.dry_run);
}

kube::StatusOr<kube::Object> FakeCluster::Impl::Patch(const kube::GroupVersionKind& gvk,
                                                      std::string_view ns, std::string_view name,
                                                      kube::PatchType type, std::string_view body,
                                                      const kube::PatchOptions& options,
                                                      std::string_view actor) {
  std::lock_guard<std::mutex> lock(mu_);
  KUBE_ASSIGN_OR_RETURN(size_t table_index, ResolveLocked(gvk));
  const ResourceTable& table = store_.Table(table_index);
  std::string object_ns = table.info.namespaced ? std::string(ns) : "";
  std::string key = StoreKey(object_ns, name);
  KUBE_RETURN_IF_ERROR(
      InjectFaultLocked(VerbClass::kUpdate, "patch", table, object_ns, name, actor));
  MaybeChurnOwnerLocked(table_index, key, nullptr, "patch", actor);
  KUBE_RETURN_IF_ERROR(CheckRequestSizeLocked(body.size()));
  const StoredRecord* record = store_.Find(table_index, key);
  std::string manager = EffectiveManager(options.field_manager, actor);

  if (type == kube::PatchType::kApply) {
    if (options.field_manager.empty()) {
      return kube::BadRequestError(
          "PATCH, application/apply-patch+yaml requires fieldManager "
          "parameter");
    }
    KUBE_ASSIGN_OR_RETURN(kube::Json applied, kube::ParseYamlDocument(body, "apply patch"));
    KUBE_RETURN_IF_ERROR(CheckDecodable(applied, "the apply patch"));
    if (applied.contains("metadata") && applied["metadata"].is_null()) applied.erase("metadata");
    kube::ObjectView applied_view(applied);
    if (applied_view.ApiVersion().empty() || applied_view.Kind().empty()) {
      return kube::BadRequestError("apply patch must set apiVersion and kind");
    }
    if (!applied_view.Name().empty() && applied_view.Name() != name) {
      return kube::BadRequestError(
          fmt::format("the name of the object ({}) does not match the name on the URL ({})",
                      applied_view.Name(), name));
    }
    applied["metadata"]["name"] = name;
    if (table.info.namespaced) applied["metadata"]["namespace"] = object_ns;
    std::optional<kube::Json> live;
    if (record) live = DecodeObject(*record->blob);
    ApplyRequest apply{
        live ? &*live : nullptr, applied,          manager,
        options.force,           gvk.ApiVersion(), kube::FormatRfc3339(clock_.Now())};
    KUBE_ASSIGN_OR_RETURN(kube::Json merged, ServerSideApply(apply));
    if (!live) {
      kube::WriteOptions create_options;
      create_options.dry_run = options.dry_run;
      create_options.field_validation = options.field_validation;
      kube::Json managed = merged["metadata"].value("managedFields", kube::Json::array());
      merged["metadata"].erase("resourceVersion");
      return CreateLocked(kube::Object(std::move(merged)), create_options, actor, &managed);
    }
    return ReplaceLocked(table_index, key, *live, std::move(merged), false,
                         options.field_validation, "patch", actor, "", gvk, options.dry_run);
  }

  if (!record) return kube::NotFoundError(table.info.QualifiedResource(), name);
  kube::Json old_object = DecodeObject(*record->blob);
  KUBE_ASSIGN_OR_RETURN(kube::Json patch, kube::ParseJson(body, "patch"));
  kube::Json patched;
  switch (type) {
    case kube::PatchType::kMerge:
      patched = kube::ApplyMergePatch(old_object, patch);
      break;
    case kube::PatchType::kJson: {
      // A document that does not decode as a list of operation objects is 400; an operation
      // that cannot be applied (missing path, failed test, unknown op) is the apiserver's
      // generic 422, which names neither the operation nor the object (handlers/patch.go).
      bool decodable =
          patch.is_array() && std::all_of(patch.begin(), patch.end(),
                                          [](const kube::Json& op) { return op.is_object(); });
      auto applied = kube::ApplyJsonPatch(old_object, patch);
      if (!applied.ok()) {
        if (!decodable) return applied.status();
        return kube::Status(kube::StatusReason::kInvalid,
                            "the server rejected our request due to an error in our request");
      }
      patched = std::move(applied).value();
      break;
    }
    case kube::PatchType::kStrategicMerge: {
      if (!table.info.built_in) {
        return kube::Status(kube::StatusReason::kUnsupportedMediaType,
                            "the body of the request was in an unknown format - accepted media "
                            "types include: application/json-patch+json, "
                            "application/merge-patch+json, application/apply-patch+yaml");
      }
      KUBE_ASSIGN_OR_RETURN(patched,
                            ApplyStrategicMergePatch(old_object, patch, table.info.gvk.kind));
      break;
    }
    case kube::PatchType::kApply:
      break;  // handled above
  }
  if (!patched.is_object()) return kube::BadRequestError("the patched object is not a JSON object");
  KUBE_RETURN_IF_ERROR(CheckDecodable(patched, "the patched object"));
  kube::ObjectView patched_view(patched);
  if (patched_view.Name() != name) {
    return kube::BadRequestError(
        fmt::format("the name of the object ({}) does not match the name on the URL ({})",
                    patched_view.Name(), name));
  }
  std::string rv = patched_view.ResourceVersion();
  if (!rv.empty() && rv != std::to_string(record->resource_version)) {
    return kube::ConflictError(table.info.QualifiedResource(), name, kModifiedMessage);
  }
  if (patched_view.ApiVersion() != old_object.value("apiVersion", "") &&
      patched_view.ApiVersion() != gvk.ApiVersion()) {
    return kube::BadRequestError("the patch must not change apiVersion");
  }
  if (patched_view.Kind() != gvk.kind) {
    return kube::BadRequestError("the patch must not change kind");
  }
  patched["apiVersion"] = old_object.value("apiVersion", gvk.ApiVersion());
  return ReplaceLocked(table_index, key, old_object, std::move(patched), false,
                       options.field_validation, "patch", actor, manager, gvk, options.dry_run);
}

}  // namespace fakecluster
