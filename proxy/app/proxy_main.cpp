// octobot-proxy: the egress proxy (issue 3, DESIGN.md §7).
//
//   octobot-proxy --config FILE.yaml [--threads N] [--log-level LEVEL]
//   octobot-proxy --check-config FILE.yaml     validate, print the problem, exit
//
// Exit status: 0 after a clean stop (SIGINT/SIGTERM) or a valid config, 2 for a
// usage or configuration error (the control API's token file included: both
// modes check it with read_api_token()), 1 when start-up fails.
#include "proxy/app/config_state.hpp"
#include "proxy/app/control_api.hpp"
#include "proxy/app/malloc_tuning.hpp"
#include "proxy/cache/registry_cache.hpp"
#include "proxy/config/api_token.hpp"
#include "proxy/server/listener.hpp"
#include "proxy/tls/certificate_authority.hpp"
#include "proxy/tls/leaf_certificates.hpp"
#include "proxy/tls/upstream_sessions.hpp"
#include "proxy/tls/upstream_tls.hpp"

#include "lib/http/server.hpp"
#include "lib/log/log.hpp"

#include <boost/asio/signal_set.hpp>

#include <charconv>
#include <csignal>
#include <iostream>

namespace octobot::proxy {
namespace {

namespace asio = boost::asio;

struct Arguments {
  std::string config;
  bool check_only = false;
  unsigned threads = 1;
  std::string log_level = "info";
};

constexpr std::string_view kUsage =
    "usage: octobot-proxy --config FILE.yaml [--threads N] [--log-level debug|info|warn|error]\n"
    "       octobot-proxy --check-config FILE.yaml\n";

Expected<Arguments, std::string> parse_arguments(int argc, char** argv) {
  Arguments arguments;
  for (int i = 1; i < argc; ++i) {
    std::string_view flag = argv[i];
    auto value = [&]() -> std::optional<std::string> {
      if (i + 1 >= argc) return std::nullopt;
      return std::string(argv[++i]);
    };
    std::optional<std::string> given;
    if (flag == "--config" || flag == "--check-config") {
      if (!(given = value())) return std::string(flag) + " needs a file";
      arguments.config = *given;
      arguments.check_only = flag == "--check-config";
    } else if (flag == "--threads") {
      if (!(given = value())) return std::string("--threads needs a number");
      auto [end, error] = std::from_chars(given->data(), given->data() + given->size(), arguments.threads);
      if (error != std::errc() || end != given->data() + given->size() || arguments.threads == 0 ||
          arguments.threads > 64) {
        return "--threads must be 1..64, got \"" + *given + "\"";
      }
    } else if (flag == "--log-level") {
      if (!(given = value()) || !log::parse_level(*given)) return std::string("--log-level must be debug, info, warn or error");
      arguments.log_level = *given;
    } else {
      return "unknown argument \"" + std::string(flag) + "\"";
    }
  }
  if (arguments.config.empty()) return std::string("--config is required");
  return arguments;
}

// The TCP endpoint for a host:port listen address.
Expected<asio::ip::tcp::endpoint, std::string> resolve_listen(const std::string& text) {
  auto address = parse_listen_address(text, false);
  if (!address) return "invalid listen address \"" + text + "\"";
  asio::io_context io;
  asio::ip::tcp::resolver resolver(io);
  boost::system::error_code error;
  auto results = resolver.resolve(address->host, std::to_string(address->port), error);
  if (error || results.empty()) return "cannot resolve listen address \"" + text + "\"";
  return results.begin()->endpoint();
}

// Binds the control API to `text`, host:port or unix:/path (mode 0600, removed
// at shutdown), and logs where it listens; the error says why it cannot.
Expected<void, std::string> listen_control_api(octobot::http::Server& api, const std::string& text) {
  auto address = parse_listen_address(text, true);
  if (address && !address->unix_path.empty()) {
    if (auto listening = api.listen_unix(address->unix_path); !listening) return listening.error();
    log::info("control API listening", nlohmann::json{{"address", "unix:" + address->unix_path}});
    return {};
  }
  auto endpoint = resolve_listen(text);
  if (!endpoint) return endpoint.error();
  try {
    auto bound = api.listen(*endpoint);
    log::info("control API listening", nlohmann::json{{"address", bound.address().to_string()},
                                                      {"port", bound.port()}});
  } catch (const boost::system::system_error& e) {
    return e.code().message();
  }
  return {};
}

// Everything the proxy runs with, built from a valid configuration.
Expected<std::shared_ptr<Runtime>, std::string> build_runtime(const ProxyConfig& config) {
  auto runtime = std::make_shared<Runtime>(config.limits, std::make_shared<const Policy>(config.policy),
                                           std::make_shared<AccessLog>(config.log_file));
  if (!config.ca_cert.empty()) {
    auto authority = CertificateAuthority::load_or_create(config.ca_cert, config.ca_key);
    if (!authority) return authority.error();
    auto upstream = make_upstream_context(config.upstream_ca_files);
    if (!upstream) return upstream.error();
    runtime->leaf_certificates = std::make_shared<LeafCertificates>(*authority);
    runtime->upstream_tls = *upstream;
    runtime->upstream_sessions = UpstreamSessions::attach((*upstream)->native_handle());
  }
  if (!config.cache_dir.empty()) {
    auto cache = RegistryCache::open(config.cache_dir, config.cache_max_size);
    if (!cache) return cache.error();
    runtime->registry_cache = *cache;
  }
  return runtime;
}

// `api_token` is read_api_token()'s: "" when there is no control API.
int run(const Arguments& arguments, ProxyConfig config, const std::string& api_token) {
  log::set_level(*log::parse_level(arguments.log_level));
  auto runtime = build_runtime(config);
  if (!runtime) {
    log::error("cannot start", nlohmann::json{{"error", runtime.error()}});
    return 1;
  }
  asio::io_context io(1);  // worker 0: also the acceptor, the control API and the signals
  WorkerPool workers(io, arguments.threads);
  auto listen_endpoint = resolve_listen(config.listen);
  if (!listen_endpoint) {
    log::error("cannot start", nlohmann::json{{"error", listen_endpoint.error()}});
    return 1;
  }
  ProxyListener listener(io, workers, *runtime);
  auto bound = listener.listen(*listen_endpoint);
  if (!bound) {
    log::error("cannot start", nlohmann::json{{"error", bound.error()}});
    return 1;
  }
  auto state = std::make_shared<ConfigState>(config, *runtime);

  std::unique_ptr<octobot::http::Server> api;
  if (!config.api_listen.empty()) {
    api = std::make_unique<octobot::http::Server>(io, make_control_routes(state, *runtime, api_token));
    if (auto listening = listen_control_api(*api, config.api_listen); !listening) {
      log::error("cannot start the control API", nlohmann::json{{"error", listening.error()}});
      return 1;
    }
    api->start();
  }
  listener.start();
  log::info("octobot-proxy listening", nlohmann::json{{"address", bound->address().to_string()},
                                                      {"port", bound->port()},
                                                      {"interception", (*runtime)->leaf_certificates != nullptr},
                                                      {"threads", arguments.threads}});

  asio::signal_set reload(io, SIGHUP);
  std::function<void()> wait_for_reload = [&] {
    reload.async_wait([&](boost::system::error_code error, int) {
      if (error) return;
      auto reloaded = state->reload_file();
      if (reloaded) log::info("config reloaded", nlohmann::json{{"file", config.source}});
      else log::error("config reload refused; the old config stays", nlohmann::json{{"error", reloaded.error().message}});
      wait_for_reload();
    });
  };
  wait_for_reload();
  asio::signal_set stop(io, SIGINT, SIGTERM);
  stop.async_wait([&](boost::system::error_code, int) {
    log::info("stopping");
    listener.stop();
    reload.cancel();
    if (api) api->shutdown();
    workers.stop();
    io.stop();
  });

  workers.start();
  io.run();
  workers.join();
  return 0;
}

}  // namespace
}  // namespace octobot::proxy

int main(int argc, char** argv) {
  using namespace octobot::proxy;
  exec_with_malloc_tunables(argv);
  auto arguments = parse_arguments(argc, argv);
  if (!arguments) {
    std::cerr << "octobot-proxy: " << arguments.error() << "\n" << kUsage;
    return 2;
  }
  auto config = load_proxy_config(arguments->config);
  if (!config) {
    std::cerr << config.error().message << "\n";
    return 2;
  }
  // Checked here for --check-config and start-up alike.
  auto api_token = read_api_token(*config);
  if (!api_token) {
    std::cerr << api_token.error().message << "\n";
    return 2;
  }
  if (arguments->check_only) {
    std::cout << arguments->config << ": ok\n";
    return 0;
  }
  // OpenSSL writes to TLS sockets with write(): a peer that has gone must give
  // EPIPE, not kill the process (tls_socket.hpp).
  std::signal(SIGPIPE, SIG_IGN);
  return run(*arguments, std::move(*config), *api_token);
}
