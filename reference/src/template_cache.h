// TemplateCache: each template (BackupConfigurationTemplate or BackupBlueprint) compiled once
// per uid and resourceVersion, so that reconciling many targets of one template renders it
// without serialising and parsing it again. A template read with another uid or
// resourceVersion (changed, re-created, or a stale read) is compiled afresh. Not thread-safe.
#pragma once

#include <map>
#include <optional>
#include <string>

#include "kube/object.h"
#include "reference/substitution.h"

namespace reference {

class TemplateCache {
 public:
  // The compiled form of `template_object` (its whole document, as SubstituteJson takes it).
  const CompiledJsonTemplate& For(const kube::Object& template_object);

 private:
  struct Entry {
    std::string uid;
    std::string resource_version;
    CompiledJsonTemplate compiled;
  };
  std::map<std::string, Entry> by_name_;
  // For an object without a resourceVersion, which cannot be cached.
  std::optional<CompiledJsonTemplate> uncached_;
};

}  // namespace reference
