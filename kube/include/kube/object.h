// Object: one Kubernetes object as a JSON document with typed accessors for the common parts
// (apiVersion, kind, metadata). Value type; copying copies the JSON. Accessors never throw:
// a missing or ill-typed field reads as empty.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "kube/gvk.h"

namespace kube {

using Json = nlohmann::json;

struct OwnerReference {
  std::string api_version;
  std::string kind;
  std::string name;
  std::string uid;
  std::optional<bool> controller;
  std::optional<bool> block_owner_deletion;

  Json ToJson() const;  // omits unset optionals, like the Go type
  static OwnerReference FromJson(const Json& j);
  bool operator==(const OwnerReference&) const = default;
};

class Object {
 public:
  Object() : json_(Json::object()) {}
  explicit Object(Json json) : json_(std::move(json)) {}

  const Json& json() const { return json_; }
  Json& json() { return json_; }

  std::string ApiVersion() const;
  std::string Kind() const;
  GroupVersionKind Gvk() const;
  void SetGvk(const GroupVersionKind& gvk);

  std::string Name() const;
  std::string GenerateName() const;
  std::string Namespace() const;
  std::string Uid() const;
  std::string ResourceVersion() const;
  int64_t Generation() const;  // 0 when absent
  std::string CreationTimestamp() const;
  std::optional<std::string> DeletionTimestamp() const;
  std::map<std::string, std::string> Labels() const;
  std::map<std::string, std::string> Annotations() const;
  std::optional<std::string> Annotation(std::string_view key) const;
  std::vector<std::string> Finalizers() const;
  std::vector<OwnerReference> OwnerReferences() const;

  void SetName(std::string_view name);
  void SetNamespace(std::string_view ns);
  void SetResourceVersion(std::string_view rv);
  void SetLabels(const std::map<std::string, std::string>& labels);
  void SetAnnotations(const std::map<std::string, std::string>& annotations);
  void SetAnnotation(std::string_view key, std::string_view value);
  void RemoveAnnotation(std::string_view key);
  void SetFinalizers(const std::vector<std::string>& finalizers);
  void SetOwnerReferences(const std::vector<OwnerReference>& refs);

  // metadata as an object (created on first mutable access).
  const Json& Metadata() const;
  Json& MutableMetadata();

  // "<namespace>/<name>", or "<name>" for cluster-scoped objects.
  std::string Key() const;

  bool operator==(const Object& other) const { return json_ == other.json_; }

 private:
  Json json_;
};

// Reads a string at a JSON pointer-like path of keys; empty when absent or not a string.
std::string StringAt(const Json& json, std::initializer_list<std::string_view> path);

}  // namespace kube
