// Fuzz target: the substitution engine (reference/substitution.h). Input: template text, then
// optionally a line "%%" and variables as NAME=VALUE lines. Substitute() must answer (never
// throw or run away) within its size limit, and for a template that parses as YAML/JSON,
// CompiledJsonTemplate::Render must answer exactly what SubstituteJson answers.
#include "fuzz_input.h"
#include "kube/yaml.h"
#include "reference/substitution.h"

using stashsim_fuzz::Violated;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto parts = stashsim_fuzz::SplitParts(stashsim_fuzz::AsText(data, size), "%%", 2);
  reference::Variables vars = parts.size() > 1
                                  ? stashsim_fuzz::ParseKeyValueLines(parts[1])
                                  : reference::Variables{{"TARGET_NAME", "web"},
                                                         {"TARGET_NAMESPACE", "demo"},
                                                         {"TARGET_KIND", "deployment"},
                                                         {"TARGET_APP_VERSION", "1.2.3"}};
  // Small limits keep each run fast; the limit logic is what is under test, not the size.
  reference::SubstitutionLimits limits{.max_field_bytes = 64 * 1024};

  auto text = reference::Substitute(parts[0], vars, limits);
  if (text.ok() && parts[0].size() <= limits.max_field_bytes &&
      text.value().size() > limits.max_field_bytes) {
    Violated("Substitute answered past max_field_bytes", parts[0]);
  }

  kube::YamlLimits yaml_limits{.max_expanded_bytes = 1 << 20};
  auto document = kube::ParseYamlDocument(parts[0], "fuzz", yaml_limits);
  if (!document.ok()) return 0;
  auto direct = reference::SubstituteJson(document.value(), vars, limits);
  auto compiled = reference::CompiledJsonTemplate(document.value()).Render(vars, limits);
  if (direct.ok() != compiled.ok()) {
    Violated("SubstituteJson and CompiledJsonTemplate disagree on success",
             direct.ok() ? compiled.status().message() : direct.status().message());
  }
  if (direct.ok() && direct.value() != compiled.value()) {
    Violated("SubstituteJson and CompiledJsonTemplate render different documents",
             direct.value().dump() + "\n" + compiled.value().dump());
  }
  if (!direct.ok() && direct.status().message() != compiled.status().message()) {
    Violated("SubstituteJson and CompiledJsonTemplate give different errors",
             direct.status().message() + "\n" + compiled.status().message());
  }
  return 0;
}
