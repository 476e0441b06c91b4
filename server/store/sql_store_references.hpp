// Reference checks the SQL store runs inside a call's transaction, before a
// row that points at another one is written or listed: each is not_found
// ("<what> <id> not found") unless the referenced row is in the project.
// Foreign keys alone would accept a row of another project.
#pragma once
#include "server/store/executor.hpp"

#include <string_view>

namespace octobot::store {

Result<> require_workspace(Executor& x, std::string_view project_id, std::string_view id);
Result<> require_session(Executor& x, std::string_view project_id, std::string_view id);
// A session may have no agent (id empty: ok); when it names one, it must be in the project.
Result<> require_agent_if_any(Executor& x, std::string_view project_id, std::string_view id);

}  // namespace octobot::store
