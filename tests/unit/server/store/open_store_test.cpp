// open_store and migrations: reopening, idempotence, atomic migrations and
// errors naming the database.
#include "server/store/migrate.hpp"
#include "server/store/open_database.hpp"
#include "tests/unit/server/store/store_fixture.hpp"

namespace octobot::store::testing {
namespace {

std::unique_ptr<sql::Database> open_raw(const std::string& url) {
  sql::Result<std::unique_ptr<sql::Database>> opened = open_database(url);
  INFO((opened ? std::string() : opened.error().message));
  REQUIRE(opened.ok());
  return std::move(opened.value());
}

// The integer in the first column of the first row of `sql`.
std::int64_t scalar(sql::Database& database, std::string_view sql) {
  sql::Result<sql::Lease> lease = database.acquire();
  REQUIRE(lease.ok());
  sql::Result<sql::ResultSet> rows = (*lease)->execute(sql);
  INFO((rows ? std::string() : rows.error().message));
  REQUIRE(rows.ok());
  return rows->rows.at(0).int64(0);
}

std::size_t migrate_ok(sql::Database& database, std::span<const Migration> migrations) {
  sql::Result<std::size_t> applied = migrate(database, migrations);
  INFO((applied ? std::string() : applied.error().message));
  REQUIRE(applied.ok());
  return *applied;
}

}  // namespace

TEST_CASE("reopening a store keeps its data and applies no migration twice", "[store][migrations]") {
  TestDatabase database;
  {
    std::unique_ptr<Store> store = database.open();
    must(store->create_user(user("u1")));
  }
  {
    std::unique_ptr<Store> store = database.open();
    CHECK(must(store->find_user("u1")).id == "u1");
  }
  std::unique_ptr<sql::Database> raw = open_raw(database.url());
  const std::span<const Migration> migrations = migrations_for(raw->dialect());
  REQUIRE(!migrations.empty());
  CHECK(migrations.front().version == 1);
  CHECK(migrations.front().name == "0001_initial");
  CHECK(scalar(*raw, "SELECT COUNT(*) FROM schema_migrations") == static_cast<std::int64_t>(migrations.size()));
  CHECK(migrate_ok(*raw, migrations) == 0);
}

TEST_CASE("migrations apply in order, and a failing one leaves nothing behind", "[store][migrations]") {
  TestDatabase database;
  std::unique_ptr<sql::Database> raw = open_raw(database.url());
  const Migration first[] = {{1, "0001_a", "CREATE TABLE a (x INTEGER);"}};
  CHECK(migrate_ok(*raw, first) == 1);

  const Migration more[] = {
      {1, "0001_a", "CREATE TABLE a (x INTEGER);"},
      {2, "0002_b", "CREATE TABLE b (x INTEGER); INSERT INTO a (x) VALUES (1);"},
      {3, "0003_broken", "CREATE TABLE c (x INTEGER); THIS IS NOT SQL;"},
  };
  sql::Result<std::size_t> failed = migrate(*raw, more);
  REQUIRE_FALSE(failed.ok());
  CHECK(failed.error().message.find("0003_broken") != std::string::npos);
  // 0002 ran in the same transaction as the broken 0003, so it is undone too.
  CHECK(scalar(*raw, "SELECT COUNT(*) FROM schema_migrations") == 1);
  CHECK(scalar(*raw, "SELECT COUNT(*) FROM a") == 0);

  const Migration fixed[] = {
      {1, "0001_a", "CREATE TABLE a (x INTEGER);"},
      {2, "0002_b", "CREATE TABLE b (x INTEGER); INSERT INTO a (x) VALUES (1);"},
  };
  CHECK(migrate_ok(*raw, fixed) == 1);
  CHECK(scalar(*raw, "SELECT COUNT(*) FROM a") == 1);
  CHECK(scalar(*raw, "SELECT MAX(version) FROM schema_migrations") == 2);
}

TEST_CASE("a SQLite file that cannot be opened is unavailable, naming it", "[store][open]") {
  const std::string path = "/nonexistent-octobot-dir/sub/octobot.db";
  Result<std::unique_ptr<Store>> opened = open_store(path);
  REQUIRE_FALSE(opened.ok());
  CHECK(outcome(opened) == "unavailable");
  CHECK(opened.error().message.find(path) != std::string::npos);
}

TEST_CASE("an unreachable PostgreSQL is unavailable, naming it without its password", "[store][open]") {
  // Port 1 on loopback: nothing listens there, so the connection is refused.
  Result<std::unique_ptr<Store>> opened = open_store("postgresql://octo:s3cret-pw@127.0.0.1:1/octobot");
  REQUIRE_FALSE(opened.ok());
  CHECK(outcome(opened) == "unavailable");
  INFO(opened.error().message);
  CHECK(opened.error().message.find("postgresql://octo:***@127.0.0.1:1/octobot") != std::string::npos);
  CHECK(opened.error().message.find("s3cret-pw") == std::string::npos);
}

TEST_CASE("the empty database name is a private temporary SQLite database", "[store][open]") {
  std::unique_ptr<Store> store = must(open_store(""));
  must(store->create_user(user("u1")));
  CHECK(must(store->find_user("u1")).id == "u1");
}

}  // namespace octobot::store::testing
