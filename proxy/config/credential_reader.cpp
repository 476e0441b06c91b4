#include "proxy/config/credential_reader.hpp"

#include "lib/fs/file_io.hpp"
#include "proxy/config/config_values.hpp"

namespace octobot::proxy {
namespace {

Expected<std::string, ConfigError> read_required_string(const Field& map, std::string_view key,
                                                        std::string_view purpose) {
  auto member = find_member(map, key);
  if (!member) return map.missing(key, "required: " + std::string(purpose));
  return read_string(*member);
}

std::optional<ConfigError> read_header(const Field& field, CredentialRule& credential) {
  auto header = read_required_string(field, "header", "the request header that carries the placeholder");
  if (!header) return header.error();
  if (auto problem = header_name_problem(*header)) return find_member(field, "header")->error(*problem);
  credential.header = to_lower_ascii(*header);
  return std::nullopt;
}

std::optional<ConfigError> read_placeholder(const Field& field, CredentialRule& credential) {
  auto placeholder = read_required_string(field, "placeholder", "the stand-in value the agent sends");
  if (!placeholder) return placeholder.error();
  if (!is_valid_placeholder(*placeholder)) {
    return find_member(field, "placeholder")
        ->error("a placeholder is 8-128 characters of A-Z, a-z, 0-9, '_' and '-', got " + quote_value(*placeholder));
  }
  credential.placeholder = std::move(*placeholder);
  return std::nullopt;
}

std::optional<ConfigError> check_inline_secret(const Field& field, const std::string& value) {
  if (value.empty()) return field.error("the secret is empty");
  if (!is_safe_header_value(value)) {
    return field.error("the secret contains CR, LF, NUL or another control character");
  }
  return std::nullopt;
}

std::string strip_one_newline(std::string text) {
  if (text.ends_with("\r\n")) {
    text.resize(text.size() - 2);
  } else if (text.ends_with('\n')) {
    text.pop_back();
  }
  return text;
}

// The secret in `path`. An error names the file and the rule a secret must
// meet, never what the file holds.
Expected<std::string, ConfigError> load_secret_file(const Field& field, const std::string& path) {
  auto text = files::read_small_file(path, kMaxSecretFileBytes);
  if (!text) return field.error(text.error().message);
  std::string secret = strip_one_newline(std::move(*text));
  if (secret.empty() || !is_safe_header_value(secret)) {
    return field.error("the secret file " + path +
                       " does not hold a valid secret: it must be one non-empty line without control characters "
                       "(one trailing newline is removed)");
  }
  return secret;
}

std::string credential_key(std::string_view host, std::string_view header, std::string_view placeholder) {
  return std::string(host).append("\n").append(header).append("\n").append(placeholder);
}

void keep_secret(const CredentialRule& kept, CredentialRule& credential) {
  credential.value_file = kept.value_file;
  credential.value = kept.value;
}

// Only the configuration file may name files: through the control API a path
// would make the proxy read any file it can, for whoever holds the token.
std::optional<ConfigError> check_files_allowed(const Field& file_field, const SecretSources& secrets) {
  if (secrets.files_allowed) return std::nullopt;
  return file_field.error("the control API takes the secret itself as \"value\", not a file; "
                          "a value_file can only be named in the configuration file");
}

std::optional<ConfigError> read_value_file(const Field& file_field, const SecretSources& secrets,
                                           const CredentialRule* kept, CredentialRule& credential) {
  auto file = read_string(file_field);
  if (!file) return file.error();
  if (file->empty()) return file_field.error("must not be empty");
  credential.value_file = resolve_path(secrets.base_dir, *file);
  if (kept && kept->value_file == credential.value_file) {
    credential.value = kept->value;
  } else if (secrets.read_files) {
    auto secret = load_secret_file(file_field, credential.value_file);
    if (!secret) return secret.error();
    credential.value = std::move(*secret);
  }
  return std::nullopt;
}

// The error for a credential with neither a secret nor a current one to keep.
ConfigError no_secret(const Field& field, const std::optional<Field>& redacted_value, const SecretSources& secrets) {
  const std::string give = secrets.files_allowed ? "give value_file or value" : "give the secret as value";
  if (redacted_value) {
    return redacted_value->error("\"<redacted>\" keeps a current secret, but there is no credential with this "
                                 "host, header and placeholder; " + give);
  }
  if (!secrets.files_allowed) {
    return field.missing("value", "required: the secret itself (the control API reads no files)");
  }
  return field.missing("value_file", "required (or value): where the secret comes from");
}

std::optional<ConfigError> read_secret(const Field& field, const std::string& host, const SecretSources& secrets,
                                       const CurrentCredentials& current, CredentialRule& credential) {
  const auto value_field = find_member(field, "value");
  const auto file_field = find_member(field, "value_file");
  if (file_field) {
    if (auto error = check_files_allowed(*file_field, secrets)) return error;
  }
  std::string value;
  if (value_field) {
    auto text = read_string(*value_field);
    if (!text) return text.error();
    value = std::move(*text);
  }
  const bool redacted = value_field && value == kRedactedSecret;
  if (value_field && !redacted && file_field) return field.error("give either value or value_file, not both");
  const CredentialRule* kept = current.find(host, credential);
  if (value_field && !redacted) {
    if (auto error = check_inline_secret(*value_field, value)) return error;
    credential.value = std::move(value);
    return std::nullopt;
  }
  if (file_field) return read_value_file(*file_field, secrets, kept, credential);
  if (kept) {
    keep_secret(*kept, credential);
    return std::nullopt;
  }
  return no_secret(field, value_field, secrets);
}

}  // namespace

CurrentCredentials::CurrentCredentials(const PolicyConfig* current) {
  if (!current) return;
  for (const HostRule& rule : current->rules) {
    for (const CredentialRule& credential : rule.credentials) {
      by_key_.emplace(credential_key(rule.host, credential.header, credential.placeholder), &credential);
    }
  }
}

const CredentialRule* CurrentCredentials::find(std::string_view host, const CredentialRule& wanted) const {
  auto found = by_key_.find(credential_key(host, wanted.header, wanted.placeholder));
  return found == by_key_.end() ? nullptr : found->second;
}

Expected<CredentialRule, ConfigError> read_credential(const Field& field, const std::string& host,
                                                      const SecretSources& secrets,
                                                      const CurrentCredentials& current) {
  if (field.node().kind != ConfigNode::Kind::map) {
    return field.error("expected a mapping of header, placeholder and value_file, got " + describe_kind(field.node()));
  }
  if (auto error = check_mapping(field, {"header", "placeholder", "value_file", "value"})) return *error;
  CredentialRule credential;
  if (auto error = read_header(field, credential)) return *error;
  if (auto error = read_placeholder(field, credential)) return *error;
  if (auto error = read_secret(field, host, secrets, current, credential)) return *error;
  return credential;
}

}  // namespace octobot::proxy
