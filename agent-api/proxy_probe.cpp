#include "agent-api/proxy_probe.hpp"

#include <utility>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/tcp_stream.hpp>

namespace octobot::agent_api {

boost::asio::awaitable<bool> probe_tcp(boost::asio::ip::tcp::endpoint endpoint, std::chrono::milliseconds timeout) {
  namespace asio = boost::asio;
  boost::beast::tcp_stream stream(co_await asio::this_coro::executor);
  stream.expires_after(timeout);
  auto [error] = co_await stream.async_connect(endpoint, asio::as_tuple(asio::use_awaitable));
  co_return !error;
}

}  // namespace octobot::agent_api
