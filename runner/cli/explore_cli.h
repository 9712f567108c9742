// The `stashsim explore` subcommand: registers its flags on the CLI11 app and runs the
// exploration (runner/explore.h), or with --check-mutants proves that it catches every
// fault-only mutant.
#pragma once

#include <string>
#include <vector>

#include "runner/explore.h"

namespace CLI {
class App;
}  // namespace CLI

namespace stashsim_cli {

class ExploreCli {
 public:
  explicit ExploreCli(CLI::App& app);
  bool Parsed() const;
  // Runs the command with the parsed flags; returns the exit code.
  int Run() const;

 private:
  CLI::App* command_ = nullptr;
  std::vector<std::string> paths_, ids_, labels_, profiles_, faults_, mutants_;
  runner::ExploreOptions options_;
  bool check_mutants_ = false;
  bool verbose_ = false;
  std::string impl_;  // "exec:COMMAND ARGS": explore an external implementation
  int settle_ms_ = 300;
  int step_timeout_ms_ = 15000;
};

}  // namespace stashsim_cli
