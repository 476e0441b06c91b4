#include "agent/setup/users.hpp"

#include "agent/command.hpp"
#include "agent/identity.hpp"

#include <grp.h>

namespace octobot::agent {

std::vector<std::string> useradd_argv(const UserSpec& user) {
  std::vector<std::string> argv{"useradd", "--uid", std::to_string(user.uid)};
  if (user.group_exists) {
    argv.insert(argv.end(), {"--gid", user.name});
  } else {
    argv.push_back("--user-group");
  }
  argv.insert(argv.end(), {"--home-dir", user.home, "--no-create-home", "--shell", user.shell});
  if (user.system) argv.push_back("--system");
  argv.insert(argv.end(), {"--", user.name});
  return argv;
}

Expected<void, std::string> ensure_user(UserSpec user) {
  if (lookup_identity(user.name)) return {};
  user.group_exists = ::getgrnam(user.name.c_str()) != nullptr;
  const std::vector<std::string> argv = useradd_argv(user);
  CommandRequest request;
  request.argv = argv;
  request.environment = tool_environment();
  auto result = run_command(request);
  if (!result) return result.error();
  if (!result->succeeded()) return failure_message(argv, *result);
  if (auto created = lookup_identity(user.name); !created) return created.error();
  return {};
}

}  // namespace octobot::agent
