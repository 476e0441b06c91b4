#include "server/service/session_files.hpp"

namespace octobot::service {

namespace asio = boost::asio;

namespace {


Result<runtime::AgentApiReply> from_runtime(runtime::Result<runtime::AgentApiReply> reply) {
  if (!reply) return Error::unavailable(reply.error().message);
  return std::move(reply).value();
}

}  // namespace

asio::awaitable<Result<runtime::AgentApiReply>> SessionFiles::list(std::string project_id, std::string id,
                                                                  std::string path) {
  auto session = co_await sandboxes_.wait_until_ready(project_id, id, kStartTimeout);
  if (!session) co_return session.error();
  const auto access = sandbox_access(*session);
  co_return from_runtime(co_await client_.list_files(access, path));
}

asio::awaitable<Result<runtime::AgentApiReply>> SessionFiles::read(std::string project_id, std::string id,
                                                                  std::string path) {
  auto session = co_await sandboxes_.wait_until_ready(project_id, id, kStartTimeout);
  if (!session) co_return session.error();
  const auto access = sandbox_access(*session);
  co_return from_runtime(co_await client_.read_file(access, path));
}

asio::awaitable<Result<runtime::AgentApiReply>> SessionFiles::write(std::string project_id, std::string id, Json body) {
  auto session = co_await sandboxes_.wait_until_ready(project_id, id, kStartTimeout);
  if (!session) co_return session.error();
  const auto access = sandbox_access(*session);
  co_return from_runtime(co_await client_.write_file(access, body));
}

asio::awaitable<Result<runtime::AgentApiReply>> SessionFiles::diff(std::string project_id, std::string id,
                                                                  bool stat_only, std::string path) {
  auto session = co_await sandboxes_.wait_until_ready(project_id, id, kStartTimeout);
  if (!session) co_return session.error();
  const auto access = sandbox_access(*session);
  co_return from_runtime(co_await client_.diff(access, stat_only, path));
}

asio::awaitable<Result<runtime::SandboxAccess>> SessionFiles::sandbox(std::string project_id, std::string id) {
  auto session = co_await sandboxes_.wait_until_ready(project_id, id, kStartTimeout);
  if (!session) co_return session.error();
  co_return sandbox_access(*session);
}

asio::awaitable<Result<runtime::AgentApiReply>> SessionFiles::turns(std::string project_id, std::string id) {
  auto session = co_await sandboxes_.wait_until_ready(project_id, id, kStartTimeout);
  if (!session) co_return session.error();
  const auto access = sandbox_access(*session);
  co_return from_runtime(co_await client_.turns(access));
}

}  // namespace octobot::service
