// DockerRuntime: SandboxRuntime over the Docker Engine API (v1.41+), through
// EngineClient on the server's I/O executor. See runtime.hpp for the contract
// and container_json.hpp for what a session container looks like.
#pragma once
#include "server/runtime/docker/engine_client.hpp"
#include "server/runtime/runtime.hpp"

namespace octobot::runtime {

class DockerRuntime : public SandboxRuntime {
 public:
  // Sees only the containers labelled octobot.instance=instance_id.
  DockerRuntime(boost::asio::any_io_executor executor, http::Endpoint endpoint, std::string instance_id);

  boost::asio::awaitable<Result<std::string>> check() override;
  boost::asio::awaitable<Result<bool>> has_image(std::string image) override;
  boost::asio::awaitable<Result<std::string>> create(SandboxSpec spec) override;
  boost::asio::awaitable<Result<>> start(std::string container) override;
  boost::asio::awaitable<Result<>> stop(std::string container, std::chrono::seconds grace) override;
  boost::asio::awaitable<Result<>> remove(std::string session_id) override;
  boost::asio::awaitable<Result<SandboxState>> inspect(std::string container) override;
  boost::asio::awaitable<Result<std::vector<SandboxState>>> list() override;
  boost::asio::awaitable<Result<std::string>> logs(std::string container, int tail) override;
  boost::asio::awaitable<Result<ExecResult>> exec(std::string container, std::vector<std::string> argv,
                                                  std::string user) override;
  boost::asio::awaitable<Result<>> watch(std::function<void(const RuntimeEvent&)> on_event) override;
  void cancel_watch() override;

 private:
  boost::asio::awaitable<Result<std::string>> read_output(http::ResponseStream& stream);
  EngineClient engine_;
  std::string instance_id_;
  http::ResponseStream* events_ = nullptr;  // the stream watch() reads
  bool watch_cancelled_ = false;
};

}  // namespace octobot::runtime
