// Suite loading, selection, expected failures and timing (the runner may read the wall clock).
#include "runner/suite.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <set>
#include <thread>

#include <fmt/format.h>

#include "kube/file.h"
#include "kube/yaml.h"
#include "runner/scenario_loader.h"

namespace runner {
namespace {

bool Contains(const std::vector<std::string>& list, const std::string& value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

bool ProfileSelected(const std::string& profile, const Selection& selection) {
  return selection.profiles.empty() || Contains(selection.profiles, profile);
}

// Why a selected scenario in a selected profile is not run, or "" when it is.
std::string SkipReason(const Scenario& scenario, const Selection& selection) {
  for (const auto& feature : scenario.features) {
    if (selection.unsupported_features.count(feature)) {
      return fmt::format("needs feature \"{}\"", feature);
    }
  }
  if (selection.backend_limits) return selection.backend_limits(scenario);
  return "";
}

bool Selected(const Scenario& scenario, const Selection& selection) {
  if (!selection.ids.empty() && !Contains(selection.ids, scenario.id)) return false;
  if (!selection.labels.empty()) {
    bool any = std::any_of(selection.labels.begin(), selection.labels.end(),
                           [&](const std::string& l) { return Contains(scenario.labels, l); });
    if (!any) return false;
  }
  return true;
}

const ExpectedFailure* FindExpected(const std::vector<ExpectedFailure>& expected,
                                    const std::string& id, const std::string& profile) {
  for (const auto& e : expected) {
    if (e.id == id && (e.profile.empty() || e.profile == profile)) return &e;
  }
  return nullptr;
}

}  // namespace

kube::StatusOr<std::vector<ExpectedFailure>> LoadExpectations(const std::string& path) {
  std::optional<std::string> text = kube::ReadWholeFile(path);
  if (!text) {
    return kube::BadRequestError(fmt::format("{}: cannot read the expectations file", path));
  }
  KUBE_ASSIGN_OR_RETURN(kube::Json doc, kube::ParseYamlDocument(*text, path));
  std::vector<ExpectedFailure> out;
  if (!doc.is_object()) return kube::BadRequestError(path + ": expected a mapping");
  for (const auto& [key, value] : doc.items()) {
    if (key != "implementation" && key != "expectedFailures") {
      return kube::BadRequestError(fmt::format("{}: unknown field \"{}\"", path, key));
    }
  }
  const kube::Json list = doc.value("expectedFailures", kube::Json::array());
  if (!list.is_array()) return kube::BadRequestError(path + ": expectedFailures must be a list");
  for (size_t i = 0; i < list.size(); ++i) {
    const kube::Json& item = list[i];
    if (!item.is_object() || !item.contains("id") || !item["id"].is_string()) {
      return kube::BadRequestError(fmt::format("{}: expectedFailures[{}] needs an id", path, i));
    }
    for (const auto& [key, value] : item.items()) {
      if (key != "id" && key != "profile" && key != "reason") {
        return kube::BadRequestError(
            fmt::format("{}: expectedFailures[{}]: unknown field \"{}\"", path, i, key));
      }
    }
    const std::string id = item["id"].get<std::string>();
    for (const char* field : {"profile", "reason"}) {
      if (item.contains(field) && !item[field].is_string()) {
        return kube::BadRequestError(
            fmt::format("{}: expectedFailures[{}] ({}): {} must be a string", path, i, id, field));
      }
    }
    ExpectedFailure entry{id, item.value("profile", ""), item.value("reason", "")};
    if (entry.reason.find_first_not_of(" \t\r\n") == std::string::npos) {
      return kube::BadRequestError(
          fmt::format("{}: expectedFailures[{}] ({}) needs a reason", path, i, id));
    }
    // Only the first of two entries for one (id, profile) would ever apply.
    for (size_t k = 0; k < out.size(); ++k) {
      if (out[k].id == entry.id && out[k].profile == entry.profile) {
        return kube::BadRequestError(fmt::format(
            "{}: expectedFailures[{}]: {} ({}) is listed twice (also expectedFailures[{}])", path,
            i, id, entry.profile.empty() ? "every profile" : entry.profile, k));
      }
    }
    out.push_back(std::move(entry));
  }
  return out;
}

void ApplyExpectedFailures(const std::vector<ExpectedFailure>& expected, ScenarioResult& result) {
  // Only a pass or a failure is judged by the file: an error (the scenario could not be run or
  // checked) or a skip is neither, and stays as it is.
  if (result.outcome != Outcome::kPassed && result.outcome != Outcome::kFailed) return;
  const ExpectedFailure* entry = FindExpected(expected, result.id, result.profile);
  if (entry == nullptr) return;
  result.expected_failure_reason = entry->reason;
  result.outcome =
      result.outcome == Outcome::kFailed ? Outcome::kExpectedFailure : Outcome::kUnexpectedPass;
}

kube::StatusOr<LoadedSuite> LoadSuite(const std::vector<std::string>& paths) {
  std::vector<std::string> files;
  for (const auto& path : paths) {
    std::error_code error;
    if (std::filesystem::is_directory(path, error)) {
      for (auto& f : FindScenarioFiles(path)) files.push_back(std::move(f));
    } else if (std::filesystem::exists(path, error)) {
      files.push_back(path);
    } else {
      return kube::BadRequestError(fmt::format("{}: no such file or directory", path));
    }
  }
  // The same file named twice (directly and through its directory) is loaded once.
  std::set<std::filesystem::path> seen;
  std::vector<std::string> unique_files;
  for (const auto& file : files) {
    std::error_code error;
    std::filesystem::path canonical = std::filesystem::weakly_canonical(file, error);
    if (seen.insert(error ? std::filesystem::path(file) : canonical).second) {
      unique_files.push_back(file);
    }
  }
  LoadedSuite suite;
  for (LoadedFile& file : LoadSuiteFiles(unique_files)) {
    if (file.scenario) {
      suite.scenarios.push_back(std::move(*file.scenario));
    } else {
      suite.failed.push_back(std::move(file));
    }
  }
  return suite;
}

kube::StatusOr<std::vector<Scenario>> LoadScenarios(const std::vector<std::string>& paths) {
  KUBE_ASSIGN_OR_RETURN(LoadedSuite suite, LoadSuite(paths));
  std::string errors;
  for (const LoadedFile& file : suite.failed) {
    for (const LintIssue& issue : file.issues) errors += issue.ToString() + "\n";
  }
  if (!errors.empty()) return kube::BadRequestError(errors);
  return std::move(suite.scenarios);
}

size_t AddLoadErrors(const std::vector<LoadedFile>& failed, const Selection& selection,
                     RunSummary& summary) {
  std::vector<ScenarioResult> errors;
  for (const LoadedFile& file : failed) {
    if (!file.id.empty() && !selection.ids.empty() && !Contains(selection.ids, file.id)) continue;
    ScenarioResult& result = errors.emplace_back();
    result.id = file.id.empty() ? file.file : file.id;
    result.title = "the scenario file does not pass the lint";
    result.file = file.file;
    result.outcome = Outcome::kError;
    for (const LintIssue& issue : file.issues) {
      Failure failure;
      failure.step = "lint";
      failure.message = issue.ToString();
      failure.location = SourceLocation{issue.file, issue.line}.ToString();
      result.failures.push_back(std::move(failure));
    }
  }
  summary.results.insert(summary.results.begin(), std::make_move_iterator(errors.begin()),
                         std::make_move_iterator(errors.end()));
  return errors.size();
}

std::vector<SelectedRun> SelectRuns(const std::vector<Scenario>& scenarios,
                                    const Selection& selection) {
  std::vector<SelectedRun> runs;
  for (const auto& scenario : scenarios) {
    if (!Selected(scenario, selection)) continue;
    for (const auto& profile : scenario.profiles) {
      if (!ProfileSelected(profile, selection)) continue;
      runs.push_back({&scenario, profile, SkipReason(scenario, selection)});
    }
  }
  return runs;
}

void ParallelFor(size_t count, size_t jobs, const std::function<void(size_t)>& body) {
  jobs = std::max<size_t>(1, std::min(jobs, count));
  if (jobs <= 1) {
    for (size_t i = 0; i < count; ++i) body(i);
    return;
  }
  std::atomic<size_t> next{0};
  std::vector<std::thread> workers;
  for (size_t w = 0; w < jobs; ++w) {
    workers.emplace_back([&] {
      for (size_t i = next++; i < count; i = next++) body(i);
    });
  }
  for (auto& worker : workers) worker.join();
}

RunSummary RunSuite(const std::vector<Scenario>& scenarios, const SuiteOptions& options,
                    const BackendFactory& factory) {
  RunSummary summary;
  summary.implementation = options.implementation;
  auto suite_start = std::chrono::steady_clock::now();
  // Every (scenario, profile) pair gets its place in the results first, so the report's order
  // does not depend on how many run at once.
  std::vector<std::pair<const Scenario*, std::string>> work;
  std::vector<size_t> slots;
  for (SelectedRun& run : SelectRuns(scenarios, options.selection)) {
    const Scenario& scenario = *run.scenario;
    ScenarioResult result;
    result.id = scenario.id;
    result.title = scenario.title;
    result.file = scenario.file;
    result.profile = run.profile;
    result.spec_section = scenario.spec_section;
    if (!run.skip_reason.empty()) {
      result.outcome = Outcome::kSkipped;
      result.skip_reason = std::move(run.skip_reason);
    } else {
      work.emplace_back(&scenario, run.profile);
      slots.push_back(summary.results.size());
    }
    summary.results.push_back(std::move(result));
  }
  auto run_one = [&](size_t i) {
    const Scenario& scenario = *work[i].first;
    const std::string& profile = work[i].second;
    auto start = std::chrono::steady_clock::now();
    ScenarioResult result = RunScenario(scenario, profile, options.run, factory);
    result.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    result.replay_command =
        fmt::format("{} {} --id {} --profile {} --seed {}", options.replay_prefix, scenario.file,
                    scenario.id, profile, options.run.seed);
    ApplyExpectedFailures(options.expected_failures, result);
    summary.results[slots[i]] = std::move(result);
  };
  ParallelFor(work.size(), options.jobs, run_one);
  summary.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - suite_start).count();
  return summary;
}

}  // namespace runner
