// Git repositories for workspace tests, made with the real git CLI (argv
// only, through lib/proc; no shell).
//
// make_bare_repo() creates <dir>/<name>.git, a bare repository whose HEAD
// (branch main) has one commit adding README.md, and returns that commit's
// 40-digit id. Every git failure FAILs the test with git's stderr.
#pragma once
#include <filesystem>
#include <string>
#include <vector>

namespace octobot::testing {

std::string make_bare_repo(const std::filesystem::path& dir, const std::string& name);

// Runs `git -C dir args...` and returns its trimmed stdout; REQUIREs success.
std::string run_git(const std::filesystem::path& dir, const std::vector<std::string>& args);

}  // namespace octobot::testing
