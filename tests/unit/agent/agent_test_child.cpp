// agent_test_child: a small program the supervisor tests run under the real
// octobot-agent (tests/unit/agent/supervisor_test.cpp).
//
//   agent_test_child record <file> <role> [grandchild]
//     Appends "<role> ready" to <file>, then "<role> <signal number>" for each
//     SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGUSR1, SIGUSR2 and SIGWINCH it
//     receives, and exits with 0 after SIGTERM or SIGINT. With "grandchild" it
//     first forks a second recorder, "<role>-grandchild", which stays in its
//     process group, and waits for it before exiting.
//   agent_test_child ignore-term <file>
//     Ignores SIGTERM, appends "ready" to <file> and waits forever.
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <string>
#include <sys/wait.h>
#include <unistd.h>

namespace {

constexpr int kRecorded[] = {SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGUSR1, SIGUSR2, SIGWINCH};

int g_file = -1;
char g_role[64];
volatile sig_atomic_t g_stop = 0;

void append(const char* text) {
  char line[128];
  const int n = std::snprintf(line, sizeof line, "%s\n", text);
  if (n > 0) {
    ssize_t ignored = ::write(g_file, line, static_cast<size_t>(n));
    (void)ignored;
  }
}

void on_signal(int sig) {
  // Async-signal-safe: format by hand, one write().
  char line[128];
  size_t length = std::strlen(g_role);
  std::memcpy(line, g_role, length);
  line[length++] = ' ';
  char digits[8];
  int count = 0;
  for (int value = sig; value > 0 || count == 0; value /= 10) digits[count++] = static_cast<char>('0' + value % 10);
  while (count > 0) line[length++] = digits[--count];
  line[length++] = '\n';
  ssize_t ignored = ::write(g_file, line, length);
  (void)ignored;
  if (sig == SIGTERM || sig == SIGINT) g_stop = 1;
}

int record(const char* role, bool with_grandchild) {
  std::snprintf(g_role, sizeof g_role, "%s", role);
  sigset_t all;
  sigset_t none;
  sigfillset(&all);
  sigemptyset(&none);
  sigprocmask(SIG_BLOCK, &all, nullptr);
  pid_t grandchild = -1;
  if (with_grandchild) {
    grandchild = ::fork();
    if (grandchild == 0) {
      std::snprintf(g_role, sizeof g_role, "%s-grandchild", role);
      with_grandchild = false;
    }
  }
  struct sigaction action {};
  action.sa_handler = on_signal;
  sigemptyset(&action.sa_mask);
  for (const int sig : kRecorded) ::sigaction(sig, &action, nullptr);
  char ready[96];
  std::snprintf(ready, sizeof ready, "%s ready", g_role);
  append(ready);
  while (!g_stop) sigsuspend(&none);
  if (grandchild > 0) {
    while (::waitpid(grandchild, nullptr, 0) < 0 && errno == EINTR) {
    }
  }
  return 0;
}

int ignore_term() {
  std::signal(SIGTERM, SIG_IGN);
  append("ready");
  while (true) ::pause();
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: agent_test_child record <file> <role> [grandchild] | ignore-term <file>\n");
    return 64;
  }
  g_file = ::open(argv[2], O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
  if (g_file < 0) {
    std::perror(argv[2]);
    return 66;
  }
  const std::string mode = argv[1];
  if (mode == "record" && argc >= 4) return record(argv[3], argc >= 5 && std::string(argv[4]) == "grandchild");
  if (mode == "ignore-term") return ignore_term();
  std::fprintf(stderr, "agent_test_child: unknown mode %s\n", argv[1]);
  return 64;
}
