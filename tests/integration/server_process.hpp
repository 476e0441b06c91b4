// ServerProcess: the real `octobot server` binary as a child process on
// 127.0.0.1:0, for tests that kill it (SIGKILL) and start it again on the same
// data directory. The URL comes from its first stdout line.
//
// Contract: the constructor REQUIREs that the server printed its URL; the
// destructor (and kill_hard) kill it with SIGKILL and reap it. call() sends
// one request with a JSON body and returns {"status": N, "body": JSON}, with
// status 0 when no response arrived.
#pragma once
#include "lib/http/client.hpp"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <string>
#include <sys/types.h>
#include <vector>

namespace octobot::testing {

class ServerProcess {
 public:
  ServerProcess(const std::string& binary, const std::filesystem::path& data_dir,
                const std::vector<std::string>& extra_args = {});
  ~ServerProcess() { kill_hard(); }
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  void kill_hard();
  const std::string& url() const { return url_; }
  nlohmann::json call(http::Method method, const std::string& target, const nlohmann::json& body = nullptr) const;

 private:
  pid_t pid_ = -1;
  std::string url_;
};

}  // namespace octobot::testing
