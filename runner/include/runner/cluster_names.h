// ClusterNames: how one scenario's objects get names of their own on a shared cluster
// (`stashsim run --cluster`). Every namespace NS becomes "NS-SUFFIX", every cluster-scoped object
// (a template, a blueprint) "NAME-SUFFIX", and so does every template annotation's value, so
// scenarios can run side by side and next to a user's own objects. What is read back has each
// "-SUFFIX" removed again, so expectations, Event messages included, are written with the
// scenario's own names. The suffix holds a letter no hexadecimal uid has, so removing it never
// touches anything else.
#pragma once

#include <string>
#include <string_view>

#include "kube/client.h"
#include "kube/object.h"

namespace runner {

class ClusterNames {
 public:
  // `suffix`: lower-case letters and digits, at least one of them outside a-f and 0-9.
  explicit ClusterNames(std::string suffix);

  // A random suffix (5 characters, starting with a letter past 'f'), drawn from `entropy`.
  static std::string MakeSuffix(uint64_t entropy);

  const std::string& Suffix() const { return suffix_; }
  std::string ToCluster(std::string_view name) const;  // name + "-" + suffix; "" stays ""
  // Whether a cluster-side name is one of this scenario's.
  bool IsOurs(std::string_view cluster_name) const;

  // An object on its way to the cluster: namespace, the name of a cluster-scoped object (a
  // Namespace's too) and the template annotations' values.
  void ObjectToCluster(kube::Json& object, bool namespaced) const;
  // A patch body: the same, where a patch can set them.
  void PatchToCluster(kube::Json& body, kube::PatchType type) const;
  // Anything read back: "-SUFFIX" removed from every string in it.
  void FromCluster(kube::Json& value) const;
  std::string FromCluster(std::string_view text) const;

 private:
  void AnnotationsToCluster(kube::Json& annotations) const;

  std::string suffix_;
  std::string marker_;  // "-" + suffix
};

}  // namespace runner
