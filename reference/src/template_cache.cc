// TemplateCache implementation.
#include "template_cache.h"

namespace reference {

const CompiledJsonTemplate& TemplateCache::For(const kube::Object& template_object) {
  std::string resource_version = template_object.ResourceVersion();
  if (resource_version.empty()) {
    uncached_.emplace(template_object.json());
    return *uncached_;
  }
  std::string name = template_object.Name();
  std::string uid = template_object.Uid();
  auto it = by_name_.find(name);
  if (it != by_name_.end() && it->second.uid == uid &&
      it->second.resource_version == resource_version) {
    return it->second.compiled;
  }
  Entry entry{std::move(uid), std::move(resource_version),
              CompiledJsonTemplate(template_object.json())};
  if (it != by_name_.end()) {
    it->second = std::move(entry);
    return it->second.compiled;
  }
  return by_name_.emplace(std::move(name), std::move(entry)).first->second.compiled;
}

}  // namespace reference
