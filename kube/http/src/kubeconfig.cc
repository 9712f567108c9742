// Kubeconfig loading.
#include "kube/kubeconfig.h"

#include <fmt/format.h>

#include <filesystem>

#include "kube/base64.h"
#include "kube/file.h"
#include "kube/yaml.h"

namespace kube {
namespace {

// The entry named `name` of a kubeconfig list (clusters, users, contexts), or null.
const Json* FindNamed(const Json& config, std::string_view list, std::string_view key,
                      std::string_view name) {
  auto it = config.find(std::string(list));
  if (it == config.end() || !it->is_array()) return nullptr;
  for (const auto& entry : *it) {
    if (entry.is_object() && entry.value("name", "") == name) {
      auto inner = entry.find(std::string(key));
      if (inner != entry.end() && inner->is_object()) return &*inner;
    }
  }
  return nullptr;
}

// A `<field>-data` (base64) or `<field>` (file path) pair.
StatusOr<std::string> DataOrFile(const Json& section, const std::string& field,
                                 std::string_view source, const std::string& base_dir) {
  if (auto data = section.find(field + "-data"); data != section.end() && data->is_string()) {
    auto decoded = DecodeBase64(data->get<std::string>());
    if (!decoded) {
      return BadRequestError(fmt::format("{}: {}-data is not valid base64", source, field));
    }
    return *decoded;
  }
  if (auto file = section.find(field); file != section.end() && file->is_string()) {
    std::filesystem::path path(file->get<std::string>());
    if (path.is_relative() && !base_dir.empty()) path = std::filesystem::path(base_dir) / path;
    auto text = ReadWholeFile(path.string());
    if (!text) {
      return BadRequestError(fmt::format("{}: cannot read {} {}", source, field, path.string()));
    }
    return *text;
  }
  return std::string();
}

}  // namespace

StatusOr<Kubeconfig> ParseKubeconfig(std::string_view text, std::string_view source,
                                     const std::string& base_dir, std::string_view context) {
  KUBE_ASSIGN_OR_RETURN(Json config, ParseYamlDocument(text, source));
  if (!config.is_object()) return BadRequestError(fmt::format("{}: not a kubeconfig", source));
  std::string context_name(context);
  if (context_name.empty()) context_name = config.value("current-context", "");
  if (context_name.empty()) {
    return BadRequestError(fmt::format("{}: no current-context and no context given", source));
  }
  const Json* ctx = FindNamed(config, "contexts", "context", context_name);
  if (!ctx) return BadRequestError(fmt::format("{}: context {:?} not found", source, context_name));
  std::string cluster_name = ctx->value("cluster", "");
  const Json* cluster = FindNamed(config, "clusters", "cluster", cluster_name);
  if (!cluster) {
    return BadRequestError(fmt::format("{}: cluster {:?} not found", source, cluster_name));
  }
  Kubeconfig out;
  out.server = cluster->value("server", "");
  if (out.server.empty()) {
    return BadRequestError(fmt::format("{}: cluster {:?} has no server", source, cluster_name));
  }
  out.insecure_skip_tls_verify = cluster->value("insecure-skip-tls-verify", false);
  KUBE_ASSIGN_OR_RETURN(out.ca_pem,
                        DataOrFile(*cluster, "certificate-authority", source, base_dir));
  if (auto ns = ctx->value("namespace", ""); !ns.empty()) out.namespace_name = ns;
  std::string user_name = ctx->value("user", "");
  if (const Json* user = FindNamed(config, "users", "user", user_name)) {
    out.token = user->value("token", "");
    if (out.token.empty()) {
      if (auto file = user->value("tokenFile", ""); !file.empty()) {
        std::filesystem::path path(file);
        if (path.is_relative() && !base_dir.empty()) path = std::filesystem::path(base_dir) / path;
        auto token = ReadWholeFile(path.string());
        if (!token) {
          return BadRequestError(
              fmt::format("{}: cannot read tokenFile {}", source, path.string()));
        }
        out.token = *token;
        while (!out.token.empty() && (out.token.back() == '\n' || out.token.back() == '\r')) {
          out.token.pop_back();
        }
      }
    }
    KUBE_ASSIGN_OR_RETURN(out.client_certificate_pem,
                          DataOrFile(*user, "client-certificate", source, base_dir));
    KUBE_ASSIGN_OR_RETURN(out.client_key_pem, DataOrFile(*user, "client-key", source, base_dir));
  }
  return out;
}

StatusOr<Kubeconfig> LoadKubeconfig(const std::string& path, std::string_view context) {
  auto text = ReadWholeFile(path);
  if (!text) return BadRequestError(fmt::format("cannot read kubeconfig {}", path));
  std::string base_dir = std::filesystem::path(path).parent_path().string();
  return ParseKubeconfig(*text, path, base_dir, context);
}

}  // namespace kube
