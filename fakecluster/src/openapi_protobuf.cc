// The protobuf wire encoding of a Swagger 2.0 document as gnostic's openapi_v2.Document
// (github.com/google/gnostic, openapiv2/OpenAPIv2.proto), written by hand: varints, 64-bit
// doubles and length-delimited fields. Field numbers are those of that .proto. Scalars at their
// default value are left out, as proto3 does.
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include "fakecluster/openapi.h"

namespace fakecluster {

namespace {

using kube::Json;

enum WireType : uint32_t { kVarint = 0, kFixed64 = 1, kLengthDelimited = 2 };

// One message being encoded.
class ProtoMessage {
 public:
  void Varint(uint32_t field, uint64_t value) {
    Tag(field, kVarint);
    AppendVarint(value);
  }
  void Int64(uint32_t field, int64_t value) {
    if (value != 0) Varint(field, static_cast<uint64_t>(value));
  }
  void Bool(uint32_t field, bool value) {
    if (value) Varint(field, 1);
  }
  void Double(uint32_t field, double value) {
    if (value == 0) return;
    Tag(field, kFixed64);
    uint64_t bits;
    std::memcpy(&bits, &value, sizeof bits);
    for (int i = 0; i < 8; ++i) bytes_ += static_cast<char>((bits >> (8 * i)) & 0xff);
  }
  // Always written, even when empty (embedded messages and oneof members).
  void LengthDelimited(uint32_t field, std::string_view payload) {
    Tag(field, kLengthDelimited);
    AppendVarint(payload.size());
    bytes_.append(payload);
  }
  void String(uint32_t field, std::string_view value) {
    if (!value.empty()) LengthDelimited(field, value);
  }
  void Message(uint32_t field, const ProtoMessage& message) {
    LengthDelimited(field, message.bytes_);
  }
  const std::string& bytes() const { return bytes_; }

 private:
  void Tag(uint32_t field, WireType type) { AppendVarint((uint64_t{field} << 3) | type); }
  void AppendVarint(uint64_t value) {
    while (value >= 0x80) {
      bytes_ += static_cast<char>((value & 0x7f) | 0x80);
      value >>= 7;
    }
    bytes_ += static_cast<char>(value);
  }

  std::string bytes_;
};

std::string StringAt(const Json& object, const char* key) {
  auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

bool BoolAt(const Json& object, const char* key) {
  auto it = object.find(key);
  return it != object.end() && it->is_boolean() && it->get<bool>();
}

int64_t IntAt(const Json& object, const char* key) {
  auto it = object.find(key);
  return it != object.end() && it->is_number() ? it->get<int64_t>() : 0;
}

double DoubleAt(const Json& object, const char* key) {
  auto it = object.find(key);
  return it != object.end() && it->is_number() ? it->get<double>() : 0.0;
}

void RepeatedStrings(ProtoMessage& message, uint32_t field, const Json& object, const char* key) {
  auto it = object.find(key);
  if (it == object.end()) return;
  if (it->is_string()) {
    message.LengthDelimited(field, it->get<std::string>());
    return;
  }
  if (!it->is_array()) return;
  for (const Json& value : *it) {
    if (value.is_string()) message.LengthDelimited(field, value.get<std::string>());
  }
}

// Any { yaml = 2 }: JSON text is YAML too.
ProtoMessage EncodeAny(const Json& value) {
  ProtoMessage any;
  any.String(2, value.dump());
  return any;
}

// NamedAny { name = 1; value = 2 } for every "x-" member of `object`.
void VendorExtensions(ProtoMessage& message, uint32_t field, const Json& object) {
  for (const auto& [key, value] : object.items()) {
    if (!std::string_view(key).starts_with("x-")) continue;
    ProtoMessage named;
    named.String(1, key);
    named.Message(2, EncodeAny(value));
    message.Message(field, named);
  }
}

ProtoMessage EncodeSchema(const Json& schema);

void SchemaOrSchemas(ProtoMessage& message, uint32_t field, const Json& value) {
  if (value.is_array()) {
    for (const Json& item : value) message.Message(field, EncodeSchema(item));
  } else if (value.is_object()) {
    message.Message(field, EncodeSchema(value));
  }
}

// Schema: the JSON Schema subset Swagger 2.0 has.
ProtoMessage EncodeSchema(const Json& schema) {
  ProtoMessage out;
  if (!schema.is_object()) return out;
  out.String(1, StringAt(schema, "$ref"));
  out.String(2, StringAt(schema, "format"));
  out.String(3, StringAt(schema, "title"));
  out.String(4, StringAt(schema, "description"));
  if (schema.contains("default")) out.Message(5, EncodeAny(schema["default"]));
  out.Double(6, DoubleAt(schema, "multipleOf"));
  out.Double(7, DoubleAt(schema, "maximum"));
  out.Bool(8, BoolAt(schema, "exclusiveMaximum"));
  out.Double(9, DoubleAt(schema, "minimum"));
  out.Bool(10, BoolAt(schema, "exclusiveMinimum"));
  out.Int64(11, IntAt(schema, "maxLength"));
  out.Int64(12, IntAt(schema, "minLength"));
  out.String(13, StringAt(schema, "pattern"));
  out.Int64(14, IntAt(schema, "maxItems"));
  out.Int64(15, IntAt(schema, "minItems"));
  out.Bool(16, BoolAt(schema, "uniqueItems"));
  out.Int64(17, IntAt(schema, "maxProperties"));
  out.Int64(18, IntAt(schema, "minProperties"));
  RepeatedStrings(out, 19, schema, "required");
  if (auto it = schema.find("enum"); it != schema.end() && it->is_array()) {
    for (const Json& value : *it) out.Message(20, EncodeAny(value));
  }
  if (auto it = schema.find("additionalProperties"); it != schema.end()) {
    // AdditionalPropertiesItem: oneof { Schema schema = 1; bool boolean = 2; }
    ProtoMessage additional;
    if (it->is_object()) {
      additional.Message(1, EncodeSchema(*it));
      out.Message(21, additional);
    } else if (it->is_boolean()) {
      additional.Varint(2, it->get<bool>() ? 1 : 0);
      out.Message(21, additional);
    }
  }
  if (schema.contains("type")) {
    ProtoMessage type;  // TypeItem { repeated string value = 1; }
    RepeatedStrings(type, 1, schema, "type");
    out.Message(22, type);
  }
  if (auto it = schema.find("items"); it != schema.end()) {
    ProtoMessage items;  // ItemsItem { repeated Schema schema = 1; }
    SchemaOrSchemas(items, 1, *it);
    out.Message(23, items);
  }
  if (auto it = schema.find("allOf"); it != schema.end()) SchemaOrSchemas(out, 24, *it);
  if (auto it = schema.find("properties"); it != schema.end() && it->is_object() && !it->empty()) {
    ProtoMessage properties;  // Properties { repeated NamedSchema additional_properties = 1; }
    for (const auto& [name, property] : it->items()) {
      ProtoMessage named;
      named.String(1, name);
      named.Message(2, EncodeSchema(property));
      properties.Message(1, named);
    }
    out.Message(25, properties);
  }
  out.String(26, StringAt(schema, "discriminator"));
  out.Bool(27, BoolAt(schema, "readOnly"));
  if (schema.contains("example")) out.Message(30, EncodeAny(schema["example"]));
  VendorExtensions(out, 31, schema);
  return out;
}

// The fields the query, path, header and form-data sub-schemas share; they differ only in
// whether field 5 is allow_empty_value (query, form data), which shifts the rest by one.
ProtoMessage EncodeNonBodySubSchema(const Json& parameter, bool has_allow_empty_value) {
  ProtoMessage out;
  out.Bool(1, BoolAt(parameter, "required"));
  out.String(2, StringAt(parameter, "in"));
  out.String(3, StringAt(parameter, "description"));
  out.String(4, StringAt(parameter, "name"));
  const uint32_t shift = has_allow_empty_value ? 1 : 0;
  if (has_allow_empty_value) out.Bool(5, BoolAt(parameter, "allowEmptyValue"));
  out.String(5 + shift, StringAt(parameter, "type"));
  out.String(6 + shift, StringAt(parameter, "format"));
  out.String(8 + shift, StringAt(parameter, "collectionFormat"));
  if (parameter.contains("default")) out.Message(9 + shift, EncodeAny(parameter["default"]));
  out.Double(10 + shift, DoubleAt(parameter, "maximum"));
  out.Bool(11 + shift, BoolAt(parameter, "exclusiveMaximum"));
  out.Double(12 + shift, DoubleAt(parameter, "minimum"));
  out.Bool(13 + shift, BoolAt(parameter, "exclusiveMinimum"));
  out.Int64(14 + shift, IntAt(parameter, "maxLength"));
  out.Int64(15 + shift, IntAt(parameter, "minLength"));
  out.String(16 + shift, StringAt(parameter, "pattern"));
  out.Int64(17 + shift, IntAt(parameter, "maxItems"));
  out.Int64(18 + shift, IntAt(parameter, "minItems"));
  out.Bool(19 + shift, BoolAt(parameter, "uniqueItems"));
  if (auto it = parameter.find("enum"); it != parameter.end() && it->is_array()) {
    for (const Json& value : *it) out.Message(20 + shift, EncodeAny(value));
  }
  out.Double(21 + shift, DoubleAt(parameter, "multipleOf"));
  VendorExtensions(out, 22 + shift, parameter);
  return out;
}

// ParametersItem: oneof { Parameter parameter = 1; JsonReference json_reference = 2; }
ProtoMessage EncodeParametersItem(const Json& parameter) {
  ProtoMessage item;
  if (parameter.contains("$ref")) {
    ProtoMessage reference;
    reference.String(1, StringAt(parameter, "$ref"));
    reference.String(2, StringAt(parameter, "description"));
    item.Message(2, reference);
    return item;
  }
  const std::string in = StringAt(parameter, "in");
  ProtoMessage wrapped;  // Parameter: oneof { BodyParameter = 1; NonBodyParameter = 2; }
  if (in == "body") {
    ProtoMessage body;
    body.String(1, StringAt(parameter, "description"));
    body.String(2, StringAt(parameter, "name"));
    body.String(3, in);
    body.Bool(4, BoolAt(parameter, "required"));
    if (parameter.contains("schema")) body.Message(5, EncodeSchema(parameter["schema"]));
    VendorExtensions(body, 6, parameter);
    wrapped.Message(1, body);
  } else {
    // NonBodyParameter: oneof { header = 1; form_data = 2; query = 3; path = 4; }
    ProtoMessage non_body;
    if (in == "header") non_body.Message(1, EncodeNonBodySubSchema(parameter, false));
    if (in == "formData") non_body.Message(2, EncodeNonBodySubSchema(parameter, true));
    if (in == "query") non_body.Message(3, EncodeNonBodySubSchema(parameter, true));
    if (in == "path") non_body.Message(4, EncodeNonBodySubSchema(parameter, false));
    wrapped.Message(2, non_body);
  }
  item.Message(1, wrapped);
  return item;
}

void Parameters(ProtoMessage& message, uint32_t field, const Json& object) {
  auto it = object.find("parameters");
  if (it == object.end() || !it->is_array()) return;
  for (const Json& parameter : *it) message.Message(field, EncodeParametersItem(parameter));
}

// Responses { repeated NamedResponseValue response_code = 1; repeated NamedAny ext = 2; }
ProtoMessage EncodeResponses(const Json& responses) {
  ProtoMessage out;
  for (const auto& [code, value] : responses.items()) {
    if (std::string_view(code).starts_with("x-")) continue;
    ProtoMessage response;  // Response { description = 1; SchemaItem schema = 2; ext = 5; }
    response.String(1, StringAt(value, "description"));
    if (value.contains("schema") && value["schema"].is_object()) {
      ProtoMessage schema_item;  // SchemaItem: oneof { Schema schema = 1; FileSchema = 2; }
      schema_item.Message(1, EncodeSchema(value["schema"]));
      response.Message(2, schema_item);
    }
    VendorExtensions(response, 5, value);
    ProtoMessage response_value;  // ResponseValue: oneof { Response = 1; JsonReference = 2; }
    response_value.Message(1, response);
    ProtoMessage named;
    named.String(1, code);
    named.Message(2, response_value);
    out.Message(1, named);
  }
  VendorExtensions(out, 2, responses);
  return out;
}

ProtoMessage EncodeOperation(const Json& operation) {
  ProtoMessage out;
  RepeatedStrings(out, 1, operation, "tags");
  out.String(2, StringAt(operation, "summary"));
  out.String(3, StringAt(operation, "description"));
  out.String(5, StringAt(operation, "operationId"));
  RepeatedStrings(out, 6, operation, "produces");
  RepeatedStrings(out, 7, operation, "consumes");
  Parameters(out, 8, operation);
  if (operation.contains("responses")) out.Message(9, EncodeResponses(operation["responses"]));
  RepeatedStrings(out, 10, operation, "schemes");
  out.Bool(11, BoolAt(operation, "deprecated"));
  VendorExtensions(out, 13, operation);
  return out;
}

ProtoMessage EncodePathItem(const Json& item) {
  static constexpr std::pair<const char*, uint32_t> kOperations[] = {
      {"get", 2},     {"put", 3},  {"post", 4}, {"delete", 5},
      {"options", 6}, {"head", 7}, {"patch", 8}};
  ProtoMessage out;
  out.String(1, StringAt(item, "$ref"));
  for (const auto& [method, field] : kOperations) {
    if (item.contains(method)) out.Message(field, EncodeOperation(item[method]));
  }
  Parameters(out, 9, item);
  VendorExtensions(out, 10, item);
  return out;
}

// Paths { repeated NamedAny vendor_extension = 1; repeated NamedPathItem path = 2; }
ProtoMessage EncodePaths(const Json& paths) {
  ProtoMessage out;
  VendorExtensions(out, 1, paths);
  for (const auto& [path, item] : paths.items()) {
    if (std::string_view(path).starts_with("x-")) continue;
    ProtoMessage named;
    named.String(1, path);
    named.Message(2, EncodePathItem(item));
    out.Message(2, named);
  }
  return out;
}

// Definitions { repeated NamedSchema additional_properties = 1; }
ProtoMessage EncodeDefinitions(const Json& definitions) {
  ProtoMessage out;
  for (const auto& [name, schema] : definitions.items()) {
    ProtoMessage named;
    named.String(1, name);
    named.Message(2, EncodeSchema(schema));
    out.Message(1, named);
  }
  return out;
}

ProtoMessage EncodeInfo(const Json& info) {
  ProtoMessage out;
  out.String(1, StringAt(info, "title"));
  out.String(2, StringAt(info, "version"));
  out.String(3, StringAt(info, "description"));
  out.String(4, StringAt(info, "termsOfService"));
  VendorExtensions(out, 7, info);
  return out;
}

}  // namespace

std::string EncodeOpenApiV2Protobuf(const Json& swagger) {
  ProtoMessage document;
  if (!swagger.is_object()) return document.bytes();
  document.String(1, StringAt(swagger, "swagger"));
  if (swagger.contains("info")) document.Message(2, EncodeInfo(swagger["info"]));
  document.String(3, StringAt(swagger, "host"));
  document.String(4, StringAt(swagger, "basePath"));
  RepeatedStrings(document, 5, swagger, "schemes");
  RepeatedStrings(document, 6, swagger, "consumes");
  RepeatedStrings(document, 7, swagger, "produces");
  if (swagger.contains("paths")) document.Message(8, EncodePaths(swagger["paths"]));
  if (swagger.contains("definitions")) {
    document.Message(9, EncodeDefinitions(swagger["definitions"]));
  }
  VendorExtensions(document, 16, swagger);
  return document.bytes();
}

}  // namespace fakecluster
