// /api/projects/{projectId}/credentials[/{credentialId}]: keys go in, never out.
#include "lib/crypto/crypto.hpp"
#include "lib/log/log.hpp"
#include "tests/integration/bad_bodies.hpp"
#include "tests/integration/server_fixture.hpp"

#include <catch2/catch.hpp>

#include <cstdio>
#include <fstream>
#include <sstream>

using namespace octobot::testing;
namespace fs = std::filesystem;

namespace {

const std::string kCredentials = "/api/projects/local/credentials";
const std::string kCollection = "/api/projects/{projectId}/credentials";
const std::string kItem = "/api/projects/{projectId}/credentials/{credentialId}";

std::string unique(const std::string& prefix) {
  return prefix + octobot::crypto::sha256_hex(octobot::crypto::random_bytes(16)).substr(0, 24);
}

// Every file under `dir` (recursively) whose bytes contain `needle`.
std::vector<std::string> files_containing(const fs::path& dir, const std::string& needle) {
  std::vector<std::string> found;
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    if (!entry.is_regular_file()) continue;
    std::ifstream in(entry.path(), std::ios::binary);
    std::stringstream bytes;
    bytes << in.rdbuf();
    if (bytes.str().find(needle) != std::string::npos) found.push_back(entry.path().filename().string());
  }
  return found;
}

// The whole event log of a project as replayed by the stream, up to the first event of `type`.
std::string replay_until(ServerFixture& server, const std::string& type) {
  SseReader reader(server.base_url(), "/api/projects/local/events", {{"Last-Event-ID", "0"}});
  std::string all;
  for (const auto& frame : reader.read_until([&](const SseFrame& f) { return f.event == type; })) all += frame.data;
  return all;
}

// Sends the process's log, at debug level, to a file for the life of the
// object, then back to stderr at info.
class CapturedLog {
 public:
  explicit CapturedLog(const fs::path& path) : file_(std::fopen(path.c_str(), "w")), path_(path) {
    REQUIRE(file_ != nullptr);
    octobot::log::set_output(file_);
    octobot::log::set_level(octobot::log::Level::debug);
  }
  ~CapturedLog() {
    octobot::log::set_output(stderr);
    octobot::log::set_level(octobot::log::Level::info);
    std::fclose(file_);
  }
  std::string text() const {
    std::fflush(file_);
    std::ifstream in(path_);
    std::stringstream bytes;
    bytes << in.rdbuf();
    return bytes.str();
  }

 private:
  std::FILE* file_;
  fs::path path_;
};

}  // namespace

TEST_CASE_METHOD(ServerFixture, "credentials: keys are never logged", "[credentials][secrets]") {
  const std::string key = unique("sk-logged-");
  CapturedLog log(scratch() / "server.log");
  REQUIRE(call(Method::post, kCredentials, {{"provider", "anthropic"}, {"name", "k"}, {"apiKey", key}}).status == 201);
  REQUIRE(call(Method::post, kCredentials, {{"provider", "nobody"}, {"name", "k"}, {"apiKey", key}}).status == 400);
  REQUIRE(
      call(Method::post, kCredentials, {{"provider", "anthropic"}, {"name", "k"}, {"apiKey", key}, {"x", 1}}).status ==
      400);
  REQUIRE(call(Method::get, kCredentials).status == 200);
  const std::string text = log.text();
  CHECK(text.find("/credentials") != std::string::npos);  // the requests were logged
  CHECK(text.find(key) == std::string::npos);
}

TEST_CASE_METHOD(ServerFixture, "credentials: create, list, delete without ever returning the key", "[credentials]") {
  const std::string key = unique("sk-ant-api03-") + "WXYZ";
  auto created = call(Method::post, kCredentials, {{"provider", "anthropic"}, {"name", "Main key"}, {"apiKey", key}});
  expect_documented(created, "post", kCollection);
  REQUIRE(created.status == 201);
  CHECK(created.raw.find(key) == std::string::npos);
  CHECK_FALSE(created.body.contains("apiKey"));
  CHECK(created.body["last4"] == "WXYZ");
  CHECK(created.body["provider"] == "anthropic");
  CHECK(created.body["hosts"] == Json::array({"api.anthropic.com"}));

  auto list = call(Method::get, kCredentials);
  expect_documented(list, "get", kCollection);
  CHECK(list.raw.find(key) == std::string::npos);
  REQUIRE(list.body["items"].size() == 1);
  CHECK(list.body["items"][0] == created.body);
  CHECK(replay_until(*this, "credential.created").find(key) == std::string::npos);

  auto removed = call(Method::delete_, kCredentials + "/" + created.body["id"].get<std::string>());
  expect_documented(removed, "delete", kItem);
  CHECK(removed.status == 204);
  CHECK(items(kCredentials).empty());
  expect_error(call(Method::delete_, kCredentials + "/" + created.body["id"].get<std::string>()), 404, "not_found");
}

TEST_CASE_METHOD(ServerFixture, "credentials: hosts", "[credentials]") {
  auto openai =
      call(Method::post, kCredentials, {{"provider", "openai"}, {"name", "o"}, {"apiKey", "sk-0123456789abcd"}});
  REQUIRE(openai.status == 201);
  CHECK(openai.body["hosts"] == Json::array({"api.openai.com"}));

  auto gateway = call(Method::post, kCredentials,
                      {{"provider", "my-gateway"},
                       {"name", "g"},
                       {"apiKey", "gw-0123456789abcd"},
                       {"hosts", {"LLM.Example.COM", "*.gateway.example.org"}}});
  expect_documented(gateway, "post", kCollection);
  REQUIRE(gateway.status == 201);
  CHECK(gateway.body["hosts"] == Json::array({"llm.example.com", "*.gateway.example.org"}));

  // A key too short to hide shows no last4 at all.
  auto short_key = call(Method::post, kCredentials, {{"provider", "anthropic"}, {"name", "s"}, {"apiKey", "abc12345"}});
  REQUIRE(short_key.status == 201);
  CHECK(short_key.body["last4"] == "");
}

TEST_CASE_METHOD(ServerFixture, "credentials: bad input", "[credentials][bad-input]") {
  const Json valid = {
      {"provider", "anthropic"}, {"name", "k"}, {"apiKey", "sk-0123456789abcd"}, {"hosts", {"api.anthropic.com"}}};
  expect_no_change("local", [&] {
    expect_bad_bodies_rejected(*this, Method::post, kCredentials, valid, {"provider", "name", "apiKey"});
    auto no_hosts =
        call(Method::post, kCredentials, {{"provider", "my-gateway"}, {"name", "g"}, {"apiKey", "k-0123456789ab"}});
    expect_documented(no_hosts, "post", kCollection);
    expect_error(no_hosts, 400, "invalid_field");
    CHECK(no_hosts.body["error"]["message"].get<std::string>().find("hosts") != std::string::npos);

    const std::vector<std::pair<std::string, Json>> cases = {
        {"empty hosts", {{"hosts", Json::array()}}},
        {"a URL as host", {{"hosts", {"https://api.example.com/v1"}}}},
        {"a host with a port", {{"hosts", {"api.example.com:443"}}}},
        {"a host with a space", {{"hosts", {"api example.com"}}}},
        {"a bare glob", {{"hosts", {"*"}}}},
        {"a non-string host", {{"hosts", {1}}}},
        {"an uppercase provider", {{"provider", "Anthropic"}}},
        {"an empty provider", {{"provider", ""}}},
        {"an empty key", {{"apiKey", ""}}},
        {"a key with a line break", {{"apiKey", "sk-abc\r\nX-Evil: 1"}}},
        {"an empty name", {{"name", ""}}},
    };
    for (const auto& [what, change] : cases) {
      INFO(what);
      Json body = valid;
      body.update(change);
      expect_error(call(Method::post, kCredentials, body), 400, "invalid_field");
    }
  });
}

TEST_CASE_METHOD(ServerFixture, "credentials: bad and unknown ids", "[credentials][bad-input]") {
  auto bad = call(Method::delete_, kCredentials + "/not-a-uuid");
  expect_documented(bad, "delete", kItem);
  expect_error(bad, 400, "invalid_id");
  expect_error(call(Method::delete_, kCredentials + "/5e6f7081-92a3-4b4c-8d5e-6f708192a3b4"), 404, "not_found");
  expect_error(call(Method::get, kCredentials + "/5e6f7081-92a3-4b4c-8d5e-6f708192a3b4"), 405, "method_not_allowed");
}

TEST_CASE_METHOD(ServerFixture, "credentials: the key's bytes are nowhere in the database", "[credentials][secrets]") {
  const std::string key = unique("sk-canary-key-");
  const std::string name = unique("canary-name-");  // stored in plaintext: proves the scan can see
  auto created = call(Method::post, kCredentials, {{"provider", "anthropic"}, {"name", name}, {"apiKey", key}});
  REQUIRE(created.status == 201);

  if (TestBackend::postgres()) {
    CHECK_FALSE(backend().columns_containing(name).empty());
    CHECK(backend().columns_containing(key) == std::vector<std::string>{});
    CHECK(backend().columns_containing(key.substr(0, key.size() - 4)) == std::vector<std::string>{});
    return;
  }
  // SQLite: the database, its -wal and -shm, while the server runs and after it stopped.
  CHECK(fs::exists(data_dir() / "octobot.db"));
  CHECK(fs::exists(data_dir() / "octobot.db-wal"));
  CHECK_FALSE(files_containing(data_dir(), name).empty());
  CHECK(files_containing(data_dir(), key) == std::vector<std::string>{});
  shut_down();
  CHECK_FALSE(files_containing(data_dir(), name).empty());
  CHECK(files_containing(data_dir(), key) == std::vector<std::string>{});
  CHECK(files_containing(data_dir(), key.substr(0, key.size() - 4)) == std::vector<std::string>{});
}
