#include "server/service/credentials.hpp"

#include "server/service/wire.hpp"

#include <algorithm>

namespace octobot::service {

namespace {

Error invalid(std::string message) { return Error::invalid(std::move(message), "invalid_field"); }

bool valid_provider(std::string_view provider) {
  return !provider.empty() && provider.size() <= 64 && std::all_of(provider.begin(), provider.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
  });
}

bool valid_label(std::string_view label) {
  if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-') return false;
  return std::all_of(label.begin(), label.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
  });
}

// Last 4 characters of the key for display; nothing for keys too short to hide the rest.
std::string last_four(std::string_view key) { return key.size() >= 12 ? std::string(key.substr(key.size() - 4)) : ""; }

}  // namespace

std::vector<std::string> default_hosts(std::string_view provider) {
  if (provider == "anthropic") return {"api.anthropic.com"};
  if (provider == "openai") return {"api.openai.com"};
  if (provider == "google") return {"generativelanguage.googleapis.com"};
  return {};
}

bool valid_host_pattern(std::string_view host);

// The host name of an http(s) URL without user info ("https://gw.example:8443/v1" → "gw.example").
std::optional<std::string> base_url_host(std::string_view url) {
  std::string_view rest;
  if (url.starts_with("https://")) rest = url.substr(8);
  else if (url.starts_with("http://")) rest = url.substr(7);
  else return std::nullopt;
  if (url.size() > 2048 || url.find_first_of(" \t\r\n\"<>\\") != std::string_view::npos) return std::nullopt;
  std::string_view authority = rest.substr(0, rest.find_first_of("/?#"));
  if (authority.find('@') != std::string_view::npos) return std::nullopt;
  std::string_view host = authority.substr(0, authority.rfind(':') == std::string_view::npos ? authority.size()
                                                                                               : authority.rfind(':'));
  std::string lowered(host);
  std::transform(lowered.begin(), lowered.end(), lowered.begin(), [](unsigned char c) { return std::tolower(c); });
  if (lowered.empty() || lowered.starts_with("*.") || !valid_host_pattern(lowered)) return std::nullopt;
  return lowered;
}

bool valid_host_pattern(std::string_view host) {
  if (host.starts_with("*.")) host.remove_prefix(2);
  if (host.empty() || host.size() > 253) return false;
  std::size_t start = 0;
  while (start <= host.size()) {
    std::size_t dot = host.find('.', start);
    if (dot == std::string_view::npos) dot = host.size();
    if (!valid_label(host.substr(start, dot - start))) return false;
    start = dot + 1;
  }
  return true;
}

Result<store::Credential> CredentialService::create(std::string_view project_id, const NewCredential& input) {
  if (!valid_provider(input.provider)) {
    return invalid("field \"provider\" must be a lowercase identifier like \"anthropic\" or \"openai\"");
  }
  auto name = validate_name("name", input.name);
  if (!name) return name.error();
  if (input.api_key.empty()) return invalid("field \"apiKey\" must not be empty");
  if (input.api_key.size() > 16 * 1024) return invalid("field \"apiKey\" must be at most 16 KiB");
  if (std::any_of(input.api_key.begin(), input.api_key.end(), [](char c) { return c == '\r' || c == '\n' || c == '\0'; })) {
    return invalid("field \"apiKey\" must not contain line breaks or NUL (it is sent as an HTTP header)");
  }
  std::string base_host;
  if (input.base_url) {
    auto host = base_url_host(*input.base_url);
    if (!host) return invalid("field \"baseUrl\" must be an http:// or https:// URL with a host name, like "
                              "\"https://gateway.example.com/v1\"");
    base_host = *host;
  }
  std::vector<std::string> hosts =
      input.hosts.value_or(base_host.empty() ? default_hosts(input.provider) : std::vector<std::string>{base_host});
  if (hosts.empty()) {
    return invalid("field \"hosts\" is required for provider \"" + input.provider +
                   "\": list the hosts the proxy may send this key to");
  }
  for (auto& host : hosts) {
    std::transform(host.begin(), host.end(), host.begin(), [](unsigned char c) { return std::tolower(c); });
    if (!valid_host_pattern(host)) return invalid("field \"hosts\" has an invalid host name: \"" + host + "\"");
  }

  store::Credential credential{crypto::uuid_v4(), std::string(project_id), input.provider, *name,
                               context_.secrets.seal(input.api_key), Json(hosts).dump(), last_four(input.api_key),
                               context_.now_ms(), input.base_url.value_or("")};
  auto created = context_.store.create_credential(
      credential, make_event(context_, project_id, "credential.created", wire::render(credential)));
  if (!created) return describe(created.error(), "credential");
  context_.hub.notify();
  if (context_.egress_changed) context_.egress_changed(project_id);
  return credential;
}

Result<std::vector<store::Credential>> CredentialService::list(std::string_view project_id) {
  auto credentials = context_.store.list_credentials(project_id);
  if (!credentials) return describe(credentials.error(), "credential");
  return std::move(credentials).value();
}

Result<> CredentialService::remove(std::string_view project_id, std::string_view id) {
  auto removed = context_.store.delete_credential(project_id, id,
                                                  make_event(context_, project_id, "credential.deleted", Json{{"id", id}}.dump()));
  if (!removed) return describe(removed.error(), "credential");
  context_.hub.notify();
  if (context_.egress_changed) context_.egress_changed(project_id);
  return {};
}

Result<std::string> CredentialService::reveal(std::string_view project_id, std::string_view id) {
  auto credential = context_.store.find_credential(project_id, id);
  if (!credential) return describe(credential.error(), "credential");
  auto key = context_.secrets.open(credential->secret_ciphertext);
  if (!key) return Error::internal("the credential cannot be decrypted with this server's key: " + key.error().message);
  return std::move(key).value();
}

}  // namespace octobot::service
