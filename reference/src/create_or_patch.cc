// CreateOrPatch implementation.
#include "create_or_patch.h"

#include "kube/patch.h"

namespace reference {

kube::StatusOr<WriteOutcome> CreateOrPatch(kube::Client& client,
                                           const CreateOrPatchRequest& request) {
  kube::Status last_error;
  for (int attempt = 0; attempt < request.max_attempts; ++attempt) {
    auto current = client.Get(request.gvk, request.namespace_name, request.name);
    if (!current.ok() && current.status().reason() != kube::StatusReason::kNotFound) {
      return current.status();
    }
    if (!current.ok()) {
      kube::WriteOptions options;
      options.field_manager = request.field_manager;
      auto created = client.Create(kube::Object(request.desired), options);
      if (created.ok()) return WriteOutcome::kCreated;
      last_error = created.status();
      if (last_error.reason() == kube::StatusReason::kAlreadyExists && request.retry_conflicts) {
        continue;
      }
      return last_error;
    }
    kube::Json transformed = request.transform(current->json());
    kube::Json patch = kube::CreateMergePatch(current->json(), transformed);
    if (patch.empty() && !request.patch_always) return WriteOutcome::kUnchanged;
    if (request.may_patch) {
      KUBE_ASSIGN_OR_RETURN(bool proceed, request.may_patch(current->json()));
      if (!proceed) return WriteOutcome::kCalledOff;
    }
    kube::PatchOptions options;
    options.field_manager = request.field_manager;
    auto patched = client.Patch(request.gvk, request.namespace_name, request.name,
                                kube::PatchType::kMerge, patch.dump(), options);
    if (patched.ok()) return WriteOutcome::kPatched;
    last_error = patched.status();
    bool retryable = last_error.reason() == kube::StatusReason::kConflict ||
                     last_error.reason() == kube::StatusReason::kNotFound;
    if (!retryable || !request.retry_conflicts) return last_error;
  }
  return last_error;
}

}  // namespace reference
