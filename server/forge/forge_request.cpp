#include "server/forge/forge_request.hpp"

#include "lib/http/client.hpp"

namespace octobot::forge {

namespace asio = boost::asio;
using nlohmann::json;

namespace {

// {"message": ...} (GitHub, Gitea), {"message": {...}} or {"error": ...} (GitLab), else the body's start.
std::string message_of(const std::string& body) {
  const auto parsed = json::parse(body, nullptr, false);
  if (parsed.is_object()) {
    for (const char* key : {"message", "error", "errors"}) {
      auto it = parsed.find(key);
      if (it == parsed.end()) continue;
      return it->is_string() ? it->get<std::string>() : it->dump().substr(0, 300);
    }
  }
  return body.substr(0, 300);
}

}  // namespace

std::string encode_path_segment(const std::string& text) { return http::query_escape(text); }

asio::awaitable<Expected<json, std::string>> post_json(asio::any_io_executor executor, const ForgeSettings& settings,
                                                       const std::string& forge_name, std::string api_base,
                                                       std::string path,
                                                       json body, std::vector<std::pair<std::string, std::string>> headers) {
  // The base's path ("/api/v3") belongs to the target; the endpoint is scheme://authority.
  while (!api_base.empty() && api_base.back() == '/') api_base.pop_back();
  const auto authority_start = api_base.find("://");
  const auto path_start = authority_start == std::string::npos ? std::string::npos : api_base.find('/', authority_start + 3);
  const std::string origin = api_base.substr(0, path_start);
  const std::string prefix = path_start == std::string::npos ? "" : api_base.substr(path_start);
  auto endpoint = http::Endpoint::parse(origin);
  if (!endpoint || endpoint->scheme == http::Endpoint::Scheme::unix_socket) {
    co_return forge_name + " API base \"" + api_base + "\" is not an http(s) URL";
  }
  http::ClientOptions options;
  options.tls_context = settings.tls;
  options.connect_timeout = std::chrono::seconds(10);
  options.read_timeout = std::chrono::seconds(30);
  options.body_limit = 4 * 1024 * 1024;
  http::Client client(executor, *endpoint, options);
  headers.emplace_back("Accept", "application/json");
  headers.emplace_back("Content-Type", "application/json");
  headers.emplace_back("User-Agent", "octobot");
  auto request = http::make_request(http::Method::post, prefix + path, body.dump(), headers);
  auto response = co_await client.send(std::move(request));
  if (!response) co_return forge_name + " API: " + response.error().message;
  const unsigned status = response->result_int();
  if (status < 200 || status > 299) {
    co_return forge_name + " answered " + std::to_string(status) + ": " + message_of(response->body());
  }
  auto parsed = json::parse(response->body(), nullptr, false);
  if (!parsed.is_object()) co_return forge_name + " answered " + std::to_string(status) + " without a JSON object";
  co_return parsed;
}

}  // namespace octobot::forge
