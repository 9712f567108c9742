// MessagePack encoding and single-pass decoding.
#include "kube/msgpack.h"

namespace kube {

void EncodeMessagePack(const Json& value, std::string& out) { Json::to_msgpack(value, out); }

std::string EncodeMessagePack(const Json& value) {
  std::string out;
  EncodeMessagePack(value, out);
  return out;
}

Json DecodeMessagePack(std::string_view bytes) {
  Json result;
  // The DOM builder nlohmann's own from_msgpack uses, writing straight into `result`.
  nlohmann::detail::json_sax_dom_parser<Json> builder(result, /*allow_exceptions_=*/false);
  bool ok = Json::sax_parse(bytes.begin(), bytes.end(), &builder, Json::input_format_t::msgpack,
                            /*strict=*/true);
  if (!ok) return Json(Json::value_t::discarded);
  return result;
}

}  // namespace kube
