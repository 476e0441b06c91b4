// The schema migrations compiled into the library: every file of
// migrations/<dialect>/NNNN_name.sql, embedded at build time by
// embed_migrations.cmake. Both dialects have the same versions.
#pragma once
#include "server/store/sql/connection.hpp"

#include <cstdint>
#include <span>
#include <string_view>

namespace octobot::store {

struct Migration {
  std::int64_t version;   // NNNN of the file name
  std::string_view name;  // the file name without .sql
  std::string_view sql;   // the file's statements
};

// The migrations of `dialect`, in increasing version order.
std::span<const Migration> migrations_for(sql::Dialect dialect);

}  // namespace octobot::store
