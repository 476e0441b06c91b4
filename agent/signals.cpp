#include "agent/signals.hpp"

#include <cerrno>
#include <cstring>
#include <sys/signalfd.h>

namespace octobot::agent {
namespace {

constexpr int kSynchronousSignals[] = {SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGTRAP, SIGSYS};
constexpr int kForwardedSignals[] = {SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGUSR1, SIGUSR2, SIGWINCH};

sigset_t handled_set() {
  sigset_t set;
  sigfillset(&set);
  for (const int sig : kSynchronousSignals) sigdelset(&set, sig);
  return set;
}

}  // namespace

Expected<void, std::string> block_signals() {
  const sigset_t set = handled_set();
  if (const int rc = ::pthread_sigmask(SIG_BLOCK, &set, nullptr); rc != 0) {
    return std::string("cannot block signals: ") + std::strerror(rc);
  }
  return {};
}

Expected<files::UniqueFd, std::string> open_signalfd() {
  const sigset_t set = handled_set();
  const int fd = ::signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC);
  if (fd < 0) return std::string("cannot create a signalfd: ") + std::strerror(errno);
  return files::UniqueFd(fd);
}

bool is_forwarded(int signal_number) {
  for (const int sig : kForwardedSignals) {
    if (sig == signal_number) return true;
  }
  return false;
}

bool is_stop_signal(int signal_number) { return signal_number == SIGTERM || signal_number == SIGINT; }

int pending_stop_signal() {
  sigset_t pending;
  sigemptyset(&pending);
  if (::sigpending(&pending) != 0) return 0;
  if (sigismember(&pending, SIGTERM) == 1) return SIGTERM;
  if (sigismember(&pending, SIGINT) == 1) return SIGINT;
  return 0;
}

}  // namespace octobot::agent
