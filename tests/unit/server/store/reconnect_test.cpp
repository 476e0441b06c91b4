// Store on PostgreSQL: connections the server dropped are replaced.
#include "tests/unit/server/store/store_fixture.hpp"

#include <pqxx/pqxx>

namespace octobot::store::testing {
namespace {

// Ends every other session connected to the database of `url`, as a server
// restart or an idle timeout would, and waits until they are gone.
int terminate_other_connections(const std::string& url) {
  pqxx::connection connection(url);
  pqxx::nontransaction work(connection);
  const pqxx::result killed = work.exec(
      "SELECT pg_terminate_backend(pid, 5000) FROM pg_stat_activity"
      " WHERE datname = current_database() AND pid <> pg_backend_pid()");
  return static_cast<int>(killed.size());
}

}  // namespace

TEST_CASE("a PostgreSQL store reconnects after its connections are killed", "[store][postgres]") {
  if (!TestDatabase::postgres_backend()) {
    SUCCEED("PostgreSQL only");
    return;
  }
  TestDatabase database;
  std::unique_ptr<Store> store = database.open();
  must(store->create_user(user("u1")));

  REQUIRE(terminate_other_connections(database.url()) >= 1);
  CHECK(must(store->find_user("u1")).id == "u1");  // a read on a fresh connection

  REQUIRE(terminate_other_connections(database.url()) >= 1);
  must(store->create_user(user("u2")));  // a transaction on a fresh connection
  CHECK(must(store->find_user("u2")).id == "u2");
}

}  // namespace octobot::store::testing
