#include "server/auth/authenticator.hpp"

#include <catch2/catch.hpp>

using namespace octobot;

namespace {

// Runs authenticate() on a request with the given headers and target.
http::Result<auth::Principal> authenticate(const auth::Authenticator& authenticator, std::string target,
                                           std::vector<std::pair<http::Field, std::string>> headers) {
  boost::asio::io_context io;
  http::Stream stream(io);
  http::Request request{http::Method::get, target, 11};
  for (auto& [field, value] : headers) request.set(field, value);
  bool taken = false;
  http::Exchange exchange(request, {}, "id", "/", stream, taken);
  return authenticator.authenticate(exchange);
}

}  // namespace

TEST_CASE("loopback host names are recognised", "[auth]") {
  CHECK(auth::is_loopback_host("127.0.0.1:8080"));
  CHECK(auth::is_loopback_host("127.1.2.3"));
  CHECK(auth::is_loopback_host("localhost:80"));
  CHECK(auth::is_loopback_host("LOCALHOST"));
  CHECK(auth::is_loopback_host("app.localhost:8080"));
  CHECK(auth::is_loopback_host("[::1]:8080"));
  CHECK_FALSE(auth::is_loopback_host("evil.example:8080"));
  CHECK_FALSE(auth::is_loopback_host("127.0.0.1.evil.example"));
  CHECK_FALSE(auth::is_loopback_host("10.0.0.1:8080"));
  CHECK_FALSE(auth::is_loopback_host(""));
}

TEST_CASE("anonymous mode refuses rebinding hosts", "[auth]") {
  auth::SingleUserAuthenticator authenticator("user", "");
  CHECK(authenticate(authenticator, "/", {{http::Field::host, "127.0.0.1:8080"}})->user_id == "user");
  auto rebound = authenticate(authenticator, "/", {{http::Field::host, "attacker.example:8080"}});
  REQUIRE_FALSE(rebound);
  CHECK(rebound.error().status == http::Status::forbidden);
}

TEST_CASE("token mode accepts the token from header, cookie or query only", "[auth]") {
  auth::SingleUserAuthenticator authenticator("user", "s3cret-token");
  CHECK_FALSE(authenticate(authenticator, "/", {{http::Field::host, "example"}}));
  CHECK(authenticate(authenticator, "/", {{http::Field::authorization, "Bearer s3cret-token"}}));
  CHECK(authenticate(authenticator, "/", {{http::Field::cookie, "a=b; octobot_token=s3cret-token"}}));
  CHECK(authenticate(authenticator, "/x?token=s3cret-token", {}));
  auto wrong = authenticate(authenticator, "/", {{http::Field::authorization, "Bearer nope"}});
  REQUIRE_FALSE(wrong);
  CHECK(wrong.error().status == http::Status::unauthorized);
}
