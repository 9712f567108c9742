// Reading Kubernetes manifests the way `kubectl apply -f` takes them: files, directories (their
// *.yaml, *.yml and *.json files in name order, optionally recursive) and "-" for standard
// input; multi-document YAML or JSON; `kind: List` and `<Kind>List` objects expanded into their
// items; the fields an API server sets (resourceVersion, uid, creationTimestamp, managedFields,
// generation, selfLink, status) dropped from pasted `kubectl get -o yaml` output, with a note.
#pragma once

#include <istream>
#include <ostream>
#include <string>
#include <vector>

#include "kube/object.h"
#include "kube/status.h"

namespace runner {

struct Manifest {
  kube::Object object;
  std::string file;  // as given ("-" for standard input), or the path inside a directory
  int line = 1;      // where the object (or its List item) starts

  // "<file>:<line>".
  std::string Location() const;
};

struct ManifestReadOptions {
  bool recursive = false;  // descend into sub-directories of a directory argument
};

// Reads every path in order. Notes about dropped server-set fields go to `notes`, one line per
// object: "note: <file>:<line>: <Kind> <key>: dropped server-set fields <a>, <b>". Errors (an
// unreadable path, invalid YAML, an object without apiVersion or kind) are kInvalid/kNotFound
// Statuses whose message names the file and line.
kube::StatusOr<std::vector<Manifest>> ReadManifests(const std::vector<std::string>& paths,
                                                    const ManifestReadOptions& options,
                                                    std::istream& standard_input,
                                                    std::ostream& notes);

// Parses one manifest text (`source` names it in messages and Manifest::file).
kube::StatusOr<std::vector<Manifest>> ParseManifests(std::string_view text,
                                                     const std::string& source,
                                                     std::ostream& notes);

}  // namespace runner
