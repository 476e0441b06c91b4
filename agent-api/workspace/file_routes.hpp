// The agent API's file routes (DESIGN §6), over WorkspaceFiles:
// - GET /files?path=DIR → {"path", "entries": [{name, path, type, size}]}
// - GET /files/content?path=FILE → {"path", "size", "encoding": "utf-8"|"base64", "content"}
// - PUT /files/content {"path", "content", "encoding"?: "utf-8"|"base64"} → {"path", "size"}
// - GET /diff?stat=1&path= → workspace_diff() (workspace_diff.hpp), run on `blocking`
// - GET /turns → list_turn_snapshots() (turn_snapshots.hpp), run on `blocking`
// Errors: 400 invalid path or body, 403 a path that leaves the workspace or a
// special file, 404 missing, 413 more than 10 MiB.
#pragma once
#include "agent-api/workspace/workspace_files.hpp"

#include <boost/asio/thread_pool.hpp>
#include "lib/http/exchange.hpp"
#include "lib/http/router.hpp"

namespace octobot::agent_api {

// A workspace answer: 200 with the JSON, or the error's status (as listed above; failed is 500).
http::Response answer(const Expected<nlohmann::json, FileError>& result, const http::Exchange& exchange);

void add_file_routes(http::Router& router, const WorkspaceFiles& files, boost::asio::thread_pool& blocking,
                     const http::RouteOptions& options);

}  // namespace octobot::agent_api
