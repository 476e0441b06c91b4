#include "server/runtime/docker/docker_runtime.hpp"

#include "server/runtime/docker/container_json.hpp"
#include "server/runtime/docker/output_frames.hpp"

namespace octobot::runtime {
namespace asio = boost::asio;
using http::Method;
using nlohmann::json;

namespace {

// "1.41" → 141; unparsable → 0.
int api_version_number(const std::string& version) {
  auto dot = version.find('.');
  if (dot == std::string::npos) return 0;
  try {
    return std::stoi(version.substr(0, dot)) * 100 + std::stoi(version.substr(dot + 1));
  } catch (const std::exception&) {
    return 0;
  }
}

template <class T>
bool not_found(const Result<T>& result) {
  return !result && result.error().code == RuntimeError::Code::not_found;
}

}  // namespace

DockerRuntime::DockerRuntime(asio::any_io_executor executor, http::Endpoint endpoint, std::string instance_id)
    : engine_(std::move(executor), std::move(endpoint)), instance_id_(std::move(instance_id)) {}

asio::awaitable<Result<std::string>> DockerRuntime::check() {
  // Unversioned: an engine too old for /v1.41 still says which version it speaks.
  auto version = co_await engine_.call(Method::get, "/version");
  if (!version) co_return version.error();
  const std::string api = version->value("ApiVersion", "");
  if (api_version_number(api) < 141) {
    co_return RuntimeError{RuntimeError::Code::unavailable,
                           "Docker at " + engine_.endpoint().to_string() + " speaks API " + api +
                               "; Octobot needs 1.41 or newer (Docker 20.10+)"};
  }
  co_return version->value("Version", "") + " (API " + api + ")";
}

asio::awaitable<Result<bool>> DockerRuntime::has_image(std::string image) {
  auto found = co_await engine_.call(Method::get, versioned("/images/" + image + "/json"));
  if (not_found(found)) co_return false;
  if (!found) co_return found.error();
  co_return true;
}

asio::awaitable<Result<std::string>> DockerRuntime::create(SandboxSpec spec) {
  auto volume = co_await engine_.call(Method::post, versioned("/volumes/create"), volume_create_body(spec));
  if (!volume) co_return volume.error();
  auto created = co_await engine_.call(Method::post,
                                       versioned("/containers/create?name=" + container_name(spec.session_id)),
                                       container_create_body(spec));
  if (not_found(created)) {
    co_return RuntimeError{RuntimeError::Code::not_found,
                           "the image " + spec.image + " is missing: build it with `make image`"};
  }
  if (!created) co_return created.error();
  co_return created->value("Id", "");
}

asio::awaitable<Result<>> DockerRuntime::start(std::string container) {
  auto started = co_await engine_.call(Method::post, versioned("/containers/" + container + "/start"));
  if (!started) co_return started.error();
  co_return Result<>{};
}

asio::awaitable<Result<>> DockerRuntime::stop(std::string container, std::chrono::seconds grace) {
  auto stopped = co_await engine_.call(
      Method::post, versioned("/containers/" + container + "/stop?t=" + std::to_string(grace.count())));
  if (!stopped) co_return stopped.error();
  co_return Result<>{};
}

asio::awaitable<Result<>> DockerRuntime::remove(std::string session_id) {
  auto container = co_await engine_.call(Method::delete_,
                                         versioned("/containers/" + container_name(session_id) + "?force=1&v=1"));
  if (!container && !not_found(container)) co_return container.error();
  auto volume = co_await engine_.call(Method::delete_, versioned("/volumes/" + volume_name(session_id) + "?force=1"));
  if (!volume && !not_found(volume)) co_return volume.error();
  co_return Result<>{};
}

asio::awaitable<Result<SandboxState>> DockerRuntime::inspect(std::string container) {
  auto inspected = co_await engine_.call(Method::get, versioned("/containers/" + container + "/json"));
  if (!inspected) co_return inspected.error();
  co_return state_from_inspect(*inspected);
}

asio::awaitable<Result<std::vector<SandboxState>>> DockerRuntime::list() {
  auto listed = co_await engine_.call(Method::get, versioned("/containers/json?all=1&filters=" + managed_filter(instance_id_)));
  if (!listed) co_return listed.error();
  std::vector<SandboxState> states;
  if (listed->is_array()) {
    for (const json& item : *listed) states.push_back(state_from_list_item(item));
  }
  co_return states;
}

asio::awaitable<Result<std::string>> DockerRuntime::read_output(http::ResponseStream& stream) {
  OutputFrames frames;
  for (;;) {
    auto piece = co_await stream.read_some();
    if (!piece) co_return RuntimeError{RuntimeError::Code::failed, "reading container output: " + piece.error().message};
    if (piece->empty()) break;
    frames.feed(*piece);
  }
  co_return frames.text();
}

asio::awaitable<Result<std::string>> DockerRuntime::logs(std::string container, int tail) {
  auto stream = co_await engine_.open(
      Method::get, versioned("/containers/" + container + "/logs?stdout=1&stderr=1&tail=" + std::to_string(tail)));
  if (!stream) co_return stream.error();
  co_return co_await read_output(*stream);
}

asio::awaitable<Result<ExecResult>> DockerRuntime::exec(std::string container, std::vector<std::string> argv,
                                                        std::string user) {
  json body = {{"AttachStdout", true}, {"AttachStderr", true}, {"Cmd", argv}, {"User", user}};
  auto created = co_await engine_.call(Method::post, versioned("/containers/" + container + "/exec"), body);
  if (!created) co_return created.error();
  const std::string exec_id = created->value("Id", "");
  const json start_body = {{"Detach", false}, {"Tty", false}};
  auto stream = co_await engine_.open(Method::post, versioned("/exec/" + exec_id + "/start"), start_body);
  if (!stream) co_return stream.error();
  auto output = co_await read_output(*stream);
  if (!output) co_return output.error();
  auto inspected = co_await engine_.call(Method::get, versioned("/exec/" + exec_id + "/json"));
  if (!inspected) co_return inspected.error();
  const int exit_code = inspected->value("ExitCode", -1);
  co_return ExecResult{exit_code, std::move(*output)};
}

asio::awaitable<Result<>> DockerRuntime::watch(std::function<void(const RuntimeEvent&)> on_event) {
  watch_cancelled_ = false;
  auto stream = co_await engine_.open(Method::get, versioned("/events?filters=" + managed_filter(instance_id_, true)));
  if (!stream) co_return stream.error();
  stream->set_read_timeout(std::chrono::hours(24 * 365));
  events_ = &*stream;
  std::string buffer;
  for (;;) {
    auto piece = co_await stream->read_some();
    if (watch_cancelled_) break;
    if (!piece || piece->empty()) {
      events_ = nullptr;
      co_return RuntimeError{RuntimeError::Code::unavailable,
                             "Docker's event stream ended: " + (piece ? std::string("closed") : piece.error().message)};
    }
    buffer += *piece;
    for (auto newline = buffer.find('\n'); newline != std::string::npos; newline = buffer.find('\n')) {
      auto parsed = json::parse(std::string_view(buffer).substr(0, newline), nullptr, false);
      buffer.erase(0, newline + 1);
      if (auto event = event_from_json(parsed)) on_event(*event);
    }
  }
  events_ = nullptr;
  co_return Result<>{};
}

void DockerRuntime::cancel_watch() {
  watch_cancelled_ = true;
  if (events_) events_->close();
}

}  // namespace octobot::runtime
