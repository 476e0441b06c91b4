#include "agent-api/terminal/terminal_session.hpp"

#include "lib/log/log.hpp"
#include "lib/proc/process_table.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <nlohmann/json.hpp>

#include <array>
#include <csignal>
#include <sys/wait.h>

namespace octobot::agent_api {

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
using namespace boost::asio::experimental::awaitable_operators;
constexpr auto kAsTuple = asio::as_tuple(asio::use_awaitable);
constexpr auto kPollInterval = std::chrono::milliseconds(50);
constexpr auto kHangUpGrace = std::chrono::seconds(2);
constexpr auto kOutputDrain = std::chrono::seconds(1);
constexpr std::size_t kMaxMessageBytes = 1024 * 1024;

std::string describe_status(int status) {
  if (WIFEXITED(status)) return "exited with status " + std::to_string(WEXITSTATUS(status));
  if (WIFSIGNALED(status)) return "killed by signal " + std::to_string(WTERMSIG(status));
  return "ended";
}

// A size from a control message: 1 to 1000, or nullopt.
std::optional<unsigned short> dimension(const nlohmann::json& message, const char* name) {
  auto it = message.find(name);
  if (it == message.end() || !it->is_number_integer()) return std::nullopt;
  const auto value = it->get<std::int64_t>();
  if (value < 1 || value > 1000) return std::nullopt;
  return static_cast<unsigned short>(value);
}

asio::awaitable<void> sleep_for(std::chrono::milliseconds duration) {
  asio::steady_timer timer(co_await asio::this_coro::executor, duration);
  co_await timer.async_wait(kAsTuple);
}

}  // namespace

TerminalSession::TerminalSession(http::WebSocket& socket, const proc::TerminalChild& child)
    : socket_(socket), terminal_(socket.get_executor(), child.controller_fd), shell_pid_(child.pid) {}

asio::awaitable<void> TerminalSession::run() {
  socket_.read_message_max(kMaxMessageBytes);
  auto output_then_close = [this]() -> asio::awaitable<void> {
    co_await (relay_output() && watch_session());
    if (!client_open_) co_return;
    socket_.binary(false);
    const std::string reason = "the shell " + shell_end_.value_or("ended");
    co_await socket_.async_close(beast::websocket::close_reason(beast::websocket::close_code::normal, reason),
                                 kAsTuple);
  };
  co_await (relay_input() && output_then_close());
}

// The terminal's output, as binary messages, until no process holds the terminal (EIO).
asio::awaitable<void> TerminalSession::relay_output() {
  std::array<char, 16 * 1024> buffer;
  while (true) {
    auto [read_error, size] = co_await terminal_.async_read_some(asio::buffer(buffer), kAsTuple);
    if (read_error) break;
    if (!client_open_) continue;  // drain, so nothing blocks on a full terminal
    socket_.binary(true);
    auto [write_error, written] = co_await socket_.async_write(asio::buffer(buffer.data(), size), kAsTuple);
    if (write_error) client_open_ = false;
  }
  output_done_ = true;
}

// The client's messages, until it closes or goes away; then the shell's session is hung up.
asio::awaitable<void> TerminalSession::relay_input() {
  beast::flat_buffer buffer;
  while (true) {
    buffer.clear();
    auto [error, size] = co_await socket_.async_read(buffer, kAsTuple);
    if (error) break;
    std::string message = beast::buffers_to_string(buffer.data());
    if (socket_.got_binary()) {
      co_await type(message);
    } else {
      co_await handle_control(message);
    }
  }
  client_open_ = false;
}

asio::awaitable<void> TerminalSession::handle_control(const std::string& text) {
  const auto message = nlohmann::json::parse(text, nullptr, false);
  const auto type_field = message.is_object() ? message.find("type") : message.end();
  const std::string kind = (type_field != message.end() && type_field->is_string()) ? type_field->get<std::string>() : "";
  if (kind == "input") {
    const auto data = message.find("data");
    if (data != message.end() && data->is_string()) co_await type(data->get<std::string>());
    co_return;
  }
  if (kind == "resize") {
    const auto columns = dimension(message, "cols");
    const auto rows = dimension(message, "rows");
    if (columns && rows && proc::resize_terminal(terminal_.native_handle(), {*columns, *rows})) co_return;
  }
  log::warn("terminal: control message ignored", nlohmann::json{{"message", text.substr(0, 200)}});
}

asio::awaitable<void> TerminalSession::type(const std::string& bytes) {
  if (shell_end_) co_return;
  auto [error, written] = co_await asio::async_write(terminal_, asio::buffer(bytes), kAsTuple);
  if (error) log::warn("terminal: cannot type", nlohmann::json{{"error", error.message()}});
}

// Reaps the shell; once the shell exited or the client left, hangs up the shell's session (SIGHUP,
// then SIGKILL after the grace period) and returns when no process of it is left.
asio::awaitable<void> TerminalSession::watch_session() {
  while (true) {
    int status = 0;
    if (!shell_end_ && ::waitpid(shell_pid_, &status, WNOHANG) == shell_pid_) shell_end_ = describe_status(status);
    const auto now = std::chrono::steady_clock::now();
    if ((shell_end_ || !client_open_) && !hung_up_at_) {
      proc::signal_session(shell_pid_, SIGHUP);
      hung_up_at_ = now;
    }
    if (hung_up_at_ && now - *hung_up_at_ > kHangUpGrace) proc::signal_session(shell_pid_, SIGKILL);
    if (shell_end_ && proc::processes_in_session(shell_pid_).empty()) break;
    co_await sleep_for(kPollInterval);
  }
  // A process outside the session may still hold the terminal: stop reading after a last drain.
  for (auto waited = std::chrono::milliseconds(0); !output_done_ && waited < kOutputDrain; waited += kPollInterval) {
    co_await sleep_for(kPollInterval);
  }
  boost::system::error_code ignored;
  terminal_.cancel(ignored);
}

}  // namespace octobot::agent_api
