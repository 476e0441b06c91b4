#include "agent-api/workspace/file_routes.hpp"

#include "agent-api/workspace/turn_snapshots.hpp"
#include "agent-api/workspace/workspace_diff.hpp"
#include "lib/async/off_thread.hpp"
#include "lib/crypto/encoding.hpp"
#include "lib/http/exchange.hpp"
#include "lib/http/json.hpp"
#include "lib/json/object_reader.hpp"

namespace octobot::agent_api {

using http::ApiError;
using http::Exchange;
using http::Response;
namespace asio = boost::asio;

Response answer(const Expected<nlohmann::json, FileError>& result, const Exchange& exchange) {
  const unsigned version = exchange.request().version();
  if (result) return http::json_response(http::Status::ok, *result, version);
  const FileError& error = result.error();
  switch (error.kind) {
    case FileError::Kind::invalid: return http::error_response(ApiError::bad_request(error.message, "invalid_path"), version);
    case FileError::Kind::not_found: return http::error_response(ApiError::not_found(error.message), version);
    case FileError::Kind::forbidden: return http::error_response(ApiError::forbidden(error.message), version);
    case FileError::Kind::too_large: return http::error_response(ApiError::payload_too_large(error.message), version);
    case FileError::Kind::failed: break;
  }
  return http::error_response(ApiError::internal(error.message), version);
}

void add_file_routes(http::Router& router, const WorkspaceFiles& files, asio::thread_pool& blocking,
                     const http::RouteOptions& options) {
  router.add(http::Method::get, "/diff", [&files, &blocking](Exchange& exchange) -> asio::awaitable<Response> {
    DiffRequest request;
    request.stat_only = exchange.query("stat").value_or("") == "1";
    request.path = exchange.query("path").value_or("");
    auto diff = co_await async::run_on(blocking, [&] { return workspace_diff(files.root(), request); });
    co_return answer(diff, exchange);
  }, options);

  router.add(http::Method::get, "/files", [&files](Exchange& exchange) -> asio::awaitable<Response> {
    co_return answer(files.list(exchange.query("path").value_or("")), exchange);
  }, options);

  router.add(http::Method::get, "/files/content", [&files](Exchange& exchange) -> asio::awaitable<Response> {
    co_return answer(files.read(exchange.query("path").value_or("")), exchange);
  }, options);

  router.add(http::Method::get, "/turns", [&files, &blocking](Exchange& exchange) -> asio::awaitable<Response> {
    auto turns = co_await async::run_on(blocking, [&] { return list_turn_snapshots(files.root()); });
    co_return answer(turns, exchange);
  }, options);

  http::RouteOptions put_options = options;
  put_options.body_limit = WorkspaceFiles::kMaxFileBytes / 3 * 4 + 64 * 1024;  // base64 of the largest file, and JSON
  router.add(http::Method::put, "/files/content", [&files](Exchange& exchange) -> asio::awaitable<Response> {
    const unsigned version = exchange.request().version();
    auto body = http::parse_json_object(exchange.request());
    if (!body) co_return http::error_response(body.error(), version);
    json::ObjectReader reader(*body);
    const std::string path = reader.required_string("path");
    std::string content = reader.required_string("content");
    const std::string encoding = reader.optional_string("encoding").value_or("utf-8");
    if (encoding != "utf-8" && encoding != "base64") reader.fail("encoding", "must be \"utf-8\" or \"base64\"");
    if (auto error = reader.finish()) co_return http::error_response(ApiError::bad_request(error->message, error->code), version);
    if (encoding == "base64") {
      auto decoded = crypto::base64_decode(content);
      if (!decoded) co_return http::error_response(ApiError::bad_request("field \"content\" is not valid base64", "invalid_field"), version);
      content = std::move(*decoded);
    }
    co_return answer(files.write(path, content), exchange);
  }, put_options);
}

}  // namespace octobot::agent_api
