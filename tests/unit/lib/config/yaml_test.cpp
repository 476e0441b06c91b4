// parse_yaml() and yaml_to_json() (lib/config/yaml.hpp): the tree, its limits
// and errors as values, whatever the input.
#include "lib/config/yaml.hpp"

#include <catch2/catch.hpp>

#include <random>

namespace {

namespace config = octobot::config;
using config::YamlNode;

YamlNode parse_ok(std::string_view text, const config::YamlLimits& limits = {}) {
  auto root = config::parse_yaml(text, limits);
  INFO((root ? "" : root.error().message));
  REQUIRE(root);
  REQUIRE(*root);
  return **root;
}

config::YamlError parse_error(std::string_view text, const config::YamlLimits& limits = {}) {
  auto root = config::parse_yaml(text, limits);
  REQUIRE_FALSE(root);
  return root.error();
}

nlohmann::json json_of(std::string_view text) { return config::yaml_to_json(parse_ok(text)); }

// A document nesting lists `depth` deep: [[[]]].
std::string nested_lists(std::size_t depth) { return std::string(depth, '[') + std::string(depth, ']'); }

}  // namespace

TEST_CASE("yaml: the tree keeps order, lines and how scalars were written", "[config][yaml]") {
  const YamlNode root = parse_ok("b: 1\na:\n  - 'x'\n  - y\nc:\n");
  REQUIRE(root.kind == YamlNode::Kind::map);
  REQUIRE(root.entries.size() == 3);
  CHECK(root.entries[0].key == "b");
  CHECK(root.entries[1].key == "a");
  CHECK(root.entries[1].key_line == 2);
  const YamlNode& list = root.entries[1].value;
  REQUIRE(list.kind == YamlNode::Kind::list);
  REQUIRE(list.items.size() == 2);
  CHECK(list.items[0].text == "x");
  CHECK_FALSE(list.items[0].plain);
  CHECK(list.items[1].plain);
  CHECK(list.items[1].line == 4);
  CHECK(root.entries[2].value.kind == YamlNode::Kind::null);
  CHECK(root.entries[2].value.line == 5);  // a missing value has its key's line
}

TEST_CASE("yaml: text without a document is no document", "[config][yaml]") {
  for (std::string_view text : {"", "\n", "# only a comment\n"}) {
    auto root = config::parse_yaml(text);
    REQUIRE(root);
    CHECK_FALSE(*root);
  }
  CHECK(parse_ok("~\n").kind == YamlNode::Kind::null);
}

TEST_CASE("yaml: anchors and aliases are copied and counted", "[config][yaml]") {
  const YamlNode root = parse_ok("a: &x [1, 2]\nb: *x\n");
  REQUIRE(root.entries[1].value.items.size() == 2);
  CHECK(root.entries[1].value.items[1].text == "2");

  std::string bomb = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n";
  for (int level = 1; level <= 9; ++level) {
    bomb += "a" + std::to_string(level) + ": &a" + std::to_string(level) + " [";
    for (int i = 0; i < 10; ++i) bomb += (i ? ", *a" : "*a") + std::to_string(level - 1);
    bomb += "]\n";
  }
  const auto error = parse_error(bomb);
  CHECK(error.message == "more than 100000 values (YAML aliases count at each use)");
  CHECK(error.line == 5);  // a4: 1 + 10 * 11111 values
  CHECK(error.path == "a4[7]");
  CHECK(parse_error("a: &h [b, *h]\n").message == "an alias refers to a node that contains it");
}

TEST_CASE("yaml: the limits are the caller's", "[config][yaml]") {
  CHECK(parse_error(std::string(100, ' '), {.max_bytes = 99}).message == "larger than 99 bytes");
  CHECK(parse_error("# " + std::string(1 << 20, 'x')).message == "larger than 1 MiB");
  CHECK(parse_error("a: [1, 2, 3]\n", {.max_nodes = 3}).message.starts_with("more than 3 values"));
  parse_ok(nested_lists(32));
  const auto deep = parse_error("a: " + nested_lists(33));
  CHECK(deep.message == "nested more than 32 levels deep");
  std::string deep_path = "a";
  for (int i = 0; i < 31; ++i) deep_path += "[0]";
  CHECK(deep.path == deep_path);  // the 33rd list is the first element of the 32nd
  CHECK(parse_error(nested_lists(3), {.max_depth = 2}).message == "nested more than 2 levels deep");
}

TEST_CASE("yaml: deep nesting is refused, not a stack overflow", "[config][yaml]") {
  for (std::size_t depth : {40, 5'000, 100'000}) {
    INFO(depth);
    CHECK_FALSE(config::parse_yaml(nested_lists(depth)));
    CHECK_FALSE(config::parse_yaml(std::string(depth, '{')));
  }
}

TEST_CASE("yaml: keys are unique scalars", "[config][yaml]") {
  const auto duplicate = parse_error("a:\n  b: 1\n  b: 2\n");
  CHECK(duplicate.line == 3);
  CHECK(duplicate.column == 3);
  CHECK(duplicate.path == "a.b");
  CHECK(duplicate.message == "duplicate key");
  CHECK(parse_error("{[a]: b}\n").message == "a key must be a plain name, not a list, mapping or null");
  CHECK(parse_error("? \n: b\n").message == "a key must be a plain name, not a list, mapping or null");
}

TEST_CASE("yaml: errors give line and column", "[config][yaml]") {
  const auto syntax = parse_error("a: 1\nb: [1, 2\n");
  CHECK(syntax.line == 3);
  CHECK(syntax.column >= 1);
  CHECK(syntax.message.starts_with("YAML syntax error: "));
  const auto second = parse_error("a: 1\n---\nb: 2\n");
  CHECK(second.line == 2);
  CHECK(second.message == "unexpected content after the first YAML document (only one is allowed)");
  CHECK(parse_error(",a: 1\n").message.starts_with("unexpected content after the first YAML document"));
  const auto utf8 = parse_error("a:\n  - \"\\xff\"\n  - \"\xff\"\n");
  CHECK(utf8.line == 3);
  CHECK(utf8.path == "a[1]");
  CHECK(utf8.message == "not valid UTF-8");
}

TEST_CASE("yaml: random and damaged input gives a tree or an error, never an exception", "[config][yaml]") {
  constexpr std::string_view alphabet = "[]{}&*:-'\"!|>%#,? \n\tab1.\xff";
  std::mt19937 random(2024);  // fixed seed: reproducible
  std::uniform_int_distribution<std::size_t> pick(0, alphabet.size() - 1);
  std::uniform_int_distribution<std::size_t> length(0, 120);
  for (int round = 0; round < 3000; ++round) {
    std::string text;
    for (std::size_t i = length(random); i > 0; --i) text += alphabet[pick(random)];
    INFO(text);
    REQUIRE_NOTHROW([&] {
      auto root = config::parse_yaml(text);
      if (root && *root) (void)config::yaml_to_json(**root).dump();
      if (!root) REQUIRE_FALSE(root.error().message.empty());
    }());
  }
}

TEST_CASE("yaml_to_json types plain scalars by the core schema", "[config][yaml]") {
  const auto json = json_of(
      "t: true\nf: False\nn: ~\ne:\ni: -12\np: +7\nx: 1.5e3\nd: .5\ns: hello\nq: '12'\ntagged: !!str 12\n"
      "big: 123456789012345678901234567890\nhuge: 1e999\nlist: [1, 'a', null]\n");
  CHECK(json["t"] == true);
  CHECK(json["f"] == false);
  CHECK(json["n"].is_null());
  CHECK(json["e"].is_null());
  CHECK(json["i"] == -12);
  CHECK(json["p"] == 7);
  CHECK(json["x"] == 1500.0);
  CHECK(json["d"] == 0.5);
  CHECK(json["s"] == "hello");
  CHECK(json["q"] == "12");
  CHECK(json["tagged"] == "12");
  CHECK(json["big"].is_number_float());
  CHECK(json["huge"] == "1e999");
  CHECK(json["list"] == nlohmann::json::parse(R"([1, "a", null])"));
}

TEST_CASE("key paths", "[config][yaml]") {
  CHECK(config::join_key("", "listen") == "listen");
  CHECK(config::join_key("allow", "hosts") == "allow.hosts");
  CHECK(config::join_index("rules", 0) == "rules[0]");
}
