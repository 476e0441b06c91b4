#include "agent-api/version.hpp"

namespace octobot::agent_api {

const char* version() { return OCTOBOT_AGENT_API_VERSION; }

}  // namespace octobot::agent_api
