#include "lib/config/config.hpp"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>

namespace {

namespace config = octobot::config;
using config::Type;
using Args = std::vector<std::string>;

config::Schema test_schema() {
  config::Schema schema;
  schema.add({"config", Type::string, "", "YAML configuration file", "path"})
      .add({"listen", Type::string, "127.0.0.1:8080", "Address to listen on", "addr"})
      .add({"workers", Type::integer, "2", "Worker threads"})
      .add({"verbose", Type::boolean, "false", "Log more"})
      .add({"timeout", Type::duration, "30s", "Request timeout"})
      .add({"log.level", Type::string, "info", "Log level"})
      .add({"database", Type::string, std::nullopt, "Database URL"})
      .config_file_option("config");
  return schema;
}

class TempYaml {
 public:
  explicit TempYaml(const std::string& content) {
    char dir[] = "/tmp/octobot-config-test-XXXXXX";
    REQUIRE(::mkdtemp(dir) != nullptr);
    dir_ = dir;
    path_ = dir_ + "/octobot.yaml";
    std::ofstream(path_) << content;
  }
  ~TempYaml() { std::filesystem::remove_all(dir_); }
  const std::string& path() const { return path_; }

 private:
  std::string dir_;
  std::string path_;
};

config::Config load_ok(const Args& args, const config::Environment& env = {}) {
  auto loaded = config::load(test_schema(), args, env);
  INFO((loaded ? "" : loaded.error().message));
  REQUIRE(loaded);
  return std::move(loaded).value();
}

config::Error load_error(const Args& args, const config::Environment& env = {}) {
  auto loaded = config::load(test_schema(), args, env);
  REQUIRE_FALSE(loaded);
  return loaded.error();
}

}  // namespace

TEST_CASE("config defaults apply when nothing is set") {
  const auto cfg = load_ok({});
  CHECK(cfg.get_string("listen") == "127.0.0.1:8080");
  CHECK(cfg.get_int("workers") == 2);
  CHECK(cfg.get_bool("verbose") == false);
  CHECK(cfg.get_duration("timeout") == std::chrono::seconds(30));
  CHECK(cfg.get_string("log.level") == "info");
  CHECK(cfg.setting("listen").source == config::Source::default_value);
  CHECK_FALSE(cfg.has("database"));
}

TEST_CASE("config precedence: flags > environment > YAML file > defaults") {
  TempYaml yaml("listen: 0.0.0.0:1000\nworkers: 3\nlog:\n  level: debug\ntimeout: 1m\n");
  const config::Environment env{{"OCTOBOT_CONFIG", yaml.path()}, {"OCTOBOT_WORKERS", "4"}, {"OCTOBOT_LOG_LEVEL", "warn"}};

  SECTION("the YAML file wins over defaults") {
    const auto cfg = load_ok({}, {{"OCTOBOT_CONFIG", yaml.path()}});
    CHECK(cfg.get_string("listen") == "0.0.0.0:1000");
    CHECK(cfg.get_int("workers") == 3);
    CHECK(cfg.get_string("log.level") == "debug");
    CHECK(cfg.get_duration("timeout") == std::chrono::minutes(1));
    CHECK(cfg.setting("listen").source == config::Source::file);
    CHECK(cfg.setting("listen").origin == yaml.path() + ":1");
    CHECK(cfg.setting("log.level").origin == yaml.path() + ":4");
    CHECK(cfg.get_bool("verbose") == false);  // untouched option keeps its default
  }
  SECTION("the environment wins over the YAML file") {
    const auto cfg = load_ok({}, env);
    CHECK(cfg.get_int("workers") == 4);
    CHECK(cfg.get_string("log.level") == "warn");
    CHECK(cfg.get_string("listen") == "0.0.0.0:1000");
    CHECK(cfg.setting("workers").origin == "OCTOBOT_WORKERS");
  }
  SECTION("flags win over the environment") {
    const auto cfg = load_ok({"--workers", "5", "--log-level=error"}, env);
    CHECK(cfg.get_int("workers") == 5);
    CHECK(cfg.get_string("log.level") == "error");
    CHECK(cfg.setting("workers").source == config::Source::flag);
    CHECK(cfg.setting("workers").origin == "--workers");
  }
  SECTION("the file path can come from a flag, which wins over the environment") {
    TempYaml other("workers: 9\n");
    const auto cfg = load_ok({"--config", other.path()}, {{"OCTOBOT_CONFIG", yaml.path()}});
    CHECK(cfg.get_int("workers") == 9);
    CHECK(cfg.get_string("listen") == "127.0.0.1:8080");
  }
}

TEST_CASE("config flag syntax") {
  SECTION("--flag=value and --flag value") {
    const auto cfg = load_ok({"--listen=[::1]:9000", "--workers", "-3"});
    CHECK(cfg.get_string("listen") == "[::1]:9000");
    CHECK(cfg.get_int("workers") == -3);
  }
  SECTION("boolean flags") {
    CHECK(load_ok({"--verbose"}).get_bool("verbose"));
    CHECK_FALSE(load_ok({"--verbose=false"}).get_bool("verbose"));
    CHECK(load_ok({"--verbose=yes"}).get_bool("verbose"));
    const auto cfg = load_ok({"--verbose", "false"});  // a bare bool flag takes no separate value
    CHECK(cfg.get_bool("verbose"));
    CHECK(cfg.positional() == Args{"false"});
  }
  SECTION("positional arguments are kept in order; -- ends the flags") {
    const auto cfg = load_ok({"run", "--workers", "1", "task", "--", "--not-a-flag", "-x"});
    CHECK(cfg.positional() == Args{"run", "task", "--not-a-flag", "-x"});
  }
  SECTION("durations") {
    CHECK(load_ok({"--timeout=1h30m"}).get_duration("timeout") == std::chrono::minutes(90));
    CHECK(load_ok({"--timeout=250ms"}).get_duration("timeout") == std::chrono::milliseconds(250));
    CHECK(load_ok({"--timeout=0"}).get_duration("timeout") == std::chrono::milliseconds(0));
  }
  SECTION("empty environment variables are unset") {
    CHECK(load_ok({}, {{"OCTOBOT_WORKERS", ""}}).get_int("workers") == 2);
  }
  SECTION("a missing default config file is fine") {
    config::Schema schema;
    schema.add({"config", Type::string, "/nonexistent/octobot.yaml", ""}).config_file_option("config");
    CHECK(config::load(schema, {}, {}));
  }
}

TEST_CASE("config errors name the flag or variable") {
  auto error = load_error({"--lisen", "x"});
  CHECK(error.key == "--lisen");
  CHECK(error.message == "unknown flag --lisen");

  error = load_error({"--listen"});
  CHECK(error.key == "--listen");
  CHECK(error.message == "flag --listen needs a value");
  CHECK(load_error({"--listen", "--verbose"}).message == "flag --listen needs a value");

  error = load_error({"--workers=abc"});
  CHECK(error.key == "--workers");
  CHECK(error.message == "--workers: \"abc\" is not an integer");

  error = load_error({"--verbose=maybe"});
  CHECK(error.key == "--verbose");
  CHECK(error.message.find("not a boolean") != std::string::npos);

  error = load_error({"--timeout", "5x"});
  CHECK(error.message.find("not a duration") != std::string::npos);

  error = load_error({}, {{"OCTOBOT_WORKERS", "many"}});
  CHECK(error.key == "OCTOBOT_WORKERS");
  CHECK(error.message == "OCTOBOT_WORKERS: \"many\" is not an integer");

  CHECK(load_error({"-v"}).message == "unknown flag -v");
}

TEST_CASE("config YAML errors name the file, line and key") {
  SECTION("unknown key") {
    TempYaml yaml("listen: x\nlog:\n  level: debug\n  colour: red\n");
    const auto error = load_error({"--config", yaml.path()});
    CHECK(error.key == "log.colour");
    CHECK(error.file == yaml.path());
    CHECK(error.line == 4);
    CHECK(error.message == yaml.path() + ":4: unknown key \"log.colour\"");
  }
  SECTION("syntax error") {
    TempYaml yaml("listen: x\nworkers: [1, 2\n");
    const auto error = load_error({"--config", yaml.path()});
    CHECK(error.line >= 2);
    CHECK(error.message.find("YAML syntax error") != std::string::npos);
    CHECK(error.message.rfind(yaml.path() + ":", 0) == 0);
  }
  SECTION("non-scalar value") {
    TempYaml yaml("workers: 1\nlisten:\n  - a\n  - b\n");
    const auto error = load_error({"--config", yaml.path()});
    CHECK(error.key == "listen");
    CHECK(error.line == 2);
    CHECK(error.message == yaml.path() + ":2: listen: expected a single value, got a list");
  }
  SECTION("scalar where a mapping is expected") {
    TempYaml yaml("log: debug\n");
    const auto error = load_error({"--config", yaml.path()});
    CHECK(error.key == "log");
    CHECK(error.line == 1);
  }
  SECTION("bad value") {
    TempYaml yaml("\n\nworkers: lots\n");
    const auto error = load_error({"--config", yaml.path()});
    CHECK(error.key == "workers");
    CHECK(error.line == 3);
    CHECK(error.message == yaml.path() + ":3: workers: \"lots\" is not an integer");
  }
  SECTION("a bad value in a lower layer is an error even when overridden") {
    TempYaml yaml("workers: lots\n");
    CHECK(load_error({"--config", yaml.path(), "--workers", "1"}).line == 1);
  }
  SECTION("top level not a mapping") {
    TempYaml yaml("- listen\n");
    CHECK(load_error({"--config", yaml.path()}).message.find("top level") != std::string::npos);
  }
  SECTION("an explicitly named file must exist") {
    const auto error = load_error({"--config", "/nonexistent/octobot.yaml"});
    CHECK(error.key == "config");
    CHECK(error.message.find("/nonexistent/octobot.yaml") != std::string::npos);
  }
  SECTION("an empty file sets nothing") {
    TempYaml yaml("# nothing here\n");
    CHECK(load_ok({"--config", yaml.path()}).get_int("workers") == 2);
  }
  SECTION("the YAML reader's errors: duplicate keys, several documents, size") {
    TempYaml duplicate("log:\n  level: debug\n  level: info\n");
    const auto error = load_error({"--config", duplicate.path()});
    CHECK(error.key == "log.level");
    CHECK(error.line == 3);
    CHECK(error.message == duplicate.path() + ":3: log.level: duplicate key");
    TempYaml documents("workers: 1\n---\nworkers: 2\n");
    CHECK(load_error({"--config", documents.path()}).message ==
          documents.path() + ":2: unexpected content after the first YAML document (only one is allowed)");
    TempYaml big("# " + std::string(1 << 20, 'x') + "\n");
    CHECK(load_error({"--config", big.path()}).message ==
          "cannot read " + big.path() + ": larger than 1048576 bytes");
  }
}

// A program whose file is also its own configuration (like octobot-proxy's).
config::Schema shared_schema() {
  config::Schema schema("PROGRAM_");
  schema.add({"config", Type::string, std::nullopt, "", "file"})
      .add({"check-config", Type::string, std::nullopt, "", "file"})
      .add({"threads", Type::integer, "1", ""})
      .add({"log.level", Type::string, "info", ""})
      .config_file_option("check-config")
      .config_file_option("config")
      .config_file_keys(config::FileKeys::shared);
  return schema;
}

TEST_CASE("config file shared with the program: only the options' keys are read") {
  TempYaml yaml("listen: 127.0.0.1:1\nthreads: 3\nlog:\n  file: '-'\n  level: debug\nallow: {hosts: [a.com]}\n");
  auto loaded = config::load(shared_schema(), {"--config", yaml.path()}, {});
  INFO((loaded ? "" : loaded.error().message));
  REQUIRE(loaded);
  CHECK(loaded->get_int("threads") == 3);
  CHECK(loaded->get_string("log.level") == "debug");
  CHECK(loaded->setting("threads").origin == yaml.path() + ":2");

  for (std::string_view text : {"- a list\n", "just text\n", "log: debug\nthreads: 2\n", "log: [a]\n"}) {
    TempYaml other{std::string(text)};
    INFO(text);
    CHECK(config::load(shared_schema(), {"--config", other.path()}, {}));  // the program's own to refuse
  }
  TempYaml bad("log:\n  level: [debug]\n");
  auto error = config::load(shared_schema(), {"--config", bad.path()}, {});
  REQUIRE_FALSE(error);
  CHECK(error.error().message == bad.path() + ":2: log.level: expected a single value, got a list");
  TempYaml not_int("threads: many\n");
  REQUIRE_FALSE(config::load(shared_schema(), {"--config", not_int.path()}, {}));
}

TEST_CASE("config file options: the first one set wins") {
  TempYaml main_file("threads: 2\n");
  TempYaml checked("threads: 5\n");
  auto both = config::load(shared_schema(), {"--config", main_file.path(), "--check-config", checked.path()}, {});
  REQUIRE(both);
  CHECK(both->get_int("threads") == 5);
  auto from_env = config::load(shared_schema(), {}, {{"PROGRAM_CONFIG", main_file.path()}});
  REQUIRE(from_env);
  CHECK(from_env->get_int("threads") == 2);
  auto missing = config::load(shared_schema(), {"--check-config", "/nonexistent/p.yaml"}, {});
  REQUIRE_FALSE(missing);
  CHECK(missing.error().key == "check-config");
  CHECK(missing.error().message == "cannot read /nonexistent/p.yaml: No such file or directory");
  CHECK(shared_schema().help("program").find("Precedence: flags > environment (PROGRAM_*) > config file "
                                             "(--check-config or --config) > defaults.") != std::string::npos);
}

TEST_CASE("config --help text lists every option") {
  const auto cfg = load_ok({"--help", "--config", "/nonexistent/file.yaml"});
  CHECK(cfg.help_requested());
  CHECK(load_ok({"-h"}).help_requested());
  const std::string help = test_schema().help("octobot server [options]");
  CHECK(help.rfind("Usage: octobot server [options]\n", 0) == 0);
  CHECK(help.find("--listen <addr>") != std::string::npos);
  CHECK(help.find("Address to listen on [env OCTOBOT_LISTEN, default 127.0.0.1:8080]") != std::string::npos);
  CHECK(help.find("--log-level <string>") != std::string::npos);
  CHECK(help.find("OCTOBOT_LOG_LEVEL") != std::string::npos);
  CHECK(help.find("--verbose ") != std::string::npos);
  CHECK(help.find("--workers <int>") != std::string::npos);
  CHECK(help.find("-h, --help") != std::string::npos);
  CHECK(help.find("Precedence: flags > environment (OCTOBOT_*) > config file (--config) > defaults.") !=
        std::string::npos);
  config::Schema no_file;
  no_file.add({"port", Type::integer, "1", ""});
  CHECK(no_file.help("p").find("Precedence: flags > environment (OCTOBOT_*) > defaults.") != std::string::npos);
}

TEST_CASE("config schema mistakes are programming errors") {
  config::Schema schema;
  schema.add({"port", Type::integer, "1", ""});
  CHECK_THROWS_AS(schema.add({"port", Type::integer, "1", ""}), std::logic_error);
  CHECK_THROWS_AS(schema.add({"Bad Name", Type::string, "", ""}), std::logic_error);
  CHECK_THROWS_AS(schema.add({"count", Type::integer, "x", ""}), std::logic_error);
  CHECK_THROWS_AS(schema.config_file_option("port"), std::logic_error);
  const auto cfg = config::load(schema, {}, {});
  REQUIRE(cfg);
  CHECK_THROWS_AS(cfg->get_string("port"), std::logic_error);
  CHECK_THROWS_AS(cfg->get_int("nope"), std::logic_error);
}

TEST_CASE("flag and variable names derive from option names") {
  CHECK(config::flag_name("log.level") == "--log-level");
  CHECK(config::flag_name("data_dir") == "--data-dir");
  CHECK(config::env_name("OCTOBOT_", "log.level") == "OCTOBOT_LOG_LEVEL");
  CHECK(config::env_name("OCTOBOT_", "data-dir") == "OCTOBOT_DATA_DIR");
}
