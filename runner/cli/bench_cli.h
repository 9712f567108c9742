// The `stashsim bench` subcommand's flags: registers them on the CLI11 app and runs
// runner::RunBenchCommand when the subcommand was given.
#pragma once

#include <string>

#include "runner/bench_command.h"

namespace CLI {
class App;
}  // namespace CLI

namespace stashsim_cli {

class BenchCli {
 public:
  explicit BenchCli(CLI::App& app);
  bool Parsed() const;
  // Runs the command with the parsed flags; returns the exit code.
  int Run() const;

 private:
  CLI::App* command_ = nullptr;
  std::string workload_ = "cold-start";
  std::string profile_ = "stash-template";
  runner::BenchOptions options_;
};

}  // namespace stashsim_cli
