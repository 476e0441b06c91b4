// octobot-proxy: the egress proxy (issue 3, DESIGN.md §7).
//
//   octobot-proxy --config FILE.yaml [--threads N] [--log-level LEVEL]
//   octobot-proxy --check-config FILE.yaml     validate, print the problem, exit
//   octobot-proxy --help
//
// The command line goes through lib/config (config.hpp): each option may also
// come from an OCTOBOT_PROXY_* variable (OCTOBOT_PROXY_CONFIG,
// OCTOBOT_PROXY_THREADS, OCTOBOT_PROXY_LOG_LEVEL) or, for threads and
// log.level, from the configuration file itself; flags > environment > file >
// defaults. The file is --check-config's when given, else --config's.
//
// Exit status: 0 after a clean stop (SIGINT/SIGTERM), a valid config or
// --help, 2 for a usage or configuration error (the control API's token file
// or token hash included: both modes check it with read_api_token()), 1 when
// start-up fails.
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

#include "lib/config/config.hpp"
#include "lib/http/server.hpp"
#include "lib/log/log.hpp"

#include <boost/asio/signal_set.hpp>

#include <csignal>
#include <iostream>

namespace octobot::proxy {
namespace {

namespace asio = boost::asio;

constexpr std::string_view kUsage =
    "octobot-proxy --config FILE.yaml [options]\n"
    "       octobot-proxy --check-config FILE.yaml";
constexpr std::int64_t kMaxThreads = 64;

struct Arguments {
  std::string config;  // the configuration file to run with or to check
  bool check_only = false;
  unsigned threads = 1;
  log::Level log_level = log::Level::info;
};

config::Schema proxy_schema() {
  using config::Type;
  config::Schema schema("OCTOBOT_PROXY_");
  schema.add({"config", Type::string, std::nullopt, "YAML configuration file (see proxy/examples/proxy.yaml)", "file"})
      .add({"check-config", Type::string, std::nullopt,
            "validate the file (and the control API's token), print \"<file>: ok\" or the problem, exit",
            "file"})
      .add({"threads", Type::integer, "1", "event loops, one thread each (1-64)", "n"})
      .add({"log.level", Type::string, "info", "debug, info, warn or error", "level"})
      .config_file_option("check-config")
      .config_file_option("config")
      .config_file_keys(config::FileKeys::shared);
  return schema;
}

// Where a setting came from, to begin a message: "--threads",
// "OCTOBOT_PROXY_THREADS" or "proxy.yaml:3: threads".
std::string origin_of(const config::Config& loaded, std::string_view name) {
  const config::Setting& setting = loaded.setting(name);
  if (setting.source == config::Source::file) return setting.origin + ": " + std::string(name);
  return setting.origin;
}

// The settings lib/config does not check: which file, and the ranges.
Expected<Arguments, std::string> arguments_from(const config::Config& loaded) {
  if (!loaded.positional().empty()) return "unexpected argument \"" + loaded.positional().front() + "\"";
  Arguments arguments;
  arguments.check_only = loaded.has("check-config");
  if (!arguments.check_only && !loaded.has("config")) return std::string("--config is required");
  arguments.config = loaded.get_string(arguments.check_only ? "check-config" : "config");
  if (arguments.config.empty()) {
    return std::string(arguments.check_only ? "--check-config" : "--config") + " needs a file";
  }
  const std::int64_t threads = loaded.get_int("threads");
  if (threads < 1 || threads > kMaxThreads) {
    return origin_of(loaded, "threads") + " must be 1.." + std::to_string(kMaxThreads) + ", got \"" +
           std::to_string(threads) + "\"";
  }
  arguments.threads = static_cast<unsigned>(threads);
  auto level = log::parse_level(loaded.get_string("log.level"));
  if (!level) return origin_of(loaded, "log.level") + " must be debug, info, warn or error";
  arguments.log_level = *level;
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

// `api_token` is read_api_token()'s (it matches nothing when there is no control API).
int run(const Arguments& arguments, ProxyConfig config, const ApiToken& api_token) {
  log::set_level(arguments.log_level);
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
  namespace config = octobot::config;
  exec_with_malloc_tunables(argv);
  const config::Schema schema = proxy_schema();
  auto loaded = config::load(schema, config::arguments(argc, argv), config::process_environment("OCTOBOT_PROXY_"));
  if (!loaded) {
    std::cerr << "octobot-proxy: " << loaded.error().message << "\n";
    return 2;
  }
  if (loaded->help_requested()) {
    std::cout << schema.help(kUsage);
    return 0;
  }
  auto arguments = arguments_from(*loaded);
  if (!arguments) {
    std::cerr << "octobot-proxy: " << arguments.error() << "\n";
    return 2;
  }
  auto proxy_config = load_proxy_config(arguments->config);
  if (!proxy_config) {
    std::cerr << "octobot-proxy: " << proxy_config.error().message << "\n";
    return 2;
  }
  // Checked here for --check-config and start-up alike.
  auto api_token = read_api_token(*proxy_config);
  if (!api_token) {
    std::cerr << "octobot-proxy: " << api_token.error().message << "\n";
    return 2;
  }
  if (arguments->check_only) {
    std::cout << arguments->config << ": ok\n";
    return 0;
  }
  // OpenSSL writes to TLS sockets with write(): a peer that has gone must give
  // EPIPE, not kill the process (tls_socket.hpp).
  std::signal(SIGPIPE, SIG_IGN);
  return run(*arguments, std::move(*proxy_config), *api_token);
}
