// Fuzz target: JSON text at the boundary, JSON Merge Patch and JSON Patch (kube/patch.h). Input:
// a target document, a line "%%", a patch document. Checked: ParseJson reads back what it
// serialises; a merge patch computed by CreateMergePatch between the target and a merged result
// turns the target into that result; JSON Patch answers a value or a Status, never throws.
#include "fuzz_input.h"
#include "kube/json_equals.h"
#include "kube/patch.h"

using stashsim_fuzz::Violated;

namespace {

// Whether some object member (outside arrays, which merge patch replaces whole) is null: merge
// patch cannot express those, so CreateMergePatch is not asked to.
bool HasNullMember(const kube::Json& value) {
  if (!value.is_object()) return false;
  for (const auto& [key, member] : value.items()) {
    if (member.is_null() || HasNullMember(member)) return true;
  }
  return false;
}

void CheckRoundTrip(const kube::Json& value) {
  auto again = kube::ParseJson(value.dump());
  if (!again.ok()) Violated("ParseJson rejects what dump() wrote", value.dump());
  if (!kube::JsonEquals(again.value(), value)) {
    Violated("ParseJson(dump()) changed the value", value.dump());
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto parts = stashsim_fuzz::SplitParts(stashsim_fuzz::AsText(data, size), "%%", 2);
  auto target = kube::ParseJson(parts[0], "target");
  if (!target.ok()) return 0;
  CheckRoundTrip(target.value());
  if (parts.size() < 2) return 0;
  auto patch = kube::ParseJson(parts[1], "patch");
  if (!patch.ok()) return 0;

  kube::Json merged = kube::ApplyMergePatch(target.value(), patch.value());
  if (!HasNullMember(merged) && target.value().is_object() && merged.is_object()) {
    kube::Json diff = kube::CreateMergePatch(target.value(), merged);
    kube::Json again = kube::ApplyMergePatch(target.value(), diff);
    if (!kube::JsonEquals(again, merged)) {
      Violated("CreateMergePatch does not reproduce the merge",
               target.value().dump() + "\n" + merged.dump() + "\n" + diff.dump());
    }
  }

  auto patched = kube::ApplyJsonPatch(target.value(), patch.value());
  if (!patched.ok() && patched.status().message().empty()) {
    Violated("a JSON Patch error without a message");
  }
  return 0;
}
