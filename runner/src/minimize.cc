// Minimisation: greedy removal of steps and fault kinds while the first failure stays the same.
#include "runner/minimize.h"

#include <algorithm>
#include <filesystem>
#include <fstream>

#include <fmt/format.h>

#include "kube/file.h"
#include "kube/yaml.h"

namespace runner {
namespace {

// The scenario with only the steps at `kept`.
Scenario WithSteps(const Scenario& scenario, const std::vector<size_t>& kept) {
  Scenario reduced = scenario;
  reduced.steps.clear();
  for (size_t index : kept) reduced.steps.push_back(scenario.steps[index]);
  return reduced;
}

class Minimizer {
 public:
  Minimizer(const Scenario& scenario, std::string profile, uint64_t seed,
            const ExploreOptions& options)
      : scenario_(scenario), profile_(std::move(profile)), seed_(seed), options_(options) {}

  // One try with only `occurrences` of the drawn faults firing (nullopt: all of them).
  ExploreRun Try(const std::vector<size_t>& steps, const std::vector<std::string>& faults,
                 std::optional<std::vector<uint64_t>> occurrences = std::nullopt) {
    ++tries_;
    ExploreOptions options = options_;
    options.occurrences = std::move(occurrences);
    return ExploreOne(WithSteps(scenario_, steps), profile_, seed_, faults, options);
  }

  // The first failure's message of one try, "" when it passes.
  std::string FirstFailure(const std::vector<size_t>& steps, const std::vector<std::string>& faults,
                           std::optional<std::vector<uint64_t>> occurrences = std::nullopt) {
    ExploreRun run = Try(steps, faults, std::move(occurrences));
    return run.failures.empty() ? "" : run.failures.front().message;
  }

  bool StillFails(const std::vector<size_t>& steps, const std::vector<std::string>& faults,
                  const std::string& failure,
                  std::optional<std::vector<uint64_t>> occurrences = std::nullopt) {
    return FirstFailure(steps, faults, std::move(occurrences)) == failure;
  }

  size_t tries() const { return tries_; }

 private:
  const Scenario& scenario_;
  std::string profile_;
  uint64_t seed_;
  const ExploreOptions& options_;
  size_t tries_ = 0;
};

// Removes items of `items` one at a time, from the back, while `fails` holds without them.
template <typename T, typename Fails>
bool RemoveWhileFailing(std::vector<T>& items, const Fails& fails) {
  bool removed_any = false;
  for (size_t i = items.size(); i-- > 0;) {
    if (items.size() <= 1) break;
    std::vector<T> without = items;
    without.erase(without.begin() + static_cast<std::ptrdiff_t>(i));
    if (fails(without)) {
      items = std::move(without);
      removed_any = true;
    }
  }
  return removed_any;
}

// Removes runs of items from `items`, halves first and then ever shorter runs down to single
// items, from the back (so what stays is early), while `fails` holds without them.
template <typename T, typename Fails>
void RemoveRunsWhileFailing(std::vector<T>& items, const Fails& fails) {
  for (size_t run = std::max<size_t>(items.size() / 2, 1); run >= 1; run /= 2) {
    for (size_t end = items.size(); end > 0 && items.size() > 1;) {
      size_t begin = end > run ? end - run : 0;
      if (end - begin == items.size()) begin = 1;  // keep at least one
      std::vector<T> without = items;
      without.erase(without.begin() + static_cast<std::ptrdiff_t>(begin),
                    without.begin() + static_cast<std::ptrdiff_t>(end));
      if (fails(without)) items = std::move(without);
      end = begin;
    }
  }
}

// Rewrites every `file` member (fixture references) from `from_dir` to `to_dir`.
void RewriteFixturePaths(kube::Json& value, const std::filesystem::path& from_dir,
                         const std::filesystem::path& to_dir) {
  if (value.is_array()) {
    for (auto& item : value) RewriteFixturePaths(item, from_dir, to_dir);
    return;
  }
  if (!value.is_object()) return;
  for (auto& [key, member] : value.items()) {
    if (key == "file" && member.is_string()) {
      std::filesystem::path fixture =
          std::filesystem::weakly_canonical(from_dir / member.get<std::string>());
      member = std::filesystem::relative(fixture, to_dir).generic_string();
    } else {
      RewriteFixturePaths(member, from_dir, to_dir);
    }
  }
}

}  // namespace

std::string OccurrencesText(const MinimizeResult& result) {
  if (!result.occurrences) return "";
  return fmt::format(" (only occurrences {} fire, of {} that fired)",
                     fmt::join(*result.occurrences, ","), result.occurrences_fired);
}

kube::StatusOr<MinimizeResult> Minimize(const Scenario& scenario, const std::string& profile,
                                        uint64_t seed, const std::vector<std::string>& faults,
                                        const ExploreOptions& options) {
  Minimizer minimizer(scenario, profile, seed, options);
  MinimizeResult result;
  for (size_t i = 0; i < scenario.steps.size(); ++i) result.kept_steps.push_back(i);
  result.faults = faults;
  result.failure = minimizer.FirstFailure(result.kept_steps, result.faults);
  if (result.failure.empty()) {
    return kube::BadRequestError(
        fmt::format("{} [{}] seed {} with faults {} does not fail: nothing to minimise",
                    scenario.id, profile, seed, fmt::join(faults, ",")));
  }
  // Steps that only hold expectations do nothing in exploration but settle once more: drop
  // them all at once if the failure stays.
  std::vector<size_t> with_actions;
  for (size_t index : result.kept_steps) {
    if (scenario.steps[index].action != Step::Action::kNone) with_actions.push_back(index);
  }
  if (!with_actions.empty() && with_actions.size() != result.kept_steps.size() &&
      minimizer.StillFails(with_actions, result.faults, result.failure)) {
    result.kept_steps = std::move(with_actions);
  }
  // Steps first (fewer steps make every later try cheaper), then fault kinds, until neither
  // can lose anything more.
  bool changed = true;
  while (changed) {
    changed = RemoveWhileFailing(result.kept_steps, [&](const std::vector<size_t>& steps) {
      return minimizer.StillFails(steps, result.faults, result.failure);
    });
    changed |= RemoveWhileFailing(result.faults, [&](const std::vector<std::string>& kinds) {
      return minimizer.StillFails(result.kept_steps, kinds, result.failure);
    });
  }
  // Then single faults: of the drawn faults that fired, as few and as early as still fail.
  // Letting exactly the ones that fired fire is the same run, so that try fails too.
  std::vector<uint64_t> occurrences = minimizer.Try(result.kept_steps, result.faults).occurrences;
  result.occurrences_fired = occurrences.size();
  if (!occurrences.empty() &&
      minimizer.StillFails(result.kept_steps, result.faults, result.failure, occurrences)) {
    RemoveRunsWhileFailing(occurrences, [&](const std::vector<uint64_t>& kept) {
      return minimizer.StillFails(result.kept_steps, result.faults, result.failure, kept);
    });
    result.occurrences = std::move(occurrences);
  }
  result.tries = minimizer.tries();
  result.reproducer = WithSteps(scenario, result.kept_steps);
  result.reproducer.explore_occurrences = result.occurrences;
  return result;
}

kube::Status WriteReproducer(const Scenario& scenario, const std::string& profile, uint64_t seed,
                             const MinimizeResult& result, const std::string& output_path) {
  std::optional<std::string> text = kube::ReadWholeFile(scenario.file);
  if (!text) return kube::NotFoundError("scenario file", scenario.file);
  KUBE_ASSIGN_OR_RETURN(kube::Json document, kube::ParseYamlDocument(*text, scenario.file));
  kube::Json steps = kube::Json::array();
  for (size_t index : result.kept_steps) {
    kube::Json step = document["steps"][index];
    // A step without an action keeps its expectations, or it would be no step at all.
    if (scenario.steps[index].action != Step::Action::kNone) step.erase("expect");
    steps.push_back(std::move(step));
  }
  document["steps"] = std::move(steps);
  document.erase("never");
  document.erase("writes");
  document["id"] = fmt::format("{}-REPRO-{}", scenario.id, seed);
  document["title"] = fmt::format("Reproducer (explore, seed {}): {}", seed, scenario.title);
  document["profiles"] = kube::Json::array({profile});
  document["description"] = fmt::format(
      "Minimised by `stashsim minimize` from {} [{}] seed {}: {} of {} steps, faults {}{}. The "
      "run fails with: {}. Steps keep no expectations; `stashsim explore` checks it.",
      scenario.id, profile, seed, result.kept_steps.size(), scenario.steps.size(),
      fmt::join(result.faults, ", "), OccurrencesText(result), result.failure);
  document["explore"] = {{"faults", result.faults},
                         {"seeds", kube::Json::array({seed})},
                         {"reason", "a minimised reproducer: only the faults and seed that fail"}};
  if (result.occurrences) document["explore"]["occurrences"] = *result.occurrences;
  std::filesystem::path out(output_path);
  std::filesystem::path to_dir = std::filesystem::absolute(out).parent_path();
  std::filesystem::path from_dir = std::filesystem::absolute(scenario.file).parent_path();
  RewriteFixturePaths(document["given"], from_dir, to_dir);
  RewriteFixturePaths(document["steps"], from_dir, to_dir);
  if (document["given"].is_null()) document.erase("given");
  std::ofstream file(output_path);
  file << kube::ToYaml(document);
  file.flush();
  if (!file) return kube::InternalError("could not write " + output_path);
  return kube::Status::Ok();
}

}  // namespace runner
