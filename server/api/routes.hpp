// The REST API: registers every route of proto/openapi.yaml on a Router.
//
// Each resource has its own file (projects.cpp, workspaces.cpp, ...) with an
// add_*_routes function. RouteTable puts the access rules in one place, all
// decided on the request header before any body is read: every route but the
// open ones refuses cross-site writes and bodies that are not JSON
// (auth/cross_site.hpp), then authenticates the caller; project routes
// ("/api/projects/{projectId}/...") also check membership (404 for a project
// the caller cannot see) and hand the handler the project id and role;
// handlers scope every lookup by that id. GET and DELETE routes take no body.
#pragma once
#include "lib/async/off_thread.hpp"
#include "lib/http/exchange.hpp"
#include "lib/http/json.hpp"
#include "lib/http/router.hpp"
#include "server/api/errors.hpp"
#include "server/api/metrics.hpp"
#include "server/api/ui_files.hpp"
#include "server/auth/authenticator.hpp"
#include "server/auth/cross_site.hpp"
#include "server/service/agents.hpp"
#include "server/service/chat.hpp"
#include "server/service/credentials.hpp"
#include "server/service/session_apply.hpp"
#include "server/service/session_files.hpp"
#include "server/service/session_fork.hpp"
#include "server/service/projects.hpp"
#include "server/service/sessions.hpp"
#include "server/service/workspaces.hpp"

namespace octobot::api {

namespace asio = boost::asio;
using http::ApiError;
using http::Exchange;
using http::Json;
using http::Method;
using http::Response;
using http::Status;

struct Services {
  service::Context& context;
  service::ProjectService& projects;
  service::WorkspaceService& workspaces;
  service::SessionService& sessions;
  service::AgentService& agents;
  service::CredentialService& credentials;
  service::ChatService& chat;
  service::SessionFiles& files;
  service::SessionApply& apply;
  service::SessionFork& fork;
  auth::Authenticator& authenticator;
  const auth::CrossSitePolicy& cross_site;
  Metrics& metrics;
  // Store, git and file work: handlers and the project check run here, never
  // on the threads that serve HTTP and streams (a slow query stalls no socket).
  asio::thread_pool& blocking;
  std::string openapi_json;  // served at /api/openapi.json
  std::string version;
  const UiFiles& ui;         // the web UI, served at / (empty: a page says how to build it)
};

// Runs `work` (blocking) on the services' pool; see lib/async/off_thread.hpp.
template <class Work>
auto off_io(Services& services, Work work) -> asio::awaitable<decltype(work())> {
  co_return co_await async::run_on(services.blocking, std::move(work));
}

// A handler that blocks (store calls): RouteTable runs it with off_io().
using SyncHandler = std::function<Response(Exchange&)>;

class RouteTable {
 public:
  RouteTable(http::Router& router, Services& services);
  // Open to anyone, no body (health, the token link).
  void open(Method method, std::string pattern, http::Handler handler);
  // Authenticated caller, no project.
  void user(Method method, std::string pattern, SyncHandler handler, std::size_t body_limit = 64 * 1024);
  // Authenticated member of {projectId}.
  void project(Method method, std::string pattern, SyncHandler handler, std::size_t body_limit = 64 * 1024);
  // A handler that streams (or awaits): runs on the I/O thread, store calls through off_io().
  void project_stream(Method method, std::string pattern, http::Handler handler, std::size_t body_limit = 0);
  Services& services() { return services_; }

 private:
  http::Router& router_;
  Services& services_;
  http::Middleware guard_;
  http::Middleware authenticate_;
  http::Middleware project_access_;
};

// Values the access middleware leaves for handlers.
const std::string& caller_id(const Exchange& exchange);
const std::string& project_id(const Exchange& exchange);
const std::string& caller_role(const Exchange& exchange);

// Response helpers. Bodies are JSON text (proto::render, Json::dump).
Response ok(std::string json);
Response created(std::string json);
Response accepted(std::string json);  // 202: the work goes on in the background
Response no_content();
Response fail(const ApiError& error);
Response fail(const domain::Error& error);
Response fail(const json::FieldError& error);
// The body as a strictly-read JSON object; errors are ready responses.
http::Result<Json> read_body(const Exchange& exchange);
// The path parameter `name` as a validated, lowercase UUID.
service::Result<std::string> id_param(const Exchange& exchange, std::string_view name);

void add_system_routes(RouteTable& table);
void add_project_routes(RouteTable& table);
void add_workspace_routes(RouteTable& table);
void add_session_routes(RouteTable& table);
void add_agent_routes(RouteTable& table);
void add_credential_routes(RouteTable& table);
void add_event_routes(RouteTable& table);
void add_chat_routes(RouteTable& table);
void add_file_routes(RouteTable& table);
void add_terminal_routes(RouteTable& table);
void add_session_work_routes(RouteTable& table);

// Builds the whole API.
http::Router build_router(Services& services);

}  // namespace octobot::api
