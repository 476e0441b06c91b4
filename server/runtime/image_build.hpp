// Building the session image when the server finds it missing (issue 12:
// "the server's start-up builds it when it is missing, with progress a
// person can follow").
//
// Contract:
// - default_image_build_command(image) is, when this executable runs from a
//   build tree of the repository (<repo>/build/<preset>/bin/octobot, with
//   <repo>/scripts/build-agent-image.sh and <repo>/deploy/agent-image/Dockerfile
//   present): [<repo>/scripts/build-agent-image.sh, --bin-dir, <this bin dir>,
//   --tag, image]. Otherwise empty (an installed server cannot build images).
// - run_image_build(argv) runs the command with argv only, stdin from
//   /dev/null, stdout and stderr both on the server's stderr, where its log
//   goes (the script prints one line per step), waits for it, and returns an error naming the exit status.
//   It blocks for minutes on a cold cache: call it off the event loop.
#pragma once
#include "lib/result.hpp"

#include <string>
#include <vector>

namespace octobot::runtime {

std::vector<std::string> default_image_build_command(const std::string& image);

Expected<void, std::string> run_image_build(const std::vector<std::string>& argv);

}  // namespace octobot::runtime
