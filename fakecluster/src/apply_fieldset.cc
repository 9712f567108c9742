#include "apply_fieldset.h"

#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <utility>

namespace fakecluster {
namespace {

using kube::Json;

// Ranks of value types in structured-merge-diff's value.Compare.
int TypeRank(const Json& value) {
  if (value.is_number()) return 0;
  if (value.is_string()) return 1;
  if (value.is_boolean()) return 2;
  if (value.is_array()) return 3;
  if (value.is_object()) return 4;
  return 5;  // null
}

template <typename T>
int ThreeWay(const T& left, const T& right) {
  if (left < right) return -1;
  return right < left ? 1 : 0;
}

int CompareValues(const Json& left, const Json& right) {
  int rank = ThreeWay(TypeRank(left), TypeRank(right));
  if (rank != 0) return rank;
  if (left.is_number_integer() && right.is_number_integer()) {
    return ThreeWay(left.get<int64_t>(), right.get<int64_t>());
  }
  if (left.is_number()) return ThreeWay(left.get<double>(), right.get<double>());
  if (left.is_string()) {
    return ThreeWay(left.get_ref<const std::string&>(), right.get_ref<const std::string&>());
  }
  if (left.is_boolean()) return ThreeWay(left.get<bool>(), right.get<bool>());
  if (left.is_array()) {
    for (size_t i = 0; i < left.size() && i < right.size(); ++i) {
      if (int item = CompareValues(left[i], right[i]); item != 0) return item;
    }
    return ThreeWay(left.size(), right.size());
  }
  if (left.is_object()) return ThreeWay(left.dump(), right.dump());
  return 0;
}

// value.FieldList.Compare: field by field (sorted by name), then by length.
int CompareKeyFields(const Json& left, const Json& right) {
  auto left_it = left.begin();
  auto right_it = right.begin();
  for (; left_it != left.end() && right_it != right.end(); ++left_it, ++right_it) {
    if (int name = ThreeWay(left_it.key(), right_it.key()); name != 0) return name;
    if (int value = CompareValues(left_it.value(), right_it.value()); value != 0) return value;
  }
  return ThreeWay(left.size(), right.size());
}

// value.ToString: strings quoted, numbers and booleans bare.
std::string ValueString(const Json& value) {
  if (value.is_number_float()) {
    double number = value.get<double>();
    if (std::trunc(number) == number && std::fabs(number) < 1e21) {
      return fmt::format("{}", static_cast<int64_t>(number));
    }
    return fmt::format("{}", number);
  }
  return value.dump();
}

}  // namespace

PathElement PathElement::Field(std::string name) {
  PathElement element;
  element.type_ = Type::kField;
  element.field_ = std::move(name);
  return element;
}

PathElement PathElement::Key(Json key_fields) {
  PathElement element;
  element.type_ = Type::kKey;
  element.value_ = std::move(key_fields);
  return element;
}

PathElement PathElement::Value(Json value) {
  PathElement element;
  element.type_ = Type::kValue;
  element.value_ = std::move(value);
  return element;
}

PathElement PathElement::Index(int index) {
  PathElement element;
  element.type_ = Type::kIndex;
  element.index_ = index;
  return element;
}

std::optional<PathElement> PathElement::Parse(std::string_view text) {
  if (text.size() < 2 || text[1] != ':') return std::nullopt;
  std::string_view body = text.substr(2);
  switch (text[0]) {
    case 'f':
      return Field(std::string(body));
    case 'k': {
      Json key_fields = Json::parse(body, nullptr, /*allow_exceptions=*/false);
      if (!key_fields.is_object()) return std::nullopt;
      return Key(std::move(key_fields));
    }
    case 'v': {
      Json value = Json::parse(body, nullptr, /*allow_exceptions=*/false);
      if (value.is_discarded()) return std::nullopt;
      return Value(std::move(value));
    }
    case 'i': {
      int index = 0;
      auto [end, error] = std::from_chars(body.data(), body.data() + body.size(), index);
      if (error != std::errc() || end != body.data() + body.size()) return std::nullopt;
      return Index(index);
    }
    default:
      return std::nullopt;
  }
}

std::string PathElement::Serialize() const {
  switch (type_) {
    case Type::kField:
      return "f:" + field_;
    case Type::kKey:
      return "k:" + value_.dump();
    case Type::kValue:
      return "v:" + value_.dump();
    case Type::kIndex:
      return fmt::format("i:{}", index_);
  }
  return "";
}

std::string PathElement::ToString() const {
  switch (type_) {
    case Type::kField:
      return "." + field_;
    case Type::kKey: {
      std::string text = "[";
      for (auto it = value_.begin(); it != value_.end(); ++it) {
        if (it != value_.begin()) text += ",";
        text += it.key() + "=" + ValueString(it.value());
      }
      return text + "]";
    }
    case Type::kValue:
      return "[=" + ValueString(value_) + "]";
    case Type::kIndex:
      return fmt::format("[{}]", index_);
  }
  return "";
}

int Compare(const PathElement& left, const PathElement& right) {
  if (int type = ThreeWay(left.type_, right.type_); type != 0) return type;
  switch (left.type_) {
    case PathElement::Type::kField:
      return ThreeWay(left.field_, right.field_);
    case PathElement::Type::kKey:
      return CompareKeyFields(left.value_, right.value_);
    case PathElement::Type::kValue:
      return CompareValues(left.value_, right.value_);
    case PathElement::Type::kIndex:
      return ThreeWay(left.index_, right.index_);
  }
  return 0;
}

std::string FieldPathString(const FieldPath& path) {
  std::string text;
  for (const PathElement& element : path) text += element.ToString();
  return text;
}

void FieldSet::Insert(const FieldPath& path) {
  if (path.empty()) return;
  FieldSet* node = this;
  for (const PathElement& element : path) node = &node->children_[element];
  node->member_ = true;
}

FieldSet& FieldSet::NodeAt(const FieldPath& path) {
  FieldSet* node = this;
  for (const PathElement& element : path) node = &node->children_[element];
  return *node;
}

void FieldSet::Add(const FieldSet& other) {
  member_ = member_ || other.member_;
  for (const auto& [element, child] : other.children_) children_[element].Add(child);
}

void FieldSet::Remove(const FieldSet& other) {
  member_ = member_ && !other.member_;
  for (auto it = children_.begin(); it != children_.end();) {
    auto theirs = other.children_.find(it->first);
    if (theirs != other.children_.end()) it->second.Remove(theirs->second);
    it = it->second.Hollow() ? children_.erase(it) : std::next(it);
  }
}

const FieldSet* FieldSet::Find(const FieldPath& path) const {
  const FieldSet* node = this;
  for (const PathElement& element : path) {
    auto child = node->children_.find(element);
    if (child == node->children_.end()) return nullptr;
    node = &child->second;
  }
  return node;
}

bool FieldSet::Has(const FieldPath& path) const {
  const FieldSet* node = Find(path);
  return !path.empty() && node != nullptr && node->member_;
}

bool FieldSet::HasAtOrBelow(const FieldPath& path) const {
  const FieldSet* node = Find(path);
  return node != nullptr && !node->Hollow();
}

FieldSet FieldSet::Union(const FieldSet& other) const {
  FieldSet out = *this;
  out.member_ = member_ || other.member_;
  for (const auto& [element, child] : other.children_) {
    auto mine = out.children_.find(element);
    if (mine == out.children_.end()) {
      out.children_.emplace(element, child);
    } else {
      mine->second = mine->second.Union(child);
    }
  }
  return out;
}

FieldSet FieldSet::Intersection(const FieldSet& other) const {
  FieldSet out;
  out.member_ = member_ && other.member_;
  for (const auto& [element, child] : children_) {
    auto theirs = other.children_.find(element);
    if (theirs == other.children_.end()) continue;
    FieldSet common = child.Intersection(theirs->second);
    if (!common.Hollow()) out.children_.emplace(element, std::move(common));
  }
  return out;
}

FieldSet FieldSet::Difference(const FieldSet& other) const {
  FieldSet out;
  out.member_ = member_ && !other.member_;
  for (const auto& [element, child] : children_) {
    auto theirs = other.children_.find(element);
    FieldSet rest = theirs == other.children_.end() ? child : child.Difference(theirs->second);
    if (!rest.Hollow()) out.children_.emplace(element, std::move(rest));
  }
  return out;
}

std::vector<FieldPath> FieldSet::Paths() const {
  std::vector<FieldPath> paths;
  FieldPath prefix;
  CollectPaths(prefix, paths);
  return paths;
}

void FieldSet::CollectPaths(FieldPath& prefix, std::vector<FieldPath>& out) const {
  for (const auto& [element, child] : children_) {
    if (!child.member_) continue;
    prefix.push_back(element);
    out.push_back(prefix);
    prefix.pop_back();
  }
  for (const auto& [element, child] : children_) {
    if (child.children_.empty()) continue;
    prefix.push_back(element);
    child.CollectPaths(prefix, out);
    prefix.pop_back();
  }
}

Json FieldSet::ToFieldsV1() const {
  Json fields = Json::object();
  for (const auto& [element, child] : children_) {
    Json encoded = child.children_.empty() ? Json::object() : child.ToFieldsV1();
    if (child.member_ && !child.children_.empty()) encoded["."] = Json::object();
    fields[element.Serialize()] = std::move(encoded);
  }
  return fields;
}

std::optional<FieldSet> FieldSet::FromFieldsV1(const Json& fields) {
  FieldSet set;
  if (!set.ReadFieldsV1(fields)) return std::nullopt;
  set.member_ = false;
  return set;
}

bool FieldSet::ReadFieldsV1(const Json& fields) {
  if (!fields.is_object()) return false;
  for (const auto& [key, value] : fields.items()) {
    if (key == ".") {
      member_ = true;
      continue;
    }
    if (!value.is_object()) return false;
    std::optional<PathElement> element = PathElement::Parse(key);
    if (!element) continue;  // a kind of element this version does not know: dropped
    FieldSet child;
    if (value.empty()) {
      child.member_ = true;
    } else if (!child.ReadFieldsV1(value)) {
      return false;
    }
    if (!child.Hollow()) children_[*element] = child.Union(children_[*element]);
  }
  return true;
}

bool FieldSet::operator==(const FieldSet& other) const {
  return member_ == other.member_ && children_ == other.children_;
}

}  // namespace fakecluster
