#include "proxy/server/header_rules.hpp"

#include <boost/beast/http/rfc7230.hpp>

#include <algorithm>
#include <cctype>

namespace octobot::proxy {
namespace http = boost::beast::http;
namespace {

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

bool has_token(std::string_view list, std::string_view token) {
  for (auto item : http::token_list(list)) {
    if (iequals(item, token)) return true;
  }
  return false;
}

// Fields the proxy frames and addresses a message by: a Connection option
// naming one must not make it disappear from what is relayed.
bool framing_field(std::string_view name) {
  return iequals(name, "host") || iequals(name, "content-length") || iequals(name, "transfer-encoding");
}

// The replacement value for one header, or "" when it does not carry the placeholder.
std::string replaced_value(std::string_view current, const CredentialRule& credential) {
  if (current == credential.placeholder) return credential.value;
  constexpr std::string_view bearer = "bearer ";
  if (current.size() == bearer.size() + credential.placeholder.size() &&
      iequals(current.substr(0, bearer.size()), bearer) &&
      current.substr(bearer.size()) == credential.placeholder) {
    return std::string(current.substr(0, bearer.size())) + credential.value;
  }
  return {};
}

}  // namespace

void strip_hop_by_hop(http::fields& fields, bool keep_upgrade) {
  std::string connection(fields[http::field::connection]);
  for (auto token : http::token_list(connection)) {
    if (keep_upgrade && iequals(token, "upgrade")) continue;
    if (framing_field(token)) continue;
    fields.erase(token);
  }
  for (auto name : {http::field::keep_alive, http::field::proxy_connection, http::field::proxy_authorization,
                    http::field::proxy_authenticate, http::field::te, http::field::trailer}) {
    fields.erase(name);
  }
  if (keep_upgrade) {
    fields.set(http::field::connection, "upgrade");
  } else {
    fields.erase(http::field::connection);
    fields.erase(http::field::upgrade);
  }
}

std::vector<std::string> apply_rule(http::fields& fields, const HostRule& rule, bool inject_credentials) {
  for (const auto& name : rule.remove_headers) fields.erase(name);
  for (const auto& [name, value] : rule.set_headers) fields.set(name, value);
  std::vector<std::string> injected;
  if (!inject_credentials) return injected;
  for (const auto& credential : rule.credentials) {
    auto it = fields.find(credential.header);
    if (it == fields.end()) continue;
    auto value = replaced_value(it->value(), credential);
    if (value.empty()) continue;
    fields.set(credential.header, value);
    injected.push_back(credential.header);
  }
  return injected;
}

bool is_websocket_upgrade(const http::fields& fields) {
  auto connection = fields[http::field::connection];
  auto upgrade = fields[http::field::upgrade];
  return has_token(connection, "upgrade") && has_token(upgrade, "websocket");
}

}  // namespace octobot::proxy
