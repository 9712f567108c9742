// Object: one Kubernetes object as a JSON document with typed accessors for the common parts
// (apiVersion, kind, metadata). Value type; copying copies the JSON. Accessors never throw:
// a missing or ill-typed field reads as empty. ObjectView offers the same reads over a document
// owned elsewhere, for code that only reads.
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

// ObjectView: the read accessors of Object over a JSON document owned elsewhere, without
// copying it. Valid while that document lives and is not moved.
class ObjectView {
 public:
  explicit ObjectView(const Json& json) : json_(&json) {}

  const Json& json() const { return *json_; }

  std::string ApiVersion() const;
  std::string Kind() const;
  GroupVersionKind Gvk() const;
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
  // metadata as an object (an empty one when absent or not an object).
  const Json& Metadata() const;
  // "<namespace>/<name>", or "<name>" for cluster-scoped objects.
  std::string Key() const;

 private:
  const Json* json_;
};

class Object {
 public:
  Object() : json_(Json::object()) {}
  explicit Object(Json json) : json_(std::move(json)) {}

  const Json& json() const { return json_; }
  Json& json() { return json_; }
  ObjectView View() const { return ObjectView(json_); }

  std::string ApiVersion() const { return View().ApiVersion(); }
  std::string Kind() const { return View().Kind(); }
  GroupVersionKind Gvk() const { return View().Gvk(); }
  void SetGvk(const GroupVersionKind& gvk);

  std::string Name() const { return View().Name(); }
  std::string GenerateName() const { return View().GenerateName(); }
  std::string Namespace() const { return View().Namespace(); }
  std::string Uid() const { return View().Uid(); }
  std::string ResourceVersion() const { return View().ResourceVersion(); }
  int64_t Generation() const { return View().Generation(); }  // 0 when absent
  std::string CreationTimestamp() const { return View().CreationTimestamp(); }
  std::optional<std::string> DeletionTimestamp() const { return View().DeletionTimestamp(); }
  std::map<std::string, std::string> Labels() const { return View().Labels(); }
  std::map<std::string, std::string> Annotations() const { return View().Annotations(); }
  std::optional<std::string> Annotation(std::string_view key) const {
    return View().Annotation(key);
  }
  std::vector<std::string> Finalizers() const { return View().Finalizers(); }
  std::vector<OwnerReference> OwnerReferences() const { return View().OwnerReferences(); }

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
  const Json& Metadata() const { return View().Metadata(); }
  Json& MutableMetadata();

  // "<namespace>/<name>", or "<name>" for cluster-scoped objects.
  std::string Key() const { return View().Key(); }

  bool operator==(const Object& other) const { return json_ == other.json_; }

 private:
  Json json_;
};

// The length of json.dump() (compact), counted without building the string. Never throws: a byte
// that is not valid UTF-8 counts as the U+FFFD that Go's encoder (and an answer) would write.
size_t DumpedSize(const Json& json);

// Reads a string at a JSON pointer-like path of keys; empty when absent or not a string.
std::string StringAt(const Json& json, std::initializer_list<std::string_view> path);

}  // namespace kube
