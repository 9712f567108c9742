// Fuzz target: the scenario loader and the matcher (runner/scenario_loader.h, runner/matcher.h).
// Input: a scenario file. It is written to a scratch directory whose ../../fixtures is the
// project's scenarios/fixtures, so the suite's relative fixture paths resolve. The loader must
// answer a Scenario or an Invalid Status naming the file; each object expectation of a loaded
// scenario is then matched against every object the scenario applies (a bounded number).
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "fuzz_input.h"
#include "runner/matcher.h"
#include "runner/scenario_loader.h"

using stashsim_fuzz::Violated;

namespace {

namespace fs = std::filesystem;

struct ScratchDirectory {
  fs::path root;
  fs::path file;
  ScratchDirectory() {
    std::string pattern = (fs::temp_directory_path() / "stashsim-fuzz-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) Violated("cannot create a scratch directory");
    root = pattern;
    fs::create_directories(root / "suite" / "group");
    fs::create_directory_symlink(fs::path(STASHSIM_SCENARIO_FIXTURES), root / "fixtures");
    file = root / "suite" / "group" / "FUZZ-0001.yaml";
  }
  ~ScratchDirectory() {
    std::error_code ignored;
    fs::remove_all(root, ignored);
  }
};

const ScratchDirectory& Scratch() {
  static ScratchDirectory scratch;
  return scratch;
}

void MatchEverything(const runner::Scenario& scenario) {
  std::vector<const kube::Json*> objects;
  for (const runner::ObjectSource& source : scenario.given) objects.push_back(&source.object);
  for (const runner::Step& step : scenario.steps) {
    for (const runner::ObjectSource& source : step.objects) objects.push_back(&source.object);
  }
  size_t budget = 256;
  for (const runner::Step& step : scenario.steps) {
    for (const runner::ObjectExpectation& expectation : step.expect.objects) {
      if (expectation.value && budget > 0) {
        --budget;
        (void)runner::MatchObject(expectation, *expectation.value);
      }
      for (const kube::Json* object : objects) {
        if (budget == 0) return;
        --budget;
        auto mismatch = runner::MatchObject(expectation, *object);
        if (mismatch && mismatch->message.empty()) Violated("a mismatch without a message");
      }
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const ScratchDirectory& scratch = Scratch();
  {
    std::ofstream out(scratch.file, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  }
  auto scenario = runner::LoadScenario(scratch.file.string());
  if (!scenario.ok()) {
    if (scenario.status().message().find("FUZZ-0001.yaml") == std::string::npos) {
      Violated("a scenario error that does not name the file", scenario.status().message());
    }
    return 0;
  }
  MatchEverything(scenario.value());
  return 0;
}
