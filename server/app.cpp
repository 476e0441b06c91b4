#include "server/app.hpp"

#include "lib/async/thread_priority.hpp"
#include "lib/crypto/key_file.hpp"
#include "lib/http/server.hpp"
#include "lib/log/log.hpp"
#include "server/api/openapi.hpp"
#include "server/api/routes.hpp"
#include "server/runtime/docker/docker_runtime.hpp"
#include "server/runtime/image_build.hpp"
#include "server/version.hpp"

#include <fstream>
#include <sstream>

#include <arpa/inet.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <sys/stat.h>
#include <thread>

namespace octobot {

namespace fs = std::filesystem;
namespace asio = boost::asio;

struct App::Parts {
  ServerSettings settings;
  std::unique_ptr<store::Store> store;
  std::unique_ptr<crypto::SecretBox> secrets;
  asio::io_context io;
  static constexpr int kBackgroundThreads = 2;
  static constexpr int kBlockingThreads = 4;
  asio::thread_pool background{kBackgroundThreads};  // long jobs (git clones)
  asio::thread_pool blocking{kBlockingThreads};      // request work that blocks (store calls), see api::Services
  events::EventHub hub;
  api::Metrics metrics;
  std::unique_ptr<service::Context> context;
  std::unique_ptr<runtime::SandboxRuntime> runtime;
  std::unique_ptr<service::SandboxService> sandboxes;
  std::unique_ptr<service::ProjectService> projects;
  std::unique_ptr<service::WorkspaceService> workspaces;
  std::unique_ptr<service::SessionService> sessions;
  std::unique_ptr<service::AgentService> agents;
  std::unique_ptr<service::CredentialService> credentials;
  std::unique_ptr<service::ChatService> chat;
  std::unique_ptr<service::SessionFiles> files;
  asio::ssl::context forge_tls{asio::ssl::context::tls_client};  // forge APIs: system CAs + upstream CA files
  std::unique_ptr<service::SessionApply> apply;
  std::unique_ptr<service::SessionFork> fork;
  std::unique_ptr<auth::SingleUserAuthenticator> authenticator;
  std::unique_ptr<auth::CrossSitePolicy> cross_site;
  api::UiFiles ui;
  std::unique_ptr<api::Services> services;
  std::unique_ptr<http::Server> server;
  std::vector<std::thread> threads;
  asio::ip::tcp::endpoint endpoint;
  std::string access_token;
  bool stopped = false;
};

namespace {

Expected<void, std::string> prepare_data_dir(const fs::path& dir) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) return "cannot create the data directory " + dir.string() + ": " + ec.message();
  ::chmod(dir.c_str(), 0700);
  return {};
}

Expected<std::string, crypto::Error> load_key(const ServerSettings& settings) {
  if (!settings.encryption_key.empty()) return crypto::decode_key(settings.encryption_key);
  std::string path = settings.encryption_key_file.empty() ? (settings.data_dir / "secret.key").string()
                                                          : settings.encryption_key_file;
  return crypto::load_or_create_key_file(path);
}

std::string database_for(const ServerSettings& settings) {
  return settings.database.empty() ? (settings.data_dir / "octobot.db").string() : settings.database;
}

// This server's id among the servers that share a Docker engine: its
// containers carry it, and it removes no other server's containers.
Expected<void, std::string> load_instance_id(const fs::path& data_dir, std::string& id) {
  const fs::path path = data_dir / "instance-id";
  std::ifstream in(path);
  if (in && std::getline(in, id) && crypto::is_uuid(id)) return {};
  id = crypto::uuid_v4();
  std::ofstream out(path, std::ios::trunc);
  out << id << "\n";
  if (!out) return "cannot write " + path.string();
  return {};
}

// The upstream CA files joined into one bundle in the data dir (mounted into
// sessions); `path` stays empty when there are none.
Expected<void, std::string> write_upstream_ca_bundle(const ServerSettings& settings, std::string& path_out) {
  if (settings.upstream_ca_files.empty()) return {};
  std::string bundle;
  std::stringstream names(settings.upstream_ca_files);
  for (std::string name; std::getline(names, name, ',');) {
    if (name.empty()) continue;
    std::ifstream in(name);
    std::stringstream pem;
    pem << in.rdbuf();
    if (!in || pem.str().find("-----BEGIN CERTIFICATE-----") == std::string::npos) {
      return "upstream CA file " + name + " cannot be read or holds no PEM certificate";
    }
    bundle += pem.str();
    if (!bundle.ends_with("\n")) bundle += "\n";
  }
  const fs::path path = settings.data_dir / "upstream-ca.pem";
  std::ofstream out(path, std::ios::trunc);
  out << bundle;
  if (!out) return "cannot write " + path.string();
  ::chmod(path.c_str(), 0644);
  path_out = path.string();
  return {};
}

Expected<service::SandboxSettings, std::string> sandbox_settings(const ServerSettings& settings) {
  service::SandboxSettings sandbox;
  sandbox.image = settings.agent_image.empty() ? std::string("octobot/agent:") + kVersion : settings.agent_image;
  sandbox.idle_timeout = std::chrono::seconds(settings.idle_timeout_s);
  sandbox.ready_timeout = std::chrono::seconds(settings.ready_timeout_s);
  sandbox.limits = {settings.sandbox_memory_mb << 20, settings.sandbox_cpus * 1'000'000'000LL, settings.sandbox_pids};
  sandbox.image_build_command = runtime::default_image_build_command(sandbox.image);
  if (auto written = write_upstream_ca_bundle(settings, sandbox.upstream_ca_file); !written) return written.error();
  if (auto loaded = load_instance_id(settings.data_dir, sandbox.instance_id); !loaded) return loaded.error();
  return sandbox;
}

}  // namespace

Expected<asio::ip::tcp::endpoint, std::string> parse_listen_address(std::string_view text) {
  auto colon = text.rfind(':');
  if (colon == std::string_view::npos) return "listen address must be HOST:PORT, got \"" + std::string(text) + "\"";
  std::string host(text.substr(0, colon));
  std::string port_text(text.substr(colon + 1));
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  if (host == "localhost") host = "127.0.0.1";
  char* end = nullptr;
  long port = std::strtol(port_text.c_str(), &end, 10);
  if (port_text.empty() || *end != '\0' || port < 0 || port > 65535) {
    return "listen address has an invalid port: \"" + std::string(text) + "\"";
  }
  boost::system::error_code ec;
  auto address = asio::ip::make_address(host, ec);
  if (ec) return "listen address has an invalid host (use an IP address): \"" + std::string(text) + "\"";
  return asio::ip::tcp::endpoint(address, static_cast<unsigned short>(port));
}

fs::path default_data_dir() {
  if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg && *xdg) return fs::path(xdg) / "octobot";
  const char* home = std::getenv("HOME");
  return fs::path(home && *home ? home : "/root") / ".local" / "share" / "octobot";
}

Expected<std::unique_ptr<App>, std::string> App::create(const ServerSettings& settings) {
  auto parts = std::make_unique<Parts>();
  // Under a CPU-bound load the event loops run first; store work and clones wait (lib/async/thread_priority.hpp).
  async::lower_priority(parts->blocking, Parts::kBlockingThreads, 5);
  async::lower_priority(parts->background, Parts::kBackgroundThreads, 10);
  parts->settings = settings;
  if (parts->settings.data_dir.empty()) parts->settings.data_dir = default_data_dir();
  if (auto prepared = prepare_data_dir(parts->settings.data_dir); !prepared) return prepared.error();

  auto key = load_key(parts->settings);
  if (!key) return "credential encryption key: " + key.error().message;
  parts->secrets = std::make_unique<crypto::SecretBox>(std::move(key).value());

  auto opened = store::open_store(database_for(parts->settings));
  if (!opened) return "cannot open the database: " + opened.error().message;
  parts->store = std::move(opened).value();

  Parts& p = *parts;
  auto sandbox = sandbox_settings(p.settings);
  if (!sandbox) return sandbox.error();
  auto docker = runtime::docker_endpoint(p.settings.docker_host);
  if (!docker) return docker.error();
  p.context = std::make_unique<service::Context>(service::Context{*p.store, p.hub, *p.secrets, p.settings.data_dir,
                                                                  p.io.get_executor(), p.background, p.blocking,
                                                                  &service::unix_ms_now});
  p.forge_tls.set_default_verify_paths();
  if (!sandbox->upstream_ca_file.empty()) {
    boost::system::error_code ec;
    p.forge_tls.load_verify_file(sandbox->upstream_ca_file, ec);
    if (ec) return "cannot read the upstream CA files: " + ec.message();
  }
  p.runtime = std::make_unique<runtime::DockerRuntime>(p.io.get_executor(), *docker, sandbox->instance_id);
  p.sandboxes = std::make_unique<service::SandboxService>(*p.context, *p.runtime, std::move(sandbox).value());
  p.context->egress_changed = [&sandboxes = *p.sandboxes](std::string_view project_id) {
    sandboxes.push_policy(project_id);
  };
  p.projects = std::make_unique<service::ProjectService>(*p.context);
  p.workspaces = std::make_unique<service::WorkspaceService>(*p.context);
  p.sessions = std::make_unique<service::SessionService>(*p.context, *p.sandboxes);
  p.agents = std::make_unique<service::AgentService>(*p.context);
  p.credentials = std::make_unique<service::CredentialService>(*p.context);
  service::ChatSettings chat;
  chat.approval_timeout = std::chrono::seconds(p.settings.approval_timeout_s);
  p.chat = std::make_unique<service::ChatService>(*p.context, *p.sandboxes, chat);
  p.files = std::make_unique<service::SessionFiles>(*p.context, *p.sandboxes);
  p.apply = std::make_unique<service::SessionApply>(*p.context, *p.sandboxes, p.forge_tls);
  p.fork = std::make_unique<service::SessionFork>(*p.context, *p.sessions, *p.sandboxes);
  if (auto ensured = p.projects->ensure_single_user(); !ensured) {
    return "cannot create the single-user project: " + ensured.error().message;
  }
  return std::unique_ptr<App>(new App(std::move(parts)));
}

App::App(std::unique_ptr<Parts> parts) : parts_(std::move(parts)) {}

App::~App() { stop(); }

Expected<void, std::string> App::start() {
  Parts& p = *parts_;
  auto endpoint = parse_listen_address(p.settings.listen);
  if (!endpoint) return endpoint.error();
  if (!endpoint->address().is_loopback()) {
    p.access_token = p.settings.access_token.empty() ? auth::generate_access_token() : p.settings.access_token;
  }
  if (auto weak = auth::check_access_token(p.access_token); weak && !p.access_token.empty()) return *weak;
  std::vector<std::string> public_origins;
  if (!p.settings.public_url.empty()) {
    auto origin = auth::origin_of_url(p.settings.public_url);
    if (!origin) return "public URL must be an http:// or https:// URL, got \"" + p.settings.public_url + "\"";
    public_origins.push_back(*origin);
  }
  p.cross_site = std::make_unique<auth::CrossSitePolicy>(std::move(public_origins));
  p.authenticator = std::make_unique<auth::SingleUserAuthenticator>(std::string(service::kAnonymousUserId), p.access_token);
  std::string openapi;
  try {
    openapi = api::yaml_to_json(api::openapi_yaml());
  } catch (const std::exception& e) {
    return std::string("the built-in OpenAPI document is invalid: ") + e.what();
  }
  std::error_code ec;
  const fs::path ui_dir = p.settings.ui_dir.empty() ? api::default_ui_dir(fs::read_symlink("/proc/self/exe", ec))
                                                    : p.settings.ui_dir;
  p.ui = api::UiFiles::load(ui_dir);
  if (p.ui.empty()) log::warn("no web UI found: / shows how to build it", nlohmann::json{{"uiDir", ui_dir.string()}});
  p.services = std::make_unique<api::Services>(api::Services{*p.context, *p.projects, *p.workspaces, *p.sessions,
                                                             *p.agents, *p.credentials, *p.chat, *p.files, *p.apply, *p.fork, *p.authenticator, *p.cross_site, p.metrics,
                                                             p.blocking, std::move(openapi), std::string(kVersion), p.ui});
  http::ServerOptions options;
  options.on_request = [&metrics = p.metrics](const http::RequestRecord& record) {
    metrics.record(record);
    if (log::enabled(log::Level::debug)) {
      log::debug("request", nlohmann::json{{"requestId", record.request_id}, {"route", record.route},
                             {"method", std::string(boost::beast::http::to_string(record.method))},
                             {"status", record.status},
                             {"durationMs", std::chrono::duration<double, std::milli>(record.duration).count()}});
    }
  };
  options.default_headers = {{"X-Content-Type-Options", "nosniff"}, {"Cache-Control", "no-store"}};
  options.max_connections = p.settings.max_connections;
  p.server = std::make_unique<http::Server>(p.io, api::build_router(*p.services), std::move(options));
  try {
    p.endpoint = p.server->listen(*endpoint);
  } catch (const boost::system::system_error& e) {
    return "cannot listen on " + p.settings.listen + ": " + e.code().message();
  }
  p.server->start();
  int count = p.settings.threads > 0 ? p.settings.threads : std::max(1u, std::thread::hardware_concurrency());
  for (int i = 0; i < count; ++i) p.threads.emplace_back([&io = p.io] { io.run(); });
  p.sandboxes->start();
  p.chat->start();
  return {};
}

std::string App::url() const {
  const Parts& p = *parts_;
  std::string host = p.endpoint.address().is_v6() ? "[" + p.endpoint.address().to_string() + "]"
                                                  : p.endpoint.address().to_string();
  std::string url = "http://" + host + ":" + std::to_string(p.endpoint.port()) + "/";
  if (!p.access_token.empty()) url += "?token=" + p.access_token;
  return url;
}

std::vector<std::string> App::remote_urls() const {
  const Parts& p = *parts_;
  if (p.access_token.empty()) return {};
  const std::string query = "/?token=" + p.access_token;
  if (!p.settings.public_url.empty()) {
    std::string base = p.settings.public_url;
    while (!base.empty() && base.back() == '/') base.pop_back();
    return {base + query};
  }
  if (!p.endpoint.address().is_unspecified()) return {url()};
  std::vector<std::string> urls;
  ifaddrs* interfaces = nullptr;
  if (::getifaddrs(&interfaces) != 0) return {url()};
  for (ifaddrs* entry = interfaces; entry; entry = entry->ifa_next) {
    if (!entry->ifa_addr || entry->ifa_addr->sa_family != AF_INET || (entry->ifa_flags & IFF_LOOPBACK)) continue;
    char text[INET_ADDRSTRLEN];
    const auto* address = reinterpret_cast<const sockaddr_in*>(entry->ifa_addr);
    if (::inet_ntop(AF_INET, &address->sin_addr, text, sizeof text)) {
      urls.push_back("http://" + std::string(text) + ":" + std::to_string(p.endpoint.port()) + query);
    }
  }
  ::freeifaddrs(interfaces);
  return urls.empty() ? std::vector<std::string>{url()} : urls;
}

asio::ip::tcp::endpoint App::endpoint() const { return parts_->endpoint; }
const std::string& App::access_token() const { return parts_->access_token; }

void App::run_until_signal() {
  asio::io_context signals_io;
  asio::signal_set signals(signals_io, SIGINT, SIGTERM);
  signals.async_wait([](const boost::system::error_code&, int signal) {
    log::info("shutting down", nlohmann::json{{"signal", signal}});
  });
  signals_io.run();
  stop();
}

void App::stop() {
  Parts& p = *parts_;
  if (p.stopped) return;
  p.stopped = true;
  if (p.server) p.server->shutdown();
  if (p.sandboxes) p.sandboxes->shutdown();
  // Sandbox work in flight (a Docker call) gets a few seconds; then the loop stops.
  std::atomic<bool> joined{false};
  std::thread watchdog([&] {
    for (int i = 0; i < 50 && !joined; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(100));
    if (!joined) p.io.stop();
  });
  for (auto& thread : p.threads) thread.join();
  joined = true;
  watchdog.join();
  p.blocking.join();
  p.background.join();
}

}  // namespace octobot
