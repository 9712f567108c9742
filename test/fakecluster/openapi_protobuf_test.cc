// Tests for the protobuf encoding of /openapi/v2 (gnostic's openapi_v2.Document): a small wire
// reader in this file decodes the bytes, and the tests check field numbers and values that
// kubectl reads (definitions, the x-kubernetes-group-version-kind extensions, PATCH parameters).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "fakecluster/openapi.h"
#include "kube/object.h"
#include "openapi_test_kinds.h"

namespace fakecluster_test {
namespace {

using ::kube::Json;
using ::testing::ElementsAre;

// One decoded field: varint (wire type 0), fixed 64-bit (1) or length-delimited (2).
struct WireField {
  uint32_t number = 0;
  uint32_t wire_type = 0;
  uint64_t value = 0;  // varint or fixed64 bits
  std::string bytes;   // length-delimited payload
};

// Decodes one message's fields; fails the test (and returns what it has) on malformed input.
std::vector<WireField> Decode(std::string_view data) {
  std::vector<WireField> fields;
  size_t pos = 0;
  auto read_varint = [&](uint64_t& out) {
    out = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (pos >= data.size()) return false;
      uint8_t byte = static_cast<uint8_t>(data[pos++]);
      out |= uint64_t{byte & 0x7fu} << shift;
      if ((byte & 0x80) == 0) return true;
    }
    return false;
  };
  while (pos < data.size()) {
    uint64_t tag;
    if (!read_varint(tag)) {
      ADD_FAILURE() << "truncated tag at " << pos;
      return fields;
    }
    WireField field;
    field.number = static_cast<uint32_t>(tag >> 3);
    field.wire_type = static_cast<uint32_t>(tag & 7);
    if (field.wire_type == 0) {
      if (!read_varint(field.value)) ADD_FAILURE() << "truncated varint";
    } else if (field.wire_type == 1) {
      if (pos + 8 > data.size()) {
        ADD_FAILURE() << "truncated fixed64";
        return fields;
      }
      for (int i = 0; i < 8; ++i) {
        field.value |= uint64_t{static_cast<uint8_t>(data[pos + i])} << (8 * i);
      }
      pos += 8;
    } else if (field.wire_type == 2) {
      uint64_t length;
      if (!read_varint(length) || pos + length > data.size()) {
        ADD_FAILURE() << "bad length at " << pos;
        return fields;
      }
      field.bytes = std::string(data.substr(pos, length));
      pos += length;
    } else {
      ADD_FAILURE() << "unexpected wire type " << field.wire_type;
      return fields;
    }
    fields.push_back(std::move(field));
  }
  return fields;
}

std::vector<WireField> All(std::string_view message, uint32_t number) {
  std::vector<WireField> matching;
  for (WireField& field : Decode(message)) {
    if (field.number == number) matching.push_back(std::move(field));
  }
  return matching;
}

// The only field `number` of `message` (failing the test when absent or repeated).
WireField One(std::string_view message, uint32_t number) {
  std::vector<WireField> matching = All(message, number);
  EXPECT_EQ(matching.size(), 1u) << "field " << number;
  return matching.empty() ? WireField{} : matching.front();
}

std::vector<std::string> Strings(std::string_view message, uint32_t number) {
  std::vector<std::string> values;
  for (const WireField& field : All(message, number)) values.push_back(field.bytes);
  return values;
}

// The value (field 2) of the Named* entry (field 1 = name) called `name` among `entries`.
std::optional<std::string> Named(const std::vector<WireField>& entries, std::string_view name) {
  for (const WireField& entry : entries) {
    if (One(entry.bytes, 1).bytes == name) return One(entry.bytes, 2).bytes;
  }
  return std::nullopt;
}

// The vendor extension `name` (NamedAny in field `number`) parsed from its Any.yaml (field 2).
std::optional<Json> Extension(std::string_view message, uint32_t number, std::string_view name) {
  std::optional<std::string> any = Named(All(message, number), name);
  if (!any) return std::nullopt;
  return Json::parse(One(*any, 2).bytes);
}

double AsDouble(uint64_t bits) {
  double value;
  std::memcpy(&value, &bits, sizeof value);
  return value;
}

class OpenApiProtobufTest : public ::testing::Test {
 protected:
  OpenApiProtobufTest()
      : document_(fakecluster::EncodeOpenApiV2Protobuf(fakecluster::BuildOpenApiV2(TestKinds()))) {}

  // The Schema of definition `name` (Document.definitions = 9, Definitions = 1 NamedSchema).
  std::string Definition(std::string_view name) {
    std::string definitions = One(document_, 9).bytes;
    std::optional<std::string> schema = Named(All(definitions, 1), name);
    EXPECT_TRUE(schema.has_value()) << name;
    return schema.value_or("");
  }

  // The PathItem of `path` (Document.paths = 8, Paths.path = 2 NamedPathItem).
  std::string PathItem(std::string_view path) {
    std::string paths = One(document_, 8).bytes;
    std::optional<std::string> item = Named(All(paths, 2), path);
    EXPECT_TRUE(item.has_value()) << path;
    return item.value_or("");
  }

  std::string document_;
};

TEST_F(OpenApiProtobufTest, DocumentHeader) {
  EXPECT_EQ(One(document_, 1).bytes, "2.0");  // swagger
  std::string info = One(document_, 2).bytes;
  EXPECT_EQ(One(info, 1).bytes, "Kubernetes");   // title
  EXPECT_EQ(One(info, 2).bytes, "unversioned");  // version
}

TEST_F(OpenApiProtobufTest, CustomKindSchemaFields) {
  std::string gadget = Definition("com.example.v1.Gadget");
  EXPECT_THAT(Strings(One(gadget, 22).bytes, 1), ElementsAre("object"));  // type
  EXPECT_EQ(Extension(gadget, 31, "x-kubernetes-group-version-kind"),
            Json::parse(R"([{"group":"example.com","kind":"Gadget","version":"v1"}])"));

  std::string properties = One(gadget, 25).bytes;  // Properties.additional_properties = 1
  std::optional<std::string> metadata = Named(All(properties, 1), "metadata");
  ASSERT_TRUE(metadata.has_value());
  EXPECT_EQ(One(*metadata, 1).bytes,
            "#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta");

  std::optional<std::string> spec = Named(All(properties, 1), "spec");
  ASSERT_TRUE(spec.has_value());
  EXPECT_THAT(Strings(*spec, 19), ElementsAre("size"));  // required
  std::string spec_properties = One(*spec, 25).bytes;

  std::string size = Named(All(spec_properties, 1), "size").value_or("");
  EXPECT_THAT(Strings(One(size, 22).bytes, 1), ElementsAre("integer"));
  WireField maximum = One(size, 7);
  EXPECT_EQ(maximum.wire_type, 1u);
  EXPECT_EQ(AsDouble(maximum.value), 9.0);
  EXPECT_EQ(AsDouble(One(size, 9).value), 1.0);      // minimum
  EXPECT_EQ(One(One(size, 5).bytes, 2).bytes, "3");  // default: Any.yaml

  std::string name = Named(All(spec_properties, 1), "name").value_or("");
  WireField max_length = One(name, 11);
  EXPECT_EQ(max_length.wire_type, 0u);
  EXPECT_EQ(max_length.value, 63u);
  EXPECT_EQ(One(name, 13).bytes, "^[a-z]+$");  // pattern

  std::string color = Named(All(spec_properties, 1), "color").value_or("");
  std::vector<std::string> enum_yaml;
  for (const WireField& any : All(color, 20)) enum_yaml.push_back(One(any.bytes, 2).bytes);
  EXPECT_THAT(enum_yaml, ElementsAre("\"red\"", "\"blue\""));

  std::string tags = Named(All(spec_properties, 1), "tags").value_or("");
  std::string items = One(tags, 23).bytes;  // ItemsItem.schema = 1
  EXPECT_THAT(Strings(One(One(items, 1).bytes, 22).bytes, 1), ElementsAre("string"));

  std::string labels = Named(All(spec_properties, 1), "labels").value_or("");
  std::string additional = One(labels, 21).bytes;  // AdditionalPropertiesItem.schema = 1
  EXPECT_THAT(Strings(One(One(additional, 1).bytes, 22).bytes, 1), ElementsAre("string"));

  // nullable "note" lost its type: no TypeItem at all.
  std::string note = Named(All(spec_properties, 1), "note").value_or("x");
  EXPECT_TRUE(All(note, 22).empty());
}

TEST_F(OpenApiProtobufTest, BuiltInKindHasNoGroupVersionKind) {
  std::string config_map = Definition("io.k8s.api.core.v1.ConfigMap");
  EXPECT_THAT(Strings(One(config_map, 22).bytes, 1), ElementsAre("object"));
  EXPECT_EQ(Extension(config_map, 31, "x-kubernetes-group-version-kind"), std::nullopt);
  EXPECT_EQ(Extension(config_map, 31, "x-kubernetes-preserve-unknown-fields"), Json(true));
  EXPECT_TRUE(All(config_map, 25).empty());  // no properties
}

TEST_F(OpenApiProtobufTest, PatchOperationAsKubectlReadsIt) {
  std::string item = PathItem("/apis/example.com/v1/namespaces/{namespace}/gadgets/{name}");
  std::string patch = One(item, 8).bytes;  // PathItem.patch
  EXPECT_EQ(Extension(patch, 13, "x-kubernetes-group-version-kind"),
            Json::parse(R"({"group":"example.com","kind":"Gadget","version":"v1"})"));
  EXPECT_THAT(Strings(patch, 7),
              ElementsAre("application/json-patch+json", "application/merge-patch+json",
                          "application/apply-patch+yaml"));  // consumes
  std::vector<std::string> query_names;
  bool saw_body = false;
  for (const WireField& parameters_item : All(patch, 8)) {
    std::string parameter = One(parameters_item.bytes, 1).bytes;  // ParametersItem.parameter
    if (!All(parameter, 1).empty()) {                             // BodyParameter
      std::string body = One(parameter, 1).bytes;
      EXPECT_EQ(One(body, 2).bytes, "body");
      EXPECT_EQ(One(body, 3).bytes, "body");
      EXPECT_EQ(One(body, 4).value, 1u);  // required
      EXPECT_EQ(One(One(body, 5).bytes, 1).bytes,
                "#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.Patch");
      saw_body = true;
      continue;
    }
    std::string non_body = One(parameter, 2).bytes;
    std::string query = One(non_body, 3).bytes;  // QueryParameterSubSchema
    EXPECT_EQ(One(query, 2).bytes, "query");     // in
    query_names.push_back(One(query, 4).bytes);  // name
    EXPECT_FALSE(One(query, 6).bytes.empty());   // type
    EXPECT_EQ(One(query, 20).value, 1u);         // unique_items
  }
  EXPECT_TRUE(saw_body);
  EXPECT_THAT(query_names, ElementsAre("dryRun", "fieldManager", "fieldValidation", "force"));

  // Path-level parameters: name and namespace are PathParameterSubSchema (NonBodyParameter = 4).
  std::vector<WireField> path_parameters = All(item, 9);
  ASSERT_EQ(path_parameters.size(), 3u);
  std::string name = One(One(One(path_parameters[0].bytes, 1).bytes, 2).bytes, 4).bytes;
  EXPECT_EQ(One(name, 1).value, 1u);  // required
  EXPECT_EQ(One(name, 2).bytes, "path");
  EXPECT_EQ(One(name, 4).bytes, "name");
  EXPECT_EQ(One(name, 5).bytes, "string");  // type (field 5 in the path sub-schema)

  // Responses.response_code = 1 (NamedResponseValue) -> ResponseValue.response = 1.
  std::string responses = One(patch, 9).bytes;
  std::optional<std::string> ok = Named(All(responses, 1), "200");
  ASSERT_TRUE(ok.has_value());
  std::string response = One(*ok, 1).bytes;
  EXPECT_EQ(One(response, 1).bytes, "OK");
  EXPECT_EQ(One(One(One(response, 2).bytes, 1).bytes, 1).bytes,
            "#/definitions/com.example.v1.Gadget");
}

TEST(OpenApiProtobufEncodingTest, ScalarsAndMultiByteVarints) {
  Json swagger = {{"swagger", "2.0"},
                  {"definitions",
                   {{"T",
                     {{"type", "array"},
                      {"maxItems", 300},
                      {"minLength", -1},
                      {"additionalProperties", false},
                      {"uniqueItems", true}}}}}};
  std::string encoded = fakecluster::EncodeOpenApiV2Protobuf(swagger);
  // Document.swagger: tag (1 << 3 | 2) = 0x0a, length 3.
  EXPECT_EQ(encoded.substr(0, 5), std::string("\x0a\x03"
                                              "2.0",
                                              5));
  std::string schema = Named(All(One(encoded, 9).bytes, 1), "T").value_or("");
  EXPECT_EQ(One(schema, 14).value, 300u);        // max_items: two-byte varint
  EXPECT_EQ(One(schema, 12).value, UINT64_MAX);  // min_length -1: ten-byte two's complement
  EXPECT_EQ(One(schema, 16).value, 1u);          // unique_items
  std::vector<WireField> additional = Decode(One(schema, 21).bytes);
  ASSERT_EQ(additional.size(), 1u);
  EXPECT_EQ(additional[0].number, 2u);  // AdditionalPropertiesItem.boolean, written though false
  EXPECT_EQ(additional[0].value, 0u);
}

TEST(OpenApiProtobufEncodingTest, ProtocDecodesTheDocument) {
  if (std::system("protoc --version > /dev/null 2>&1") != 0) {
    GTEST_SKIP() << "protoc is not installed";
  }
  std::string encoded =
      fakecluster::EncodeOpenApiV2Protobuf(fakecluster::BuildOpenApiV2(TestKinds()));
  std::string path = ::testing::TempDir() + "openapi_v2.pb";
  {
    std::FILE* file = std::fopen(path.c_str(), "wb");
    ASSERT_NE(file, nullptr);
    std::fwrite(encoded.data(), 1, encoded.size(), file);
    std::fclose(file);
  }
  std::string command = "protoc --decode_raw < '" + path + "' > /dev/null 2>&1";
  EXPECT_EQ(std::system(command.c_str()), 0);
}

}  // namespace
}  // namespace fakecluster_test
