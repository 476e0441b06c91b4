// server/service/credentials: API keys sealed with the server's key, shown
// by their last 4 characters only, scoped to a project; hosts; the domain
// errors and the events.
#include "server/service/credentials.hpp"
#include "tests/unit/server/service/service_fixture.hpp"

#include <nlohmann/json.hpp>

namespace octobot::service::testing {

namespace {

using Json = nlohmann::json;

constexpr std::string_view kKey = "sk-ant-api03-PLAINTEXT-SECRET-wxyz";

NewCredential anthropic_key(const std::string& name = "main") {
  return {"anthropic", name, std::string(kKey), std::nullopt, std::nullopt};
}

// Every text field of a stored credential.
std::string all_fields(const store::Credential& c) {
  return c.id + c.project_id + c.provider + c.name + c.secret_ciphertext + c.hosts_json + c.last4;
}

}  // namespace

TEST_CASE_METHOD(ServiceFixture, "a credential is stored sealed, shown by its last 4 characters",
                 "[service][credentials]") {
  CredentialService credentials(context);
  const std::string project = add_project("P");
  (void)notified();
  const std::int64_t mark = last_event_id();

  const store::Credential created = must(credentials.create(project, anthropic_key()));
  CHECK(created.provider == "anthropic");
  CHECK(created.last4 == "wxyz");
  CHECK(Json::parse(created.hosts_json) == Json::array({"api.anthropic.com"}));  // the provider's default
  CHECK(all_fields(created).find("PLAINTEXT") == std::string::npos);
  const auto opened = secrets.open(created.secret_ciphertext);  // sealed with the server's key
  REQUIRE(opened);
  CHECK(*opened == kKey);
  CHECK(notified());

  // Neither what the store keeps nor the event carries the key.
  const store::Credential stored = must(store->find_credential(project, created.id));
  CHECK(stored.secret_ciphertext == created.secret_ciphertext);
  for (const store::Credential& listed : must(credentials.list(project))) {
    CHECK(all_fields(listed).find("PLAINTEXT") == std::string::npos);
  }
  const std::vector<store::Event> events = events_since(project, mark);
  REQUIRE(events.size() == 1);
  CHECK(events[0].type == "credential.created");
  CHECK(events[0].data_json.find("PLAINTEXT") == std::string::npos);
  CHECK(events[0].data_json.find(created.secret_ciphertext) == std::string::npos);
  CHECK(Json::parse(events[0].data_json)["last4"] == "wxyz");

  // Only reveal(), for the runtime, gives the key back.
  CHECK(must(credentials.reveal(project, created.id)) == kKey);
}

TEST_CASE_METHOD(ServiceFixture, "a short key shows no last 4 characters", "[service][credentials]") {
  CredentialService credentials(context);
  const std::string project = add_project("P");
  const store::Credential created = must(credentials.create(project, {"openai", "short", "abcdefghijk", {}}));
  CHECK(created.last4.empty());  // 11 characters: the last 4 would give away too much
  CHECK(Json::parse(created.hosts_json) == Json::array({"api.openai.com"}));
  CHECK(must(credentials.reveal(project, created.id)) == "abcdefghijk");
}

TEST_CASE_METHOD(ServiceFixture, "credential input is checked", "[service][credentials]") {
  CredentialService credentials(context);
  const std::string project = add_project("P");
  const std::int64_t mark = last_event_id();
  auto refused = [&](NewCredential input) { return outcome_detail(credentials.create(project, input)); };
  const std::string key(kKey);

  CHECK(refused({"", "n", key, {}}) == "invalid/invalid_field");
  CHECK(refused({"Anthropic", "n", key, {}}) == "invalid/invalid_field");
  CHECK(refused({"open ai", "n", key, {}}) == "invalid/invalid_field");
  CHECK(refused({"anthropic", "", key, {}}) == "invalid/invalid_field");
  CHECK(refused({"anthropic", "n", "", {}}) == "invalid/invalid_field");
  CHECK(refused({"anthropic", "n", std::string(16 * 1024 + 1, 'k'), {}}) == "invalid/invalid_field");
  CHECK(refused({"anthropic", "n", "sk-line\nbreak-1234", {}}) == "invalid/invalid_field");
  CHECK(refused({"anthropic", "n", "sk-carriage\rreturn", {}}) == "invalid/invalid_field");
  CHECK(refused({"anthropic", "n", std::string("sk-nul\0-1234567", 15), {}}) == "invalid/invalid_field");
  // An unknown provider has no default hosts: they must be given.
  auto no_hosts = credentials.create(project, {"gateway", "n", key, std::nullopt});
  CHECK(outcome_detail(no_hosts) == "invalid/invalid_field");
  CHECK(no_hosts.error().message.find("\"hosts\"") != std::string::npos);
  CHECK(refused({"gateway", "n", key, std::vector<std::string>{}}) == "invalid/invalid_field");
  CHECK(refused({"gateway", "n", key, std::vector<std::string>{"gw.example.com:8443"}}) == "invalid/invalid_field");
  CHECK(refused({"gateway", "n", key, std::vector<std::string>{"-bad.example.com"}}) == "invalid/invalid_field");

  CHECK(last_event_id() == mark);
  CHECK(must(credentials.list(project)).empty());
}

TEST_CASE_METHOD(ServiceFixture, "credential hosts are lowercased; globs are allowed", "[service][credentials]") {
  CredentialService credentials(context);
  const std::string project = add_project("P");
  const store::Credential created = must(credentials.create(
      project, {"gateway", "gw", std::string(kKey), std::vector<std::string>{"GW.Example.COM", "*.corp.example"}}));
  CHECK(Json::parse(created.hosts_json) == Json::array({"gw.example.com", "*.corp.example"}));
}

TEST_CASE_METHOD(ServiceFixture, "a base URL's host is the credential's default host", "[service][credentials]") {
  CredentialService credentials(context);
  const std::string project = add_project("P");
  NewCredential gateway = anthropic_key("gateway");
  gateway.base_url = "https://Gateway.Example:8443/anthropic";
  const store::Credential created = must(credentials.create(project, gateway));
  CHECK(created.base_url == "https://Gateway.Example:8443/anthropic");
  CHECK(Json::parse(created.hosts_json) == Json::array({"gateway.example"}));
  for (const std::string bad : {"ftp://gateway.example", "https://user:pw@gateway.example/", "https://", "gateway.example",
                                "https://*.example/", "https://gate way.example/"}) {
    INFO(bad);
    NewCredential refused = anthropic_key("bad");
    refused.base_url = bad;
    auto result = credentials.create(project, refused);
    REQUIRE_FALSE(result);
    CHECK(result.error().message.find("baseUrl") != std::string::npos);
  }
}

TEST_CASE("host patterns and default hosts", "[service][credentials]") {
  CHECK(valid_host_pattern("api.anthropic.com"));
  CHECK(valid_host_pattern("*.example.com"));
  CHECK(valid_host_pattern("localhost"));
  CHECK_FALSE(valid_host_pattern(""));
  CHECK_FALSE(valid_host_pattern("*."));
  CHECK_FALSE(valid_host_pattern("Upper.example.com"));  // callers lowercase first
  CHECK_FALSE(valid_host_pattern("example.com."));
  CHECK_FALSE(valid_host_pattern("host:443"));
  CHECK_FALSE(valid_host_pattern("a..b"));
  CHECK_FALSE(valid_host_pattern("*.*.example.com"));
  CHECK_FALSE(valid_host_pattern(std::string(64, 'a') + ".com"));
  CHECK(default_hosts("google") == std::vector<std::string>{"generativelanguage.googleapis.com"});
  CHECK(default_hosts("gateway").empty());
}

TEST_CASE_METHOD(ServiceFixture, "credentials are scoped to their project and deleted", "[service][credentials]") {
  CredentialService credentials(context);
  const std::string project = add_project("P");
  const std::string other_project = add_project("Q");
  const store::Credential created = must(credentials.create(project, anthropic_key()));
  (void)notified();

  CHECK(must(credentials.list(other_project)).empty());
  CHECK(outcome(credentials.reveal(other_project, created.id)) == "not_found");
  CHECK(outcome(credentials.remove(other_project, created.id)) == "not_found");

  const std::int64_t mark = last_event_id();
  must(credentials.remove(project, created.id));
  CHECK(notified());
  CHECK(must(credentials.list(project)).empty());
  CHECK(outcome(credentials.reveal(project, created.id)) == "not_found");
  CHECK(outcome(credentials.remove(project, created.id)) == "not_found");
  const std::vector<store::Event> events = events_since(project, mark);
  REQUIRE(events.size() == 1);
  CHECK(events[0].type == "credential.deleted");
  CHECK(Json::parse(events[0].data_json) == Json{{"id", created.id}});
}

TEST_CASE_METHOD(ServiceFixture, "a credential sealed under another key cannot be revealed", "[service][credentials]") {
  CredentialService credentials(context);
  const std::string project = add_project("P");
  const store::Credential created = must(credentials.create(project, anthropic_key()));

  // The same data directory and database, opened by a server with another key.
  crypto::SecretBox other_key(crypto::random_bytes(32));
  Context with_other_key{context.store, context.hub, other_key, context.data_dir, context.io, context.background,
                         context.blocking,
                         context.now_ms};
  auto revealed = CredentialService(with_other_key).reveal(project, created.id);
  CHECK(outcome(revealed) == "internal");
  CHECK(revealed.error().message.find("PLAINTEXT") == std::string::npos);
}

}  // namespace octobot::service::testing
