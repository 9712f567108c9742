// Object accessors over the JSON document; tolerant of missing or ill-typed fields.
#include "kube/object.h"

namespace kube {
namespace {

const Json& EmptyObject() {
  static const Json kEmpty = Json::object();
  return kEmpty;
}

std::string StringField(const Json& obj, std::string_view key) {
  if (!obj.is_object()) return {};
  auto it = obj.find(key);
  return it != obj.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::map<std::string, std::string> StringMap(const Json& obj, std::string_view key) {
  std::map<std::string, std::string> out;
  if (!obj.is_object()) return out;
  auto it = obj.find(key);
  if (it == obj.end() || !it->is_object()) return out;
  for (const auto& [k, v] : it->items()) {
    if (v.is_string()) out.emplace(k, v.get<std::string>());
  }
  return out;
}

void SetStringMap(Json& metadata, const char* key, const std::map<std::string, std::string>& m) {
  if (m.empty()) {
    metadata.erase(key);
    return;
  }
  Json out = Json::object();
  for (const auto& [k, v] : m) out[k] = v;
  metadata[key] = std::move(out);
}

}  // namespace

Json OwnerReference::ToJson() const {
  Json out = {{"apiVersion", api_version}, {"kind", kind}, {"name", name}, {"uid", uid}};
  if (controller) out["controller"] = *controller;
  if (block_owner_deletion) out["blockOwnerDeletion"] = *block_owner_deletion;
  return out;
}

OwnerReference OwnerReference::FromJson(const Json& j) {
  OwnerReference ref;
  ref.api_version = StringField(j, "apiVersion");
  ref.kind = StringField(j, "kind");
  ref.name = StringField(j, "name");
  ref.uid = StringField(j, "uid");
  if (j.is_object()) {
    if (auto it = j.find("controller"); it != j.end() && it->is_boolean()) {
      ref.controller = it->get<bool>();
    }
    if (auto it = j.find("blockOwnerDeletion"); it != j.end() && it->is_boolean()) {
      ref.block_owner_deletion = it->get<bool>();
    }
  }
  return ref;
}

std::string ObjectView::ApiVersion() const { return StringField(*json_, "apiVersion"); }
std::string ObjectView::Kind() const { return StringField(*json_, "kind"); }
GroupVersionKind ObjectView::Gvk() const {
  return GroupVersionKind::FromApiVersion(ApiVersion(), Kind());
}

void Object::SetGvk(const GroupVersionKind& gvk) {
  json_["apiVersion"] = gvk.ApiVersion();
  json_["kind"] = gvk.kind;
}

const Json& ObjectView::Metadata() const {
  if (!json_->is_object()) return EmptyObject();
  auto it = json_->find("metadata");
  return it != json_->end() && it->is_object() ? *it : EmptyObject();
}

Json& Object::MutableMetadata() {
  if (!json_.is_object()) json_ = Json::object();
  Json& metadata = json_["metadata"];
  if (!metadata.is_object()) metadata = Json::object();
  return metadata;
}

std::string ObjectView::Name() const { return StringField(Metadata(), "name"); }
std::string ObjectView::GenerateName() const { return StringField(Metadata(), "generateName"); }
std::string ObjectView::Namespace() const { return StringField(Metadata(), "namespace"); }
std::string ObjectView::Uid() const { return StringField(Metadata(), "uid"); }
std::string ObjectView::ResourceVersion() const {
  return StringField(Metadata(), "resourceVersion");
}
std::string ObjectView::CreationTimestamp() const {
  return StringField(Metadata(), "creationTimestamp");
}

int64_t ObjectView::Generation() const {
  const Json& metadata = Metadata();
  auto it = metadata.find("generation");
  return it != metadata.end() && it->is_number_integer() ? it->get<int64_t>() : 0;
}

std::optional<std::string> ObjectView::DeletionTimestamp() const {
  const Json& metadata = Metadata();
  auto it = metadata.find("deletionTimestamp");
  if (it == metadata.end() || !it->is_string()) return std::nullopt;
  return it->get<std::string>();
}

std::map<std::string, std::string> ObjectView::Labels() const {
  return StringMap(Metadata(), "labels");
}
std::map<std::string, std::string> ObjectView::Annotations() const {
  return StringMap(Metadata(), "annotations");
}

std::optional<std::string> ObjectView::Annotation(std::string_view key) const {
  const Json& metadata = Metadata();
  auto it = metadata.find("annotations");
  if (it == metadata.end() || !it->is_object()) return std::nullopt;
  auto value = it->find(key);
  if (value == it->end() || !value->is_string()) return std::nullopt;
  return value->get<std::string>();
}

std::vector<std::string> ObjectView::Finalizers() const {
  std::vector<std::string> out;
  const Json& metadata = Metadata();
  auto it = metadata.find("finalizers");
  if (it == metadata.end() || !it->is_array()) return out;
  for (const auto& f : *it) {
    if (f.is_string()) out.push_back(f.get<std::string>());
  }
  return out;
}

std::vector<OwnerReference> ObjectView::OwnerReferences() const {
  std::vector<OwnerReference> out;
  const Json& metadata = Metadata();
  auto it = metadata.find("ownerReferences");
  if (it == metadata.end() || !it->is_array()) return out;
  for (const auto& ref : *it) out.push_back(OwnerReference::FromJson(ref));
  return out;
}

void Object::SetName(std::string_view name) { MutableMetadata()["name"] = name; }

void Object::SetNamespace(std::string_view ns) {
  if (ns.empty()) {
    MutableMetadata().erase("namespace");
  } else {
    MutableMetadata()["namespace"] = ns;
  }
}

void Object::SetResourceVersion(std::string_view rv) {
  if (rv.empty()) {
    MutableMetadata().erase("resourceVersion");
  } else {
    MutableMetadata()["resourceVersion"] = rv;
  }
}

void Object::SetLabels(const std::map<std::string, std::string>& labels) {
  SetStringMap(MutableMetadata(), "labels", labels);
}

void Object::SetAnnotations(const std::map<std::string, std::string>& annotations) {
  SetStringMap(MutableMetadata(), "annotations", annotations);
}

void Object::SetAnnotation(std::string_view key, std::string_view value) {
  Json& annotations = MutableMetadata()["annotations"];
  if (!annotations.is_object()) annotations = Json::object();
  annotations[std::string(key)] = value;
}

void Object::RemoveAnnotation(std::string_view key) {
  Json& metadata = MutableMetadata();
  auto it = metadata.find("annotations");
  if (it == metadata.end() || !it->is_object()) return;
  it->erase(std::string(key));
  if (it->empty()) metadata.erase("annotations");
}

void Object::SetFinalizers(const std::vector<std::string>& finalizers) {
  if (finalizers.empty()) {
    MutableMetadata().erase("finalizers");
  } else {
    MutableMetadata()["finalizers"] = finalizers;
  }
}

void Object::SetOwnerReferences(const std::vector<OwnerReference>& refs) {
  if (refs.empty()) {
    MutableMetadata().erase("ownerReferences");
    return;
  }
  Json out = Json::array();
  for (const auto& ref : refs) out.push_back(ref.ToJson());
  MutableMetadata()["ownerReferences"] = std::move(out);
}

namespace {

// An output for nlohmann's serializer that only counts what it is given.
class CountingOutput : public nlohmann::detail::output_adapter_protocol<char> {
 public:
  void write_character(char /*c*/) override { ++count_; }
  void write_characters(const char* /*s*/, std::size_t length) override { count_ += length; }
  size_t Count() const { return count_; }

 private:
  size_t count_ = 0;
};

}  // namespace

size_t DumpedSize(const Json& json) {
  auto output = std::make_shared<CountingOutput>();
  nlohmann::detail::serializer<Json> serializer(output, ' ', Json::error_handler_t::replace);
  serializer.dump(json, false, false, 0);
  return output->Count();
}

std::string ObjectView::Key() const {
  std::string ns = Namespace();
  return ns.empty() ? Name() : ns + "/" + Name();
}

std::string StringAt(const Json& json, std::initializer_list<std::string_view> path) {
  const Json* node = &json;
  for (std::string_view key : path) {
    if (!node->is_object()) return {};
    auto it = node->find(key);
    if (it == node->end()) return {};
    node = &*it;
  }
  return node->is_string() ? node->get<std::string>() : std::string();
}

}  // namespace kube
