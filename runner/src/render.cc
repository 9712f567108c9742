// Render: throwaway cluster, reference to quiescence, generated objects printed.
#include "runner/render.h"

#include <algorithm>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "kube/yaml.h"
#include "reference/target.h"
#include "runner/backend.h"
#include "runner/matcher.h"

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

}  // namespace

int Render(const RenderOptions& options, std::ostream& out, std::ostream& err) {
  std::vector<kube::Object> objects;
  for (const auto& file : options.files) {
    std::ifstream in(file);
    if (!in) {
      err << fmt::format("error: {}: cannot read file\n", file);
      return 2;
    }
    std::stringstream text;
    text << in.rdbuf();
    auto docs = kube::ParseYamlDocuments(text.str(), file);
    if (!docs.ok()) {
      err << "error: " << docs.status().message() << "\n";
      return 2;
    }
    for (auto& doc : *docs) {
      kube::Object object(std::move(doc.value));
      if (object.Kind().empty() || object.ApiVersion().empty()) {
        err << fmt::format("error: {}:{}: object has no apiVersion or kind\n", file, doc.line);
        return 2;
      }
      objects.push_back(std::move(object));
    }
  }
  std::stable_sort(objects.begin(), objects.end(), [](const kube::Object& a, const kube::Object& b) {
    return CreationRank(a) < CreationRank(b);
  });

  BackendOptions backend_options;
  backend_options.seed = options.seed;
  backend_options.reconciler.profile = options.profile;
  backend_options.reconciler.extended = options.extended;
  InProcessBackend backend(backend_options);
  kube::Client& client = backend.ScenarioClient();
  for (auto& object : objects) {
    if (object.Kind() != "Namespace" && !object.Namespace().empty()) {
      kube::Object ns(kube::Json{{"apiVersion", "v1"}, {"kind", "Namespace"},
                                 {"metadata", {{"name", object.Namespace()}}}});
      (void)client.Create(ns);
    }
    if (object.Namespace().empty()) {
      auto info = backend.Cluster().FindKind(object.Gvk());
      if (info && info->namespaced) object.SetNamespace("default");
    }
    auto created = client.Create(object);
    if (!created.ok() && created.status().reason() != kube::StatusReason::kAlreadyExists) {
      err << fmt::format("error: {} {}: {}\n", object.Kind(), object.Key(),
                         created.status().message());
      return 2;
    }
  }
  if (kube::Status status = backend.Start(); !status.ok()) {
    err << "error: " << status.message() << "\n";
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
    if (reference::ClassifyTarget(object.Gvk(), {}) == reference::TargetClass::kNone) continue;
    std::string key = object.Namespace().empty() ? object.Name()
                                                 : object.Namespace() + "/" + object.Name();
    auto error = backend.LastError(object.Kind(), key);
    if (error && !error->ok()) {
      err << fmt::format("error: {} {}: {}\n", object.Kind(), key, error->message());
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
      err << fmt::format("event: {} {} {}: {}: {}\n", object.Kind(), key, type,
                         e.value("reason", ""), e.value("message", ""));
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
