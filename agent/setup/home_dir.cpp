#include "agent/setup/home_dir.hpp"

#include "lib/fs/unique_fd.hpp"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace octobot::agent {
namespace {

std::string failure(const std::string& what, const std::string& path, int error) {
  return what + " " + path + ": " + std::strerror(error);
}

Expected<void, std::string> make_directory(const std::string& path, mode_t mode) {
  if (::mkdir(path.c_str(), mode) == 0 || errno == EEXIST) return {};
  return failure("cannot create", path, errno);
}

}  // namespace

Expected<void, std::string> prepare_home(const std::string& data_dir, const std::string& home,
                                         const std::optional<Identity>& owner) {
  if (auto made = make_directory(data_dir, 0755); !made) return made;
  if (auto made = make_directory(home, 0700); !made) return made;
  files::UniqueFd fd(::open(home.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
  if (!fd) {
    if (errno == ELOOP || errno == ENOTDIR) return std::string(home + " is not a directory");
    return failure("cannot open", home, errno);
  }
  if (owner && ::fchown(fd.get(), owner->uid, owner->gid) != 0) {
    return std::string("cannot give " + home + " to " + owner->name + ": " + std::strerror(errno));
  }
  if (::fchmod(fd.get(), 0700) != 0) return failure("cannot set the mode of", home, errno);
  return {};
}

}  // namespace octobot::agent
