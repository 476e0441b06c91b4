#include "agent-api/config.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>

namespace octobot::agent_api {
namespace {

namespace asio = boost::asio;

config::Schema api_schema() {
  using config::Type;
  config::Schema schema("OCTOBOT_API_");
  schema.add({"listen", Type::string, "0.0.0.0:3002", "address to serve on (IP literal and port)", "addr"})
      .add({"token-sha256", Type::string, std::nullopt,
            "SHA-256 of the bearer token, 64 hex digits (required)", "hex"})
      .add({"proxy-address", Type::string, "127.0.0.1:17080", "the proxy GET /health probes", "addr"})
      .add({"workspace", Type::string, "/data/workspace", "the workspace the agent works in", "dir"})
      .add({"log-level", Type::string, "info", "debug, info, warn or error", "level"});
  return schema;
}

bool is_hex_digit(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

std::string lowercase(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

Expected<asio::ip::tcp::endpoint, std::string> endpoint_setting(const config::Config& loaded, std::string_view name,
                                                                unsigned min_port) {
  const std::string& text = loaded.get_string(name);
  auto endpoint = parse_endpoint(text, min_port);
  if (!endpoint) {
    return loaded.setting(name).origin + ": expected an IP address and a port (e.g. 127.0.0.1:" +
           (min_port == 0 ? "3002" : "17080") + " or [::1]:3002), got \"" + text + "\"";
  }
  return *endpoint;
}

}  // namespace

std::optional<asio::ip::tcp::endpoint> parse_endpoint(std::string_view text, unsigned min_port) {
  const std::size_t colon = text.rfind(':');
  if (colon == std::string_view::npos) return std::nullopt;
  std::string_view host = text.substr(0, colon);
  const std::string_view port_text = text.substr(colon + 1);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  } else if (host.find(':') != std::string_view::npos) {
    return std::nullopt;  // IPv6 needs brackets
  }
  unsigned port = 0;
  const auto [end, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
  if (port_text.empty() || ec != std::errc() || end != port_text.data() + port_text.size() || port < min_port ||
      port > 65535) {
    return std::nullopt;
  }
  boost::system::error_code error;
  const auto address = asio::ip::make_address(std::string(host), error);
  if (error) return std::nullopt;
  return asio::ip::tcp::endpoint(address, static_cast<unsigned short>(port));
}

Expected<ApiConfig, std::string> parse_api_config(const std::vector<std::string>& args,
                                                  const config::Environment& env) {
  auto loaded = config::load(api_schema(), args, env);
  if (!loaded) return loaded.error().message;
  ApiConfig config;
  if (loaded->help_requested()) {
    config.help = true;
    return config;
  }
  if (!loaded->positional().empty()) return "unexpected argument \"" + loaded->positional().front() + "\"";
  auto listen = endpoint_setting(*loaded, "listen", 0);
  if (!listen) return listen.error();
  config.listen = *listen;
  auto proxy = endpoint_setting(*loaded, "proxy-address", 1);
  if (!proxy) return proxy.error();
  config.proxy_address = *proxy;
  if (!loaded->has("token-sha256")) {
    return std::string("OCTOBOT_API_TOKEN_SHA256 is not set: the SHA-256 of the bearer token, 64 hex digits");
  }
  const std::string& hash = loaded->get_string("token-sha256");
  if (hash.size() != 64 || !std::all_of(hash.begin(), hash.end(), is_hex_digit)) {
    return loaded->setting("token-sha256").origin + ": expected 64 hex digits, got " + std::to_string(hash.size()) +
           " characters" + (hash.size() == 64 ? " that are not all hex digits" : "");
  }
  config.token_sha256 = lowercase(hash);
  config.workspace = loaded->get_string("workspace");
  auto level = log::parse_level(loaded->get_string("log-level"));
  if (!level) return loaded->setting("log-level").origin + ": expected debug, info, warn or error";
  config.log_level = *level;
  return config;
}

std::string usage_text() { return api_schema().help("octobot-agent-api [options]"); }

}  // namespace octobot::agent_api
