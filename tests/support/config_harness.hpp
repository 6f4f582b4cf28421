// The harness of the config tests (tests/config/): writes a config text into
// a per-test folder, loads it, and checks that a bad one fails with an
// InputError naming "<file>:<line>:" and the key.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <unistd.h>

#include "host/config/config.hpp"
#include "host/errors.hpp"

namespace config_harness {

namespace fs = std::filesystem;

// 1-based line of the first occurrence of `needle` in `text` (0 if absent).
inline int line_of(const std::string& text, const std::string& needle) {
  const size_t pos = text.find(needle);
  if (pos == std::string::npos) return 0;
  int line = 1;
  for (size_t i = 0; i < pos; ++i) line += text[i] == '\n';
  return line;
}

// `text` with the first occurrence of `from` replaced by `to`.
inline std::string replaced(std::string text, const std::string& from, const std::string& to) {
  const size_t pos = text.find(from);
  EXPECT_NE(pos, std::string::npos) << "test setup: '" << from << "' not in the config";
  if (pos != std::string::npos) text.replace(pos, from.size(), to);
  return text;
}

class ConfigTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = fs::temp_directory_path() /
           (std::string("priorsweep_config_") + std::to_string(getpid()) + "_" + info->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string write(const std::string& text, const std::string& name = "config.toml") const {
    const fs::path path = dir_ / name;
    std::ofstream(path, std::ios::binary) << text;
    return path.string();
  }

  ps::Config load(const std::string& text) const { return ps::load_config(write(text)); }

  // Loading `text` must fail with an InputError whose message holds
  // "<file>:<line>:" and the key in quotes.
  void expect_error(const std::string& text, int line, const std::string& key) const {
    ASSERT_GT(line, 0) << "test setup: line not found";
    const std::string path = write(text);
    try {
      ps::load_config(path);
      FAIL() << "expected an InputError for key '" << key << "'";
    } catch (const ps::InputError& e) {
      const std::string msg = e.what();
      EXPECT_NE(msg.find(path + ":" + std::to_string(line) + ":"), std::string::npos)
          << "message lacks " << path << ":" << line << ": -- " << msg;
      EXPECT_NE(msg.find("'" + key + "'"), std::string::npos) << "message lacks key '" << key << "' -- " << msg;
    }
  }

  fs::path dir_;
};

}  // namespace config_harness
