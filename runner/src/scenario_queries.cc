// Questions the runner and the backends ask about a loaded scenario.
#include <algorithm>
#include <set>

#include "runner/scenario.h"

namespace runner {
namespace {

void AddObjectNamespace(const kube::Json& object, std::set<std::string>& out) {
  if (!object.is_object()) return;
  auto metadata = object.find("metadata");
  if (metadata == object.end() || !metadata->is_object()) return;
  auto ns = metadata->find("namespace");
  if (ns != metadata->end() && ns->is_string()) out.insert(ns->get<std::string>());
  if (object.value("kind", "") == "Namespace" && object.value("apiVersion", "") == "v1") {
    auto name = metadata->find("name");
    if (name != metadata->end() && name->is_string()) out.insert(name->get<std::string>());
  }
}

void AddExpectationNamespaces(const Expectations& expect, std::set<std::string>& out) {
  for (const auto& e : expect.objects) out.insert(e.ref.namespace_name);
  for (const auto& ref : expect.absent) out.insert(ref.namespace_name);
  for (const auto& e : expect.exactly) out.insert(e.namespace_name);
  for (const auto& e : expect.events) out.insert(e.involved.namespace_name);
  for (const auto& e : expect.errors) out.insert(e.target.namespace_name);
}

}  // namespace

std::vector<std::string> ScenarioNamespaces(const Scenario& scenario) {
  std::set<std::string> names;
  for (const auto& source : scenario.given) AddObjectNamespace(source.object, names);
  for (const auto& step : scenario.steps) {
    for (const auto& source : step.objects) AddObjectNamespace(source.object, names);
    names.insert(step.target.namespace_name);
    AddExpectationNamespaces(step.expect, names);
  }
  names.erase("");
  return {names.begin(), names.end()};
}

bool HasStep(const Scenario& scenario, Step::Action action) {
  return std::any_of(scenario.steps.begin(), scenario.steps.end(),
                     [&](const Step& step) { return step.action == action; });
}

}  // namespace runner
