// The `octobot` binary: one program, one subcommand per job.
#include "server/cli/server_command.hpp"
#include "server/version.hpp"

#include <iostream>

namespace {

const char* kUsage =
    "usage: octobot <command> [options]\n"
    "\n"
    "commands:\n"
    "  server    run the control-plane server (octobot server --help)\n"
    "  version   print the version\n";

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty() || args[0] == "help" || args[0] == "--help" || args[0] == "-h") {
    std::cout << kUsage;
    return args.empty() ? 2 : 0;
  }
  std::string command = args[0];
  args.erase(args.begin());
  if (command == "server") return octobot::cli::run_server_command(args);
  if (command == "version" || command == "--version") {
    std::cout << "octobot " << octobot::kVersion << "\n";
    return 0;
  }
  std::cerr << "octobot: unknown command \"" << command << "\"\n" << kUsage;
  return 2;
}
