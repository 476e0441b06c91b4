// TerminalSession: one interactive shell in a pseudo-terminal, relayed over
// one WebSocket (GET /terminal, agent-api/terminal/terminal_routes.hpp).
//
// The protocol, as the browser's xterm.js speaks it through the server:
// - server → client: binary messages, the terminal's output bytes as they come.
// - client → server: binary messages are typed into the terminal as they are;
//   text messages are JSON control messages:
//     {"type": "resize", "cols": C, "rows": R}   (1 to 1000 each)
//     {"type": "input", "data": "text"}          (typed, for clients without binary frames)
//   a text message that is neither, or a size out of range, is logged and
//   ignored.
//
// Contract of run():
// - It returns once the shell's session is over and the socket is closed.
// - When the client closes or goes away, every process of the shell's session
//   (it leads its own: its jobs and whatever they started, whatever process
//   group they moved to) gets SIGHUP, and SIGKILL 2 s later if still there.
// - When the shell exits, what is left of its session is ended the same way,
//   the remaining output is sent, and the socket is closed with code 1000
//   and the reason "the shell exited with status N" (or "killed by signal N").
// - The shell is always reaped. Use from the io_context's thread only.
#pragma once
#include "lib/http/websocket.hpp"
#include "lib/proc/run.hpp"

#include <boost/asio/posix/stream_descriptor.hpp>

#include <chrono>
#include <optional>
#include <string>

namespace octobot::agent_api {

class TerminalSession {
 public:
  TerminalSession(http::WebSocket& socket, const proc::TerminalChild& child);
  TerminalSession(const TerminalSession&) = delete;
  TerminalSession& operator=(const TerminalSession&) = delete;

  boost::asio::awaitable<void> run();

 private:
  boost::asio::awaitable<void> relay_output();
  boost::asio::awaitable<void> relay_input();
  boost::asio::awaitable<void> watch_session();
  boost::asio::awaitable<void> handle_control(const std::string& text);
  boost::asio::awaitable<void> type(const std::string& bytes);

  http::WebSocket& socket_;
  boost::asio::posix::stream_descriptor terminal_;
  pid_t shell_pid_;
  bool client_open_ = true;
  bool output_done_ = false;
  std::optional<std::string> shell_end_;  // "exited with status 0", once reaped
  std::optional<std::chrono::steady_clock::time_point> hung_up_at_;
};

}  // namespace octobot::agent_api
