#include "tests/unit/server/store/test_database.hpp"

#include <catch2/catch.hpp>
#include <pqxx/pqxx>

#include <cstdio>
#include <cstdlib>
#include <random>

namespace octobot::store::testing {
namespace {

std::string random_suffix() {
  std::random_device device;
  std::uniform_int_distribution<std::uint64_t> bits;
  char text[17];
  std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(bits(device)));
  return text;
}

std::string environment(const char* name) {
  const char* value = std::getenv(name);
  return value ? value : "";
}

void run_admin(const std::string& admin_url, const std::string& statement) {
  pqxx::connection connection(admin_url);
  pqxx::nontransaction work(connection);
  work.exec(statement);
}

}  // namespace

bool TestDatabase::postgres_backend() { return environment("OCTOBOT_STORE_BACKEND") == "postgres"; }

TestDatabase::TestDatabase() {
  if (!postgres_backend()) {
    directory_ = std::filesystem::temp_directory_path() / ("octobot-store-test-" + random_suffix());
    std::filesystem::create_directories(directory_);
    url_ = (directory_ / "octobot.db").string();
    return;
  }
  admin_url_ = environment("OCTOBOT_TEST_POSTGRES_URL");
  if (admin_url_.empty()) {
    FAIL("OCTOBOT_TEST_POSTGRES_URL is not set: run the PostgreSQL store tests under scripts/with-postgres.sh");
  }
  database_ = "octobot_test_" + random_suffix();
  run_admin(admin_url_, "CREATE DATABASE " + database_);
  url_ = with_database_name(admin_url_, database_);
}

TestDatabase::~TestDatabase() {
  if (!directory_.empty()) {
    std::error_code ignored;
    std::filesystem::remove_all(directory_, ignored);
  }
  if (!database_.empty()) {
    try {
      run_admin(admin_url_, "DROP DATABASE IF EXISTS " + database_ + " WITH (FORCE)");
    } catch (const std::exception& e) {
      std::fprintf(stderr, "could not drop test database %s: %s\n", database_.c_str(), e.what());
    }
  }
}

std::unique_ptr<Store> TestDatabase::open() const {
  Result<std::unique_ptr<Store>> opened = open_store(url_);
  INFO((opened ? std::string() : opened.error().message));
  REQUIRE(opened.ok());
  return std::move(opened.value());
}

std::string with_database_name(const std::string& url, const std::string& database) {
  const std::size_t authority = url.find("://") + 3;
  const std::size_t path = std::min(url.find_first_of("/?", authority), url.size());
  const std::size_t query = std::min(url.find('?', path), url.size());
  return url.substr(0, path) + "/" + database + url.substr(query);
}

}  // namespace octobot::store::testing
