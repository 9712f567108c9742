// Tests for ReadWholeFile (file.h).
#include "kube/file.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include <unistd.h>

namespace kube {
namespace {

class ReadWholeFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // One directory per test and process: ctest runs the tests of this file in parallel.
    dir_ = std::filesystem::temp_directory_path() /
           ("stashsim-file-test-" + std::to_string(getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::string Write(const std::string& name, const std::string& content) {
    std::string path = (dir_ / name).string();
    std::ofstream(path, std::ios::binary) << content;
    return path;
  }

  std::filesystem::path dir_;
};

TEST_F(ReadWholeFileTest, ReturnsEveryByte) {
  const std::string content("a\0b\r\n\xFF", 6);
  EXPECT_EQ(ReadWholeFile(Write("bytes", content)), content);
  EXPECT_EQ(ReadWholeFile(Write("empty", "")), "");
}

TEST_F(ReadWholeFileTest, NothingForAMissingPathOrADirectory) {
  EXPECT_EQ(ReadWholeFile((dir_ / "missing").string()), std::nullopt);
  EXPECT_EQ(ReadWholeFile(dir_.string()), std::nullopt);
}

}  // namespace
}  // namespace kube
