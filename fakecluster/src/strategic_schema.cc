#include "strategic_schema.h"

#include <algorithm>
#include <array>

namespace fakecluster {
namespace {

// The built-in kinds with patch metadata beyond ObjectMeta, and where their pod spec sits (""
// for kinds without one). Other built-in kinds merge like custom resources: ObjectMeta's lists
// and maps by their keys, every other list replaced whole.
struct BuiltInKind {
  std::string_view api_version;
  std::string_view kind;
  std::string_view pod_spec;
};

constexpr std::array kBuiltInKinds = {
    BuiltInKind{"v1", "Namespace", ""},
    BuiltInKind{"v1", "ConfigMap", ""},
    BuiltInKind{"v1", "Secret", ""},
    BuiltInKind{"v1", "Event", ""},
    BuiltInKind{"v1", "PersistentVolumeClaim", ""},
    BuiltInKind{"v1", "ReplicationController", "spec.template.spec"},
    BuiltInKind{"v1", "Pod", "spec"},
    BuiltInKind{"apps/v1", "Deployment", "spec.template.spec"},
    BuiltInKind{"apps/v1", "StatefulSet", "spec.template.spec"},
    BuiltInKind{"apps/v1", "DaemonSet", "spec.template.spec"},
    BuiltInKind{"apps/v1", "ReplicaSet", "spec.template.spec"},
    BuiltInKind{"v1", "PodTemplate", "template.spec"},
    BuiltInKind{"batch/v1", "Job", "spec.template.spec"},
    BuiltInKind{"batch/v1", "CronJob", "spec.jobTemplate.spec.template.spec"},
};

// Which objects a row applies to, and what its path is relative to.
enum class Scope {
  kObjectMeta,  // every kind, custom resources included: path from the object root
  kBuiltIn,     // built-in kinds: path from the object root
  kPodSpec,     // kinds with a pod spec: path from the pod spec
  kContainer,   // every container list of a pod spec: path from one container
};

// The container lists of a pod spec (each item is a Container).
constexpr std::array<std::string_view, 3> kContainerLists = {"containers", "initContainers",
                                                             "ephemeralContainers"};

struct ListRow {
  Scope scope;
  std::string_view path;
  bool merge;                              // patchStrategy contains "merge"
  std::string_view merge_key;              // patchMergeKey
  ApplyListType apply_type;                // listType
  std::array<ListKeyField, 2> apply_keys;  // listMapKey(s); empty names are unused
};

constexpr ListKeyField Key(std::string_view name, std::string_view default_value = "") {
  return ListKeyField{name, default_value};
}

constexpr ApplyListType kMap = ApplyListType::kAssociative;
constexpr ApplyListType kSet = ApplyListType::kSet;
using enum Scope;

// clang-format off
constexpr std::array kListRows = {
    //      scope        path                         merge mergeKey        listType listMapKeys
    // ObjectMeta (k8s.io/apimachinery/pkg/apis/meta/v1).
    ListRow{kObjectMeta, "metadata.ownerReferences",  true, "uid",          kMap, {Key("uid")}},
    ListRow{kObjectMeta, "metadata.finalizers",       true, "",             kSet, {}},
    // Conditions of Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController,
    // PersistentVolumeClaim, Namespace, Job (and Pod).
    ListRow{kBuiltIn,    "status.conditions",         true, "type",         kMap, {Key("type")}},
    // PodSpec ("volumes" and "resourceClaims" have patchStrategy "merge,retainKeys").
    ListRow{kPodSpec,    "containers",                true, "name",         kMap, {Key("name")}},
    ListRow{kPodSpec,    "initContainers",            true, "name",         kMap, {Key("name")}},
    ListRow{kPodSpec,    "ephemeralContainers",       true, "name",         kMap, {Key("name")}},
    ListRow{kPodSpec,    "volumes",                   true, "name",         kMap, {Key("name")}},
    ListRow{kPodSpec,    "imagePullSecrets",          true, "name",         kMap, {Key("name")}},
    ListRow{kPodSpec,    "hostAliases",               true, "ip",           kMap, {Key("ip")}},
    ListRow{kPodSpec,    "topologySpreadConstraints", true, "topologyKey",  kMap,
            {Key("topologyKey"), Key("whenUnsatisfiable")}},
    ListRow{kPodSpec,    "schedulingGates",           true, "name",         kMap, {Key("name")}},
    ListRow{kPodSpec,    "resourceClaims",            true, "name",         kMap, {Key("name")}},
    // Container and EphemeralContainer.
    ListRow{kContainer,  "ports",                     true, "containerPort", kMap,
            {Key("containerPort"), Key("protocol", "TCP")}},
    ListRow{kContainer,  "env",                       true, "name",         kMap, {Key("name")}},
    ListRow{kContainer,  "volumeMounts",              true, "mountPath",    kMap,
            {Key("mountPath")}},
    ListRow{kContainer,  "volumeDevices",             true, "devicePath",   kMap,
            {Key("devicePath")}},
};
// clang-format on

enum class MapShape { kAtomic, kGranular };

struct MapRow {
  Scope scope;
  std::string_view kinds;  // comma-separated kind names; "" = every kind of the scope
  std::string_view path;
  bool any_depth;  // also matches the path as a suffix of a longer one
  MapShape shape;
};

constexpr MapShape kGranular = MapShape::kGranular;
constexpr MapShape kAtomic = MapShape::kAtomic;
constexpr std::string_view kWorkloadsAndClaims =
    "Deployment,ReplicaSet,StatefulSet,DaemonSet,Job,PersistentVolumeClaim";

// clang-format off
constexpr std::array kMapRows = {
    //     scope        kinds                    path                         any depth, shape
    MapRow{kObjectMeta, "",                      "metadata.labels",           true,  kGranular},
    MapRow{kObjectMeta, "",                      "metadata.annotations",      true,  kGranular},
    MapRow{kBuiltIn,    "ConfigMap,Secret",      "data",                      false, kGranular},
    MapRow{kBuiltIn,    "ConfigMap",             "binaryData",                false, kGranular},
    MapRow{kBuiltIn,    "Secret",                "stringData",                false, kGranular},
    MapRow{kBuiltIn,    "ReplicationController", "spec.selector",             false, kGranular},
    MapRow{kBuiltIn,    "",                      "matchLabels",               true,  kGranular},
    MapRow{kBuiltIn,    "",                      "resources.limits",          true,  kGranular},
    MapRow{kBuiltIn,    "",                      "resources.requests",        true,  kGranular},
    MapRow{kBuiltIn,    "PersistentVolumeClaim", "status.capacity",           false, kGranular},
    MapRow{kBuiltIn,    "PersistentVolumeClaim", "status.allocatedResources", false, kGranular},
    MapRow{kPodSpec,    "",                      "nodeSelector",              false, kGranular},
    MapRow{kPodSpec,    "",                      "overhead",                  false, kGranular},
    // metav1.LabelSelector is +structType=atomic.
    MapRow{kBuiltIn,    kWorkloadsAndClaims,     "spec.selector",             false, kAtomic},
};
// clang-format on

bool KindListed(std::string_view kinds, std::string_view kind) {
  if (kinds.empty()) return true;
  while (!kinds.empty()) {
    size_t comma = kinds.find(',');
    if (kinds.substr(0, comma) == kind) return true;
    if (comma == std::string_view::npos) break;
    kinds.remove_prefix(comma + 1);
  }
  return false;
}

std::string Join(std::string_view prefix, std::string_view path) {
  if (prefix.empty()) return std::string(path);
  return std::string(prefix) + "." + std::string(path);
}

// The full patterns a row stands for in a kind (`built_in` is nullptr for custom resources).
std::vector<std::string> ExpandRow(Scope scope, std::string_view kinds, std::string_view path,
                                   const BuiltInKind* built_in) {
  if (scope != kObjectMeta && (built_in == nullptr || !KindListed(kinds, built_in->kind))) {
    return {};
  }
  switch (scope) {
    case kObjectMeta:
    case kBuiltIn:
      return {std::string(path)};
    case kPodSpec:
      if (built_in->pod_spec.empty()) return {};
      return {Join(built_in->pod_spec, path)};
    case kContainer: {
      if (built_in->pod_spec.empty()) return {};
      std::vector<std::string> patterns;
      patterns.reserve(kContainerLists.size());
      for (std::string_view list : kContainerLists) {
        patterns.push_back(Join(PatternItem(Join(built_in->pod_spec, list)), path));
      }
      return patterns;
    }
  }
  return {};
}

ListRule RuleOf(const ListRow& row) {
  ListRule rule;
  rule.merge = row.merge;
  rule.merge_key = row.merge_key;
  rule.apply_type = row.apply_type;
  for (const ListKeyField& key : row.apply_keys) {
    if (!key.name.empty()) rule.apply_keys.push_back(key);
  }
  return rule;
}

const BuiltInKind* FindBuiltIn(std::string_view api_version, std::string_view kind) {
  for (const BuiltInKind& built_in : kBuiltInKinds) {
    if (built_in.kind == kind && (api_version.empty() || built_in.api_version == api_version)) {
      return &built_in;
    }
  }
  return nullptr;
}

}  // namespace

class KindSchemaBuilder {
 public:
  static KindSchema Build(const BuiltInKind* built_in) {
    KindSchema schema;
    for (const ListRow& row : kListRows) {
      for (std::string& pattern : ExpandRow(row.scope, "", row.path, built_in)) {
        schema.lists_.emplace(std::move(pattern), RuleOf(row));
      }
    }
    for (const MapRow& row : kMapRows) {
      for (std::string& pattern : ExpandRow(row.scope, row.kinds, row.path, built_in)) {
        if (row.shape == MapShape::kAtomic) {
          schema.atomic_maps_.insert(std::move(pattern));
        } else if (row.any_depth) {
          schema.granular_map_suffixes_.push_back(std::move(pattern));
        } else {
          schema.granular_maps_.insert(std::move(pattern));
        }
      }
    }
    return schema;
  }
};

namespace {

const std::map<const BuiltInKind*, KindSchema>& BuiltInSchemas() {
  static const auto* schemas = [] {
    auto* built = new std::map<const BuiltInKind*, KindSchema>();
    for (const BuiltInKind& built_in : kBuiltInKinds) {
      built->emplace(&built_in, KindSchemaBuilder::Build(&built_in));
    }
    return built;
  }();
  return *schemas;
}

const KindSchema& CustomResourceSchema() {
  static const auto* schema = new KindSchema(KindSchemaBuilder::Build(nullptr));
  return *schema;
}

const KindSchema& SchemaOf(const BuiltInKind* built_in) {
  if (built_in == nullptr) return CustomResourceSchema();
  return BuiltInSchemas().at(built_in);
}

}  // namespace

const KindSchema& KindSchema::For(std::string_view api_version, std::string_view kind) {
  if (api_version.empty()) return CustomResourceSchema();
  return SchemaOf(FindBuiltIn(api_version, kind));
}

const KindSchema& KindSchema::ForKind(std::string_view kind) {
  return SchemaOf(FindBuiltIn("", kind));
}

const ListRule* KindSchema::FindList(std::string_view pattern) const {
  auto it = lists_.find(pattern);
  return it == lists_.end() ? nullptr : &it->second;
}

bool KindSchema::IsAtomicMap(std::string_view pattern) const {
  return atomic_maps_.contains(pattern);
}

bool KindSchema::IsGranularMap(std::string_view pattern) const {
  if (granular_maps_.contains(pattern)) return true;
  return std::any_of(granular_map_suffixes_.begin(), granular_map_suffixes_.end(),
                     [pattern](const std::string& suffix) {
                       if (pattern == suffix) return true;
                       return pattern.size() > suffix.size() && pattern.ends_with(suffix) &&
                              pattern[pattern.size() - suffix.size() - 1] == '.';
                     });
}

std::string PatternChild(std::string_view pattern, std::string_view field) {
  return Join(pattern, field);
}

std::string PatternItem(std::string_view pattern) { return std::string(pattern) + "[]"; }

}  // namespace fakecluster
