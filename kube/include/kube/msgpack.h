// MessagePack encoding of JSON trees: the compact form in which the fake cluster's store and the
// reference's informer cache keep objects. Decoding builds the tree once, in place (nlohmann's
// from_msgpack builds it and then copies it into its return value).
#pragma once

#include <string>
#include <string_view>

#include "kube/object.h"

namespace kube {

// Appends the encoding of `value` to `out`.
void EncodeMessagePack(const Json& value, std::string& out);
std::string EncodeMessagePack(const Json& value);

// The value `bytes` encodes; a discarded value (Json::is_discarded) when they are not valid
// MessagePack. Meant for bytes EncodeMessagePack wrote.
Json DecodeMessagePack(std::string_view bytes);

}  // namespace kube
