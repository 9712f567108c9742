// `stashsim bench` flags (the command itself is runner::RunBenchCommand).
#include "bench_cli.h"

#include <unistd.h>

#include <CLI/CLI.hpp>
#include <iostream>

#include "reference/profile.h"

namespace stashsim_cli {

BenchCli::BenchCli(CLI::App& app) {
  command_ = app.add_subcommand(
      "bench",
      "Reconcile a generated workload in process and report speed, memory and latency "
      "against the floor (bench/README.md)");
  std::vector<std::string> workloads = runner::BenchWorkloadNames();
  command_
      ->add_option("--workload", workload_,
                   "cold-start, arrival, template-change, "
                   "unannotate or delete")
      ->check(CLI::IsMember(workloads))
      ->capture_default_str();
  command_->add_option("--targets", options_.shape.targets, "Annotated targets")
      ->required()
      ->check(CLI::Range(size_t{1}, size_t{100000000}));
  command_->add_option("--templates", options_.shape.templates, "Templates the targets name")
      ->check(CLI::Range(size_t{1}, size_t{10000}))
      ->capture_default_str();
  command_->add_option("--namespaces", options_.shape.namespaces, "Namespaces the targets live in")
      ->check(CLI::Range(size_t{1}, size_t{10000}))
      ->capture_default_str();
  command_->add_option("--profile", profile_, "stash-template or stash-blueprint")
      ->check(CLI::IsMember({"stash-template", "stash-blueprint"}))
      ->capture_default_str();
  command_->add_option("--seed", options_.seed, "Seed of the fake cluster's random source")
      ->capture_default_str();
  command_->add_option("--json", options_.json_path, "Write the figures as JSON to this file");
}

bool BenchCli::Parsed() const { return command_->parsed(); }

int BenchCli::Run() const {
  runner::BenchOptions options = options_;
  options.workload = *runner::BenchWorkloadFromName(workload_);
  options.shape.profile = *reference::ProfileFromName(profile_);
  options.progress = isatty(STDERR_FILENO) != 0;
  return runner::RunBenchCommand(options, std::cout, std::cerr);
}

}  // namespace stashsim_cli
