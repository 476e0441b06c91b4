// agent-api/main: the real octobot-agent-api binary — configuration errors,
// serving, and a graceful stop on SIGTERM.
#include "lib/crypto/crypto.hpp"

#include <catch2/catch.hpp>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <nlohmann/json.hpp>

#include <csignal>
#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <string>
#include <vector>

extern char** environ;

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;

const std::string kToken = "session-api-token-0123456789";

// The binary with `args` and `env` (nothing else), stderr on a pipe.
class ApiProcess {
 public:
  ApiProcess(std::vector<std::string> args, std::vector<std::string> env) {
    int fds[2];
    REQUIRE(::pipe2(fds, O_CLOEXEC) == 0);
    stderr_fd_ = fds[0];
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, fds[1], 2);
    args.insert(args.begin(), OCTOBOT_AGENT_API_BINARY);
    std::vector<char*> argv, envp;
    for (auto& arg : args) argv.push_back(arg.data());
    argv.push_back(nullptr);
    for (auto& entry : env) envp.push_back(entry.data());
    envp.push_back(nullptr);
    REQUIRE(::posix_spawn(&pid_, OCTOBOT_AGENT_API_BINARY, &actions, nullptr, argv.data(), envp.data()) == 0);
    posix_spawn_file_actions_destroy(&actions);
    ::close(fds[1]);
  }
  ~ApiProcess() {
    if (pid_ > 0) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
    ::close(stderr_fd_);
  }

  // Reads stderr until a line containing `text` (or the end, or 5 s); returns it.
  std::string line_with(const std::string& text) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (std::chrono::steady_clock::now() < deadline) {
      for (std::size_t end; (end = output_.find('\n')) != std::string::npos;) {
        std::string line = output_.substr(0, end);
        output_.erase(0, end + 1);
        if (line.find(text) != std::string::npos) return line;
      }
      pollfd fd{stderr_fd_, POLLIN, 0};
      if (::poll(&fd, 1, 100) <= 0) continue;
      char buffer[4096];
      const ssize_t n = ::read(stderr_fd_, buffer, sizeof buffer);
      if (n <= 0) break;
      output_.append(buffer, static_cast<std::size_t>(n));
    }
    return output_.find(text) != std::string::npos ? output_ : std::string();
  }

  void signal(int number) const { ::kill(pid_, number); }

  // The exit code, or -1 if it is still running after `timeout`.
  int wait(std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    int status = 0;
    while (std::chrono::steady_clock::now() < deadline) {
      if (::waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
      }
      ::usleep(10'000);
    }
    return -1;
  }

 private:
  pid_t pid_ = -1;
  int stderr_fd_ = -1;
  std::string output_;
};

unsigned get_health(unsigned short port, const std::string& authorization) {
  asio::io_context io;
  beast::tcp_stream stream(io);
  stream.connect({asio::ip::make_address("127.0.0.1"), port});
  beast::http::request<beast::http::empty_body> request{beast::http::verb::get, "/health", 11};
  request.set(beast::http::field::host, "127.0.0.1");
  request.set(beast::http::field::authorization, authorization);
  beast::http::write(stream, request);
  beast::flat_buffer buffer;
  beast::http::response<beast::http::string_body> response;
  beast::http::read(stream, buffer, response);
  return response.result_int();
}

}  // namespace

TEST_CASE("octobot-agent-api: serves with the env's token hash, stops with 0 on SIGTERM", "[agent-api][main]") {
  ApiProcess api({"--listen", "127.0.0.1:0", "--proxy-address", "127.0.0.1:9"},
                 {"OCTOBOT_API_TOKEN_SHA256=" + octobot::crypto::sha256_hex(kToken)});
  const std::string line = api.line_with("octobot-agent-api listening");
  INFO(line);
  REQUIRE_FALSE(line.empty());
  const auto logged = nlohmann::json::parse(line);
  const auto port = logged["port"].get<unsigned short>();
  CHECK(get_health(port, "Bearer " + kToken) == 200);
  CHECK(get_health(port, "Bearer nope") == 401);
  api.signal(SIGTERM);
  CHECK(api.wait(std::chrono::seconds(5)) == 0);
}

TEST_CASE("octobot-agent-api: a configuration error exits 2 with one line", "[agent-api][main]") {
  ApiProcess api({}, {});
  const std::string line = api.line_with("OCTOBOT_API_TOKEN_SHA256");
  CHECK(line ==
        "octobot-agent-api: OCTOBOT_API_TOKEN_SHA256 is not set: the SHA-256 of the bearer token, 64 hex digits");
  CHECK(api.wait(std::chrono::seconds(5)) == 2);
}
