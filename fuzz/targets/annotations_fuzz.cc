// Fuzz target: the annotation parsers of a target (reference/target.h). Input: up to four lines,
// the values of the template, paths/directories, volume-mounts and mountpath annotations. Each
// is parsed for every era and target class; the parsers must answer (never throw), split exactly
// like Go's strings.Split (joining the parts gives the text back), and keep every mount's parts.
#include "fuzz_input.h"
#include "kube/gvk.h"
#include "reference/profile.h"
#include "reference/target.h"

using stashsim_fuzz::Violated;

namespace {

std::string Join(const std::vector<std::string>& parts, char sep) {
  std::string text;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) text += sep;
    text += parts[i];
  }
  return text;
}

void CheckVolumeMounts(std::string_view annotation, reference::Profile profile) {
  auto mounts = reference::ParseVolumeMounts(annotation, profile);
  if (!mounts.ok()) {
    if (mounts.status().message().empty()) Violated("a volume-mounts error without a message");
    return;
  }
  std::vector<std::string> items;
  for (const reference::VolumeMount& mount : mounts.value()) {
    std::string item = mount.name + ":" + mount.mount_path;
    if (mount.sub_path) {
      if (profile == reference::Profile::kTemplate) Violated("a subPath in the template era");
      item += ":" + *mount.sub_path;
    }
    items.push_back(item);
    (void)mount.ToJson();
  }
  if (Join(items, ',') != annotation) Violated("volume mounts do not join back", annotation);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text = stashsim_fuzz::AsText(data, size);
  for (char sep : {',', ':'}) {
    if (Join(reference::SplitLikeGo(text, sep), sep) != text) Violated("SplitLikeGo loses text");
  }
  std::vector<std::string> lines = reference::SplitLikeGo(text, '\n');
  lines.resize(std::max<size_t>(lines.size(), 4));

  for (reference::Profile profile :
       {reference::Profile::kTemplate, reference::Profile::kBlueprint}) {
    CheckVolumeMounts(lines[2], profile);
    reference::AnnotationKeys keys = reference::KeysFor(profile);
    kube::Json annotations = kube::Json::object();
    annotations[std::string(keys.template_name)] = lines[0];
    annotations[std::string(keys.directories)] = lines[1];
    annotations[std::string(keys.volume_mounts)] = lines[2];
    if (!keys.mount_path.empty()) annotations[std::string(keys.mount_path)] = lines[3];
    for (const kube::GroupVersionKind& gvk : reference::TargetKinds()) {
      kube::Json json = {
          {"apiVersion", gvk.ApiVersion()},
          {"kind", gvk.kind},
          {"metadata", {{"name", "fuzz"}, {"namespace", "demo"}, {"annotations", annotations}}}};
      kube::Object object(json);
      reference::TargetClass target_class = reference::ClassifyTarget(gvk);
      if (!reference::HasRequiredAnnotations(object, target_class, profile)) continue;
      auto parsed = reference::ParseTargetAnnotations(object, target_class, profile);
      if (parsed.ok() && parsed.value().template_name != lines[0]) {
        Violated("the template name is not kept verbatim", lines[0]);
      }
    }
  }
  return 0;
}
