// A CommandRequest for a test tool: argv, the tool environment and optional stdin.
#pragma once
#include "agent/command.hpp"

#include <string>
#include <vector>

namespace octobot::agent::testing {

inline CommandRequest tool_request(std::vector<std::string> argv, std::string input = "") {
  CommandRequest request;
  request.argv = std::move(argv);
  request.environment = tool_environment();
  request.input = std::move(input);
  return request;
}

}  // namespace octobot::agent::testing
