#include "server/store/postgres/postgres_database.hpp"

#include "server/store/postgres/postgres_connection.hpp"

#include <algorithm>

namespace octobot::store::postgres {
namespace {

constexpr const char* kConnectTimeoutSeconds = "5";

std::string with_connect_timeout(const std::string& url) {
  if (url.find("connect_timeout=") != std::string::npos) return url;
  const char separator = url.find('?') == std::string::npos ? '?' : '&';
  return url + separator + "connect_timeout=" + kConnectTimeoutSeconds;
}

}  // namespace

// Hides "user:secret@" in the authority and a "password=secret" query parameter.
std::string redact_password(const std::string& url) {
  std::string out = url;
  const std::size_t scheme_end = out.find("://");
  if (scheme_end != std::string::npos) {
    const std::size_t authority = scheme_end + 3;
    const std::size_t authority_end = std::min(out.find_first_of("/?", authority), out.size());
    const std::size_t at = out.rfind('@', authority_end);
    const std::size_t colon = at == std::string::npos || at < authority ? std::string::npos : out.find(':', authority);
    if (colon != std::string::npos && colon < at) out.replace(colon + 1, at - colon - 1, "***");
  }
  const std::size_t query = out.find('?');
  for (std::size_t key = out.find("password=", query == std::string::npos ? out.size() : query);
       key != std::string::npos; key = out.find("password=", key + 1)) {
    const std::size_t value = key + 9;
    const std::size_t value_end = std::min(out.find('&', value), out.size());
    out.replace(value, value_end - value, "***");
  }
  return out;
}

sql::Result<std::unique_ptr<sql::Database>> open_postgres_database(const std::string& url) {
  auto connect = [target = with_connect_timeout(url)] { return connect_postgres(target); };
  auto database = std::make_unique<sql::Database>(sql::Dialect::postgres, "PostgreSQL database " + redact_password(url),
                                                  connect, kPoolSize);
  sql::Result<sql::Lease> first = database->acquire();  // fail now, not at the first query
  if (!first) return first.error();
  return database;
}

}  // namespace octobot::store::postgres
