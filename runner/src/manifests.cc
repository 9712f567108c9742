// Manifest reading for `stashsim render` (and anything else that takes kubectl-style -f input).
#include "runner/manifests.h"

#include <algorithm>
#include <filesystem>
#include <sstream>

#include <fmt/format.h>

#include "kube/file.h"
#include "kube/yaml.h"

namespace runner {
namespace {

namespace fs = std::filesystem;

// metadata fields the API server sets; kubectl get -o yaml prints them, create rejects or
// ignores them.
constexpr std::string_view kServerSetMetadata[] = {
    "resourceVersion", "uid", "creationTimestamp", "managedFields", "generation", "selfLink"};

bool IsManifestFile(const fs::path& path) {
  const std::string ext = path.extension().string();
  return ext == ".yaml" || ext == ".yml" || ext == ".json";
}

// The files a path stands for: itself, or a directory's manifest files in name order.
kube::StatusOr<std::vector<std::string>> ExpandPath(const std::string& path, bool recursive) {
  std::error_code ec;
  if (!fs::is_directory(path, ec)) return std::vector<std::string>{path};
  std::vector<std::string> files;
  auto add = [&files](const fs::directory_entry& entry) {
    if (entry.is_regular_file() && IsManifestFile(entry.path())) {
      files.push_back(entry.path().string());
    }
  };
  if (recursive) {
    for (const auto& entry : fs::recursive_directory_iterator(path, ec)) add(entry);
  } else {
    for (const auto& entry : fs::directory_iterator(path, ec)) add(entry);
  }
  if (ec) return kube::BadRequestError(fmt::format("{}: cannot read directory", path));
  std::sort(files.begin(), files.end());
  return files;
}

// Drops the server-set fields and says which were there.
std::vector<std::string> DropServerSetFields(kube::Json& object) {
  std::vector<std::string> dropped;
  auto metadata = object.find("metadata");
  if (metadata != object.end() && metadata->is_object()) {
    for (std::string_view field : kServerSetMetadata) {
      if (metadata->erase(std::string(field)) > 0) {
        dropped.push_back(fmt::format("metadata.{}", field));
      }
    }
  }
  if (object.erase("status") > 0) dropped.push_back("status");
  return dropped;
}

bool IsListKind(const kube::Json& object) {
  const std::string kind = object.value("kind", "");
  if (kind != "List" && !(kind.size() > 4 && kind.ends_with("List"))) return false;
  auto items = object.find("items");
  return items != object.end() && items->is_array();
}

struct Expander {
  const std::string& source;
  const kube::YamlDocument& document;
  std::ostream& notes;
  std::vector<Manifest> out;

  // `pointer` is where `object` sits in the document ("" for the root).
  kube::Status Add(kube::Json object, const std::string& pointer) {
    const int line = document.LineOf(pointer);
    if (!object.is_object()) {
      return kube::BadRequestError(
          fmt::format("{}:{}: a manifest must be an object", source, line));
    }
    if (IsListKind(object)) {
      // A typed list (DeploymentList) from the API omits its items' apiVersion and kind.
      const std::string list_kind = object.value("kind", "");
      const std::string item_kind =
          list_kind == "List" ? "" : list_kind.substr(0, list_kind.size() - 4);
      const std::string api_version = object.value("apiVersion", "");
      kube::Json& items = object["items"];
      for (size_t i = 0; i < items.size(); ++i) {
        kube::Json item = std::move(items[i]);
        if (item.is_object() && !item_kind.empty()) {
          if (!item.contains("kind")) item["kind"] = item_kind;
          if (!item.contains("apiVersion")) item["apiVersion"] = api_version;
        }
        KUBE_RETURN_IF_ERROR(Add(std::move(item), fmt::format("{}/items/{}", pointer, i)));
      }
      return kube::Status::Ok();
    }
    if (object.value("kind", "").empty() || object.value("apiVersion", "").empty()) {
      return kube::BadRequestError(
          fmt::format("{}:{}: object has no apiVersion or kind", source, line));
    }
    std::vector<std::string> dropped = DropServerSetFields(object);
    Manifest manifest{kube::Object(std::move(object)), source, line};
    if (!dropped.empty()) {
      std::string fields;
      for (const auto& field : dropped) fields += (fields.empty() ? "" : ", ") + field;
      notes << fmt::format("note: {}: {} {}: dropped server-set fields {}\n", manifest.Location(),
                           manifest.object.Kind(), manifest.object.Key(), fields);
    }
    out.push_back(std::move(manifest));
    return kube::Status::Ok();
  }
};

}  // namespace

std::string Manifest::Location() const { return fmt::format("{}:{}", file, line); }

kube::StatusOr<std::vector<Manifest>> ParseManifests(std::string_view text,
                                                     const std::string& source,
                                                     std::ostream& notes) {
  KUBE_ASSIGN_OR_RETURN(std::vector<kube::YamlDocument> documents,
                        kube::ParseYamlDocuments(text, source));
  std::vector<Manifest> manifests;
  for (kube::YamlDocument& document : documents) {
    Expander expander{source, document, notes, {}};
    KUBE_RETURN_IF_ERROR(expander.Add(std::move(document.value), ""));
    for (auto& manifest : expander.out) manifests.push_back(std::move(manifest));
  }
  return manifests;
}

kube::StatusOr<std::vector<Manifest>> ReadManifests(const std::vector<std::string>& paths,
                                                    const ManifestReadOptions& options,
                                                    std::istream& standard_input,
                                                    std::ostream& notes) {
  std::vector<Manifest> manifests;
  for (const std::string& path : paths) {
    std::vector<std::pair<std::string, std::string>> texts;  // (source, text)
    if (path == "-") {
      std::stringstream text;
      text << standard_input.rdbuf();
      texts.emplace_back("-", text.str());
    } else {
      KUBE_ASSIGN_OR_RETURN(std::vector<std::string> files, ExpandPath(path, options.recursive));
      for (const std::string& file : files) {
        std::optional<std::string> text = kube::ReadWholeFile(file);
        if (!text) return kube::BadRequestError(fmt::format("{}: cannot read file", file));
        texts.emplace_back(file, *std::move(text));
      }
    }
    for (const auto& [source, text] : texts) {
      KUBE_ASSIGN_OR_RETURN(std::vector<Manifest> parsed, ParseManifests(text, source, notes));
      for (auto& manifest : parsed) manifests.push_back(std::move(manifest));
    }
  }
  return manifests;
}

}  // namespace runner
