// Fuzz target: the YAML boundary (kube/yaml.h). Input: a YAML (or JSON) stream. Checked: the
// parser answers documents or a Status (never throws, stays within its expansion limit); every
// document is valid UTF-8 and written back by ToYaml parses to the same value; LineOf answers for
// every pointer.
#include "fuzz_input.h"
#include "kube/json_equals.h"
#include "kube/yaml.h"

using stashsim_fuzz::Violated;

namespace {

// The JSON text of a parsed value. A value holding invalid UTF-8 (which no JSON writer can write)
// is itself a finding.
std::string Dumped(const kube::Json& value) {
  try {
    return value.dump();
  } catch (const kube::Json::exception&) {
    Violated("a parsed document holds invalid UTF-8",
             value.dump(-1, ' ', false, kube::Json::error_handler_t::replace));
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text = stashsim_fuzz::AsText(data, size);
  kube::YamlLimits limits{.max_expanded_bytes = 1 << 20};
  auto documents = kube::ParseYamlDocuments(text, "fuzz.yaml", limits);
  if (!documents.ok()) {
    if (documents.status().message().find("fuzz.yaml") == std::string::npos) {
      Violated("a YAML error that does not name the source", documents.status().message());
    }
    return 0;
  }
  for (const kube::YamlDocument& document : documents.value()) {
    const std::string dumped = Dumped(document.value);
    for (const auto& [pointer, line] : document.lines) {
      if (document.LineOf(pointer) != line) Violated("LineOf disagrees with lines", pointer);
    }
    std::string written = kube::ToYaml(document.value);
    auto again = kube::ParseYamlDocument(written, "written.yaml");
    if (!again.ok()) {
      Violated("ToYaml wrote what does not parse",
               dumped + "\n" + written + "\n" + again.status().message());
    }
    if (!kube::JsonEquals(again.value(), document.value)) {
      Violated("ToYaml does not read back as the same value",
               dumped + "\n" + written + "\n" + Dumped(again.value()));
    }
  }
  return 0;
}
