// `octobot server`: runs the control plane until SIGINT/SIGTERM.
#pragma once
#include <string>
#include <vector>

namespace octobot::cli {

// args are the arguments after "server". Returns the process exit code.
int run_server_command(const std::vector<std::string>& args);

}  // namespace octobot::cli
