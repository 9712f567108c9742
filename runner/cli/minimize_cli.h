// The `stashsim minimize` subcommand: shrinks one failing exploration run (runner/minimize.h)
// and writes it as a scenario file ready to commit as a regression test.
#pragma once

#include <string>
#include <vector>

#include "runner/explore.h"

namespace CLI {
class App;
}  // namespace CLI

namespace stashsim_cli {

class MinimizeCli {
 public:
  explicit MinimizeCli(CLI::App& app);
  bool Parsed() const;
  // Runs the command with the parsed flags; returns the exit code.
  int Run() const;

 private:
  CLI::App* command_ = nullptr;
  std::string path_, id_, profile_, output_;
  std::vector<std::string> faults_, mutants_;
  uint64_t seed_ = 1;
};

}  // namespace stashsim_cli
