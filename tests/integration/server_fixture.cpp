#include "tests/integration/server_fixture.hpp"

#include "tests/integration/openapi_check.hpp"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <thread>
#include <unistd.h>

namespace octobot::testing {

namespace fs = std::filesystem;

namespace {

std::string lowercase(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

ApiResponse to_api_response(const http::Response& response) {
  ApiResponse result;
  result.status = response.result_int();
  result.raw = response.body();
  for (const auto& field : response)
    result.headers[lowercase(std::string(field.name_string()))] = std::string(field.value());
  if (!result.raw.empty()) result.body = Json::parse(result.raw, nullptr, /*allow_exceptions=*/false);
  if (result.body.is_discarded()) result.body = nullptr;
  return result;
}

std::string event_types(const std::vector<SseFrame>& frames) {
  std::string types;
  for (const auto& frame : frames) types += frame.event + "#" + frame.id + " ";
  return types;
}

}  // namespace

std::string ApiResponse::header(const std::string& lowercase_name) const {
  auto it = headers.find(lowercase_name);
  return it == headers.end() ? "" : it->second;
}

TempDir::TempDir(const std::string& prefix) {
  std::string pattern = (fs::temp_directory_path() / (prefix + ".XXXXXX")).string();
  REQUIRE(::mkdtemp(pattern.data()) != nullptr);
  path_ = fs::canonical(pattern);
}

TempDir::~TempDir() {
  std::error_code ignored;
  fs::remove_all(path_, ignored);
}

ServerFixture::ServerFixture(const std::string& listen, const std::function<void(ServerSettings&)>& adjust)
    : data_dir_("octobot-api-data"), scratch_("octobot-api-files") {
  ServerSettings settings;
  settings.listen = listen;
  settings.data_dir = data_dir_.path();
  settings.database = backend_.database_setting();
  settings.threads = 2;
  // The API tests run without Docker: a session's provisioning fails at once
  // ("Docker is not reachable"). The sandbox tests give the real engine.
  settings.docker_host = "unix:/nonexistent/octobot-api-tests-have-no-docker.sock";
  if (adjust) adjust(settings);
  auto created = App::create(settings);
  INFO((created ? std::string() : created.error()));
  REQUIRE(created.ok());
  app_ = std::move(created.value());
  auto started = app_->start();
  INFO((started ? std::string() : started.error()));
  REQUIRE(started.ok());
  port_ = app_->endpoint().port();
  base_url_ = "http://127.0.0.1:" + std::to_string(port_);
}

ServerFixture::~ServerFixture() { shut_down(); }

void ServerFixture::shut_down() {
  if (!app_) return;
  app_->stop();
  app_.reset();
}

ApiResponse ServerFixture::call(Method method, const std::string& target, const Json& body,
                                const http::Headers& headers) {
  if (body.is_null()) return call_raw(method, target, "", headers);
  http::Headers with_type = headers;
  with_type.emplace_back("Content-Type", "application/json");
  return call_raw(method, target, body.dump(), with_type);
}

ApiResponse ServerFixture::call_raw(Method method, const std::string& target, std::string body,
                                    const http::Headers& headers) {
  REQUIRE(app_);
  auto response = http::fetch(base_url_, method, target, std::move(body), headers);
  INFO(std::string(http::beast::http::to_string(method))
       << " " << target << ": " << (response ? "" : response.error().message));
  REQUIRE(response.ok());
  return to_api_response(*response);
}

std::string ServerFixture::create_project(const std::string& name) {
  auto response = call(Method::post, "/api/projects", {{"name", name}});
  INFO(response.raw);
  REQUIRE(response.status == 201);
  return response.body.at("id").get<std::string>();
}

fs::path ServerFixture::make_folder(const std::string& name) {
  fs::path folder = scratch() / name;
  fs::create_directories(folder);
  return folder;
}

Json ServerFixture::create_workspace(const std::string& project, const std::string& display_name) {
  auto folder = make_folder(project + "-" + display_name);
  auto response = call(Method::post, "/api/projects/" + project + "/workspaces",
                       {{"path", folder.string()}, {"sourceType", "local"}, {"displayName", display_name}});
  INFO(response.raw);
  REQUIRE(response.status == 201);
  return response.body;
}

Json ServerFixture::create_agent(const std::string& project, const std::string& name, Json extra) {
  Json body = {{"type", "claude-code"}, {"name", name}};
  body.update(extra);
  auto response = call(Method::post, "/api/projects/" + project + "/agents", body);
  INFO(response.raw);
  REQUIRE(response.status == 201);
  return response.body;
}

Json ServerFixture::create_session(const std::string& project, const std::string& workspace_id, const std::string& name,
                                   Json extra) {
  Json body = {{"name", name}};
  body.update(extra);
  auto response = call(Method::post, "/api/projects/" + project + "/workspaces/" + workspace_id + "/sessions", body);
  INFO(response.raw);
  REQUIRE(response.status == 201);
  return settled_session(project, response.body["id"]);
}

Json ServerFixture::settled_session(const std::string& project, const std::string& id,
                                    std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    auto response = call(Method::get, "/api/projects/" + project + "/sessions/" + id);
    INFO(response.raw);
    REQUIRE(response.status == 200);
    const std::string status = response.body["status"];
    if (status != "initializing" && status != "creating_sandbox") return response.body;
    REQUIRE(std::chrono::steady_clock::now() < deadline);
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

void ServerFixture::wait_until_deleted(const std::string& project, const std::string& id,
                                       std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (call(Method::get, "/api/projects/" + project + "/sessions/" + id).status != 404) {
    REQUIRE(std::chrono::steady_clock::now() < deadline);
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

Json ServerFixture::create_credential(const std::string& project, const std::string& name, const std::string& api_key) {
  auto response = call(Method::post, "/api/projects/" + project + "/credentials",
                       {{"provider", "anthropic"}, {"name", name}, {"apiKey", api_key}});
  INFO(response.raw);
  REQUIRE(response.status == 201);
  return response.body;
}

Json ServerFixture::items(const std::string& target) {
  auto response = call(Method::get, target);
  INFO(target << ": " << response.raw);
  REQUIRE(response.status == 200);
  REQUIRE(response.body.contains("items"));
  return response.body["items"];
}

Json ServerFixture::snapshot(const std::string& project) {
  const std::string base = "/api/projects/" + project;
  return Json{{"workspaces", items(base + "/workspaces")},
              {"sessions", items(base + "/sessions?limit=200")},
              {"agents", items(base + "/agents")},
              {"credentials", items(base + "/credentials")}};
}

std::vector<SseFrame> ServerFixture::events_through_marker(const std::string& project, std::int64_t after_id) {
  const std::string marker = "marker " + std::to_string(++markers_);
  auto renamed = call(Method::patch, "/api/projects/" + project, {{"name", marker}});
  INFO(renamed.raw);
  REQUIRE(renamed.status == 200);
  SseReader reader(base_url_, "/api/projects/" + project + "/events", {{"Last-Event-ID", std::to_string(after_id)}});
  REQUIRE(reader.status() == 200);
  return reader.read_until([&](const SseFrame& frame) {
    if (frame.event != "project.updated") return false;
    Json event = Json::parse(frame.data, nullptr, false);
    return !event.is_discarded() && event["data"]["name"] == marker;
  });
}

void ServerFixture::expect_no_change(const std::string& project, const std::function<void()>& action) {
  const std::int64_t mark = std::stoll(events_through_marker(project, 0).back().id);
  const Json before = snapshot(project);
  action();
  CHECK(snapshot(project) == before);
  auto appended = events_through_marker(project, mark);
  INFO("events appended by the failed requests: " << event_types(appended));
  CHECK(appended.size() == 1);  // only the second marker
}

void expect_error(const ApiResponse& response, unsigned status, const std::string& code) {
  INFO("response " << response.status << ": " << response.raw);
  CHECK(response.status == status);
  CHECK(response.header("content-type") == "application/json");
  REQUIRE(response.body.is_object());
  CHECK(schema_problems(named_schema("Error"), response.body) == std::vector<std::string>{});
  REQUIRE(response.body.contains("error"));
  CHECK(response.body["error"].value("code", "") == code);
  CHECK(!response.body["error"].value("message", "").empty());
}

void expect_documented(const ApiResponse& response, const std::string& method, const std::string& path_pattern) {
  INFO(method << " " << path_pattern << " answered " << response.status << ": " << response.raw.substr(0, 2000));
  auto schema = response_schema(method, path_pattern, response.status);
  REQUIRE(schema.has_value());
  CHECK(schema_problems(*schema, response.body) == std::vector<std::string>{});
}

}  // namespace octobot::testing
