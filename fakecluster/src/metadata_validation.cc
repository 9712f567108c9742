// Metadata checks with apimachinery's field paths and messages.
#include "metadata_validation.h"

#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "kube/validation.h"

namespace fakecluster {
namespace {

constexpr size_t kMaxAnnotationBytes = 256 * 1024;

// The JSON type of a value, in the words of Go's encoding/json errors.
std::string_view JsonTypeName(const kube::Json& value) {
  switch (value.type()) {
    case kube::Json::value_t::object:
      return "object";
    case kube::Json::value_t::array:
      return "array";
    case kube::Json::value_t::string:
      return "string";
    case kube::Json::value_t::boolean:
      return "bool";
    case kube::Json::value_t::null:
      return "null";
    default:
      return "number";
  }
}

void AddInvalid(std::vector<kube::StatusCause>& causes, std::string field, std::string_view value,
                const std::vector<std::string>& problems) {
  for (const auto& problem : problems) {
    causes.push_back({"FieldValueInvalid", kube::InvalidValueMessage(value, problem), field});
  }
}

void ValidateName(kube::ObjectView object, const MetadataRules& rules,
                  std::vector<kube::StatusCause>& causes) {
  // A name that is not a string (`name: 12345` in YAML) is not a missing one: the API server
  // cannot decode it into ObjectMeta's string field and rejects the object.
  const kube::Json& json = object.json();
  auto metadata = json.find("metadata");
  if (metadata != json.end() && metadata->is_object()) {
    auto given = metadata->find("name");
    if (given != metadata->end() && !given->is_string() && !given->is_null()) {
      causes.push_back(
          {"FieldValueTypeInvalid",
           fmt::format("Invalid value: {}: must be a string (quote it in YAML)", given->dump()),
           "metadata.name"});
      return;
    }
  }
  std::string name = object.Name();
  if (name.empty()) {
    causes.push_back({"FieldValueRequired", "Required value: name or generateName is required",
                      "metadata.name"});
    return;
  }
  auto problems =
      rules.name_is_dns_label ? kube::CheckDns1123Label(name) : kube::CheckDns1123Subdomain(name);
  AddInvalid(causes, "metadata.name", name, problems);
}

void ValidateLabels(const kube::Json& metadata, std::vector<kube::StatusCause>& causes) {
  auto it = metadata.find("labels");
  if (it == metadata.end() || it->is_null()) return;
  if (!it->is_object()) {
    causes.push_back(
        {"FieldValueTypeInvalid", "Invalid value: must be a map of strings", "metadata.labels"});
    return;
  }
  for (const auto& [key, value] : it->items()) {
    AddInvalid(causes, "metadata.labels", key, kube::CheckQualifiedName(key));
    if (!value.is_string()) {
      causes.push_back(
          {"FieldValueTypeInvalid",
           fmt::format("Invalid value: {}: label values must be strings", value.dump()),
           "metadata.labels"});
      continue;
    }
    AddInvalid(causes, "metadata.labels", value.get<std::string>(),
               kube::CheckLabelValue(value.get<std::string>()));
  }
}

void ValidateAnnotations(const kube::Json& metadata, std::vector<kube::StatusCause>& causes) {
  auto it = metadata.find("annotations");
  if (it == metadata.end() || it->is_null()) return;
  if (!it->is_object()) {
    causes.push_back({"FieldValueTypeInvalid", "Invalid value: must be a map of strings",
                      "metadata.annotations"});
    return;
  }
  size_t total = 0;
  for (const auto& [key, value] : it->items()) {
    // Annotation keys are validated lower-cased, as the server does.
    std::string lowered = key;
    std::transform(lowered.begin(), lowered.end(), lowered.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    AddInvalid(causes, "metadata.annotations", key, kube::CheckQualifiedName(lowered));
    if (!value.is_string()) {
      causes.push_back(
          {"FieldValueTypeInvalid",
           fmt::format("Invalid value: {}: annotation values must be strings", value.dump()),
           "metadata.annotations"});
      continue;
    }
    total += key.size() + value.get_ref<const std::string&>().size();
  }
  if (total > kMaxAnnotationBytes) {
    causes.push_back({"FieldValueTooLong",
                      fmt::format("Too long: must have at most {} bytes", kMaxAnnotationBytes),
                      "metadata.annotations"});
  }
}

void ValidateOwnerReferences(kube::ObjectView object, std::vector<kube::StatusCause>& causes) {
  const kube::Json& metadata = object.Metadata();
  auto it = metadata.find("ownerReferences");
  if (it == metadata.end() || it->is_null()) return;
  if (!it->is_array()) {
    causes.push_back(
        {"FieldValueTypeInvalid", "Invalid value: must be a list", "metadata.ownerReferences"});
    return;
  }
  int controllers = 0;
  for (size_t i = 0; i < it->size(); ++i) {
    const kube::Json& ref = (*it)[i];
    std::string base = fmt::format("metadata.ownerReferences[{}]", i);
    for (const char* field : {"apiVersion", "kind", "name", "uid"}) {
      if (!ref.is_object() || !ref.contains(field) || !ref[field].is_string() ||
          ref[field].get<std::string>().empty()) {
        causes.push_back({"FieldValueRequired", "Required value", base + "." + field});
      }
    }
    if (ref.is_object() && ref.value("controller", false)) ++controllers;
  }
  if (controllers > 1) {
    causes.push_back({"FieldValueInvalid",
                      "Invalid value: \"ownerReferences\": Only one reference can have Controller "
                      "set to true",
                      "metadata.ownerReferences"});
  }
}

void ValidateFinalizers(const kube::Json& metadata, std::vector<kube::StatusCause>& causes) {
  auto it = metadata.find("finalizers");
  if (it == metadata.end() || it->is_null()) return;
  if (!it->is_array()) {
    causes.push_back({"FieldValueTypeInvalid", "Invalid value: must be a list of strings",
                      "metadata.finalizers"});
    return;
  }
  std::set<std::string> seen;
  for (size_t i = 0; i < it->size(); ++i) {
    const kube::Json& f = (*it)[i];
    std::string field = fmt::format("metadata.finalizers[{}]", i);
    if (!f.is_string()) {
      causes.push_back({"FieldValueTypeInvalid", "Invalid value: must be a string", field});
      continue;
    }
    const std::string& name = f.get_ref<const std::string&>();
    AddInvalid(causes, field, name, kube::CheckQualifiedName(name));
    if (!seen.insert(name).second) {
      causes.push_back(
          {"FieldValueDuplicate", fmt::format("Duplicate value: \"{}\"", name), field});
    }
  }
}

}  // namespace

std::vector<kube::StatusCause> ValidateMetadata(kube::ObjectView object,
                                                const MetadataRules& rules) {
  std::vector<kube::StatusCause> causes;
  ValidateName(object, rules, causes);
  const kube::Json& metadata = object.Metadata();
  ValidateLabels(metadata, causes);
  ValidateAnnotations(metadata, causes);
  ValidateOwnerReferences(object, causes);
  ValidateFinalizers(metadata, causes);
  return causes;
}

std::vector<std::string> NewFinalizers(kube::ObjectView old_object, kube::ObjectView new_object) {
  std::vector<std::string> old_finalizers = old_object.Finalizers();
  std::vector<std::string> added;
  for (const auto& f : new_object.Finalizers()) {
    if (std::find(old_finalizers.begin(), old_finalizers.end(), f) == old_finalizers.end()) {
      added.push_back(f);
    }
  }
  return added;
}

kube::Status CheckDecodable(const kube::Json& body, std::string_view what) {
  if (!body.is_object()) {
    return kube::BadRequestError(
        fmt::format("{} does not decode: json: cannot unmarshal {} into Go value of type struct",
                    what, JsonTypeName(body)));
  }
  for (const char* field : {"apiVersion", "kind"}) {
    auto it = body.find(field);
    if (it != body.end() && !it->is_string() && !it->is_null()) {
      return kube::BadRequestError(fmt::format(
          "{} does not decode: json: cannot unmarshal {} into Go struct field .{} of type string",
          what, JsonTypeName(*it), field));
    }
  }
  auto metadata = body.find("metadata");
  if (metadata != body.end() && !metadata->is_object() && !metadata->is_null()) {
    return kube::BadRequestError(fmt::format(
        "{} does not decode: json: cannot unmarshal {} into Go struct field .metadata of type "
        "v1.ObjectMeta",
        what, JsonTypeName(*metadata)));
  }
  return kube::Status::Ok();
}

}  // namespace fakecluster
