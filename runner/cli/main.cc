// The `stashsim` command line. Exit codes: 0 success, 1 conformance failures (or a surviving
// mutant, or a failing render), 2 usage or input errors.
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <fstream>
#include <iostream>
#include <thread>

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include "bench_cli.h"
#include "explore_cli.h"
#include "kube/yaml.h"
#include "minimize_cli.h"
#include "reference/profile.h"
#include "runner/cluster_backend.h"
#include "runner/controller_command.h"
#include "runner/external_backend.h"
#include "runner/mutants.h"
#include "runner/mutation.h"
#include "runner/render.h"
#include "runner/report.h"
#include "runner/scenario_loader.h"
#include "runner/serve.h"
#include "runner/suite.h"
#include "runner/version.h"

namespace {

constexpr int kExitFailures = 1;
constexpr int kExitUsage = 2;

struct RunFlags {
  std::vector<std::string> paths;
  std::vector<std::string> ids, labels, profiles, mutants, without_features;
  std::string expectations, junit, json, color = "auto";
  uint64_t seed = 1;
  bool verbose = false;
  bool no_determinism = false;
  std::string impl;  // "exec:COMMAND ARGS": an external implementation
  int settle_ms = 300;
  int step_timeout_ms = 15000;
  size_t jobs = 0;                // 0: 1 for the reference, the core count for --impl
  size_t external_scenarios = 3;  // mutants --impl: catching scenarios re-run per mutant
  std::string cluster;            // a kubeconfig: run against that cluster
  std::string context;
  std::string resync_command;
  bool cluster_extended = false;
  bool settle_given = false, timeout_given = false;
};

constexpr std::string_view kExecPrefix = "exec:";

runner::ExternalOptions ExternalOptionsFrom(const RunFlags& flags, std::string command) {
  runner::ExternalOptions external;
  external.command = std::move(command);
  external.quiet_ms = flags.settle_ms;
  external.step_timeout_ms = flags.step_timeout_ms;
  return external;
}

// The command of an `exec:` implementation, or a usage error.
std::optional<std::string> ExecCommand(const std::string& impl) {
  if (!impl.starts_with(kExecPrefix) || impl.size() == kExecPrefix.size()) return std::nullopt;
  return impl.substr(kExecPrefix.size());
}

std::atomic<bool> g_stop_requested{false};

void RequestStop(int) { g_stop_requested.store(true); }

std::atomic<unsigned> g_restarts_requested{0};

void RequestRestart(int) { g_restarts_requested.fetch_add(1); }

// SIGINT and SIGTERM end `serve` cleanly.
void InstallStopHandlers() {
  struct sigaction action {};
  action.sa_handler = RequestStop;
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
  signal(SIGPIPE, SIG_IGN);
}

bool UseColour(const std::string& mode) {
  if (mode == "always") return true;
  if (mode == "never") return false;
  return isatty(STDOUT_FILENO) != 0 && std::getenv("NO_COLOR") == nullptr;
}

int UsageError(const std::string& message) {
  std::cerr << "stashsim: " << message << "\n";
  return kExitUsage;
}

bool WriteFile(const std::string& path, const std::function<void(std::ostream&)>& write) {
  std::ofstream out(path);
  if (!out) return false;
  write(out);
  out.flush();  // a full disk shows only when the buffer is written
  return static_cast<bool>(out);
}

// Builds suite options from flags; returns a usage error message when something is wrong.
std::optional<std::string> BuildSuiteOptions(const RunFlags& flags, runner::SuiteOptions& options) {
  options.paths = flags.paths;
  options.selection.ids = flags.ids;
  options.selection.labels = flags.labels;
  for (const auto& p : flags.profiles) {
    if (!reference::ProfileFromName(p)) return fmt::format("unknown profile \"{}\"", p);
  }
  options.selection.profiles = flags.profiles;
  for (const auto& feature : flags.without_features) {
    if (feature != "extended" && feature != "template-watch" &&
        feature != "exact-namespace-names" && feature != "virtual-clock-retries") {
      return fmt::format(
          "unknown feature \"{}\" (extended, template-watch, "
          "exact-namespace-names, virtual-clock-retries)",
          feature);
    }
  }
  options.selection.unsupported_features = {flags.without_features.begin(),
                                            flags.without_features.end()};
  options.run.seed = flags.seed;
  options.run.check_determinism = !flags.no_determinism;
  auto mutants = runner::ParseMutants(flags.mutants);
  if (!mutants.ok()) return mutants.status().message();
  options.run.mutants = *mutants;
  if (!flags.expectations.empty()) {
    auto expected = runner::LoadExpectations(flags.expectations);
    if (!expected.ok()) return expected.status().message();
    options.expected_failures = std::move(expected).value();
  }
  return std::nullopt;
}

int RunCommand(const RunFlags& flags) {
  runner::SuiteOptions options;
  if (auto error = BuildSuiteOptions(flags, options)) return UsageError(*error);
  auto suite = runner::LoadSuite(flags.paths);
  if (!suite.ok()) return UsageError(suite.status().message());
  const std::vector<runner::Scenario>* scenarios = &suite->scenarios;
  for (const auto& expected : options.expected_failures) {
    bool known = std::any_of(scenarios->begin(), scenarios->end(),
                             [&](const runner::Scenario& s) { return s.id == expected.id; });
    if (!known) {
      std::cerr << fmt::format(
          "stashsim: warning: {}: expected failure {} names no loaded "
          "scenario\n",
          flags.expectations, expected.id);
    }
  }
  runner::BackendFactory factory = runner::MakeReferenceBackend;
  if (!flags.cluster.empty() && !flags.impl.empty()) {
    return UsageError(
        "--cluster runs against an installed implementation; --impl starts one: "
        "give one of them");
  }
  if (flags.cluster.empty() &&
      (!flags.context.empty() || !flags.resync_command.empty() || flags.cluster_extended)) {
    return UsageError("--context, --resync-command and --extended go with --cluster");
  }
  if (!flags.cluster.empty()) {
    if (!flags.mutants.empty()) return UsageError("--mutant does not go with --cluster");
    runner::ClusterBackendOptions cluster;
    cluster.kubeconfig = flags.cluster;
    cluster.context = flags.context;
    cluster.resync_command = flags.resync_command;
    cluster.extended = flags.cluster_extended;
    if (flags.settle_given) cluster.quiet_ms = flags.settle_ms;
    if (flags.timeout_given) cluster.step_timeout_ms = flags.step_timeout_ms;
    options.implementation = "cluster " + flags.cluster;
    options.run.check_determinism = false;  // a real cluster: not replayable
    options.replay_prefix = fmt::format("stashsim run --cluster {}", flags.cluster);
    options.selection.backend_limits = [cluster](const runner::Scenario& scenario) {
      return runner::ClusterSkipReason(scenario, cluster);
    };
    options.jobs = flags.jobs > 0 ? flags.jobs : 4;
    cluster.runs_alone = options.jobs == 1;
    factory = runner::ClusterBackendFactory(cluster);
  } else if (!flags.impl.empty()) {
    if (!ExecCommand(flags.impl)) return UsageError("--impl takes 'exec:COMMAND ARGS'");
    if (!flags.mutants.empty()) {
      return UsageError(
          "--mutant starts the reference with a bug; with --impl, give it to the "
          "implementation (e.g. 'exec:stashsim controller --mutant NAME')");
    }
    std::string command = *ExecCommand(flags.impl);
    options.implementation = command;
    options.run.check_determinism = false;  // real time and a real process: not replayable
    options.replay_prefix = fmt::format("stashsim run --impl '{}'", flags.impl);
    options.selection.backend_limits = runner::ExternalSkipReason;
    unsigned cores = std::max(1u, std::thread::hardware_concurrency());
    options.jobs = flags.jobs > 0 ? flags.jobs : cores;
    factory = runner::ExternalBackendFactory(ExternalOptionsFrom(flags, command));
  } else if (flags.jobs > 0) {
    options.jobs = flags.jobs;
  }
  runner::RunSummary summary = runner::RunSuite(*scenarios, options, factory);
  // A file that fails the lint is an `error` result; the others still run and are reported.
  size_t load_errors = runner::AddLoadErrors(suite->failed, options.selection, summary);
  if (summary.results.empty()) {
    return UsageError(fmt::format(
        "no scenario matched the selection (ids: [{}], labels: [{}], profiles: [{}]) in {}",
        fmt::join(flags.ids, ", "), fmt::join(flags.labels, ", "), fmt::join(flags.profiles, ", "),
        fmt::join(flags.paths, ", ")));
  }
  runner::WriteTerminalReport(summary, std::cout, UseColour(flags.color), flags.verbose);
  if (!flags.junit.empty() &&
      !WriteFile(flags.junit, [&](std::ostream& o) { runner::WriteJunitReport(summary, o); })) {
    return UsageError("cannot write " + flags.junit);
  }
  if (!flags.json.empty() &&
      !WriteFile(flags.json, [&](std::ostream& o) { runner::WriteJsonReport(summary, o); })) {
    return UsageError("cannot write " + flags.json);
  }
  if (load_errors > 0) {
    return UsageError(
        fmt::format("{} scenario file(s) do not pass the lint (`stashsim lint`); "
                    "they are `error` results in the reports",
                    load_errors));
  }
  return summary.Ok() ? 0 : kExitFailures;
}

int LintCommand(const std::vector<std::string>& paths) {
  std::vector<std::string> files;
  for (const auto& path : paths) {
    std::error_code error;
    if (std::filesystem::is_directory(path, error)) {
      for (auto& f : runner::FindScenarioFiles(path)) files.push_back(std::move(f));
    } else {
      files.push_back(path);
    }
  }
  auto issues = runner::LintSuite(files);
  for (const auto& issue : issues) std::cout << issue.ToString() << "\n";
  std::cout << fmt::format("{} file(s) checked, {} problem(s)\n", files.size(), issues.size());
  return issues.empty() ? 0 : kExitFailures;
}

int MutantsCommand(const RunFlags& flags, bool list_only) {
  if (list_only) {
    for (const auto& [mutant, name] : runner::AllMutants()) std::cout << name << "\n";
    return 0;
  }
  runner::SuiteOptions options;
  if (auto error = BuildSuiteOptions(flags, options)) return UsageError(*error);
  auto scenarios = runner::LoadScenarios(flags.paths);
  if (!scenarios.ok()) return UsageError(scenarios.status().message());
  std::vector<runner::Mutant> selected;
  for (const auto& name : flags.mutants) selected.push_back(*runner::MutantFromName(name));
  options.run.mutants = {};
  auto results = runner::RunMutationAnalysis(*scenarios, options, selected);
  if (!flags.impl.empty()) {
    // The implementation command names the mutant with {mutant}, e.g.
    // 'exec:stashsim controller --mutant {mutant}'.
    auto command = ExecCommand(flags.impl);
    if (!command || command->find("{mutant}") == std::string::npos) {
      return UsageError("mutants --impl takes 'exec:COMMAND ... {mutant} ...'");
    }
    options.jobs = flags.jobs > 0 ? flags.jobs : std::max(1u, std::thread::hardware_concurrency());
    options.selection.backend_limits = runner::ExternalSkipReason;
    runner::CheckMutantsExternally(
        *scenarios, options,
        [&](std::string_view mutant) {
          std::string with_mutant = *command;
          with_mutant.replace(with_mutant.find("{mutant}"), 8, mutant);
          return runner::ExternalBackendFactory(ExternalOptionsFrom(flags, with_mutant));
        },
        results, flags.external_scenarios);
  }
  int survivors = 0;
  std::cout << fmt::format("{:<42} {:>6}  {}\n", "mutant", "caught", "scenarios");
  for (const auto& r : results) {
    std::string list;
    for (size_t i = 0; i < r.caught_by.size() && i < 6; ++i) {
      list += (i ? ", " : "") + r.caught_by[i];
    }
    if (r.caught_by.size() > 6) list += fmt::format(", ... (+{})", r.caught_by.size() - 6);
    std::string verdict = list;
    if (r.caught_by.empty()) {
      verdict = "SURVIVED: no scenario catches it";
    } else if (r.caught_externally && r.caught_externally->empty()) {
      verdict =
          "SURVIVED in the implementation: what catches it in process passes there (" + list + ")";
    } else if (r.caught_externally) {
      verdict = fmt::format("in the implementation: {}", fmt::join(*r.caught_externally, ", "));
    } else if (!r.not_checkable_externally.empty()) {
      verdict = fmt::format("{} (not checked in the implementation: {})", list,
                            r.not_checkable_externally);
    }
    std::cout << fmt::format("{:<42} {:>6}  {}\n", r.name, r.caught_by.size(), verdict);
    survivors += !r.Caught();
  }
  std::cout << fmt::format("{} mutant(s), {} caught, {} survived\n", results.size(),
                           results.size() - static_cast<size_t>(survivors), survivors);
  return survivors == 0 ? 0 : kExitFailures;
}

void AddSelectionFlags(CLI::App* command, RunFlags& flags) {
  command->add_option("paths", flags.paths, "Scenario files or directories")->required();
  command->add_option("--id", flags.ids, "Only these scenario IDs (repeatable)");
  command->add_option("--label", flags.labels, "Only scenarios with one of these labels");
  command->add_option("--profile", flags.profiles, "stash-template and/or stash-blueprint");
  command->add_option("--seed", flags.seed, "Seed of the fake cluster's random source")
      ->check(CLI::NonNegativeNumber);
  command->add_option("--without-feature", flags.without_features,
                      "Skip scenarios needing this feature (extended, template-watch, "
                      "exact-namespace-names, virtual-clock-retries)");
  command->add_option("--expectations", flags.expectations,
                      "Expectations file: scenario IDs expected to fail, with reasons");
}

// --max-substitution-bytes: the largest field a template substitution may produce.
void AddSubstitutionLimitFlag(CLI::App* command, reference::SubstitutionLimits& limits) {
  command
      ->add_option("--max-substitution-bytes", limits.max_field_bytes,
                   "Largest template field (and substitution result) substitution may produce; "
                   "the whole template may grow by 8 times this (docs/limits.md)")
      ->check(CLI::Range(size_t{1}, size_t{1} << 40))
      ->capture_default_str();
}

// --max-yaml-expanded-bytes: how large YAML input may become once its aliases are expanded.
void AddYamlLimitFlag(CLI::App* command, size_t& max_expanded_bytes) {
  command
      ->add_option("--max-yaml-expanded-bytes", max_expanded_bytes,
                   "Largest size (bytes of scalars) a YAML file may reach once its aliases are "
                   "expanded (docs/limits.md)")
      ->check(CLI::Range(size_t{1}, size_t{1} << 40))
      ->capture_default_str();
}

}  // namespace

int Dispatch(int argc, char** argv);

// Runs the command, then makes sure what it printed reached standard output: output lost to a
// full disk or a closed descriptor is an error (exit 2), never a silent success.
int main(int argc, char** argv) {
  int code = Dispatch(argc, argv);
  std::cout.flush();
  if (!std::cout) {
    std::cerr << "stashsim: cannot write standard output\n";
    return kExitUsage;
  }
  return code;
}

int Dispatch(int argc, char** argv) {
  CLI::App app{"stashsim: simulation and conformance suite for Stash's default backup"};
  app.set_version_flag("--version", std::string(runner::Version()));
  app.require_subcommand(0, 1);

  size_t max_yaml_expanded_bytes = kube::kDefaultMaxYamlExpandedBytes;

  RunFlags run_flags;
  CLI::App* run = app.add_subcommand("run", "Run the conformance suite against the reference");
  AddSelectionFlags(run, run_flags);
  AddYamlLimitFlag(run, max_yaml_expanded_bytes);
  run->add_option("--junit", run_flags.junit, "Write a JUnit XML report to this file");
  run->add_option("--json", run_flags.json, "Write a JSON report to this file");
  run->add_option("--mutant", run_flags.mutants, "Start the reference with this deliberate bug");
  run->add_option("--color", run_flags.color, "auto, always or never")
      ->check(CLI::IsMember({"auto", "always", "never"}));
  run->add_flag("-v,--verbose", run_flags.verbose, "List passing scenarios too");
  run->add_flag("--no-determinism-check", run_flags.no_determinism,
                "Do not run each scenario twice to compare fingerprints");
  run->add_option("--impl", run_flags.impl,
                  "Check an external implementation: 'exec:COMMAND ARGS' is started for each "
                  "scenario with KUBECONFIG set (docs/external-implementations.md)");
  run->add_option("--settle-ms", run_flags.settle_ms,
                  "With --impl or --cluster: no write for this long means the implementation has "
                  "settled (--cluster default: 1000)")
      ->check(CLI::Range(10, 600000))
      ->capture_default_str();
  run->add_option("--step-timeout-ms", run_flags.step_timeout_ms,
                  "With --impl or --cluster: how long a step may take to settle and meet its "
                  "expectations (--cluster default: 30000)")
      ->check(CLI::Range(100, 3600000))
      ->capture_default_str();
  run->add_option("-j,--jobs", run_flags.jobs,
                  "Scenario runs at once (default: 1; the core count with --impl; 4 with "
                  "--cluster)");
  run->add_option("--cluster", run_flags.cluster,
                  "Check the implementation installed in the cluster of this kubeconfig; each "
                  "scenario gets namespaces and names of its own, deleted afterwards "
                  "(docs/external-implementations.md)");
  run->add_option("--context", run_flags.context, "With --cluster: the kubeconfig context");
  run->add_option("--resync-command", run_flags.resync_command,
                  "With --cluster: a shell command that makes the implementation relist (e.g. "
                  "restarts it), for resync and restart steps; without it they are skipped");
  run->add_flag("--extended", run_flags.cluster_extended,
                "With --cluster: the installation has the extended behaviour of spec section 10 "
                "(otherwise scenarios marked extended are skipped)");

  std::vector<std::string> lint_paths;
  CLI::App* lint = app.add_subcommand("lint", "Validate scenario files against the format");
  lint->add_option("paths", lint_paths, "Scenario files or directories")->required();
  AddYamlLimitFlag(lint, max_yaml_expanded_bytes);

  runner::RenderOptions render_options;
  std::string render_profile = "stash-template", render_output = "yaml";
  CLI::App* render = app.add_subcommand(
      "render", "Print the Repository and BackupConfiguration default backup would generate");
  render->add_option("--profile", render_profile, "stash-template or stash-blueprint")
      ->check(CLI::IsMember({"stash-template", "stash-blueprint"}));
  render
      ->add_option("-f,--filename", render_options.files,
                   "Manifest file, directory (its *.yaml, *.yml, *.json) or - for standard "
                   "input (repeatable)")
      ->required();
  render->add_flag("-R,--recursive", render_options.recursive,
                   "Read directories given with -f recursively");
  render->add_option("-o,--output", render_output, "yaml or json")
      ->check(CLI::IsMember({"yaml", "json"}));
  render->add_flag("--show-metadata", render_options.show_metadata,
                   "Keep uid, resourceVersion, creationTimestamp and generation");
  render->add_flag("--extended", render_options.extended, "Beyond-upstream behaviour (spec 10)");
  AddSubstitutionLimitFlag(render, render_options.substitution_limits);
  AddYamlLimitFlag(render, max_yaml_expanded_bytes);

  RunFlags mutant_flags;
  bool list_mutants = false;
  CLI::App* mutants = app.add_subcommand(
      "mutants", "Run the suite once per deliberate reference bug; fail if one survives");
  mutants->add_option("paths", mutant_flags.paths, "Scenario files or directories");
  mutants->add_option("--profile", mutant_flags.profiles, "Only these profiles");
  mutants->add_option("--mutant", mutant_flags.mutants, "Only these mutants");
  mutants->add_flag("--list", list_mutants, "List the mutants and exit");
  AddYamlLimitFlag(mutants, max_yaml_expanded_bytes);
  mutants->add_option("--impl", mutant_flags.impl,
                      "Also check each mutant in an external implementation: "
                      "'exec:COMMAND ... {mutant} ...' (runs the scenarios that caught it)");
  mutants->add_option("--settle-ms", mutant_flags.settle_ms, "With --impl: quiet window")
      ->capture_default_str();
  mutants
      ->add_option("--step-timeout-ms", mutant_flags.step_timeout_ms, "With --impl: step timeout")
      ->capture_default_str();
  mutants->add_option("-j,--jobs", mutant_flags.jobs, "With --impl: scenario runs at once");
  mutants
      ->add_option("--external-scenarios", mutant_flags.external_scenarios,
                   "With --impl: how many of the scenarios that catch a mutant in process "
                   "to run against the implementation")
      ->check(CLI::Range(size_t{1}, size_t{1000}))
      ->capture_default_str();

  runner::ServeOptions serve_options;
  std::string serve_profile;
  bool serve_with_reference = false, serve_extended = false;
  CLI::App* serve = app.add_subcommand(
      "serve", "Serve a fake cluster over HTTP for kubectl and other clients (until SIGTERM)");
  serve->add_option("--address", serve_options.http.address, "Address to listen on")
      ->capture_default_str();
  serve->add_option("--port", serve_options.http.port, "Port (0: pick a free one)")
      ->check(CLI::Range(0, 65535))
      ->capture_default_str();
  serve->add_option("--kubeconfig-out", serve_options.kubeconfig_out,
                    "Write a kubeconfig for this server to FILE");
  serve->add_option("--token", serve_options.http.bearer_token,
                    "Require this bearer token (Authorization: Bearer ...)");
  serve->add_option("--tls-cert", serve_options.http.tls_cert_file, "TLS certificate (PEM)");
  serve->add_option("--tls-key", serve_options.http.tls_key_file, "TLS private key (PEM)");
  serve->add_flag("--tls-self-signed", serve_options.http.tls_self_signed,
                  "Serve HTTPS with a certificate made at start (written into the kubeconfig)");
  serve->add_flag("--with-reference", serve_with_reference,
                  "Run the reference default-backup reconciler inside");
  serve->add_option("--profile", serve_profile, "stash-template or stash-blueprint")
      ->check(CLI::IsMember({"stash-template", "stash-blueprint"}));
  serve->add_flag("--extended", serve_extended, "Beyond-upstream behaviour (spec 10)");
  reference::SubstitutionLimits serve_substitution_limits;
  AddSubstitutionLimitFlag(serve, serve_substitution_limits);
  AddYamlLimitFlag(serve, max_yaml_expanded_bytes);
  serve->add_option("--seed", serve_options.seed, "Seed of the cluster's random source");
  serve
      ->add_option("--watch-history", serve_options.watch_history_size,
                   "Watch events kept for replay; older resourceVersions are 410 Expired")
      ->check(CLI::Range(size_t{1}, size_t{100000000}))
      ->capture_default_str();
  serve
      ->add_option("--bookmark-interval-ms", serve_options.bookmark_interval_ms,
                   "How often watchers that allow bookmarks get one")
      ->check(CLI::Range(int64_t{1}, int64_t{86400000}))
      ->capture_default_str();
  serve->add_flag("--log-requests", serve_options.http.log_requests, "Log every request to stderr");

  runner::ControllerOptions controller_options;
  std::string controller_profile = "stash-template";
  std::vector<std::string> controller_mutants;
  CLI::App* controller = app.add_subcommand(
      "controller", "Run the reference reconciler against an API server (until SIGTERM)");
  controller->add_option("--kubeconfig", controller_options.kubeconfig,
                         "Kubeconfig (default: $KUBECONFIG, then ~/.kube/config)");
  controller->add_option("--context", controller_options.context, "Kubeconfig context");
  controller
      ->add_option("--profile", controller_profile,
                   "stash-template or stash-blueprint (default: $STASHSIM_PROFILE, then "
                   "stash-template)")
      ->check(CLI::IsMember({"stash-template", "stash-blueprint"}));
  controller->add_flag("--extended", controller_options.reconciler.extended,
                       "Beyond-upstream behaviour (spec 10)");
  AddSubstitutionLimitFlag(controller, controller_options.reconciler.substitution_limits);
  controller->add_option("--mutant", controller_mutants,
                         "Start with this deliberate bug (see `stashsim mutants --list`)");

  stashsim_cli::BenchCli bench(app);
  stashsim_cli::ExploreCli explore(app);
  stashsim_cli::MinimizeCli minimize(app);

  CLI::App* version = app.add_subcommand("version", "Print the version");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    int code = app.exit(error);
    return code == 0 ? 0 : kExitUsage;
  }
  kube::SetDefaultYamlLimits(kube::YamlLimits{max_yaml_expanded_bytes});
  if (run->parsed()) {
    run_flags.settle_given = run->count("--settle-ms") > 0;
    run_flags.timeout_given = run->count("--step-timeout-ms") > 0;
    return RunCommand(run_flags);
  }
  if (lint->parsed()) return LintCommand(lint_paths);
  if (render->parsed()) {
    render_options.profile = *reference::ProfileFromName(render_profile);
    render_options.json = render_output == "json";
    return runner::Render(render_options, std::cout, std::cerr);
  }
  if (mutants->parsed()) {
    if (!list_mutants && mutant_flags.paths.empty()) {
      return UsageError("mutants: give the scenario paths (or --list)");
    }
    if (auto parsed = runner::ParseMutants(mutant_flags.mutants); !parsed.ok()) {
      return UsageError(parsed.status().message());
    }
    return MutantsCommand(mutant_flags, list_mutants);
  }
  if (serve->parsed()) {
    if (serve_with_reference) {
      reference::ReconcilerOptions reconciler;
      reconciler.profile = *reference::ProfileFromName(
          serve_profile.empty() ? std::string("stash-template") : serve_profile);
      reconciler.extended = serve_extended;
      reconciler.substitution_limits = serve_substitution_limits;
      serve_options.reference = reconciler;
    } else if (!serve_profile.empty() || serve_extended ||
               serve->count("--max-substitution-bytes") > 0) {
      return UsageError(
          "serve: --profile, --extended and --max-substitution-bytes go with --with-reference");
    }
    if (serve_options.http.tls_cert_file.empty() != serve_options.http.tls_key_file.empty()) {
      return UsageError("serve: --tls-cert and --tls-key go together");
    }
    InstallStopHandlers();
    struct sigaction restart {};
    restart.sa_handler = RequestRestart;
    sigemptyset(&restart.sa_mask);
    sigaction(SIGHUP, &restart, nullptr);
    return runner::Serve(serve_options, g_stop_requested, std::cout, std::cerr,
                         &g_restarts_requested);
  }
  if (controller->parsed()) {
    // An implementation started by `run --impl` learns its profile from the environment.
    if (controller->count("--profile") == 0) {
      if (const char* env = std::getenv("STASHSIM_PROFILE"); env && *env) controller_profile = env;
      if (const char* env = std::getenv("STASHSIM_EXTENDED"); env && std::string(env) == "1") {
        controller_options.reconciler.extended = true;
      }
    }
    auto profile = reference::ProfileFromName(controller_profile);
    if (!profile) return UsageError(fmt::format("unknown profile \"{}\"", controller_profile));
    controller_options.reconciler.profile = *profile;
    auto controller_mutant_set = runner::ParseMutants(controller_mutants);
    if (!controller_mutant_set.ok()) return UsageError(controller_mutant_set.status().message());
    runner::ApplyMutants(*controller_mutant_set, controller_options.reconciler);
    InstallStopHandlers();
    return runner::RunController(controller_options, g_stop_requested, std::cerr);
  }
  if (bench.Parsed()) return bench.Run();
  if (explore.Parsed()) return explore.Run();
  if (minimize.Parsed()) return minimize.Run();
  if (version->parsed()) {
    std::cout << "stashsim " << runner::Version() << "\n";
    return 0;
  }
  std::cerr << app.help();
  return UsageError("give a command (run, lint, render, mutants, serve, controller, version)");
}
