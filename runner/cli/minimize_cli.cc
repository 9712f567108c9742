// `stashsim minimize`: flags, the minimisation and its report.
#include "minimize_cli.h"

#include <algorithm>
#include <iostream>

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include "reference/profile.h"
#include "runner/minimize.h"
#include "runner/suite.h"

namespace stashsim_cli {
namespace {

constexpr int kExitUsage = 2;

int Usage(const std::string& message) {
  std::cerr << "stashsim: minimize: " << message << "\n";
  return kExitUsage;
}

}  // namespace

MinimizeCli::MinimizeCli(CLI::App& app) {
  command_ = app.add_subcommand(
      "minimize",
      "Shrink a failing `explore` run to the fewest steps and fault kinds that still fail, and "
      "write it as a scenario file (docs/exploration.md)");
  command_->add_option("path", path_, "The scenario file (or a directory holding it)")->required();
  command_->add_option("--id", id_, "The scenario ID")->required();
  command_->add_option("--profile", profile_, "stash-template or stash-blueprint")->required();
  command_->add_option("--seed", seed_, "The failing seed (explore's --first-seed)")
      ->required()
      ->check(CLI::Range(uint64_t{1}, UINT64_MAX));
  command_->add_option("--faults", faults_, "The faults of the failing run (default as explore)")
      ->delimiter(',');
  command_->add_option("--mutant", mutants_, "Start the reference with this deliberate bug");
  command_->add_option("-o,--output", output_,
                       "Where to write the reproducer (default: <ID>-REPRO-<seed>.yaml)");
}

bool MinimizeCli::Parsed() const { return command_->parsed(); }

int MinimizeCli::Run() const {
  if (!reference::ProfileFromName(profile_)) {
    return Usage(fmt::format("unknown profile \"{}\"", profile_));
  }
  runner::ExploreOptions options;
  options.first_seed = seed_;
  auto mutants = runner::ParseMutants(mutants_);
  if (!mutants.ok()) return Usage(mutants.status().message());
  options.mutants = *mutants;
  auto resolved = runner::ResolveExploreFaults(faults_);
  if (!resolved.ok()) return Usage(resolved.status().message());
  const std::vector<std::string>& faults = *resolved;
  auto scenarios = runner::LoadScenarios({path_});
  if (!scenarios.ok()) return Usage(scenarios.status().message());
  auto scenario = std::find_if(scenarios->begin(), scenarios->end(),
                               [&](const runner::Scenario& s) { return s.id == id_; });
  if (scenario == scenarios->end()) return Usage(fmt::format("no scenario {} in {}", id_, path_));
  if (std::find(scenario->profiles.begin(), scenario->profiles.end(), profile_) ==
      scenario->profiles.end()) {
    return Usage(fmt::format("{} does not run in profile {}", id_, profile_));
  }
  auto result = runner::Minimize(*scenario, profile_, seed_, faults, options);
  if (!result.ok()) return Usage(result.status().message());
  std::string output =
      output_.empty() ? fmt::format("{}-REPRO-{}.yaml", scenario->id, seed_) : output_;
  if (kube::Status written = runner::WriteReproducer(*scenario, profile_, seed_, *result, output);
      !written.ok()) {
    return Usage(written.message());
  }
  std::cout << fmt::format(
      "{} [{}] seed {} fails with: {}\nminimised in {} runs: {} of {} steps, faults {}{}\n"
      "written to {}; replay: stashsim explore {} --seeds 1\n",
      scenario->id, profile_, seed_, result->failure, result->tries, result->kept_steps.size(),
      scenario->steps.size(), fmt::join(result->faults, ","), runner::OccurrencesText(*result),
      output, output);
  return 0;
}

}  // namespace stashsim_cli
