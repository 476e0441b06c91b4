// parse_proxy_config() and load_proxy_config(): the YAML file to a ProxyConfig.
#include "proxy/config/proxy_config.hpp"

#include "lib/fs/file_io.hpp"
#include "proxy/config/config_node.hpp"
#include "proxy/config/config_reader.hpp"
#include "proxy/config/config_values.hpp"

#include <exception>
#include <filesystem>

namespace octobot::proxy {
namespace {

Expected<ProxyConfig, ConfigError> parse_with(std::string_view text, std::string_view source,
                                              const SecretSources& secrets) {
  auto root = config_node_from_yaml(text, source);
  if (!root) return root.error();
  auto config = read_proxy_config(Field(*root, source, ""), secrets);
  if (!config) return config.error();
  config->source = std::string(source);
  return config;
}

// value_file paths are resolved while reading; these are the other paths.
void resolve_paths(ProxyConfig& config, const std::string& base_dir) {
  config.api_token_file = resolve_path(base_dir, config.api_token_file);
  config.ca_cert = resolve_path(base_dir, config.ca_cert);
  config.ca_key = resolve_path(base_dir, config.ca_key);
  for (std::string& file : config.upstream_ca_files) file = resolve_path(base_dir, file);
  config.cache_dir = resolve_path(base_dir, config.cache_dir);
  if (config.log_file != "-") config.log_file = resolve_path(base_dir, config.log_file);
}

ConfigError internal_error(std::string_view source, std::string_view what) {
  return ConfigError{std::string(source) + ": cannot read the configuration: " + std::string(what)};
}

Expected<ProxyConfig, ConfigError> load(const std::string& path) {
  auto text = files::read_small_file(path, kMaxConfigBytes);
  if (!text) return ConfigError{text.error().message};
  const std::string base_dir = std::filesystem::path(path).parent_path().string();
  const SecretSources secrets{.files_allowed = true, .read_files = true, .base_dir = base_dir};
  auto config = parse_with(*text, path, secrets);
  if (!config) return config.error();
  resolve_paths(*config, base_dir);
  return config;
}

}  // namespace

Expected<ProxyConfig, ConfigError> parse_proxy_config(std::string_view yaml_text, std::string_view source) {
  try {
    return parse_with(yaml_text, source, SecretSources{});
  } catch (const std::exception& e) {
    return internal_error(source, e.what());
  } catch (...) {
    return internal_error(source, "unknown error");
  }
}

Expected<ProxyConfig, ConfigError> load_proxy_config(const std::string& path) {
  try {
    return load(path);
  } catch (const std::exception& e) {
    return internal_error(path, e.what());
  } catch (...) {
    return internal_error(path, "unknown error");
  }
}

}  // namespace octobot::proxy
