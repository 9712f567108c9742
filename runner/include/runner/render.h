// `stashsim render`: what default backup would generate for some manifests, without a cluster.
// Loads every object of the given files (templates, targets and anything else, such as the
// ConfigMaps next to a workload) into a throwaway fake cluster, runs the reference to
// quiescence and prints the generated Repository and BackupConfiguration objects, or each
// target's error and events.
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "reference/profile.h"

namespace runner {

struct RenderOptions {
  reference::Profile profile = reference::Profile::kTemplate;
  std::vector<std::string> files;
  bool json = false;            // -o json: one v1 List; default YAML documents
  bool show_metadata = false;   // keep uid, resourceVersion, creationTimestamp, generation
  bool extended = false;
  uint64_t seed = 1;
};

// Writes the generated objects to `out`, errors and events to `err`. Returns the exit status:
// 0 success, 1 a target failed, 2 unreadable input.
int Render(const RenderOptions& options, std::ostream& out, std::ostream& err);

}  // namespace runner
