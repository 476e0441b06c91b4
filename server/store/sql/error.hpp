// Errors of the SQL driver layer. Drivers map their native failures onto these
// kinds so the layer above never sees sqlite3 result codes or pqxx exceptions.
#pragma once
#include "lib/result.hpp"

#include <string>

namespace octobot::store::sql {

struct Error {
  enum class Kind {
    conflict,           // a UNIQUE or PRIMARY KEY constraint was violated
    missing_reference,  // a FOREIGN KEY points at a row that does not exist
    invalid,            // a CHECK or NOT NULL constraint was violated
    unavailable,        // the database cannot be reached, is locked or lost
    internal,           // anything else (bad SQL, driver bug)
  };
  Kind kind = Kind::internal;
  std::string message;
};

template <class T = void>
using Result = octobot::Expected<T, Error>;

}  // namespace octobot::store::sql
