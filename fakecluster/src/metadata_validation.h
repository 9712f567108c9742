// Validation of object metadata as the API server does it for every kind: name syntax
// (DNS-1123 subdomain, or label for namespaces), generateName, label keys and values,
// annotation keys and total size, owner references and finalizer names. Returns field causes
// in the real server's wording; empty means valid.
#pragma once

#include <string_view>
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

// 400 BadRequest when a request body cannot be decoded as an object at all (as the server's
// decoder would refuse it): the body is not a JSON object, apiVersion or kind is not a string,
// or metadata is neither an object nor null. `what` names the body ("the request body").
kube::Status CheckDecodable(const kube::Json& body, std::string_view what);

// Finalizers added by an update of an object that is being deleted (forbidden).
std::vector<std::string> NewFinalizers(kube::ObjectView old_object, kube::ObjectView new_object);

}  // namespace fakecluster
