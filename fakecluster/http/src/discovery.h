// Discovery documents of the HTTP front, in the legacy JSON forms every client understands
// (`/api`, `/api/v1`, `/apis`, `/apis/{group}`, `/apis/{group}/{version}`) and `/version`,
// built from the cluster's kind registry. Pure: deterministic output for the same registry.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kube/gvk.h"
#include "kube/object.h"

namespace fakecluster::http {

// Kubernetes version priority: GA before beta before alpha, higher numbers first, then any
// other version string in lexical order (the order discovery lists versions in).
bool VersionHigherPriority(std::string_view a, std::string_view b);

// The served versions of `group`, most preferred first (empty when the group is not served).
std::vector<std::string> GroupVersions(const kube::KindRegistry& kinds, std::string_view group);

// APIVersions for /api; `server_address` is host:port as the client reached the server.
kube::Json CoreApiVersions(std::string_view server_address);
kube::Json ApiGroupList(const kube::KindRegistry& kinds);
// APIGroup for /apis/{group}; nullopt when the group is not served.
std::optional<kube::Json> ApiGroup(const kube::KindRegistry& kinds, std::string_view group);
// APIResourceList for /api/v1 or /apis/{group}/{version}; nullopt when not served.
std::optional<kube::Json> ApiResourceList(const kube::KindRegistry& kinds, std::string_view group,
                                          std::string_view version);
// version.Info for /version.
kube::Json VersionInfo();

}  // namespace fakecluster::http
