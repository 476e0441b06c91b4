#include "lib/log/log.hpp"

#include <catch2/catch.hpp>
#include <chrono>
#include <ctime>

#include <cstdlib>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <thread>
#include <unistd.h>

namespace {

namespace log = octobot::log;

// Captures log output in a temporary file for the lifetime of the object.
class CapturedLog {
 public:
  CapturedLog() {
    char path[] = "/tmp/octobot-log-test-XXXXXX";
    fd_ = ::mkstemp(path);
    REQUIRE(fd_ >= 0);
    path_ = path;
    log::set_output(fd_);
  }
  ~CapturedLog() {
    log::set_output(STDERR_FILENO);
    log::set_level(log::Level::info);
    ::close(fd_);
    ::unlink(path_.c_str());
  }
  std::vector<std::string> lines() const {
    std::ifstream in(path_);
    std::vector<std::string> out;
    for (std::string line; std::getline(in, line);) out.push_back(line);
    return out;
  }

 private:
  int fd_ = -1;
  std::string path_;
};

}  // namespace

TEST_CASE("log lines are JSON objects with time, level, msg and the fields") {
  CapturedLog captured;
  log::info("server started", {{"listen", "127.0.0.1:8080"}, {"workers", 2}});
  const auto lines = captured.lines();
  REQUIRE(lines.size() == 1);
  const auto record = nlohmann::json::parse(lines[0]);
  CHECK(record["level"] == "info");
  CHECK(record["msg"] == "server started");
  CHECK(record["listen"] == "127.0.0.1:8080");
  CHECK(record["workers"] == 2);
  const std::regex iso(R"(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z)");
  CHECK(std::regex_match(record["time"].get<std::string>(), iso));
  CHECK(lines[0].rfind(R"({"time":")", 0) == 0);
}

TEST_CASE("log records below the level are dropped") {
  CapturedLog captured;
  log::set_level(log::Level::warn);
  CHECK_FALSE(log::enabled(log::Level::info));
  log::debug("hidden");
  log::info("hidden");
  log::warn("shown");
  log::error("shown too");
  const auto lines = captured.lines();
  REQUIRE(lines.size() == 2);
  CHECK(nlohmann::json::parse(lines[0])["level"] == "warn");
  CHECK(nlohmann::json::parse(lines[1])["level"] == "error");
}

TEST_CASE("log fields cannot override the record keys; odd input stays valid JSON") {
  CapturedLog captured;
  log::info("line\nbreak \"quoted\"", {{"msg", "evil"}, {"level", "error"}, {"ok", true}});
  log::info(std::string("bad utf8 \xff\xfe"), {{"bytes", std::string("\xc3\x28")}});
  log::info("not an object", nlohmann::json::array({1, 2}));
  const auto lines = captured.lines();
  REQUIRE(lines.size() == 3);
  const auto first = nlohmann::json::parse(lines[0]);
  CHECK(first["msg"] == "line\nbreak \"quoted\"");
  CHECK(first["level"] == "info");
  CHECK(first["ok"] == true);
  CHECK_NOTHROW(nlohmann::json::parse(lines[1]));
  CHECK(nlohmann::json::parse(lines[2])["fields"] == nlohmann::json::array({1, 2}));
}

TEST_CASE("log lines from several threads never interleave") {
  CapturedLog captured;
  const std::string padding(3000, 'x');
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([t, &padding] {
      for (int i = 0; i < 200; ++i) log::info("concurrent", {{"thread", t}, {"i", i}, {"padding", padding}});
    });
  }
  for (auto& thread : threads) thread.join();
  const auto lines = captured.lines();
  REQUIRE(lines.size() == 800);
  for (const auto& line : lines) REQUIRE(nlohmann::json::parse(line)["padding"] == padding);
}

TEST_CASE("parse_level accepts the level names in any case") {
  CHECK(log::parse_level("debug") == log::Level::debug);
  CHECK(log::parse_level("INFO") == log::Level::info);
  CHECK(log::parse_level("Warning") == log::Level::warn);
  CHECK(log::parse_level("warn") == log::Level::warn);
  CHECK(log::parse_level("error") == log::Level::error);
  CHECK_FALSE(log::parse_level("verbose").has_value());
  CHECK_FALSE(log::parse_level("").has_value());
  CHECK(log::level_name(log::Level::warn) == "warn");
}

TEST_CASE("utc_timestamp follows the clock across second boundaries") {
  // Each thread reuses the formatted date and time for a second: across a
  // boundary the stamp must still move on, never back, and match the clock.
  const auto start = std::chrono::system_clock::now();
  std::string previous = log::utc_timestamp();
  std::set<std::string> seconds_seen;
  int malformed = 0, backwards = 0;
  while (std::chrono::system_clock::now() - start < std::chrono::milliseconds(1100)) {
    std::string stamp = log::utc_timestamp();
    malformed += stamp.size() != 24 || stamp[19] != '.' || stamp[23] != 'Z';
    backwards += stamp < previous;
    seconds_seen.insert(stamp.substr(0, 19));
    previous = stamp;
  }
  CHECK(malformed == 0);
  CHECK(backwards == 0);
  CHECK(seconds_seen.size() >= 2);
  const auto format = [](std::chrono::system_clock::time_point when) {
    const std::time_t seconds = std::chrono::system_clock::to_time_t(when);
    std::tm tm{};
    gmtime_r(&seconds, &tm);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%S", &tm);
    return std::string(text);
  };
  const auto before = std::chrono::system_clock::now();
  const std::string stamp = log::utc_timestamp().substr(0, 19);
  const auto after = std::chrono::system_clock::now();
  CHECK((stamp == format(before) || stamp == format(after)));
}
