#include "proxy/server/followed_redirect.hpp"

#include "proxy/server/upstream_connect.hpp"

namespace octobot::proxy {
namespace {

constexpr int kMaxHops = 4;

std::string redirect_response(unsigned status, const std::string& location, bool keep_alive) {
  std::string text = "HTTP/1.1 " + std::to_string(status) + " " +
                     std::string(http::obsolete_reason(static_cast<http::status>(status))) + "\r\n";
  text += "Location: " + location + "\r\nContent-Length: 0\r\nX-Cache: MISS\r\n";
  if (!keep_alive) text += "Connection: close\r\n";
  return text + "\r\n";
}

asio::awaitable<ExchangeOutcome> pass_redirect_on(TlsSocket& client, unsigned status, const std::string& location,
                                                  bool keep_alive) {
  ExchangeOutcome outcome;
  outcome.status = status;
  outcome.response_started = true;
  outcome.keep_alive = keep_alive;
  auto [error, written] = co_await asio::async_write(client, asio::buffer(redirect_response(status, location, keep_alive)),
                                                     use_tuple);
  if (error) outcome.error = "writing the redirect: " + error.message();
  co_return outcome;
}

// The GET the proxy sends to the redirect target, parsed as a client's would be.
bool parse_follow_request(http::request_parser<http::empty_body>& parser, const AbsoluteUrl& url,
                          const RedirectedRequest& request) {
  std::string text = "GET " + url.origin_target + " HTTP/1.1\r\nHost: " + host_header_text(url.destination, 443) +
                     "\r\nAccept: */*\r\n";
  if (!request.user_agent.empty()) text += "User-Agent: " + request.user_agent + "\r\n";
  if (!request.keep_alive) text += "Connection: close\r\n";
  text += "\r\n";
  beast::error_code error;
  parser.put(asio::buffer(text), error);
  return !error && parser.is_done();
}

}  // namespace

asio::awaitable<ExchangeOutcome> follow_redirect(Session& session, TlsSocket& client, const Destination& from,
                                                 unsigned status, std::string location,
                                                 const RedirectedRequest& request, ExchangeOptions options,
                                                 AccessEntry& entry) {
  auto policy = session.runtime.policy();
  Destination base = from;
  for (int hop = 0; hop < kMaxHops; ++hop) {
    auto url = parse_https_location(location, base);
    if (!url || !policy->host_allowed(url->destination.host)) break;
    http::request_parser<http::empty_body> parser;
    if (!parse_follow_request(parser, *url, request)) break;
    auto upstream = co_await connect_upstream_tls(session, url->destination, *policy);
    if (!upstream) {
      ExchangeOutcome failed;
      failed.error = "following the redirect to " + url->destination.host + ": " + upstream.error();
      co_return failed;
    }
    options.rule = policy->rule_for(url->destination.host);
    beast::flat_buffer nothing_from_client, upstream_buffer;
    auto outcome = co_await relay_exchange(client, nothing_from_client, parser, **upstream, upstream_buffer, options,
                                           session.watchdog, entry);
    release_upstream(session, *upstream);
    if (outcome.redirect.empty()) co_return outcome;
    status = outcome.status;
    location = std::move(outcome.redirect);
    base = url->destination;
  }
  co_return co_await pass_redirect_on(client, status, location, request.keep_alive);
}

}  // namespace octobot::proxy
