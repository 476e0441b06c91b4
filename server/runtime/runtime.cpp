#include "server/runtime/runtime.hpp"

namespace octobot::runtime {

std::string container_name(std::string_view session_id) { return "octobot-session-" + std::string(session_id); }
std::string volume_name(std::string_view session_id) { return "octobot-data-" + std::string(session_id); }

}  // namespace octobot::runtime
