// Discovery documents: groups, versions and resources from the kind registry.
#include "discovery.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>

namespace fakecluster::http {
namespace {

struct ParsedVersion {
  bool kube_like = false;
  int major = 0;
  int stability = 0;  // 2 GA, 1 beta, 0 alpha
  int minor = 0;
};

ParsedVersion ParseVersion(std::string_view v) {
  ParsedVersion parsed;
  if (v.size() < 2 || v[0] != 'v' || !std::isdigit(static_cast<unsigned char>(v[1]))) {
    return parsed;
  }
  size_t i = 1;
  while (i < v.size() && std::isdigit(static_cast<unsigned char>(v[i]))) {
    parsed.major = parsed.major * 10 + (v[i] - '0');
    if (parsed.major > 1000000) return parsed;
    ++i;
  }
  if (i == v.size()) {
    parsed.kube_like = true;
    parsed.stability = 2;
    return parsed;
  }
  std::string_view rest = v.substr(i);
  if (rest.starts_with("beta")) {
    parsed.stability = 1;
    rest.remove_prefix(4);
  } else if (rest.starts_with("alpha")) {
    parsed.stability = 0;
    rest.remove_prefix(5);
  } else {
    return parsed;
  }
  if (rest.empty()) return parsed;
  for (char c : rest) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return parsed;
    parsed.minor = parsed.minor * 10 + (c - '0');
    if (parsed.minor > 1000000) return parsed;
  }
  parsed.kube_like = true;
  return parsed;
}

kube::Json GroupVersionEntry(std::string_view group, std::string_view version) {
  std::string gv =
      group.empty() ? std::string(version) : std::string(group) + "/" + std::string(version);
  return {{"groupVersion", gv}, {"version", version}};
}

kube::Json GroupJson(const kube::KindRegistry& kinds, std::string_view group) {
  kube::Json versions = kube::Json::array();
  std::vector<std::string> ordered = GroupVersions(kinds, group);
  for (const auto& v : ordered) versions.push_back(GroupVersionEntry(group, v));
  return {{"name", group},
          {"versions", versions},
          {"preferredVersion", GroupVersionEntry(group, ordered.front())}};
}

}  // namespace

bool VersionHigherPriority(std::string_view a, std::string_view b) {
  ParsedVersion pa = ParseVersion(a), pb = ParseVersion(b);
  if (pa.kube_like != pb.kube_like) return pa.kube_like;
  if (!pa.kube_like) return a < b;
  if (pa.stability != pb.stability) return pa.stability > pb.stability;
  if (pa.major != pb.major) return pa.major > pb.major;
  return pa.minor > pb.minor;
}

std::vector<std::string> GroupVersions(const kube::KindRegistry& kinds, std::string_view group) {
  std::set<std::string> versions;
  for (const kube::ResourceInfo* info : kinds.All()) {
    if (info->gvk.group == group) versions.insert(info->gvk.version);
  }
  std::vector<std::string> ordered(versions.begin(), versions.end());
  std::sort(ordered.begin(), ordered.end(),
            [](const std::string& a, const std::string& b) { return VersionHigherPriority(a, b); });
  return ordered;
}

kube::Json CoreApiVersions(std::string_view server_address) {
  return {{"kind", "APIVersions"},
          {"versions", {"v1"}},
          {"serverAddressByClientCIDRs",
           {{{"clientCIDR", "0.0.0.0/0"}, {"serverAddress", server_address}}}}};
}

kube::Json ApiGroupList(const kube::KindRegistry& kinds) {
  std::set<std::string> groups;
  for (const kube::ResourceInfo* info : kinds.All()) {
    if (!info->gvk.group.empty()) groups.insert(info->gvk.group);
  }
  kube::Json list = kube::Json::array();
  for (const auto& group : groups) list.push_back(GroupJson(kinds, group));
  return {{"kind", "APIGroupList"}, {"apiVersion", "v1"}, {"groups", list}};
}

std::optional<kube::Json> ApiGroup(const kube::KindRegistry& kinds, std::string_view group) {
  if (group.empty() || GroupVersions(kinds, group).empty()) return std::nullopt;
  kube::Json out = GroupJson(kinds, group);
  out["kind"] = "APIGroup";
  out["apiVersion"] = "v1";
  return out;
}

std::optional<kube::Json> ApiResourceList(const kube::KindRegistry& kinds, std::string_view group,
                                          std::string_view version) {
  std::map<std::string, const kube::ResourceInfo*> by_plural;
  for (const kube::ResourceInfo* info : kinds.All()) {
    if (info->gvk.group == group && info->gvk.version == version) by_plural[info->plural] = info;
  }
  if (by_plural.empty()) return std::nullopt;
  kube::Json resources = kube::Json::array();
  for (const auto& [plural, info] : by_plural) {
    kube::Json verbs = {"create", "delete", "deletecollection", "get",
                        "list",   "patch",  "update",           "watch"};
    kube::Json entry = {{"name", plural},
                        {"singularName", info->singular},
                        {"namespaced", info->namespaced},
                        {"kind", info->gvk.kind},
                        {"verbs", verbs}};
    if (!info->short_names.empty()) entry["shortNames"] = info->short_names;
    if (!info->categories.empty()) entry["categories"] = info->categories;
    resources.push_back(std::move(entry));
    if (info->has_status) {
      resources.push_back({{"name", plural + "/status"},
                           {"singularName", ""},
                           {"namespaced", info->namespaced},
                           {"kind", info->gvk.kind},
                           {"verbs", {"get", "patch", "update"}}});
    }
  }
  std::string gv =
      group.empty() ? std::string(version) : std::string(group) + "/" + std::string(version);
  return kube::Json{{"kind", "APIResourceList"},
                    {"apiVersion", "v1"},
                    {"groupVersion", gv},
                    {"resources", resources}};
}

kube::Json VersionInfo() {
  return {{"major", "1"},
          {"minor", "30"},
          {"gitVersion", "v1.30.0-stashsim"},
          {"gitCommit", "0000000000000000000000000000000000000000"},
          {"gitTreeState", "clean"},
          {"buildDate", "2024-01-01T00:00:00Z"},
          {"goVersion", "go1.22.0"},
          {"compiler", "gc"},
          {"platform", "linux/amd64"}};
}

}  // namespace fakecluster::http
