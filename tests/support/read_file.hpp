// read_file(path): a file's whole content as bytes, "" when it cannot be read (tests compare it).
#pragma once
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

namespace octobot::testing {

inline std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

}  // namespace octobot::testing
