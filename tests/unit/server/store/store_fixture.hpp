// Helpers shared by the store tests: a fixture owning a fresh store, record
// builders, and checks that print the store's error message when they fail.
#pragma once
#include "server/store/store.hpp"
#include "tests/unit/server/store/test_database.hpp"

#include <catch2/catch.hpp>

#include <memory>
#include <string>

namespace octobot::store::testing {

// "ok" or the name of the error code, so a failed CHECK reads well.
std::string code_name(Error::Code code);

template <class R>
std::string outcome(const R& result) {
  return result.ok() ? "ok" : code_name(result.error().code);
}

// The value of a result that must be ok (REQUIREd, with the error message).
template <class T>
T must(Result<T> result) {
  INFO((result.ok() ? std::string() : result.error().message));
  REQUIRE(result.ok());
  return std::move(result.value());
}
inline void must(Result<> result) {
  INFO((result.ok() ? std::string() : result.error().message));
  REQUIRE(result.ok());
}

EventDraft event(const std::string& project_id, const std::string& type, const std::string& id = "");

User user(const std::string& id, const std::string& subject = "");
Project project(const std::string& id);
Member owner(const std::string& project_id, const std::string& user_id);
Workspace workspace(const std::string& project_id, const std::string& id, const std::string& display_name = "");
Session session(const std::string& project_id, const std::string& workspace_id, const std::string& id,
                std::int64_t created_at = 1000);
Agent agent(const std::string& project_id, const std::string& id, std::int64_t created_at = 1000,
            bool is_default = false);
Credential credential(const std::string& project_id, const std::string& id);
Message message(const std::string& project_id, const std::string& session_id, const std::string& id,
                std::int64_t created_at = 1000);

// A fresh store per test case, with helpers that create records and REQUIRE
// success.
class StoreFixture {
 public:
  StoreFixture() : store(database.open()) {}

  void add_user(const std::string& id);
  // Creates user "<id>-owner" (if needed) and the project owned by them.
  void add_project(const std::string& id);
  void add_workspace(const std::string& project_id, const std::string& id);
  void add_session(const std::string& project_id, const std::string& workspace_id, const std::string& id,
                   std::int64_t created_at = 1000);

  TestDatabase database;
  std::unique_ptr<Store> store;
};

}  // namespace octobot::store::testing
