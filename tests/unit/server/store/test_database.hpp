// TestDatabase: a fresh, empty database for one test case, on the backend the
// test binary runs against, chosen by the environment:
//   OCTOBOT_STORE_BACKEND=sqlite    a file in a new temporary directory
//   OCTOBOT_STORE_BACKEND=postgres  a new database, created through the admin
//                                   URL in OCTOBOT_TEST_POSTGRES_URL (set by
//                                   scripts/with-postgres.sh) and dropped after
// Unset means sqlite. On postgres without a URL the test case FAILS.
#pragma once
#include "server/store/store.hpp"

#include <filesystem>
#include <memory>
#include <string>

namespace octobot::store::testing {

class TestDatabase {
 public:
  TestDatabase();
  ~TestDatabase();
  TestDatabase(const TestDatabase&) = delete;
  TestDatabase& operator=(const TestDatabase&) = delete;

  static bool postgres_backend();

  // What open_store() takes to open this database.
  const std::string& url() const { return url_; }

  // open_store(url()), REQUIREd to succeed.
  std::unique_ptr<Store> open() const;

 private:
  std::string url_;
  std::filesystem::path directory_;   // sqlite
  std::string admin_url_, database_;  // postgres
};

// `url` with its database name (the path) replaced by `database`.
std::string with_database_name(const std::string& url, const std::string& database);

}  // namespace octobot::store::testing
