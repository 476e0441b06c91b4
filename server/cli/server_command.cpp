#include "server/cli/server_command.hpp"

#include "lib/config/config.hpp"
#include "lib/log/log.hpp"
#include "lib/term/qr_code.hpp"
#include "server/app.hpp"
#include "server/version.hpp"

#include <iostream>

namespace octobot::cli {

namespace {

config::Schema server_schema() {
  using config::Type;
  config::Schema schema;
  schema.add({"config", Type::string, std::nullopt, "YAML configuration file", "file"})
      .add({"listen", Type::string, "127.0.0.1:8080",
            "address to serve on; a non-loopback address requires the printed access token", "host:port"})
      .add({"data-dir", Type::string, std::nullopt, "data directory (default $XDG_DATA_HOME/octobot)", "dir"})
      .add({"database", Type::string, std::nullopt, "postgres://… to use PostgreSQL instead of SQLite", "url"})
      .add({"encryption-key-file", Type::string, std::nullopt, "credential key file (default <data-dir>/secret.key)", "file"})
      .add({"encryption-key", Type::string, std::nullopt, "credential key, base64 of 32 bytes (wins over the file)", "key"})
      .add({"access-token", Type::string, std::nullopt, "access token for a non-loopback listen address (default: random)", "token"})
      .add({"public-url", Type::string, std::nullopt,
            "the URL browsers use when a TLS front end serves this server (allowed as Origin)", "url"})
      .add({"ui-dir", Type::string, std::nullopt, "the built web UI (default: ui/dist of this build, or share/octobot/ui)", "dir"})
      .add({"threads", Type::integer, "0", "serving threads (0: one per core)", "n"})
      .add({"max-connections", Type::integer, "1024", "open connections at most; more are closed at once", "n"})
      .add({"log-level", Type::string, "info", "debug, info, warn or error", "level"})
      .add({"docker-host", Type::string, std::nullopt,
            "Docker Engine address: unix:///path or tcp://host:port (default $DOCKER_HOST or /var/run/docker.sock)", "url"})
      .add({"agent-image", Type::string, std::string("octobot/agent:") + kVersion, "the session image", "image"})
      .add({"idle-timeout", Type::integer, "1800", "seconds after which an idle session is stopped (0: never)", "s"})
      .add({"approval-timeout", Type::integer, "600", "seconds after which an unanswered approval request is rejected", "s"})
      .add({"ready-timeout", Type::integer, "60", "seconds a new sandbox has to answer before it is an error", "s"})
      .add({"upstream-ca-files", Type::string, std::nullopt,
            "comma-separated PEM files the session proxies trust upstream, besides the system store", "files"})
      .add({"sandbox-memory-mb", Type::integer, "2048", "memory limit of a session container", "MiB"})
      .add({"sandbox-cpus", Type::integer, "2", "CPU limit of a session container", "n"})
      .add({"sandbox-pids", Type::integer, "1024", "process limit of a session container", "n"})
      .config_file_option("config");
  return schema;
}

std::string optional_string(const config::Config& config, std::string_view name) {
  return config.has(name) ? config.get_string(name) : std::string();
}

}  // namespace

int run_server_command(const std::vector<std::string>& args) {
  auto schema = server_schema();
  auto loaded = config::load(schema, args, config::process_environment());
  if (!loaded) {
    std::cerr << "octobot server: " << loaded.error().message << "\n";
    return 2;
  }
  const config::Config& config = *loaded;
  if (config.help_requested()) {
    std::cout << schema.help("octobot server [options]");
    return 0;
  }
  if (!config.positional().empty()) {
    std::cerr << "octobot server: unexpected argument \"" << config.positional().front() << "\"\n";
    return 2;
  }
  auto level = log::parse_level(config.get_string("log-level"));
  if (!level) {
    std::cerr << "octobot server: log-level must be debug, info, warn or error\n";
    return 2;
  }
  log::set_level(*level);

  ServerSettings settings;
  settings.listen = config.get_string("listen");
  settings.data_dir = optional_string(config, "data-dir");
  settings.database = optional_string(config, "database");
  settings.encryption_key_file = optional_string(config, "encryption-key-file");
  settings.encryption_key = optional_string(config, "encryption-key");
  settings.access_token = optional_string(config, "access-token");
  settings.public_url = optional_string(config, "public-url");
  settings.ui_dir = optional_string(config, "ui-dir");
  settings.threads = static_cast<int>(config.get_int("threads"));
  auto max_connections = config.get_int("max-connections");
  if (max_connections < 1) {
    std::cerr << "octobot server: max-connections must be at least 1\n";
    return 2;
  }
  settings.max_connections = static_cast<std::size_t>(max_connections);
  settings.docker_host = optional_string(config, "docker-host");
  settings.agent_image = config.get_string("agent-image");
  settings.idle_timeout_s = config.get_int("idle-timeout");
  settings.approval_timeout_s = config.get_int("approval-timeout");
  settings.ready_timeout_s = config.get_int("ready-timeout");
  settings.upstream_ca_files = optional_string(config, "upstream-ca-files");
  settings.sandbox_memory_mb = config.get_int("sandbox-memory-mb");
  settings.sandbox_cpus = config.get_int("sandbox-cpus");
  settings.sandbox_pids = config.get_int("sandbox-pids");
  if (settings.idle_timeout_s < 0 || settings.ready_timeout_s < 1 || settings.sandbox_memory_mb < 64 ||
      settings.sandbox_cpus < 1 || settings.sandbox_pids < 64 || settings.approval_timeout_s < 1) {
    std::cerr << "octobot server: idle-timeout must be >= 0, ready-timeout >= 1, sandbox-memory-mb >= 64,"
                 " sandbox-cpus >= 1, sandbox-pids >= 64 and approval-timeout >= 1\n";
    return 2;
  }

  auto app = App::create(settings);
  if (!app) {
    std::cerr << "octobot server: " << app.error() << "\n";
    return 1;
  }
  if (auto started = (*app)->start(); !started) {
    std::cerr << "octobot server: " << started.error() << "\n";
    return 1;
  }
  // The URL may carry the access token: it goes to the terminal, never into the log.
  std::cout << "Octobot is running at " << (*app)->url() << std::endl;
  // Away from this machine (a phone): the address to open, and the same as a QR code to scan.
  const auto remote = (*app)->remote_urls();
  for (const auto& url : remote) std::cout << "Open it elsewhere at " << url << "\n";
  if (!remote.empty()) std::cout << term::qr_code_text(remote.front()) << std::flush;
  auto endpoint = (*app)->endpoint();
  log::info("listening", nlohmann::json{{"address", endpoint.address().to_string()}, {"port", endpoint.port()},
                                        {"accessToken", !(*app)->access_token().empty()}});
  (*app)->run_until_signal();
  return 0;
}

}  // namespace octobot::cli
