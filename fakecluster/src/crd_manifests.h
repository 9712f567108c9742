// The project's CRD manifests (fakecluster/crds/*.yaml, embedded at build time) as objects a
// cluster loads at start-up. They are part of the build: one that does not parse or load is a
// defect, and a cluster that meets one stops the process rather than run without the kind.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "kube/object.h"
#include "kube/status.h"

namespace fakecluster {

// Generated at build time from fakecluster/crds/*.yaml (cmake/StashsimEmbed.cmake): pairs of
// file name and YAML text.
std::vector<std::pair<std::string_view, std::string_view>> EmbeddedCrdManifests();

struct CrdManifest {
  std::string file;
  kube::Json object;
};

// Every document of `manifests` (file name, YAML text), in order; a file that does not parse
// is an error naming it.
kube::StatusOr<std::vector<CrdManifest>> ParseCrdManifests(
    const std::vector<std::pair<std::string_view, std::string_view>>& manifests);

// EmbeddedCrdManifests() through ParseCrdManifests, once per process.
const kube::StatusOr<std::vector<CrdManifest>>& EmbeddedStashCrds();

}  // namespace fakecluster
