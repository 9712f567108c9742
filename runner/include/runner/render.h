// `stashsim render`: what default backup would generate for some manifests, without a cluster.
// Loads every object of the given manifests (runner/manifests.h: files, directories, "-";
// Lists expanded; server-set fields dropped) into a throwaway fake cluster, runs the reference to
// quiescence and prints the generated Repository and BackupConfiguration objects, or each
// target's error and events. Objects of kinds the cluster does not serve (a custom resource
// without its CRD) are skipped with a warning; annotated objects that are not targets get a note
// saying why.
#pragma once

#include <istream>
#include <ostream>
#include <string>
#include <vector>

#include "reference/profile.h"
#include "reference/substitution.h"

namespace runner {

struct RenderOptions {
  reference::Profile profile = reference::Profile::kTemplate;
  std::vector<std::string> files;  // files, directories, or "-" for standard input
  bool recursive = false;          // descend into sub-directories of a directory
  bool json = false;               // -o json: one v1 List; default YAML documents
  bool show_metadata = false;      // keep uid, resourceVersion, creationTimestamp, generation
  bool extended = false;
  uint64_t seed = 1;
  reference::SubstitutionLimits substitution_limits;
};

// Writes the generated objects to `out`; warnings, notes, errors and events to `err` (one line
// each, prefixed "warning:", "note:", "error:", "event:"). "-" reads `in`. Returns the exit
// status: 0 success, 1 a target failed, 2 unreadable input or an object the cluster rejects.
int Render(const RenderOptions& options, std::istream& in, std::ostream& out, std::ostream& err);
// The same, "-" reading std::cin.
int Render(const RenderOptions& options, std::ostream& out, std::ostream& err);

}  // namespace runner
