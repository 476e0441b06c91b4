#include "agent-api/workspace/work_routes.hpp"

#include "agent-api/workspace/file_routes.hpp"
#include "agent-api/workspace/session_work.hpp"
#include "lib/async/off_thread.hpp"
#include "lib/http/json.hpp"
#include "lib/json/object_reader.hpp"

namespace octobot::agent_api {

namespace {

using http::ApiError;
using http::Exchange;
using http::Response;
using Json = nlohmann::json;
namespace asio = boost::asio;

constexpr std::size_t kMaxBundleBytes = 512 * 1024 * 1024;

Expected<Json, FileError> to_json(const Expected<WorkSummary, FileError>& summary) {
  if (!summary) return summary.error();
  return Json{{"branch", summary->branch},   {"base", summary->base},
              {"head", summary->head},       {"commits", summary->commits},
              {"committedPending", summary->committed_pending}};
}

Response bad_request(const ApiError& error, const Exchange& exchange) {
  return http::error_response(error, exchange.request().version());
}

}  // namespace

void add_work_routes(http::Router& router, const WorkspaceFiles& files, asio::thread_pool& blocking,
                     const http::RouteOptions& options) {
  router.add(http::Method::post, "/work/commit", [&files, &blocking](Exchange& exchange) -> asio::awaitable<Response> {
    auto body = http::parse_json_object(exchange.request());
    if (!body) co_return bad_request(body.error(), exchange);
    json::ObjectReader reader(*body);
    const std::string message = reader.required_string("message");
    if (auto error = reader.finish()) co_return bad_request(ApiError::bad_request(error->message, error->code), exchange);
    auto summary = co_await async::run_on(blocking, [&] { return commit_pending_work(files.root(), message); });
    co_return answer(to_json(summary), exchange);
  }, options);

  router.add(http::Method::get, "/work/bundle", [&files, &blocking](Exchange& exchange) -> asio::awaitable<Response> {
    const std::string ref = exchange.query("ref").value_or("HEAD");
    auto bundle = co_await async::run_on(blocking, [&] { return bundle_work(files.root(), ref); });
    if (!bundle) co_return answer(bundle.error(), exchange);
    co_return http::text_response(http::Status::ok, "application/octet-stream", std::move(*bundle),
                                  exchange.request().version());
  }, options);

  router.add(http::Method::get, "/work/patch", [&files, &blocking](Exchange& exchange) -> asio::awaitable<Response> {
    auto patch = co_await async::run_on(blocking, [&] { return format_patch(files.root()); });
    if (!patch) co_return answer(patch.error(), exchange);
    co_return answer(Json{{"patch", std::move(*patch)}}, exchange);
  }, options);

  router.add(http::Method::post, "/work/push", [&files, &blocking](Exchange& exchange) -> asio::awaitable<Response> {
    auto body = http::parse_json_object(exchange.request());
    if (!body) co_return bad_request(body.error(), exchange);
    json::ObjectReader reader(*body);
    PushRequest request;
    request.url = reader.required_string("url");
    request.branch = reader.required_string("branch");
    request.authorization = reader.optional_string("authorization").value_or("");
    if (auto error = reader.finish()) co_return bad_request(ApiError::bad_request(error->message, error->code), exchange);
    auto summary = co_await async::run_on(blocking, [&] { return push_work(files.root(), request); });
    co_return answer(to_json(summary), exchange);
  }, options);

  http::RouteOptions restore_options = options;
  restore_options.body_limit = kMaxBundleBytes;
  router.add(http::Method::post, "/work/restore", [&files, &blocking](Exchange& exchange) -> asio::awaitable<Response> {
    const std::string snapshot = exchange.query("snapshot").value_or("");
    const std::string base = exchange.query("base").value_or("");
    const std::string& bundle = exchange.request().body();
    auto summary = co_await async::run_on(blocking, [&] { return restore_snapshot(files.root(), bundle, snapshot, base); });
    co_return answer(to_json(summary), exchange);
  }, restore_options);
}

}  // namespace octobot::agent_api
