// TempDir: a fresh temporary directory for a test, removed with everything in it when the
// object goes. Write() creates files (and their parent directories) below it.
#pragma once

#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <system_error>

namespace stashsim_testing {

class TempDir {
 public:
  explicit TempDir(const std::string& prefix = "stashsim") {
    std::string pattern = (std::filesystem::temp_directory_path() / (prefix + "-XXXXXX")).string();
    if (mkdtemp(pattern.data()) != nullptr) path_ = pattern;
  }
  ~TempDir() {
    std::error_code error;
    if (!path_.empty()) std::filesystem::remove_all(path_, error);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  // False when the directory could not be created.
  bool ok() const { return !path_.empty(); }
  const std::filesystem::path& path() const { return path_; }

  // Writes `text` to `relative` below the directory; returns the full path.
  std::string Write(const std::string& relative, const std::string& text) const {
    std::filesystem::path file = path_ / relative;
    std::filesystem::create_directories(file.parent_path());
    std::ofstream(file) << text;
    return file.string();
  }

 private:
  std::filesystem::path path_;
};

}  // namespace stashsim_testing
