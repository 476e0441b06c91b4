// The error vocabulary every store interface speaks.
//
// Store calls return the domain's errors (server/domain/error.hpp), never
// throw for them:
// - a unique-constraint violation is conflict;
// - a missing row, or a reference to one, is not_found;
// - a broken rule of the input (e.g. a malformed page cursor) is invalid;
// - a database that cannot be reached is unavailable;
// - anything else is internal.
#pragma once
#include "server/domain/error.hpp"

namespace octobot::store {

using Error = domain::Error;
template <class T = void>
using Result = domain::Result<T>;

}  // namespace octobot::store
