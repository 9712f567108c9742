// Gathers the served kinds and their schemas from a FakeCluster for the OpenAPI builders.
#include "fakecluster/cluster.h"
#include "fakecluster/openapi.h"

namespace fakecluster {

std::vector<OpenApiKind> CollectOpenApiKinds(const FakeCluster& cluster) {
  std::vector<OpenApiKind> kinds;
  const kube::KindRegistry registry = cluster.Kinds();
  // KindRegistry::All() is ordered by group, version, kind.
  for (const kube::ResourceInfo* info : registry.All()) {
    kinds.push_back({*info, info->built_in ? kube::Json(nullptr) : cluster.SchemaFor(info->gvk)});
  }
  return kinds;
}

}  // namespace fakecluster
