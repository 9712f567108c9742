// The replay driver: a main() for the fuzz targets where libFuzzer is not available (the default
// g++ build). It runs every file of the given corpus directories through LLVMFuzzerTestOneInput,
// then a bounded number of simple mutations of them (bit flips, interesting bytes, insertions,
// deletions, duplicated ranges, splices of two inputs) drawn from a seeded generator, so a run
// is reproducible. A crash or an input running past --input-timeout writes that input to
// <target>-crash-<n>.bin / -hang- in the working directory and fails the run.
//
//   <target> [--seed N] [--mutations N] [--seconds S] [--max-len N] [--input-timeout S] PATH...
#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <string_view>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);
extern "C" int LLVMFuzzerInitialize(int* argc, char*** argv) __attribute__((weak));

namespace {

namespace fs = std::filesystem;

// The input being run, for the fatal-signal handler (which may only use async-signal-safe calls).
const std::string* g_current = nullptr;
char g_crash_path[512];
char g_hang_path[512];

void WriteCurrentInput(const char* path) {
  int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (fd < 0 || g_current == nullptr) return;
  const char* data = g_current->data();
  size_t left = g_current->size();
  while (left > 0) {
    ssize_t n = write(fd, data, left);
    if (n <= 0) break;
    data += n;
    left -= static_cast<size_t>(n);
  }
  close(fd);
}

void Say(const char* text) {
  ssize_t ignored = write(2, text, strlen(text));
  (void)ignored;
}

void OnFatalSignal(int signal_number) {
  const char* path = signal_number == SIGALRM ? g_hang_path : g_crash_path;
  WriteCurrentInput(path);
  Say(signal_number == SIGALRM ? "replay: input ran past --input-timeout; written to "
                               : "replay: fatal signal; input written to ");
  Say(path);
  Say("\n");
  signal(signal_number, SIG_DFL);
  if (signal_number == SIGALRM) _exit(70);
  raise(signal_number);
}

struct Options {
  uint64_t seed = 1;
  size_t mutations = 100000;
  double seconds = 3.0;
  size_t max_len = 1 << 20;
  unsigned input_timeout = 10;
  std::vector<std::string> paths;
};

[[noreturn]] void Usage(const char* program, const std::string& problem) {
  std::fprintf(stderr,
               "%s: %s\nusage: %s [--seed N] [--mutations N] [--seconds S] [--max-len N] "
               "[--input-timeout S] CORPUS_DIR_OR_FILE...\n",
               program, problem.c_str(), program);
  std::exit(2);
}

Options ParseOptions(int argc, char** argv) {
  Options options;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) Usage(argv[0], arg + " needs a value");
      return argv[++i];
    };
    try {
      if (arg == "--seed") {
        options.seed = std::stoull(value());
      } else if (arg == "--mutations") {
        options.mutations = std::stoull(value());
      } else if (arg == "--seconds") {
        options.seconds = std::stod(value());
      } else if (arg == "--max-len") {
        options.max_len = std::stoull(value());
      } else if (arg == "--input-timeout") {
        options.input_timeout = static_cast<unsigned>(std::stoul(value()));
      } else if (arg.starts_with("-")) {
        Usage(argv[0], "unknown option " + arg);
      } else {
        options.paths.push_back(arg);
      }
    } catch (const std::exception&) {
      Usage(argv[0], "bad value for " + arg);
    }
  }
  if (options.paths.empty()) Usage(argv[0], "no corpus given");
  return options;
}

std::vector<std::string> LoadCorpus(const std::vector<std::string>& paths, size_t max_len) {
  std::vector<fs::path> files;
  for (const std::string& path : paths) {
    std::error_code error;
    if (fs::is_regular_file(path, error)) {
      files.emplace_back(path);
      continue;
    }
    if (!fs::is_directory(path, error)) {
      std::fprintf(stderr, "replay: corpus %s is neither a file nor a directory\n", path.c_str());
      std::exit(2);
    }
    for (const auto& entry : fs::recursive_directory_iterator(path)) {
      if (entry.is_regular_file()) files.push_back(entry.path());
    }
  }
  std::sort(files.begin(), files.end());
  std::vector<std::string> corpus;
  for (const fs::path& file : files) {
    std::ifstream in(file, std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (bytes.size() > max_len) bytes.resize(max_len);
    corpus.push_back(std::move(bytes));
  }
  return corpus;
}

// Bytes that often change a parser's path: structure of JSON, YAML, selectors, substitutions.
constexpr char kInterestingBytes[] = "\0\xff\n\t \"\\'{}[]:,-#&*!|>$%/=()~.0@";
constexpr std::string_view kInteresting(kInterestingBytes, sizeof(kInterestingBytes) - 1);

class Mutator {
 public:
  Mutator(uint64_t seed, size_t max_len) : random_(seed), max_len_(max_len) {}

  std::string Mutate(const std::vector<std::string>& corpus) {
    std::string input = corpus[Below(corpus.size())];
    size_t rounds = 1 + Below(4);
    for (size_t r = 0; r < rounds; ++r) MutateOnce(input, corpus);
    if (input.size() > max_len_) input.resize(max_len_);
    return input;
  }

 private:
  size_t Below(size_t n) { return n == 0 ? 0 : static_cast<size_t>(random_() % n); }

  void MutateOnce(std::string& input, const std::vector<std::string>& corpus) {
    switch (Below(8)) {
      case 0:  // flip a bit
        if (!input.empty()) input[Below(input.size())] ^= static_cast<char>(1u << Below(8));
        break;
      case 1:  // overwrite a byte with an interesting one
        if (!input.empty()) input[Below(input.size())] = kInteresting[Below(kInteresting.size())];
        break;
      case 2:  // insert an interesting byte
        input.insert(input.begin() + static_cast<std::ptrdiff_t>(Below(input.size() + 1)),
                     kInteresting[Below(kInteresting.size())]);
        break;
      case 3: {  // delete a range
        if (input.empty()) break;
        size_t at = Below(input.size());
        input.erase(at, 1 + Below(std::min<size_t>(16, input.size() - at)));
        break;
      }
      case 4: {  // duplicate a range in place
        if (input.empty()) break;
        size_t at = Below(input.size());
        std::string range = input.substr(at, 1 + Below(std::min<size_t>(64, input.size() - at)));
        input.insert(at, range);
        break;
      }
      case 5: {  // splice: this input's head with another's tail
        const std::string& other = corpus[Below(corpus.size())];
        input = input.substr(0, Below(input.size() + 1)) + other.substr(Below(other.size() + 1));
        break;
      }
      case 6:  // truncate
        input.resize(Below(input.size() + 1));
        break;
      default: {  // copy a range of another input into this one
        const std::string& other = corpus[Below(corpus.size())];
        if (other.empty()) break;
        size_t from = Below(other.size());
        input.insert(Below(input.size() + 1),
                     other.substr(from, 1 + Below(std::min<size_t>(64, other.size() - from))));
        break;
      }
    }
  }

  std::mt19937_64 random_;
  size_t max_len_;
};

void RunOne(const std::string& input, unsigned timeout) {
  g_current = &input;
  alarm(timeout);
  LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t*>(input.data()), input.size());
  alarm(0);
  g_current = nullptr;
}

}  // namespace

int main(int argc, char** argv) {
  Options options = ParseOptions(argc, argv);
  std::string name = fs::path(argv[0]).filename().string();
  std::snprintf(g_crash_path, sizeof(g_crash_path), "%s-crash-%d.bin", name.c_str(), getpid());
  std::snprintf(g_hang_path, sizeof(g_hang_path), "%s-hang-%d.bin", name.c_str(), getpid());
  for (int signal_number : {SIGSEGV, SIGABRT, SIGBUS, SIGFPE, SIGILL, SIGALRM}) {
    signal(signal_number, OnFatalSignal);
  }
  if (LLVMFuzzerInitialize) LLVMFuzzerInitialize(&argc, &argv);

  std::vector<std::string> corpus = LoadCorpus(options.paths, options.max_len);
  if (corpus.empty()) {
    std::fprintf(stderr, "replay: the corpus holds no file\n");
    return 2;
  }
  auto start = std::chrono::steady_clock::now();
  for (const std::string& input : corpus) RunOne(input, options.input_timeout);

  Mutator mutator(options.seed, options.max_len);
  auto deadline = start + std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                              std::chrono::duration<double>(options.seconds));
  size_t mutated = 0;
  while (mutated < options.mutations && std::chrono::steady_clock::now() < deadline) {
    RunOne(mutator.Mutate(corpus), options.input_timeout);
    ++mutated;
  }
  double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("%s: %zu corpus inputs and %zu mutations (seed %llu) in %.1f s, no finding\n",
              name.c_str(), corpus.size(), mutated, static_cast<unsigned long long>(options.seed),
              elapsed);
  return 0;
}
