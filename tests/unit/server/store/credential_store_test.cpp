// CredentialStore: credentials created, scoped by project, listed and deleted.
#include "tests/unit/server/store/store_fixture.hpp"

namespace octobot::store::testing {

TEST_CASE_METHOD(StoreFixture, "credentials are created, scoped, listed and deleted", "[store][credentials]") {
  add_project("p1");
  add_project("p2");
  must(store->create_credential(credential("p1", "c1"), event("p1", "credential.created")));
  Credential later = credential("p1", "c0");
  later.created_at = 400;
  must(store->create_credential(later, event("p1", "credential.created")));

  const Credential found = must(store->find_credential("p1", "c1"));
  CHECK(found.provider == "anthropic");
  CHECK(found.name == "key c1");
  CHECK(found.secret_ciphertext == "c2VjcmV0");
  CHECK(found.hosts_json == R"(["api.anthropic.com"])");
  CHECK(found.last4 == "abcd");
  CHECK(found.created_at == 300);

  const std::vector<Credential> listed = must(store->list_credentials("p1"));
  REQUIRE(listed.size() == 2);
  CHECK(listed[0].id == "c1");
  CHECK(listed[1].id == "c0");

  CHECK(outcome(store->create_credential(credential("p1", "c1"), event("p1", "credential.created"))) == "conflict");
  CHECK(outcome(store->find_credential("p2", "c1")) == "not_found");
  CHECK(outcome(store->delete_credential("p2", "c1", event("p2", "credential.deleted"))) == "not_found");
  CHECK(must(store->list_credentials("p2")).empty());

  must(store->delete_credential("p1", "c1", event("p1", "credential.deleted")));
  CHECK(outcome(store->find_credential("p1", "c1")) == "not_found");
  CHECK(must(store->list_credentials("p1")).size() == 1);
}

}  // namespace octobot::store::testing
