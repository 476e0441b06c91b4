// parse_proxy_config() on hostile or damaged input: an error, never a crash,
// a hang or an exception; what parses can be rendered as JSON.
#include "proxy/config/proxy_config.hpp"

#include <catch2/catch.hpp>

#include <random>

using namespace octobot::proxy;
using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;

namespace {

constexpr std::string_view kSample = R"(listen: 127.0.0.1:17080
api: { listen: 127.0.0.1:17081, token_file: /path/token }
ca: { cert: /path/ca.crt, key: /path/ca.key }
upstream_ca_files: [/path/extra.pem]
allow:
  hosts: [api.anthropic.com, "*.github.com"]
  cidrs: [127.0.0.0/8]
deny: { cidrs: [] }
rules:
  - host: api.anthropic.com
    set_headers: { anthropic-version: "2023-06-01" }
    remove_headers: [x-forwarded-for]
    credentials:
      - { header: x-api-key, placeholder: OCTOBOT_PLACEHOLDER_ANTHROPIC, value: &s secret }
  - host: b.example.com
    credentials: [{ header: x-api-key, placeholder: OCTOBOT_PLACEHOLDER_ANTHROPIC, value: *s }]
cache: { dir: /path/cache, max_size: 20GiB }
log: { file: "-" }
limits: { max_connections: 1024, header_limit: 64KiB, header_timeout: 30s, idle_timeout: 5m }
)";

// Parses `text`; what parses must also render, and no error may be empty.
bool parses_cleanly(std::string_view text) {
  auto config = parse_proxy_config(text, "fuzz");
  if (!config.ok()) return !config.error().message.empty();
  return !config_to_json(*config).dump().empty() && !policy_to_json(config->policy).dump().empty();
}

std::string error_of(std::string_view yaml) {
  auto config = parse_proxy_config(yaml, "t.yaml");
  REQUIRE_FALSE(config.ok());
  return config.error().message;
}

}  // namespace

TEST_CASE("the sample parses", "[proxy][config][robustness]") {
  auto config = parse_proxy_config(kSample, "t.yaml");
  INFO((config ? std::string() : config.error().message));
  CHECK(config.ok());
}

TEST_CASE("every prefix of a valid file parses or fails cleanly", "[proxy][config][robustness]") {
  for (std::size_t size = 0; size <= kSample.size(); ++size) {
    INFO("prefix of " << size << " bytes");
    REQUIRE(parses_cleanly(kSample.substr(0, size)));
  }
}

TEST_CASE("single-byte changes of a valid file parse or fail cleanly", "[proxy][config][robustness]") {
  // Four replacements per position, rotating through the list so every one is tried all over the file.
  constexpr std::string_view replacements("[]{}&*:-'\"!|>%@`#,?\n\t \0\xff\x80", 25);
  std::string text(kSample);
  for (std::size_t at = 0; at < text.size(); ++at) {
    const char original = text[at];
    for (std::size_t k = 0; k < 4; ++k) {
      const char replacement = replacements[(at + k * 7) % replacements.size()];
      text[at] = replacement;
      INFO("byte " << at << " := " << static_cast<int>(static_cast<unsigned char>(replacement)));
      REQUIRE(parses_cleanly(text));
    }
    text[at] = original;
  }
}

TEST_CASE("random documents built from YAML punctuation fail cleanly", "[proxy][config][robustness]") {
  constexpr std::string_view alphabet = "[]{}&*:-'\"!|>%#,? \n\tab1.";
  std::mt19937 random(12345);  // fixed seed: reproducible
  std::uniform_int_distribution<std::size_t> pick(0, alphabet.size() - 1);
  std::uniform_int_distribution<std::size_t> length(0, 120);
  for (int round = 0; round < 3000; ++round) {
    std::string text;
    for (std::size_t i = length(random); i > 0; --i) text += alphabet[pick(random)];
    INFO(text);
    REQUIRE(parses_cleanly(text));
  }
}

TEST_CASE("deep nesting is refused, not a stack overflow", "[proxy][config][robustness]") {
  for (std::size_t depth : {40, 1'000, 5'000, 100'000}) {
    INFO(depth);
    CHECK(parses_cleanly(std::string(depth, '[') + std::string(depth, ']')));
    CHECK(parses_cleanly("allow: " + std::string(depth, '[')));
    std::string maps;
    for (std::size_t i = 0; i < depth; ++i) maps += "{a: ";
    CHECK(parses_cleanly(maps));
  }
  std::string nested = "rules: ";
  nested.append(40, '[').append(40, ']').append("\n");
  CHECK_THAT(error_of(nested), Contains("nested more than 32 levels deep"));
}

TEST_CASE("alias bombs are refused, not expanded", "[proxy][config][robustness]") {
  std::string bomb = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n";
  for (int level = 1; level <= 9; ++level) {
    bomb += "a" + std::to_string(level) + ": &a" + std::to_string(level) + " [";
    for (int i = 0; i < 10; ++i) bomb += (i ? ", *a" : "*a") + std::to_string(level - 1);
    bomb += "]\n";
  }
  CHECK_THAT(error_of(bomb), Contains("more than 100000 values"));
  CHECK_THAT(error_of("allow:\n  hosts: &h [a.com, *h]\n"), StartsWith("t.yaml:"));  // self-reference
}

TEST_CASE("oversized input is refused", "[proxy][config][robustness]") {
  const std::string big = "# " + std::string(1 << 20, 'x') + "\n";
  CHECK(error_of(big) == "t.yaml: larger than 1 MiB");
  std::string many_keys = "allow:\n  hosts:\n";
  while (many_keys.size() < 900'000) many_keys += "    - h" + std::to_string(many_keys.size()) + ".example.com\n";
  CHECK(parses_cleanly(many_keys));
}

TEST_CASE("binary garbage fails cleanly", "[proxy][config][robustness]") {
  std::mt19937 random(777);
  std::uniform_int_distribution<int> byte(0, 255);
  for (int round = 0; round < 500; ++round) {
    std::string text(static_cast<std::size_t>(byte(random)), '\0');
    for (char& c : text) c = static_cast<char>(byte(random));
    REQUIRE(parses_cleanly(text));
  }
}
