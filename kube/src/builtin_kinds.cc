// The built-in kinds the fake cluster serves: the standard API surface of Kubernetes 1.30 that
// stores objects (create-only review kinds such as TokenReview and SubjectAccessReview, and the
// read-only ComponentStatus, are left out), plus CustomResourceDefinition.
#include <array>
#include <cctype>
#include <string>
#include <string_view>
#include <vector>

#include "kube/gvk.h"

namespace kube {
namespace {

enum Scope : bool { kCluster = false, kNamespaced = true };
enum Status : bool { kNoStatus = false, kStatus = true };
// Whether metadata.generation is set on create and bumped when .spec changes.
enum Generation : bool { kNoGeneration = false, kGeneration = true };

struct BuiltInKindRow {
  std::string_view group;
  std::string_view versions;  // comma-separated; every version is served from one table
  std::string_view kind;
  std::string_view plural;
  std::string_view short_names;  // comma-separated
  Scope scope;
  Status status;
  Generation generation;
  std::string_view categories;  // comma-separated
};

// Notes on rows that look surprising:
//  - Pods, Services, Nodes, Namespaces and the storage kinds carry no metadata.generation in
//    1.30, although they have a spec.
//  - NetworkPolicy lost its status subresource in 1.28 (the alpha status field was removed).
//  - EndpointSlice and the webhook configurations have a generation upstream but no .spec (it
//    follows their top-level lists); the fake bumps generation on .spec changes only, so they
//    are served without one.
//  - HorizontalPodAutoscaler is served as autoscaling/v1 and autoscaling/v2 from one table;
//    objects are stored as written and only apiVersion is rewritten on read: there is no field
//    conversion between the two versions (v1's targetCPUUtilizationPercentage is not turned
//    into v2's metrics, nor the other way round).
//  - events.k8s.io/v1 Event is left out: upstream it is the core Event seen through a field
//    conversion (note/message, regarding/involvedObject), which a table shared without
//    conversion would get wrong.
// clang-format off
constexpr std::array kBuiltInKindRows = {
    //             group                           versions   kind                              plural                              short names      scope        status     generation     categories
    BuiltInKindRow{"",                             "v1",      "ConfigMap",                      "configmaps",                       "cm",            kNamespaced, kNoStatus, kNoGeneration, ""},
    BuiltInKindRow{"",                             "v1",      "Endpoints",                      "endpoints",                        "ep",            kNamespaced, kNoStatus, kNoGeneration, ""},
    BuiltInKindRow{"",                             "v1",      "Event",                          "events",                           "ev",            kNamespaced, kNoStatus, kNoGeneration, ""},
    BuiltInKindRow{"",                             "v1",      "LimitRange",                     "limitranges",                      "limits",        kNamespaced, kNoStatus, kNoGeneration, ""},
    BuiltInKindRow{"",                             "v1",      "Namespace",                      "namespaces",                       "ns",            kCluster,    kStatus,   kNoGeneration, ""},
    BuiltInKindRow{"",                             "v1",      "Node",                           "nodes",                            "no",            kCluster,    kStatus,   kNoGeneration, ""},
    BuiltInKindRow{"",                             "v1",      "PersistentVolumeClaim",          "persistentvolumeclaims",           "pvc",           kNamespaced, kStatus,   kNoGeneration, ""},
    BuiltInKindRow{"",                             "v1",      "PersistentVolume",               "persistentvolumes",                "pv",            kCluster,    kStatus,   kNoGeneration, ""},
    BuiltInKindRow{"",                             "v1",      "Pod",                            "pods",                             "po",            kNamespaced, kStatus,   kNoGeneration, "all"},
    BuiltInKindRow{"",                             "v1",      "PodTemplate",                    "podtemplates",                     "",              kNamespaced, kNoStatus, kNoGeneration, ""},
    BuiltInKindRow{"",                             "v1",      "ReplicationController",          "replicationcontrollers",           "rc",            kNamespaced, kStatus,   kGeneration,   "all"},
    BuiltInKindRow{"",                             "v1",      "ResourceQuota",                  "resourcequotas",                   "quota",         kNamespaced, kStatus,   kNoGeneration, ""},
    BuiltInKindRow{"",                             "v1",      "Secret",                         "secrets",                          "",              kNamespaced, kNoStatus, kNoGeneration, ""},
    BuiltInKindRow{"",                             "v1",      "ServiceAccount",                 "serviceaccounts",                  "sa",            kNamespaced, kNoStatus, kNoGeneration, ""},
    BuiltInKindRow{"",                             "v1",      "Service",                        "services",                         "svc",           kNamespaced, kStatus,   kNoGeneration, "all"},
    BuiltInKindRow{"admissionregistration.k8s.io", "v1",      "MutatingWebhookConfiguration",   "mutatingwebhookconfigurations",    "",              kCluster,    kNoStatus, kNoGeneration, "api-extensions"},
    BuiltInKindRow{"admissionregistration.k8s.io", "v1",      "ValidatingAdmissionPolicy",      "validatingadmissionpolicies",      "",              kCluster,    kStatus,   kGeneration,   "api-extensions"},
    BuiltInKindRow{"admissionregistration.k8s.io", "v1",      "ValidatingAdmissionPolicyBinding", "validatingadmissionpolicybindings", "",            kCluster,    kNoStatus, kGeneration,   "api-extensions"},
    BuiltInKindRow{"admissionregistration.k8s.io", "v1",      "ValidatingWebhookConfiguration", "validatingwebhookconfigurations",  "",              kCluster,    kNoStatus, kNoGeneration, "api-extensions"},
    BuiltInKindRow{"apiextensions.k8s.io",         "v1",      "CustomResourceDefinition",       "customresourcedefinitions",        "crd,crds",      kCluster,    kStatus,   kGeneration,   "api-extensions"},
    BuiltInKindRow{"apiregistration.k8s.io",       "v1",      "APIService",                     "apiservices",                      "",              kCluster,    kStatus,   kNoGeneration, "api-extensions"},
    BuiltInKindRow{"apps",                         "v1",      "ControllerRevision",             "controllerrevisions",              "",              kNamespaced, kNoStatus, kNoGeneration, ""},
    BuiltInKindRow{"apps",                         "v1",      "DaemonSet",                      "daemonsets",                       "ds",            kNamespaced, kStatus,   kGeneration,   "all"},
    BuiltInKindRow{"apps",                         "v1",      "Deployment",                     "deployments",                      "deploy",        kNamespaced, kStatus,   kGeneration,   "all"},
    BuiltInKindRow{"apps",                         "v1",      "ReplicaSet",                     "replicasets",                      "rs",            kNamespaced, kStatus,   kGeneration,   "all"},
    BuiltInKindRow{"apps",                         "v1",      "StatefulSet",                    "statefulsets",                     "sts",           kNamespaced, kStatus,   kGeneration,   "all"},
    BuiltInKindRow{"autoscaling",                  "v1,v2",   "HorizontalPodAutoscaler",        "horizontalpodautoscalers",         "hpa",           kNamespaced, kStatus,   kNoGeneration, "all"},
    BuiltInKindRow{"batch",                        "v1",      "CronJob",                        "cronjobs",                         "cj",            kNamespaced, kStatus,   kGeneration,   "all"},
    BuiltInKindRow{"batch",                        "v1",      "Job",                            "jobs",                             "",              kNamespaced, kStatus,   kGeneration,   "all"},
    BuiltInKindRow{"certificates.k8s.io",          "v1",      "CertificateSigningRequest",      "certificatesigningrequests",       "csr",           kCluster,    kStatus,   kNoGeneration, ""},
    BuiltInKindRow{"coordination.k8s.io",          "v1",      "Lease",                          "leases",                           "",              kNamespaced, kNoStatus, kNoGeneration, ""},
    BuiltInKindRow{"discovery.k8s.io",             "v1",      "EndpointSlice",                  "endpointslices",                   "",              kNamespaced, kNoStatus, kNoGeneration, ""},
    BuiltInKindRow{"flowcontrol.apiserver.k8s.io", "v1",      "FlowSchema",                     "flowschemas",                      "",              kCluster,    kStatus,   kGeneration,   ""},
    BuiltInKindRow{"flowcontrol.apiserver.k8s.io", "v1",      "PriorityLevelConfiguration",     "prioritylevelconfigurations",      "",              kCluster,    kStatus,   kGeneration,   ""},
    BuiltInKindRow{"networking.k8s.io",            "v1",      "IngressClass",                   "ingressclasses",                   "",              kCluster,    kNoStatus, kGeneration,   ""},
    BuiltInKindRow{"networking.k8s.io",            "v1",      "Ingress",                        "ingresses",                        "ing",           kNamespaced, kStatus,   kGeneration,   ""},
    BuiltInKindRow{"networking.k8s.io",            "v1",      "NetworkPolicy",                  "networkpolicies",                  "netpol",        kNamespaced, kNoStatus, kGeneration,   ""},
    BuiltInKindRow{"node.k8s.io",                  "v1",      "RuntimeClass",                   "runtimeclasses",                   "",              kCluster,    kNoStatus, kNoGeneration, ""},
    BuiltInKindRow{"policy",                       "v1",      "PodDisruptionBudget",            "poddisruptionbudgets",             "pdb",           kNamespaced, kStatus,   kGeneration,   ""},
    BuiltInKindRow{"rbac.authorization.k8s.io",    "v1",      "ClusterRoleBinding",             "clusterrolebindings",              "",              kCluster,    kNoStatus, kNoGeneration, ""},
    BuiltInKindRow{"rbac.authorization.k8s.io",    "v1",      "ClusterRole",                    "clusterroles",                     "",              kCluster,    kNoStatus, kNoGeneration, ""},
    BuiltInKindRow{"rbac.authorization.k8s.io",    "v1",      "RoleBinding",                    "rolebindings",                     "",              kNamespaced, kNoStatus, kNoGeneration, ""},
    BuiltInKindRow{"rbac.authorization.k8s.io",    "v1",      "Role",                           "roles",                            "",              kNamespaced, kNoStatus, kNoGeneration, ""},
    BuiltInKindRow{"scheduling.k8s.io",            "v1",      "PriorityClass",                  "priorityclasses",                  "pc",            kCluster,    kNoStatus, kNoGeneration, ""},
    BuiltInKindRow{"storage.k8s.io",               "v1",      "CSIDriver",                      "csidrivers",                       "",              kCluster,    kNoStatus, kNoGeneration, ""},
    BuiltInKindRow{"storage.k8s.io",               "v1",      "CSINode",                        "csinodes",                         "",              kCluster,    kNoStatus, kNoGeneration, ""},
    BuiltInKindRow{"storage.k8s.io",               "v1",      "CSIStorageCapacity",             "csistoragecapacities",             "",              kNamespaced, kNoStatus, kNoGeneration, ""},
    BuiltInKindRow{"storage.k8s.io",               "v1",      "StorageClass",                   "storageclasses",                   "sc",            kCluster,    kNoStatus, kNoGeneration, ""},
    BuiltInKindRow{"storage.k8s.io",               "v1",      "VolumeAttachment",               "volumeattachments",                "",              kCluster,    kStatus,   kNoGeneration, ""},
};
// clang-format on

std::vector<std::string> SplitCommas(std::string_view text) {
  std::vector<std::string> parts;
  while (!text.empty()) {
    size_t comma = text.find(',');
    parts.emplace_back(text.substr(0, comma));
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
  }
  return parts;
}

std::string LowerCase(std::string_view text) {
  std::string lower;
  lower.reserve(text.size());
  for (char c : text) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return lower;
}

}  // namespace

KindRegistry KindRegistry::WithBuiltIns() {
  KindRegistry registry;
  for (const BuiltInKindRow& row : kBuiltInKindRows) {
    for (std::string& version : SplitCommas(row.versions)) {
      ResourceInfo info;
      info.gvk = {std::string(row.group), std::move(version), std::string(row.kind)};
      info.plural = std::string(row.plural);
      info.singular = LowerCase(row.kind);
      info.short_names = SplitCommas(row.short_names);
      info.categories = SplitCommas(row.categories);
      info.namespaced = row.scope == kNamespaced;
      info.has_status = row.status == kStatus;
      info.built_in = true;
      info.spec_bumps_generation = row.generation == kGeneration;
      registry.Add(std::move(info));
    }
  }
  return registry;
}

}  // namespace kube
