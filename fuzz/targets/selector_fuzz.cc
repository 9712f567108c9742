// Fuzz target: label and field selectors (kube/selector.h). Input: selector text, optionally a
// line "%%" and labels as key=value lines to match against. Checked: a parsed label selector's
// canonical ToString() parses back to the same requirements and matches the same labels; the
// sorted and the map forms of Matches agree; the text read as JSON goes through FromJson.
#include "fuzz_input.h"
#include "kube/patch.h"
#include "kube/selector.h"

using stashsim_fuzz::Violated;

namespace {

void CheckLabelSelector(const kube::LabelSelector& selector,
                        const std::map<std::string, std::string>& labels) {
  std::string canonical = selector.ToString();
  auto again = kube::LabelSelector::Parse(canonical);
  if (!again.ok()) Violated("ToString() of a selector does not parse", canonical);
  if (again.value().requirements() != selector.requirements()) {
    Violated("ToString() of a selector parses to other requirements", canonical);
  }
  std::vector<std::pair<std::string, std::string>> sorted(labels.begin(), labels.end());
  bool matches = selector.Matches(labels);
  if (matches != selector.MatchesSorted(sorted)) Violated("Matches and MatchesSorted disagree");
  if (matches != again.value().Matches(labels)) Violated("the canonical form matches otherwise");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto parts = stashsim_fuzz::SplitParts(stashsim_fuzz::AsText(data, size), "%%", 2);
  std::map<std::string, std::string> labels =
      parts.size() > 1 ? stashsim_fuzz::ParseKeyValueLines(parts[1])
                       : std::map<std::string, std::string>{{"app", "web"}, {"tier", "db"}};

  auto label_selector = kube::LabelSelector::Parse(parts[0]);
  if (label_selector.ok()) CheckLabelSelector(label_selector.value(), labels);

  auto field_selector = kube::FieldSelector::Parse(parts[0]);
  if (field_selector.ok()) {
    for (const auto& [key, value] : labels) (void)field_selector.value().Matches(key, value);
  }

  auto json = kube::ParseJson(parts[0], "selector");
  if (json.ok()) {
    auto from_json = kube::LabelSelector::FromJson(json.value());
    if (from_json.ok()) CheckLabelSelector(from_json.value(), labels);
  }
  return 0;
}
