// The `stashsim` command line: one subcommand per job (see --help).
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "runner/version.h"

int main(int argc, char** argv) {
  CLI::App app{"stashsim: simulation and conformance suite for Stash's default backup"};
  app.set_version_flag("--version", std::string(runner::Version()));
  app.require_subcommand(0, 1);
  CLI::App* version = app.add_subcommand("version", "Print the version");
  CLI11_PARSE(app, argc, argv);
  if (version->parsed() || app.get_subcommands().empty()) {
    fmt::print("stashsim {}\n", runner::Version());
    if (app.get_subcommands().empty()) fmt::print("{}", app.help());
  }
  return 0;
}
