// The agent API's routes for taking the session's work away
// (agent-api/workspace/session_work.hpp), all run on `blocking`:
// - POST /work/commit {"message"} → {"branch", "base", "head", "commits", "committedPending"}
// - GET /work/bundle?ref=HEAD|turns/<n> → the git bundle (application/octet-stream)
// - GET /work/patch → {"patch"} (format-patch of base..HEAD)
// - POST /work/push {"url", "branch", "authorization"?} → the summary as for commit
// - POST /work/restore?snapshot=<commit>&base=<commit>, body the bundle → the summary
// Errors: 400 invalid input (or a bundle that does not fit), 404 no such snapshot, 500 git failed
// (its message; a push's refusal by the remote included).
#pragma once
#include "agent-api/workspace/workspace_files.hpp"

#include <boost/asio/thread_pool.hpp>
#include "lib/http/router.hpp"

namespace octobot::agent_api {

void add_work_routes(http::Router& router, const WorkspaceFiles& files, boost::asio::thread_pool& blocking,
                     const http::RouteOptions& options);

}  // namespace octobot::agent_api
