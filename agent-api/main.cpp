// octobot-agent-api: the session container's HTTP API (DESIGN §6,
// agent-api/README.md). Wiring only: each job is in its own file.
//
// Exit status: 0 after SIGTERM/SIGINT (requests in flight finish first) or
// --help; 2 for a configuration error (one "octobot-agent-api: " line on
// stderr); 1 when it cannot listen.
#include "agent-api/api_server.hpp"
#include "agent-api/config.hpp"
#include "agent-api/version.hpp"
#include "lib/log/log.hpp"

#include <boost/asio/signal_set.hpp>

#include <csignal>
#include <iostream>

int main(int argc, char** argv) {
  using namespace octobot::agent_api;
  namespace asio = boost::asio;
  auto config = parse_api_config(octobot::config::arguments(argc, argv),
                                 octobot::config::process_environment("OCTOBOT_API_"));
  if (!config) {
    std::cerr << "octobot-agent-api: " << config.error() << "\n";
    return 2;
  }
  if (config->help) {
    std::cout << usage_text();
    return 0;
  }
  octobot::log::set_level(config->log_level);
  std::signal(SIGPIPE, SIG_IGN);

  asio::io_context io(1);
  ApiServer server(io, *config);
  auto bound = server.listen();
  if (!bound) {
    octobot::log::error("cannot start", nlohmann::json{{"error", bound.error()}});
    return 1;
  }
  asio::signal_set stop(io, SIGTERM, SIGINT);
  stop.async_wait([&](boost::system::error_code error, int signal_number) {
    if (error) return;
    octobot::log::info("stopping", nlohmann::json{{"signal", signal_number}});
    server.shutdown();
  });
  server.start();
  octobot::log::info("octobot-agent-api listening", nlohmann::json{{"address", bound->address().to_string()},
                                                                   {"port", bound->port()},
                                                                   {"version", version()}});
  io.run();
  return 0;
}
