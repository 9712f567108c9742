// Shared fixture and object builders for the FakeCluster tests (fake-apiserver.md sections 1-4
// and 6): a cluster on a virtual clock, the GVKs the tests use, small object builders and helpers
// that turn watch streams and lists into strings that read well in failure output.
#pragma once

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "fakecluster/cluster.h"
#include "kube/client.h"
#include "kube/clock.h"
#include "kube/object.h"
#include "status_matchers.h"

namespace fakecluster_test {

using ::kube::Json;

inline const kube::GroupVersionKind kNamespaceGvk{"", "v1", "Namespace"};
inline const kube::GroupVersionKind kConfigMapGvk{"", "v1", "ConfigMap"};
inline const kube::GroupVersionKind kSecretGvk{"", "v1", "Secret"};
inline const kube::GroupVersionKind kDeploymentGvk{"apps", "v1", "Deployment"};
inline const kube::GroupVersionKind kReplicaSetGvk{"apps", "v1", "ReplicaSet"};
inline const kube::GroupVersionKind kCrdGvk{"apiextensions.k8s.io", "v1",
                                            "CustomResourceDefinition"};
inline const kube::GroupVersionKind kRepositoryGvk{"stash.appscode.com", "v1alpha1", "Repository"};
inline const kube::GroupVersionKind kBackupConfigurationGvk{"stash.appscode.com", "v1beta1",
                                                            "BackupConfiguration"};
inline const kube::GroupVersionKind kTemplateGvk{"stash.appscode.com", "v1beta1",
                                                 "BackupConfigurationTemplate"};
inline const kube::GroupVersionKind kBlueprintGvk{"stash.appscode.com", "v1beta1",
                                                  "BackupBlueprint"};
inline const kube::GroupVersionKind kAppBindingGvk{"appcatalog.appscode.com", "v1alpha1",
                                                   "AppBinding"};
inline const kube::GroupVersionKind kDeploymentConfigGvk{"apps.openshift.io", "v1",
                                                         "DeploymentConfig"};
// A kind the tests register themselves (WidgetCrd below).
inline const kube::GroupVersionKind kWidgetGvk{"example.com", "v1", "Widget"};

inline kube::Object ObjectOf(const kube::GroupVersionKind& gvk, const std::string& ns,
                             const std::string& name) {
  Json metadata = {{"name", name}};
  if (!ns.empty()) metadata["namespace"] = ns;
  return kube::Object(
      Json{{"apiVersion", gvk.ApiVersion()}, {"kind", gvk.kind}, {"metadata", metadata}});
}

inline kube::Object ConfigMap(const std::string& ns, const std::string& name,
                              Json data = Json::object(),
                              const std::map<std::string, std::string>& labels = {}) {
  kube::Object cm = ObjectOf(kConfigMapGvk, ns, name);
  cm.json()["data"] = std::move(data);
  if (!labels.empty()) cm.SetLabels(labels);
  return cm;
}

inline kube::Object Namespace(const std::string& name) { return ObjectOf(kNamespaceGvk, "", name); }

inline kube::Object Deployment(const std::string& ns, const std::string& name,
                               const std::string& image = "nginx:1.25", int replicas = 1) {
  kube::Object d = ObjectOf(kDeploymentGvk, ns, name);
  d.json()["spec"] = {
      {"replicas", replicas},
      {"selector", {{"matchLabels", {{"app", name}}}}},
      {"template",
       {{"metadata", {{"labels", {{"app", name}}}}},
        {"spec", {{"containers", Json::array({{{"name", "main"}, {"image", image}}})}}}}}};
  return d;
}

// A Repository (namespaced Stash kind with a status subresource).
inline kube::Object Repository(const std::string& ns, const std::string& name,
                               const std::string& bucket = "backups") {
  kube::Object r = ObjectOf(kRepositoryGvk, ns, name);
  r.json()["spec"] = {{"backend", {{"storageSecretName", "creds"}, {"gcs", {{"bucket", bucket}}}}}};
  return r;
}

// A BackupConfigurationTemplate (cluster-scoped Stash kind without a status subresource).
inline kube::Object Template(const std::string& name, const std::string& schedule = "@daily") {
  kube::Object t = ObjectOf(kTemplateGvk, "", name);
  t.json()["spec"] = {{"schedule", schedule}};
  return t;
}

// A CRD for example.com/v1 Widget (namespaced, status subresource, a small schema), optionally
// under another kind name (`plural` must then match).
inline kube::Object WidgetCrd(const std::string& kind = "Widget",
                              const std::string& plural = "widgets") {
  Json schema = {
      {"type", "object"},
      {"properties",
       {{"apiVersion", {{"type", "string"}}},
        {"kind", {{"type", "string"}}},
        {"metadata", {{"type", "object"}}},
        {"spec",
         {{"type", "object"},
          {"required", {"size"}},
          {"properties",
           {{"size", {{"type", "integer"}, {"minimum", 1}}},
            {"color", {{"type", "string"}, {"enum", {"red", "green", "blue"}}}},
            {"parts",
             {{"type", "array"},
              {"items",
               {{"type", "object"}, {"properties", {{"name", {{"type", "string"}}}}}}}}}}}}},
        {"status", {{"type", "object"}, {"properties", {{"ready", {{"type", "boolean"}}}}}}}}}};
  return kube::Object(Json{
      {"apiVersion", "apiextensions.k8s.io/v1"},
      {"kind", "CustomResourceDefinition"},
      {"metadata", {{"name", plural + ".example.com"}}},
      {"spec",
       {{"group", "example.com"},
        {"scope", "Namespaced"},
        {"names",
         {{"kind", kind},
          {"listKind", kind + "List"},
          {"plural", plural},
          {"singular", "widget"},
          {"shortNames", {"wd"}}}},
        {"versions",
         Json::array(
             {{{"name", "v1"},
               {"served", true},
               {"storage", true},
               {"subresources", {{"status", Json::object()}}},
               {"additionalPrinterColumns",
                Json::array({{{"name", "Size"}, {"type", "integer"}, {"jsonPath", ".spec.size"}}})},
               {"schema", {{"openAPIV3Schema", schema}}}}})}}}});
}

inline kube::Object Widget(const std::string& ns, const std::string& name, Json spec) {
  kube::Object w = ObjectOf(kWidgetGvk, ns, name);
  w.json()["spec"] = std::move(spec);
  return w;
}

inline kube::OwnerReference RefTo(const kube::Object& owner,
                                  std::optional<bool> block_owner_deletion = std::nullopt) {
  kube::OwnerReference ref;
  ref.api_version = owner.ApiVersion();
  ref.kind = owner.Kind();
  ref.name = owner.Name();
  ref.uid = owner.Uid();
  ref.block_owner_deletion = block_owner_deletion;
  return ref;
}

inline kube::Object WithOwners(kube::Object object, const std::vector<kube::OwnerReference>& refs) {
  object.SetOwnerReferences(refs);
  return object;
}

// Watch options replaying every event after `resource_version`.
inline kube::WatchOptions WatchFrom(std::string resource_version) {
  kube::WatchOptions options;
  options.resource_version = std::move(resource_version);
  return options;
}

// "ADDED default/a" (BOOKMARK and ERROR events show no key).
inline std::string Describe(const kube::WatchEvent& event) {
  std::string out(kube::WatchEventTypeName(event.type));
  if (event.type == kube::WatchEventType::kBookmark || event.type == kube::WatchEventType::kError) {
    return out;
  }
  return out + " " + event.object.Key();
}

// Every event that has arrived so far.
inline std::vector<kube::WatchEvent> Drain(kube::WatchStream& stream) {
  std::vector<kube::WatchEvent> events;
  while (auto event = stream.Poll()) events.push_back(std::move(*event));
  return events;
}

inline std::vector<std::string> DrainDescribed(kube::WatchStream& stream) {
  std::vector<std::string> out;
  for (const auto& event : Drain(stream)) out.push_back(Describe(event));
  return out;
}

// "<namespace>/<name>" of every listed item, in list order.
inline std::vector<std::string> Keys(const kube::ObjectList& list) {
  std::vector<std::string> keys;
  for (const auto& item : list.items) keys.push_back(item.Key());
  return keys;
}

// details.causes[].field of a failure, in order.
inline std::vector<std::string> CauseFields(const kube::Status& status) {
  std::vector<std::string> fields;
  for (const auto& cause : status.details().causes) fields.push_back(cause.field);
  return fields;
}

// "<type> <field>" of every cause, in order.
inline std::vector<std::string> CauseTypesAndFields(const kube::Status& status) {
  std::vector<std::string> out;
  for (const auto& cause : status.details().causes) out.push_back(cause.type + " " + cause.field);
  return out;
}

class ClusterTest : public ::testing::Test {
 protected:
  ClusterTest() { Reset(fakecluster::ClusterOptions{}); }

  // Replaces the cluster with a fresh one built with `options` (same clock).
  void Reset(fakecluster::ClusterOptions options) {
    cluster_.reset();
    cluster_ = std::make_unique<fakecluster::FakeCluster>(clock_, std::move(options));
  }

  fakecluster::FakeCluster& cluster() { return *cluster_; }

  kube::Object MustCreate(const kube::Object& object) {
    auto created = cluster_->Create(object);
    EXPECT_OK(created) << object.json().dump();
    return created.ok() ? *created : object;
  }

  kube::Object MustGet(const kube::GroupVersionKind& gvk, const std::string& ns,
                       const std::string& name) {
    auto got = cluster_->Get(gvk, ns, name);
    EXPECT_OK(got) << gvk.kind << " " << ns << "/" << name;
    return got.ok() ? *got : kube::Object();
  }

  bool Exists(const kube::GroupVersionKind& gvk, const std::string& ns, const std::string& name) {
    return cluster_->Get(gvk, ns, name).ok();
  }

  std::unique_ptr<kube::WatchStream> MustWatch(const kube::GroupVersionKind& gvk,
                                               const kube::WatchOptions& options = {}) {
    auto stream = cluster_->Watch(gvk, options);
    EXPECT_OK(stream);
    return stream.ok() ? std::move(*stream) : nullptr;
  }

  std::string Rv() const { return std::to_string(cluster_->CurrentResourceVersion()); }

  kube::VirtualClock clock_;
  std::unique_ptr<fakecluster::FakeCluster> cluster_;
};

}  // namespace fakecluster_test
