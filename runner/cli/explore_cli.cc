// `stashsim explore`: flags, the report of failing runs, and the fault-only mutant check.
#include "explore_cli.h"

#include <algorithm>
#include <iostream>
#include <thread>

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include "reference/profile.h"
#include "runner/external_backend.h"
#include "runner/suite.h"

namespace stashsim_cli {
namespace {

constexpr int kExitFailures = 1;
constexpr int kExitUsage = 2;
constexpr size_t kFaultsShown = 12;

void PrintRun(const runner::ExploreRun& run, std::ostream& out) {
  out << fmt::format(
      "FAIL {} [{}] {}\n", run.id, run.profile,
      run.seed == 0 ? "calm run (no added faults)" : fmt::format("seed {}", run.seed));
  for (const runner::Failure& failure : run.failures) {
    out << fmt::format("  {}: {}\n", failure.step, failure.message);
    if (!failure.diff.empty()) {
      std::string diff = failure.diff;
      size_t pos = 0;
      while (pos < diff.size()) {
        size_t end = diff.find('\n', pos);
        if (end == std::string::npos) end = diff.size();
        out << "    " << std::string_view(diff).substr(pos, end - pos) << "\n";
        pos = end + 1;
      }
    }
  }
  if (!run.faults_fired.empty()) {
    out << fmt::format("  faults fired ({}):\n", run.faults_fired.size());
    for (size_t i = 0; i < run.faults_fired.size() && i < kFaultsShown; ++i) {
      out << "    " << run.faults_fired[i] << "\n";
    }
    if (run.faults_fired.size() > kFaultsShown) {
      out << fmt::format("    ... and {} more\n", run.faults_fired.size() - kFaultsShown);
    }
  }
  if (!run.history.empty()) {
    out << "  history (writes by actor, faults where they fired):\n";
    for (const std::string& line : run.history) out << "    " << line << "\n";
  }
  out << "  replay: " << run.replay_command << "\n";
}

void PrintSummary(const runner::ExploreSummary& summary, std::ostream& out) {
  double per_second = summary.seconds > 0 ? static_cast<double>(summary.runs) / summary.seconds : 0;
  out << fmt::format(
      "explored {} scenario/profile pair(s) ({} not explored): {} faulty run(s), {} fault(s) "
      "fired, {:.1f} s ({:.1f} runs/s); {} failing run(s)\n",
      summary.pairs, summary.not_explored, summary.runs, summary.faults_fired, summary.seconds,
      per_second, summary.failed.size());
}

}  // namespace

ExploreCli::ExploreCli(CLI::App& app) {
  command_ = app.add_subcommand(
      "explore",
      "Run every scenario under many seeded fault schedules and check that the implementation "
      "converges to the calm run's state (docs/exploration.md)");
  command_->add_option("paths", paths_, "Scenario files or directories")->required();
  command_->add_option("--id", ids_, "Only these scenario IDs (repeatable)");
  command_->add_option("--label", labels_, "Only scenarios with one of these labels");
  command_->add_option("--profile", profiles_, "stash-template and/or stash-blueprint");
  command_->add_option("--seeds", options_.seeds, "Faulty runs per scenario and profile")
      ->check(CLI::Range(size_t{1}, size_t{100000}))
      ->capture_default_str();
  command_->add_option("--first-seed", options_.first_seed, "Seed of the first faulty run")
      ->check(CLI::Range(uint64_t{1}, UINT64_MAX))
      ->capture_default_str();
  command_
      ->add_option("--faults", faults_,
                   "Faults to switch on, comma-separated (default: all): all, none, or of " +
                       fmt::format("{}", fmt::join(runner::ExploreFaultNames(), ", ")))
      ->delimiter(',');
  command_->add_option("--mutant", mutants_, "Start the reference with this deliberate bug");
  command_->add_flag("--check-mutants", check_mutants_,
                     "Explore once per fault-only mutant; fail if one is not caught");
  command_->add_option("-j,--jobs", options_.jobs,
                       "Scenario/profile pairs explored at once (default: the core count)");
  command_->add_flag("-v,--verbose", verbose_, "With --check-mutants: print each failing run");
  command_->add_flag("--history", options_.keep_history,
                     "Print the write and fault history of each failing run");
  command_->add_option("--impl", impl_,
                       "Explore an external implementation: 'exec:COMMAND ARGS' is started for "
                       "each run with KUBECONFIG set; faults apply at the HTTP boundary");
  command_->add_option("--settle-ms", settle_ms_, "With --impl: quiet window")
      ->check(CLI::Range(10, 600000))
      ->capture_default_str();
  command_->add_option("--step-timeout-ms", step_timeout_ms_, "With --impl: step timeout")
      ->check(CLI::Range(100, 3600000))
      ->capture_default_str();
  options_.jobs = 0;
}

bool ExploreCli::Parsed() const { return command_->parsed(); }

int ExploreCli::Run() const {
  runner::ExploreOptions options = options_;
  if (options.jobs == 0) options.jobs = std::max(1u, std::thread::hardware_concurrency());
  auto faults = runner::ResolveExploreFaults(faults_);
  if (!faults.ok()) {
    std::cerr << "stashsim: explore: " << faults.status().message() << "\n";
    return kExitUsage;
  }
  options.faults = *faults;
  if (!impl_.empty()) {
    constexpr std::string_view kExec = "exec:";
    if (!impl_.starts_with(kExec) || impl_.size() == kExec.size()) {
      std::cerr << "stashsim: explore: --impl takes 'exec:COMMAND ARGS'\n";
      return kExitUsage;
    }
    if (check_mutants_) {
      std::cerr << "stashsim: explore: --check-mutants runs the reference; it does not take "
                   "--impl\n";
      return kExitUsage;
    }
    runner::ExternalOptions external;
    external.command = impl_.substr(kExec.size());
    external.quiet_ms = settle_ms_;
    external.step_timeout_ms = step_timeout_ms_;
    options.factory = runner::ExternalBackendFactory(external);
    // Long enough for delayed garbage collection, shorter than a resync: an external process
    // retries on its own (wall) clock, and a virtual resync period would restart it.
    options.settle_ms = 60 * 1000;
    options.replay_prefix = fmt::format("stashsim explore --impl '{}'", impl_);
  }
  for (const std::string& profile : profiles_) {
    if (!reference::ProfileFromName(profile)) {
      std::cerr << fmt::format("stashsim: explore: unknown profile \"{}\"\n", profile);
      return kExitUsage;
    }
  }
  auto mutants = runner::ParseMutants(mutants_);
  if (!mutants.ok()) {
    std::cerr << "stashsim: explore: " << mutants.status().message() << "\n";
    return kExitUsage;
  }
  options.mutants = *mutants;
  auto scenarios = runner::LoadScenarios(paths_);
  if (!scenarios.ok()) {
    std::cerr << "stashsim: " << scenarios.status().message() << "\n";
    return kExitUsage;
  }
  runner::Selection selection;
  selection.ids = ids_;
  selection.labels = labels_;
  selection.profiles = profiles_;
  if (runner::SelectRuns(*scenarios, selection).empty()) {
    std::cerr << "stashsim: explore: the selection (--id, --label, --profile) matches no "
                 "scenario\n";
    return kExitUsage;
  }

  if (!check_mutants_) {
    runner::ExploreSummary summary = runner::Explore(*scenarios, selection, options);
    for (const runner::ExploreRun& run : summary.failed) PrintRun(run, std::cout);
    PrintSummary(summary, std::cout);
    return summary.Passed() ? 0 : kExitFailures;
  }

  // Every fault-only mutant must pass the calm run and be caught by some faulty run.
  int survivors = 0;
  std::cout << fmt::format("{:<30} {}\n", "fault-only mutant", "verdict");
  for (const auto& [mutant, name] : runner::FaultOnlyMutants()) {
    runner::ExploreOptions with_mutant = options;
    with_mutant.mutants.Enable(mutant);
    runner::ExploreSummary summary = runner::Explore(*scenarios, selection, with_mutant);
    std::string verdict;
    auto calm_failure = std::find_if(summary.failed.begin(), summary.failed.end(),
                                     [](const runner::ExploreRun& run) { return run.seed == 0; });
    if (summary.failed.empty()) {
      verdict = fmt::format("SURVIVED {} faulty run(s)", summary.runs);
      ++survivors;
    } else if (calm_failure != summary.failed.end()) {
      verdict = fmt::format("NOT FAULT-ONLY: fails the calm run of {} [{}]", calm_failure->id,
                            calm_failure->profile);
      ++survivors;
    } else {
      const runner::ExploreRun& first = summary.failed.front();
      verdict =
          fmt::format("caught by {} run(s), first {} [{}] {}", summary.failed.size(), first.id,
                      first.profile, first.seed == 0 ? "calm" : fmt::format("seed {}", first.seed));
    }
    std::cout << fmt::format("{:<30} {}\n", name, verdict);
    if (verbose_ && !summary.failed.empty()) PrintRun(summary.failed.front(), std::cout);
  }
  std::cout << fmt::format("{} fault-only mutant(s), {} survived or not fault-only\n",
                           runner::FaultOnlyMutants().size(), survivors);
  return survivors == 0 ? 0 : kExitFailures;
}

}  // namespace stashsim_cli
