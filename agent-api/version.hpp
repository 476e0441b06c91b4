// The Octobot version octobot-agent-api reports (GET /health): the one in
// server/version.hpp, read by agent-api/CMakeLists.txt at configure time
// (agent-api may not include server/).
#pragma once

namespace octobot::agent_api {

const char* version();

}  // namespace octobot::agent_api
