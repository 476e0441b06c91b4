#include "server/runtime/docker/engine_client.hpp"

#include <catch2/catch.hpp>

#include <cstdlib>

using namespace octobot::runtime;

TEST_CASE("the Docker address comes from the flag, then DOCKER_HOST, then the default", "[runtime][docker]") {
  ::unsetenv("DOCKER_HOST");
  CHECK(docker_endpoint("")->to_string() == "unix:/var/run/docker.sock");
  CHECK(docker_endpoint("/run/user/1000/docker.sock")->socket_path == "/run/user/1000/docker.sock");
  CHECK(docker_endpoint("unix:///tmp/d.sock")->socket_path == "/tmp/d.sock");
  auto tcp = docker_endpoint("tcp://127.0.0.1:2375");
  REQUIRE(tcp);
  CHECK(tcp->host == "127.0.0.1");
  CHECK(tcp->port == 2375);
  ::setenv("DOCKER_HOST", "unix:///tmp/from-env.sock", 1);
  CHECK(docker_endpoint("")->socket_path == "/tmp/from-env.sock");
  CHECK(docker_endpoint("unix:///tmp/flag.sock")->socket_path == "/tmp/flag.sock");
  ::unsetenv("DOCKER_HOST");
  CHECK_FALSE(docker_endpoint("ftp://x"));
}

TEST_CASE("query values are percent-encoded", "[runtime][docker]") {
  CHECK(query_escape(R"({"a":["b=c"]})") == "%7B%22a%22%3A%5B%22b%3Dc%22%5D%7D");
  CHECK(query_escape("A-z_0.9~") == "A-z_0.9~");
}
