// Mutation analysis.
#include "runner/mutation.h"

#include <algorithm>
#include <atomic>
#include <thread>
#include <vector>

#include <fmt/format.h>

namespace runner {
namespace {

// Whether a failure comes from an `errors` expectation, which only an in-process implementation
// can be checked against (docs/external-implementations.md).
bool OnlyInProcess(const Failure& failure) {
  return failure.message.rfind("expected an error matching", 0) == 0 ||
         failure.message.rfind("expected no error", 0) == 0;
}

}  // namespace

std::vector<MutantResult> RunMutationAnalysis(const std::vector<Scenario>& scenarios,
                                              const SuiteOptions& base,
                                              std::vector<Mutant> mutants) {
  if (mutants.empty()) {
    for (const auto& [mutant, name] : AllMutants()) mutants.push_back(mutant);
  }
  std::vector<MutantResult> results;
  for (Mutant mutant : mutants) {
    SuiteOptions options = base;
    options.run.mutants = MutantSet({mutant});
    options.run.check_determinism = false;
    options.expected_failures.clear();
    RunSummary summary = RunSuite(scenarios, options);
    MutantResult result;
    result.mutant = mutant;
    result.name = std::string(MutantName(mutant));
    // Catching runs that also fail on something observable from outside the process come
    // first, so the external check (the first few of them) tries those.
    std::vector<std::pair<std::string, std::string>> in_process_only;
    for (const auto& r : summary.results) {
      if (r.outcome == Outcome::kFailed) {
        result.caught_by.push_back(fmt::format("{} ({})", r.id, r.profile));
        bool observable = std::any_of(r.failures.begin(), r.failures.end(),
                                      [](const Failure& f) { return !OnlyInProcess(f); });
        (observable ? result.catching_runs : in_process_only).emplace_back(r.id, r.profile);
      }
    }
    result.catching_runs.insert(result.catching_runs.end(), in_process_only.begin(),
                                in_process_only.end());
    results.push_back(std::move(result));
  }
  return results;
}

void CheckMutantsExternally(const std::vector<Scenario>& scenarios, const SuiteOptions& base,
                            const std::function<BackendFactory(std::string_view)>& factory_for,
                            std::vector<MutantResult>& results, size_t per_mutant) {
  // One mutant's check: its catching runs, one implementation process per run.
  auto check = [&](MutantResult& result) {
    result.caught_externally.emplace();
    if (result.catching_runs.empty()) return;
    SuiteOptions options = base;
    options.jobs = 1;  // the mutants run side by side instead
    options.run.mutants = {};
    options.run.check_determinism = false;
    options.expected_failures.clear();
    options.selection.ids.clear();
    options.selection.profiles.clear();
    size_t chosen = 0;
    for (const auto& [id, profile] : result.catching_runs) {
      if (chosen == per_mutant) break;
      // Only runs the implementation can take part in (Selection::backend_limits).
      // (A structured binding is captured by name: clang 14, the fuzz preset's, cannot capture it.)
      auto scenario = std::find_if(scenarios.begin(), scenarios.end(),
                                   [&wanted = id](const Scenario& s) { return s.id == wanted; });
      if (scenario != scenarios.end() && base.selection.backend_limits &&
          !base.selection.backend_limits(*scenario).empty()) {
        continue;
      }
      ++chosen;
      options.selection.ids.push_back(id);
      if (std::find(options.selection.profiles.begin(), options.selection.profiles.end(),
                    profile) == options.selection.profiles.end()) {
        options.selection.profiles.push_back(profile);
      }
    }
    if (chosen == 0) {
      result.caught_externally.reset();
      result.not_checkable_externally =
          "every scenario that catches it is skipped for an external implementation";
      return;
    }
    RunSummary summary = RunSuite(scenarios, options, factory_for(result.name));
    for (const auto& r : summary.results) {
      if (r.outcome == Outcome::kFailed) {
        result.caught_externally->push_back(fmt::format("{} ({})", r.id, r.profile));
      }
    }
  };
  // A caught mutant mostly waits out a step timeout, so `base.jobs` mutants are checked at once;
  // each worker writes only the results it takes.
  std::atomic<size_t> next{0};
  auto worker = [&] {
    for (size_t i = next++; i < results.size(); i = next++) check(results[i]);
  };
  size_t workers = std::clamp<size_t>(base.jobs, 1, std::max<size_t>(results.size(), 1));
  std::vector<std::thread> threads;
  for (size_t i = 1; i < workers; ++i) threads.emplace_back(worker);
  worker();
  for (std::thread& thread : threads) thread.join();
}

}  // namespace runner
