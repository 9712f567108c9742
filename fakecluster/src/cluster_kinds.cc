// Kind resolution, built-in kinds and CustomResourceDefinition registration.
#include <algorithm>

#include <fmt/format.h>

#include "cluster_impl.h"
#include "crd_manifests.h"
#include "kube/yaml.h"

namespace fakecluster {

namespace {
constexpr std::string_view kCrdCleanupFinalizer = "customresourcecleanup.apiextensions.k8s.io";
}  // namespace

void FakeCluster::Impl::RegisterBuiltInKindsLocked() {
  kube::KindRegistry builtins = kube::KindRegistry::WithBuiltIns();
  for (const kube::ResourceInfo* info : builtins.All()) {
    size_t index = store_.AddTable(*info, nullptr);
    if (info->gvk.kind == "Namespace") namespace_table_ = index;
    if (info->gvk.kind == "CustomResourceDefinition") crd_table_ = index;
  }
}

kube::StatusOr<std::vector<CrdManifest>> ParseCrdManifests(
    const std::vector<std::pair<std::string_view, std::string_view>>& manifests) {
  std::vector<CrdManifest> parsed;
  for (const auto& [file, text] : manifests) {
    auto docs = kube::ParseYamlDocuments(text, file);
    if (!docs.ok()) {
      return kube::Status(docs.status().reason(),
                          fmt::format("CRD manifest {}: {}", file, docs.status().message()));
    }
    for (auto& doc : *docs) parsed.push_back({std::string(file), std::move(doc.value)});
  }
  return parsed;
}

const kube::StatusOr<std::vector<CrdManifest>>& EmbeddedStashCrds() {
  static const kube::StatusOr<std::vector<CrdManifest>> kParsed =
      ParseCrdManifests(EmbeddedCrdManifests());
  return kParsed;
}

kube::Status FakeCluster::Impl::LoadStashCrds() {
  const auto& crds = EmbeddedStashCrds();
  KUBE_RETURN_IF_ERROR(crds.status());
  for (const CrdManifest& crd : *crds) {
    auto created = Create(kube::Object(crd.object), {}, "fakecluster");
    if (!created.ok()) {
      return kube::Status(created.status().reason(),
                          fmt::format("CRD manifest {}: {}", crd.file, created.status().message()));
    }
  }
  return kube::Status::Ok();
}

kube::StatusOr<size_t> FakeCluster::Impl::ResolveLocked(const kube::GroupVersionKind& gvk) const {
  auto table = store_.FindTable(gvk);
  if (!table) {
    return kube::Status(kube::StatusReason::kNotFound,
                        fmt::format("the server could not find the requested resource (no kind "
                                    "\"{}\" is registered for version \"{}\")",
                                    gvk.kind, gvk.ApiVersion()));
  }
  return *table;
}

kube::Status FakeCluster::Impl::PrepareCrdLocked(kube::Json& crd) const {
  kube::ObjectView view(crd);
  std::vector<kube::StatusCause> causes;
  const kube::Json spec = crd.value("spec", kube::Json::object());
  std::string group = kube::StringAt(spec, {"group"});
  std::string kind = kube::StringAt(spec, {"names", "kind"});
  std::string plural = kube::StringAt(spec, {"names", "plural"});
  std::string scope = kube::StringAt(spec, {"scope"});
  if (group.empty()) causes.push_back({"FieldValueRequired", "Required value", "spec.group"});
  if (kind.empty()) causes.push_back({"FieldValueRequired", "Required value", "spec.names.kind"});
  if (plural.empty()) {
    causes.push_back({"FieldValueRequired", "Required value", "spec.names.plural"});
  }
  if (scope != "Namespaced" && scope != "Cluster") {
    causes.push_back({"FieldValueNotSupported",
                      fmt::format("Unsupported value: \"{}\": supported values: \"Cluster\", "
                                  "\"Namespaced\"",
                                  scope),
                      "spec.scope"});
  }
  if (!plural.empty() && !group.empty() && view.Name() != plural + "." + group) {
    causes.push_back(
        {"FieldValueInvalid",
         fmt::format("Invalid value: \"{}\": must be spec.names.plural+\".\"+spec.group",
                     view.Name()),
         "metadata.name"});
  }
  int storage_versions = 0;
  const kube::Json versions = spec.value("versions", kube::Json::array());
  if (!versions.is_array() || versions.empty()) {
    causes.push_back(
        {"FieldValueRequired", "Required value: must have at least one version", "spec.versions"});
  } else {
    for (const auto& version : versions) {
      if (version.is_object() && version.value("storage", false)) ++storage_versions;
    }
    if (storage_versions != 1) {
      causes.push_back({"FieldValueInvalid",
                        fmt::format("Invalid value: {}: must have exactly one version marked as "
                                    "storage version",
                                    versions.dump()),
                        "spec.versions"});
    }
  }
  if (!causes.empty()) {
    return kube::InvalidError("CustomResourceDefinition.apiextensions.k8s.io", view.Name(),
                              std::move(causes));
  }
  std::string now = kube::FormatRfc3339(clock_.Now());
  crd["status"] = {{"acceptedNames", spec.value("names", kube::Json::object())},
                   {"storedVersions", kube::Json::array()},
                   {"conditions",
                    {{{"type", "NamesAccepted"},
                      {"status", "True"},
                      {"reason", "NoConflicts"},
                      {"message", "no conflicts found"},
                      {"lastTransitionTime", now}},
                     {{"type", "Established"},
                      {"status", "True"},
                      {"reason", "InitialNamesAccepted"},
                      {"message", "the initial names have been accepted"},
                      {"lastTransitionTime", now}}}}};
  for (const auto& version : versions) {
    if (version.value("storage", false)) {
      crd["status"]["storedVersions"].push_back(version.value("name", ""));
    }
  }
  auto& finalizers = crd["metadata"]["finalizers"];
  if (!finalizers.is_array()) finalizers = kube::Json::array();
  if (std::find(finalizers.begin(), finalizers.end(), kCrdCleanupFinalizer) == finalizers.end() &&
      !crd["metadata"].contains("deletionTimestamp")) {
    finalizers.push_back(kCrdCleanupFinalizer);
  }
  return kube::Status::Ok();
}

void FakeCluster::Impl::RegisterCrdLocked(const kube::Json& crd) {
  const kube::Json& spec = crd["spec"];
  const kube::Json& names = spec["names"];
  kube::ResourceInfo base;
  base.gvk.group = spec.value("group", "");
  base.gvk.kind = names.value("kind", "");
  base.plural = names.value("plural", "");
  base.singular = names.value("singular", "");
  if (base.singular.empty()) {
    for (char c : base.gvk.kind) {
      base.singular += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
  }
  if (names.contains("shortNames") && names["shortNames"].is_array()) {
    for (const auto& s : names["shortNames"]) {
      if (s.is_string()) base.short_names.push_back(s.get<std::string>());
    }
  }
  if (names.contains("categories") && names["categories"].is_array()) {
    for (const auto& c : names["categories"]) {
      if (c.is_string()) base.categories.push_back(c.get<std::string>());
    }
  }
  base.namespaced = spec.value("scope", "") == "Namespaced";
  base.built_in = false;
  // Register served versions, the storage version last so the table describes it.
  std::vector<const kube::Json*> ordered;
  for (const auto& version : spec["versions"]) {
    if (version.value("served", true) && !version.value("storage", false)) {
      ordered.push_back(&version);
    }
  }
  for (const auto& version : spec["versions"]) {
    if (version.value("storage", false)) ordered.push_back(&version);
  }
  for (const kube::Json* version : ordered) {
    kube::ResourceInfo info = base;
    info.gvk.version = version->value("name", "");
    info.has_status = version->contains("subresources") && (*version)["subresources"].is_object() &&
                      (*version)["subresources"].contains("status");
    kube::Json schema = nullptr;
    if (version->contains("schema") && (*version)["schema"].contains("openAPIV3Schema")) {
      schema = (*version)["schema"]["openAPIV3Schema"];
    }
    store_.AddTable(std::move(info), std::move(schema));
  }
}

void FakeCluster::Impl::UnregisterCrdLocked(const kube::Json& crd) {
  const kube::Json& spec = crd["spec"];
  for (const auto& version : spec["versions"]) {
    kube::GroupVersionKind gvk{spec.value("group", ""), version.value("name", ""),
                               spec["names"].value("kind", "")};
    if (auto table = store_.FindTable(gvk)) {
      hub_.CloseTable(*table);
      store_.RemoveTable(*table);
      return;
    }
  }
}

kube::KindRegistry FakeCluster::Impl::Kinds() const {
  std::lock_guard<std::mutex> lock(mu_);
  kube::KindRegistry registry;
  for (size_t i = 0; i < store_.TableCount(); ++i) {
    if (!store_.TableServed(i)) continue;
    const ResourceTable& table = store_.Table(i);
    for (const auto& version : table.versions) {
      kube::ResourceInfo info = table.info;
      info.gvk.version = version;
      registry.Add(std::move(info));
    }
  }
  return registry;
}

std::optional<kube::ResourceInfo> FakeCluster::Impl::FindResource(
    const kube::GroupVersionResource& gvr) const {
  std::lock_guard<std::mutex> lock(mu_);
  for (size_t i = 0; i < store_.TableCount(); ++i) {
    if (!store_.TableServed(i)) continue;
    const ResourceTable& table = store_.Table(i);
    if (table.info.gvk.group != gvr.group || table.info.plural != gvr.resource) continue;
    if (std::find(table.versions.begin(), table.versions.end(), gvr.version) ==
        table.versions.end()) {
      return std::nullopt;
    }
    kube::ResourceInfo info = table.info;
    info.gvk.version = gvr.version;
    return info;
  }
  return std::nullopt;
}

std::optional<kube::ResourceInfo> FakeCluster::Impl::FindKind(
    const kube::GroupVersionKind& gvk) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto table = store_.FindTable(gvk);
  if (!table) return std::nullopt;
  kube::ResourceInfo info = store_.Table(*table).info;
  info.gvk.version = gvk.version;
  return info;
}

kube::Json FakeCluster::Impl::SchemaFor(const kube::GroupVersionKind& gvk) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto table = store_.FindTable(gvk);
  return table ? store_.Table(*table).schema : kube::Json(nullptr);
}

}  // namespace fakecluster
