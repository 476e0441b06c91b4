#include "proxy/server/dialer.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace octobot::proxy {
namespace asio = boost::asio;
using asio::ip::tcp;
using namespace asio::experimental::awaitable_operators;

namespace {

constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);

asio::awaitable<Expected<std::vector<asio::ip::address>, DialFailure>> resolve_once(const std::string& host) {
  boost::system::error_code parse_error;
  auto literal = asio::ip::make_address(host, parse_error);
  if (!parse_error) co_return std::vector<asio::ip::address>{literal};

  tcp::resolver resolver(co_await asio::this_coro::executor);
  auto [error, results] = co_await resolver.async_resolve(host, "", use_tuple);
  if (error || results.empty()) {
    co_return DialFailure{DialFailure::Kind::dns, "cannot resolve " + host + ": " +
                                                      (error ? error.message() : std::string("no addresses"))};
  }
  std::vector<asio::ip::address> addresses;
  for (const auto& entry : results) addresses.push_back(entry.endpoint().address());
  co_return addresses;
}

asio::awaitable<boost::system::error_code> connect_with_timeout(tcp::socket& socket, const tcp::endpoint& endpoint,
                                                                std::chrono::milliseconds timeout) {
  asio::steady_timer timer(socket.get_executor(), timeout);
  auto result = co_await (socket.async_connect(endpoint, use_tuple) || timer.async_wait(use_tuple));
  if (result.index() == 1) co_return make_error_code(asio::error::timed_out);
  co_return std::get<0>(std::get<0>(result));
}

}  // namespace

asio::awaitable<Expected<Dialed, DialFailure>> dial(const std::string& host, std::uint16_t port, const Policy& policy,
                                                    std::chrono::milliseconds connect_timeout) {
  auto resolved = co_await resolve_once(host);
  if (!resolved) co_return resolved.error();

  std::string denial;
  std::string last_error;
  for (const auto& address : *resolved) {
    std::string reason;
    if (!policy.address_allowed(address, &reason)) {
      if (denial.empty()) denial = reason;
      continue;
    }
    tcp::endpoint endpoint(address, port);
    tcp::socket socket(co_await asio::this_coro::executor);
    auto error = co_await connect_with_timeout(socket, endpoint, connect_timeout);
    if (!error) {
      socket.set_option(tcp::no_delay(true));
      co_return Dialed{std::move(socket), endpoint};
    }
    last_error = endpoint.address().to_string() + ": " + error.message();
  }
  if (last_error.empty()) {
    co_return DialFailure{DialFailure::Kind::denied, host + " resolves only to denied addresses (" + denial + ")"};
  }
  co_return DialFailure{DialFailure::Kind::connect, "cannot connect to " + host + " (" + last_error + ")"};
}

}  // namespace octobot::proxy
