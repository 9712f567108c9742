// Loading scenarios through the public API of scenario_loader.h: one scenario, the scenario files
// under a folder, and a suite of files with the checks across files (an ID used twice). Each file
// is loaded and checked by a ScenarioFileLoader (scenario_file_loader.h).
#include "runner/scenario_loader.h"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>
#include <utility>

#include "scenario_file_loader.h"
#include "scenario_text.h"

namespace runner {
namespace {

namespace fs = std::filesystem;

std::string JoinIssues(const std::vector<LintIssue>& issues) {
  std::string text;
  for (const LintIssue& issue : issues) {
    if (!text.empty()) text += '\n';
    text += issue.ToString();
  }
  return text;
}

kube::Status InvalidScenarioStatus(const std::vector<LintIssue>& issues) {
  kube::StatusDetails details;
  for (const LintIssue& issue : issues) {
    details.causes.push_back({"FieldValueInvalid", issue.ToString(), issue.field});
  }
  return kube::Status(kube::StatusReason::kInvalid, JoinIssues(issues), std::move(details));
}

}  // namespace

std::string SourceLocation::ToString() const {
  return line > 0 ? fmt::format("{}:{}", file, line) : file;
}

std::string LintIssue::ToString() const {
  std::string text = file;
  if (line > 0) text += fmt::format(":{}", line);
  text += ": ";
  if (!field.empty()) text += field + ": ";
  return text + message;
}

kube::StatusOr<Scenario> LoadScenario(const std::string& path) {
  ScenarioFileLoader loader(path);
  loader.Run();
  if (!loader.issues().empty() || !loader.scenario()) {
    if (loader.issues().empty()) {
      loader.issues().push_back({path, 0, "", "the scenario could not be loaded"});
    }
    return InvalidScenarioStatus(loader.issues());
  }
  return std::move(*loader.scenario());
}

std::vector<std::string> FindScenarioFiles(const std::string& dir) {
  std::vector<std::string> files;
  std::error_code error;
  if (fs::is_regular_file(dir, error)) return {dir};
  fs::recursive_directory_iterator it(dir, fs::directory_options::skip_permission_denied, error);
  for (; !error && it != fs::recursive_directory_iterator(); it.increment(error)) {
    const fs::path& path = it->path();
    std::error_code entry_error;
    if (it->is_directory(entry_error)) {
      std::string name = path.filename().string();
      if (name == "fixtures" || name == "schema") it.disable_recursion_pending();
      continue;
    }
    std::string extension = path.extension().string();
    if ((extension == ".yaml" || extension == ".yml") && it->is_regular_file(entry_error)) {
      files.push_back(path.generic_string());
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::vector<LoadedFile> LoadSuiteFiles(const std::vector<std::string>& files) {
  std::vector<LoadedFile> loaded;
  std::map<std::string, std::pair<std::string, int>> first_use;  // id -> file, line
  std::set<std::string> seen_files;
  for (const std::string& file : files) {
    if (!seen_files.insert(file).second) continue;
    ScenarioFileLoader loader(file);
    loader.Run();
    std::vector<LintIssue>& file_issues = loader.issues();
    if (file_issues.empty() && !loader.scenario()) {
      file_issues.push_back({file, 0, "", "the scenario could not be loaded"});
    }
    if (!loader.id().empty()) {
      auto [first, inserted] =
          first_use.emplace(loader.id(), std::make_pair(file, loader.id_line()));
      if (!inserted) {
        file_issues.push_back(
            {file, loader.id_line(), "id",
             fmt::format("duplicate id {}: {}:{} uses it too (IDs are unique "
                         "and never reused)",
                         Quoted(loader.id()), first->second.first, first->second.second)});
        std::stable_sort(file_issues.begin(), file_issues.end(),
                         [](const LintIssue& a, const LintIssue& b) { return a.line < b.line; });
      }
    }
    LoadedFile& entry = loaded.emplace_back();
    entry.file = file;
    entry.id = loader.id();
    entry.issues = std::move(file_issues);
    if (entry.issues.empty()) entry.scenario = std::move(loader.scenario());
  }
  return loaded;
}

std::vector<LintIssue> LintSuite(const std::vector<std::string>& files) {
  std::vector<LintIssue> issues;
  for (LoadedFile& file : LoadSuiteFiles(files)) {
    for (LintIssue& issue : file.issues) issues.push_back(std::move(issue));
  }
  return issues;
}

}  // namespace runner
