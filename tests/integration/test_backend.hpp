// TestBackend: the database one server under test uses, fresh per test case.
//
// OCTOBOT_TEST_BACKEND picks it:
//   sqlite (or unset)  the server's default: <data dir>/octobot.db, so
//                      database_setting() is "" and the file lives in the
//                      fixture's data directory
//   postgres           a new database created through the admin URL in
//                      OCTOBOT_TEST_POSTGRES_URL (set by
//                      scripts/with-postgres.sh) and dropped with FORCE in the
//                      destructor
// On postgres without OCTOBOT_TEST_POSTGRES_URL the constructor FAILs the test
// case with a message saying how to run it.
#pragma once
#include <string>
#include <vector>

namespace octobot::testing {

class TestBackend {
 public:
  TestBackend();
  ~TestBackend();
  TestBackend(const TestBackend&) = delete;
  TestBackend& operator=(const TestBackend&) = delete;

  static bool postgres();
  static std::string name() { return postgres() ? "postgres" : "sqlite"; }

  // What ServerSettings::database takes: "" (SQLite in the data dir) or a URL.
  const std::string& database_setting() const { return url_; }

  // PostgreSQL only: "<table>.<column>" of every column of every table in the
  // public schema whose text (cast with ::text) contains `needle`.
  std::vector<std::string> columns_containing(const std::string& needle) const;

 private:
  std::string url_;
  std::string admin_url_;
  std::string database_;
};

// `url` with its database name (the path) replaced by `database`.
std::string with_database_name(const std::string& url, const std::string& database);

}  // namespace octobot::testing
