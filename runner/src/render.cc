// Render: throwaway cluster, reference to quiescence, generated objects printed.
#include "runner/render.h"

#include <fmt/format.h>

#include <algorithm>
#include <iostream>
#include <sstream>
#include <string_view>

#include "kube/yaml.h"
#include "reference/target.h"
#include "runner/backend.h"
#include "runner/manifests.h"
#include "runner/matcher.h"
#include "target_notes.h"
#include "terminal_text.h"

namespace runner {
namespace {

// Namespaces, then CRDs, then everything else, so each object's prerequisites exist first.
int CreationRank(const kube::Object& object) {
  if (object.Kind() == "Namespace") return 0;
  if (object.Kind() == "CustomResourceDefinition") return 1;
  return 2;
}

kube::Json ForDisplay(kube::Json object, bool show_metadata) {
  if (!show_metadata) object = WithoutVolatileMetadata(object);
  if (object.contains("metadata")) object["metadata"].erase("managedFields");
  return object;
}

// One line of diagnostics: what came from the input is escaped (terminal_text.h).
void WriteLine(std::ostream& err, std::string_view line) {
  err << EscapeControlCharacters(line) << '\n';
}

// Lines written by another part (ReadManifests), each escaped.
void WriteLines(std::ostream& err, const std::string& lines) {
  size_t start = 0;
  while (start < lines.size()) {
    size_t end = lines.find('\n', start);
    if (end == std::string::npos) end = lines.size();
    WriteLine(err, std::string_view(lines).substr(start, end - start));
    start = end + 1;
  }
}

}  // namespace

int Render(const RenderOptions& options, std::ostream& out, std::ostream& err) {
  return Render(options, std::cin, out, err);
}

int Render(const RenderOptions& options, std::istream& in, std::ostream& out, std::ostream& err) {
  ManifestReadOptions read_options;
  read_options.recursive = options.recursive;
  std::ostringstream notes;
  auto read = ReadManifests(options.files, read_options, in, notes);
  WriteLines(err, notes.str());
  if (!read.ok()) {
    WriteLine(err, "error: " + read.status().message());
    return 2;
  }
  std::vector<Manifest> manifests = std::move(*read);
  std::stable_sort(manifests.begin(), manifests.end(), [](const Manifest& a, const Manifest& b) {
    return CreationRank(a.object) < CreationRank(b.object);
  });

  BackendOptions backend_options;
  backend_options.seed = options.seed;
  backend_options.reconciler.profile = options.profile;
  backend_options.reconciler.extended = options.extended;
  backend_options.reconciler.substitution_limits = options.substitution_limits;
  InProcessBackend backend(backend_options);
  kube::Client& client = backend.ScenarioClient();
  std::vector<kube::Object> objects;  // what was stored, in creation order
  for (Manifest& manifest : manifests) {
    kube::Object& object = manifest.object;
    // CRDs come first, so a custom resource whose CRD is among the manifests is served by now.
    const kube::KindRegistry kinds = backend.Kinds();
    const kube::ResourceInfo* info = kinds.Find(object.Gvk());
    if (!info) {
      WriteLine(err, fmt::format("warning: {}: {}/{} \"{}\": no such kind is served (custom "
                                 "resource without its CustomResourceDefinition?); skipped",
                                 manifest.Location(), object.Gvk().QualifiedKind(),
                                 object.Gvk().version, object.Name()));
      continue;
    }
    if (!info->namespaced) object.json()["metadata"].erase("namespace");
    if (info->namespaced && object.Namespace().empty()) object.SetNamespace("default");
    if (info->namespaced) {
      kube::Object ns(kube::Json{{"apiVersion", "v1"},
                                 {"kind", "Namespace"},
                                 {"metadata", {{"name", object.Namespace()}}}});
      (void)client.Create(ns);
    }
    auto created = client.Create(object);
    if (!created.ok() && created.status().reason() != kube::StatusReason::kAlreadyExists) {
      WriteLine(err, fmt::format("error: {}: {} {}: {}", manifest.Location(), object.Kind(),
                                 object.Key(), created.status().message()));
      return 2;
    }
    if (auto reason = NotATargetReason(object, options.profile)) {
      WriteLine(err,
                fmt::format("note: {} {}: {}; not a target", object.Kind(), object.Key(), *reason));
    }
    objects.push_back(object);
  }
  if (kube::Status status = backend.Start(); !status.ok()) {
    WriteLine(err, "error: " + status.message());
    return 2;
  }

  std::vector<kube::Json> generated;
  for (const auto& gvk : {reference::RepositoryKind(), reference::BackupConfigurationKind()}) {
    auto list = client.List(gvk, {});
    if (!list.ok()) continue;
    for (const auto& item : list->items) {
      generated.push_back(ForDisplay(item.json(), options.show_metadata));
    }
  }

  int exit_code = 0;
  for (const auto& object : objects) {
    if (reference::ClassifyTarget(object.Gvk()) == reference::TargetClass::kNone) continue;
    std::string key =
        object.Namespace().empty() ? object.Name() : object.Namespace() + "/" + object.Name();
    auto error = backend.LastError(object.Kind(), key);
    if (error && !error->ok()) {
      WriteLine(err, fmt::format("error: {} {}: {}", object.Kind(), key, error->message()));
      exit_code = 1;
    }
    kube::ListOptions list_options;
    list_options.namespace_name = object.Namespace();
    auto events = client.List({"", "v1", "Event"}, list_options);
    if (!events.ok()) continue;
    for (const auto& event : events->items) {
      const kube::Json& e = event.json();
      if (kube::StringAt(e, {"involvedObject", "name"}) != object.Name() ||
          kube::StringAt(e, {"involvedObject", "kind"}) != object.Kind()) {
        continue;
      }
      std::string type = e.value("type", "");
      WriteLine(err, fmt::format("event: {} {} {}: {}: {}", object.Kind(), key, type,
                                 e.value("reason", ""), e.value("message", "")));
      if (type == "Warning") exit_code = 1;
    }
  }

  if (options.json) {
    kube::Json list = {{"apiVersion", "v1"}, {"kind", "List"}, {"items", generated}};
    out << list.dump(2) << "\n";
  } else {
    for (size_t i = 0; i < generated.size(); ++i) {
      if (i > 0) out << "---\n";
      out << kube::ToYaml(generated[i]);
    }
  }
  return exit_code;
}

}  // namespace runner
