#include "tests/integration/test_backend.hpp"

#include "lib/crypto/crypto.hpp"

#include <catch2/catch.hpp>
#include <pqxx/pqxx>

#include <cstdio>
#include <cstdlib>

namespace octobot::testing {

namespace {

std::string environment(const char* name) {
  const char* value = std::getenv(name);
  return value ? value : "";
}

void run_admin(const std::string& admin_url, const std::string& statement) {
  pqxx::connection connection(admin_url);
  pqxx::nontransaction work(connection);
  work.exec(statement);
}

std::string sql_identifier(const std::string& name) { return "\"" + name + "\""; }

}  // namespace

bool TestBackend::postgres() { return environment("OCTOBOT_TEST_BACKEND") == "postgres"; }

TestBackend::TestBackend() {
  if (!postgres()) return;
  admin_url_ = environment("OCTOBOT_TEST_POSTGRES_URL");
  if (admin_url_.empty()) {
    FAIL(
        "OCTOBOT_TEST_POSTGRES_URL is not set: run api_postgres under scripts/with-postgres.sh "
        "(e.g. scripts/with-postgres.sh ctest --test-dir <build> -L integration)");
  }
  database_ = "octobot_api_" + crypto::sha256_hex(crypto::random_bytes(16)).substr(0, 16);
  run_admin(admin_url_, "CREATE DATABASE " + database_);
  url_ = with_database_name(admin_url_, database_);
}

TestBackend::~TestBackend() {
  if (database_.empty()) return;
  try {
    run_admin(admin_url_, "DROP DATABASE IF EXISTS " + database_ + " WITH (FORCE)");
  } catch (const std::exception& e) {
    std::fprintf(stderr, "could not drop test database %s: %s\n", database_.c_str(), e.what());
  }
}

std::vector<std::string> TestBackend::columns_containing(const std::string& needle) const {
  REQUIRE(postgres());
  pqxx::connection connection(url_);
  pqxx::nontransaction work(connection);
  auto columns =
      work.exec("SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public'");
  REQUIRE(columns.size() > 0);
  std::vector<std::string> found;
  for (const auto& column : columns) {
    std::string table = column[0].as<std::string>();
    std::string name = column[1].as<std::string>();
    auto hits = work.exec("SELECT count(*) FROM " + sql_identifier(table) + " WHERE strpos(" + sql_identifier(name) +
                          "::text, " + work.quote(needle) + ") > 0");
    if (hits[0][0].as<long>() > 0) found.push_back(table + "." + name);
  }
  return found;
}

std::string with_database_name(const std::string& url, const std::string& database) {
  const std::size_t authority = url.find("://") + 3;
  const std::size_t path = std::min(url.find_first_of("/?", authority), url.size());
  const std::size_t query = std::min(url.find('?', path), url.size());
  return url.substr(0, path) + "/" + database + url.substr(query);
}

}  // namespace octobot::testing
