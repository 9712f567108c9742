// Validation of object metadata as the API server does it for every kind: name syntax
// (DNS-1123 subdomain, or label for namespaces), generateName, label keys and values,
// annotation keys and total size, owner references and finalizer names. Returns field causes
// in the real server's wording; empty means valid.
#pragma once

#include <vector>

#include "kube/object.h"
#include "kube/status.h"

namespace fakecluster {

struct MetadataRules {
  bool name_is_dns_label = false;  // namespaces
  bool namespaced = true;
};

std::vector<kube::StatusCause> ValidateMetadata(kube::ObjectView object,
                                                const MetadataRules& rules);

// Finalizers added by an update of an object that is being deleted (forbidden).
std::vector<std::string> NewFinalizers(kube::ObjectView old_object,
                                       kube::ObjectView new_object);

}  // namespace fakecluster
