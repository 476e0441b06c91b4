#include "server/auth/authenticator.hpp"

#include "lib/crypto/crypto.hpp"

namespace octobot::auth {

namespace {

std::string cookie_value(std::string_view header, std::string_view name) {
  while (!header.empty()) {
    auto semicolon = header.find(';');
    std::string_view pair = header.substr(0, semicolon);
    header = semicolon == std::string_view::npos ? std::string_view{} : header.substr(semicolon + 1);
    while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
    if (pair.starts_with(name) && pair.size() > name.size() && pair[name.size()] == '=') {
      return std::string(pair.substr(name.size() + 1));
    }
  }
  return "";
}

}  // namespace

std::optional<std::string> check_access_token(std::string_view token) {
  if (token.size() < kMinAccessTokenLength) {
    return "the access token must be at least " + std::to_string(kMinAccessTokenLength) +
           " characters long (omit it to have a random one generated)";
  }
  bool url_safe = std::all_of(token.begin(), token.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.' || c == '~';
  });
  if (!url_safe) return std::string("the access token may contain only letters, digits and - _ . ~");
  return std::nullopt;
}

std::string generate_access_token() { return crypto::random_token(32); }

std::string presented_token(const http::Exchange& exchange) {
  std::string_view authorization = exchange.request()[http::Field::authorization];
  if (authorization.size() > 7 && boost::beast::iequals(authorization.substr(0, 7), "Bearer ")) {
    return std::string(authorization.substr(7));
  }
  if (auto cookie = cookie_value(exchange.request()[http::Field::cookie], "octobot_token"); !cookie.empty()) return cookie;
  return exchange.query("token").value_or("");
}

SingleUserAuthenticator::SingleUserAuthenticator(std::string user_id, std::string access_token)
    : user_id_(std::move(user_id)), access_token_(std::move(access_token)) {}

bool is_loopback_host(std::string_view host) {
  if (host.starts_with('[')) {
    auto close = host.find(']');
    return close != std::string_view::npos && host.substr(1, close - 1) == "::1";
  }
  host = host.substr(0, host.find(':'));
  std::string lower(host);
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (lower == "localhost" || lower.ends_with(".localhost")) return true;
  boost::system::error_code ec;
  auto address = boost::asio::ip::make_address_v4(lower, ec);
  return !ec && address.is_loopback();
}

bool SingleUserAuthenticator::is_access_token(std::string_view token) const {
  return !access_token_.empty() && crypto::constant_time_equal(token, access_token_);
}

http::Result<Principal> SingleUserAuthenticator::authenticate(const http::Exchange& exchange) const {
  if (access_token_.empty()) {
    std::string_view host = exchange.request()[http::Field::host];
    if (!is_loopback_host(host)) {
      return http::ApiError::forbidden("this server only answers requests addressed to a loopback host name (got Host \"" +
                                       std::string(host.substr(0, 100)) +
                                       "\"); to serve other hosts, listen on a non-loopback address with an access token");
    }
    return Principal{user_id_};
  }
  std::string token = presented_token(exchange);
  if (token.empty()) {
    return http::ApiError::unauthorized(
        "this server needs its access token: send \"Authorization: Bearer <token>\" (the token is printed at start-up)");
  }
  if (!crypto::constant_time_equal(token, access_token_)) return http::ApiError::unauthorized("the access token is wrong");
  return Principal{user_id_};
}

}  // namespace octobot::auth
