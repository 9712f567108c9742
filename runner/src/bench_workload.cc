// The generated objects of the bench workloads.
#include "runner/bench_workload.h"

#include <fmt/format.h>

#include <array>

#include "reference/target.h"

namespace runner {
namespace {

constexpr std::array<std::string_view, 5> kWorkloadNames = {
    "cold-start", "arrival", "template-change", "unannotate", "delete"};

const std::array<kube::GroupVersionKind, 10>& KindRotation() {
  static const std::array<kube::GroupVersionKind, 10> kKinds = {{
      {"apps", "v1", "Deployment"},
      {"apps", "v1", "StatefulSet"},
      {"apps", "v1", "Deployment"},
      {"apps", "v1", "DaemonSet"},
      {"", "v1", "PersistentVolumeClaim"},
      {"apps", "v1", "Deployment"},
      {"apps", "v1", "StatefulSet"},
      {"apps", "v1", "ReplicaSet"},
      {"", "v1", "ReplicationController"},
      {"appcatalog.appscode.com", "v1alpha1", "AppBinding"},
  }};
  return kKinds;
}

// The value each annotation key gets (spec section 2's worked example).
std::string AnnotationValue(std::string_view key, reference::Profile profile,
                            const std::string& template_name) {
  const reference::AnnotationKeys keys = reference::KeysFor(profile);
  if (key == keys.template_name) return template_name;
  if (key == keys.directories) return "/source/data,/source/config";
  if (key == keys.volume_mounts) return "source-data:/source/data,source-config:/source/config";
  if (key == keys.mount_path) return "/source";
  return "";
}

// The pod template of a workload: one container mounting the two volumes the annotations name.
kube::Json PodTemplate(const std::string& app) {
  return kube::Json::parse(fmt::format(R"({{
    "metadata": {{"labels": {{"app": "{0}"}}}},
    "spec": {{"containers": [{{"name": "app", "image": "busybox:1.36",
                              "command": ["sleep", "infinity"],
                              "volumeMounts": [{{"name": "source-data", "mountPath": "/source/data"}},
                                               {{"name": "source-config", "mountPath": "/source/config"}}]}}],
             "volumes": [{{"name": "source-data", "persistentVolumeClaim": {{"claimName": "data-{0}"}}}},
                         {{"name": "source-config", "configMap": {{"name": "config-{0}"}}}}]}}}})",
                                       app));
}

kube::Json TargetSpec(const kube::GroupVersionKind& gvk, const std::string& name) {
  if (gvk.kind == "PersistentVolumeClaim") {
    return {{"accessModes", {"ReadWriteOnce"}},
            {"resources", {{"requests", {{"storage", "1Gi"}}}}},
            {"storageClassName", "standard"}};
  }
  if (gvk.kind == "AppBinding") {
    return {
        {"type", "kubedb.com/postgres"},
        {"version", "11.2"},
        {"clientConfig", {{"service", {{"name", name}, {"port", 5432}, {"scheme", "postgresql"}}}}},
        {"secret", {{"name", name + "-auth"}}}};
  }
  kube::Json spec = {{"template", PodTemplate(name)}};
  if (gvk.kind == "ReplicationController") {
    spec["replicas"] = 1;
    spec["selector"] = {{"app", name}};
    return spec;
  }
  spec["selector"] = {{"matchLabels", {{"app", name}}}};
  if (gvk.kind != "DaemonSet") spec["replicas"] = 1;
  if (gvk.kind == "StatefulSet") spec["serviceName"] = name;
  return spec;
}

}  // namespace

std::string_view BenchWorkloadName(BenchWorkload workload) {
  return kWorkloadNames[static_cast<size_t>(workload)];
}

std::optional<BenchWorkload> BenchWorkloadFromName(std::string_view name) {
  for (size_t i = 0; i < kWorkloadNames.size(); ++i) {
    if (kWorkloadNames[i] == name) return static_cast<BenchWorkload>(i);
  }
  return std::nullopt;
}

std::vector<std::string> BenchWorkloadNames() {
  return {kWorkloadNames.begin(), kWorkloadNames.end()};
}

kube::GroupVersionKind BenchTargetKind(size_t index) {
  return KindRotation()[index % KindRotation().size()];
}

size_t BenchTargetKindCount() { return KindRotation().size(); }

std::string BenchNamespaceName(size_t index) { return fmt::format("bench-{:04}", index); }

kube::Object BenchNamespace(size_t index) {
  return kube::Object(kube::Json{{"apiVersion", "v1"},
                                 {"kind", "Namespace"},
                                 {"metadata", {{"name", BenchNamespaceName(index)}}}});
}

std::string BenchTemplateName(size_t index) { return fmt::format("bench-template-{}", index); }

kube::Object BenchTemplate(reference::Profile profile, size_t index, int revision) {
  kube::Json json =
      kube::Json::parse(fmt::format(R"({{
    "metadata": {{"name": "{0}"}},
    "spec": {{
      "backend": {{"gcs": {{"bucket": "appscode-qa",
                            "prefix": "stash-backup/r{1}/${{TARGET_NAMESPACE}}/${{TARGET_KIND}}/${{TARGET_NAME}}"}},
                  "storageSecretName": "gcs-secret"}},
      "schedule": "*/{2} * * * *",
      "retentionPolicy": {{"name": "keep-last-5", "keepLast": 5, "prune": true}}}}}})",
                                    BenchTemplateName(index), revision, 5 * revision));
  kube::Object object(std::move(json));
  object.SetGvk(reference::TemplateKind(profile));
  return object;
}

std::string BenchTemplatePatch(int revision) {
  return fmt::format(
      R"({{"spec": {{"backend": {{"gcs": {{"prefix": "stash-backup/r{0}/${{TARGET_NAMESPACE}}/${{TARGET_KIND}}/${{TARGET_NAME}}"}}}}, "schedule": "*/{1} * * * *"}}}})",
      revision, 5 * revision);
}

kube::Object BenchTarget(const WorkloadShape& shape, size_t index) {
  const kube::GroupVersionKind gvk = BenchTargetKind(index);
  const std::string name = fmt::format("t-{:07}", index);
  const std::string template_name = BenchTemplateName(index % shape.templates);
  kube::Json annotations = kube::Json::object();
  auto target_class = reference::ClassifyTarget(gvk);
  for (std::string_view key : reference::RequiredAnnotationKeys(target_class, shape.profile)) {
    annotations[std::string(key)] = AnnotationValue(key, shape.profile, template_name);
  }
  kube::Object object(kube::Json{{"metadata",
                                  {{"name", name},
                                   {"namespace", BenchNamespaceName(index % shape.namespaces)},
                                   {"labels", {{"app", name}}},
                                   {"annotations", std::move(annotations)}}},
                                 {"spec", TargetSpec(gvk, name)}});
  object.SetGvk(gvk);
  return object;
}

std::string BenchUnannotatePatch(reference::Profile profile) {
  return fmt::format(R"({{"metadata": {{"annotations": {{"{}": null}}}}}})",
                     reference::KeysFor(profile).template_name);
}

size_t ExpectedBackupConfigurations(BenchWorkload workload, const WorkloadShape& shape) {
  switch (workload) {
    case BenchWorkload::kColdStart:
    case BenchWorkload::kArrival:
    case BenchWorkload::kTemplateChange:
      return shape.targets;
    case BenchWorkload::kUnannotate:
      return 0;
    case BenchWorkload::kDelete:
      break;
  }
  if (shape.profile != reference::Profile::kTemplate) return 0;
  size_t app_bindings = 0;
  for (size_t i = 0; i < BenchTargetKindCount(); ++i) {
    if (BenchTargetKind(i) != reference::AppBindingKind()) continue;
    // Targets i, i + 10, i + 20, ... below shape.targets.
    if (i < shape.targets) app_bindings += (shape.targets - i - 1) / BenchTargetKindCount() + 1;
  }
  return app_bindings;
}

}  // namespace runner
