#include "tests/integration/sse_reader.hpp"

#include <catch2/catch.hpp>

namespace octobot::testing {

namespace asio = boost::asio;

namespace {

// Runs `body` to completion on `io` (which has nothing else to do).
void run_on(asio::io_context& io, std::function<asio::awaitable<void>()> body) {
  asio::co_spawn(io, std::move(body), [](const std::exception_ptr& error) {
    if (error) std::rethrow_exception(error);
  });
  io.restart();
  io.run();
}

// Parses one frame (the text before its blank line).
SseFrame parse_frame(std::string_view text) {
  SseFrame frame;
  while (!text.empty()) {
    auto newline = text.find('\n');
    std::string_view line = text.substr(0, newline);
    text = newline == std::string_view::npos ? std::string_view{} : text.substr(newline + 1);
    if (line.empty() || line.front() == ':') continue;
    auto colon = line.find(':');
    std::string_view field = line.substr(0, colon);
    std::string_view value = colon == std::string_view::npos ? std::string_view{} : line.substr(colon + 1);
    if (!value.empty() && value.front() == ' ') value.remove_prefix(1);
    if (field == "id") frame.id = value;
    if (field == "event") frame.event = value;
    if (field == "data") frame.data += (frame.data.empty() ? "" : "\n") + std::string(value);
  }
  return frame;
}

}  // namespace

SseReader::SseReader(const std::string& base_url, const std::string& target, const http::Headers& headers)
    : SseReader(base_url, http::Method::get, target, "", headers) {}

SseReader::SseReader(const std::string& base_url, http::Method method, const std::string& target, std::string body,
                     const http::Headers& headers, std::chrono::seconds timeout) {
  auto endpoint = http::Endpoint::parse(base_url);
  REQUIRE(endpoint.ok());
  http::ClientOptions options;
  options.read_timeout = timeout;
  client_ = std::make_unique<http::Client>(io_.get_executor(), *endpoint, options);
  std::optional<Expected<http::ResponseStream, http::ClientError>> opened;
  run_on(io_, [&]() -> asio::awaitable<void> {
    opened.emplace(co_await client_->open(http::make_request(method, target, std::move(body), headers)));
  });
  INFO((opened->ok() ? std::string() : opened->error().message));
  REQUIRE(opened->ok());
  stream_.emplace(std::move(opened->value()));
}

SseReader::~SseReader() {
  if (stream_) stream_->close();
  stream_.reset();
  client_.reset();
}

unsigned SseReader::status() const { return stream_->status(); }

std::string SseReader::header(std::string_view name) const { return std::string(stream_->header()[name]); }

std::string SseReader::read_body() {
  while (fill()) {
  }
  return std::exchange(buffer_, std::string());
}

bool SseReader::fill() {
  std::optional<Expected<std::string, http::ClientError>> chunk;
  run_on(io_, [&]() -> asio::awaitable<void> { chunk.emplace(co_await stream_->read_some()); });
  if (!chunk->ok() || chunk->value().empty()) return false;
  buffer_ += chunk->value();
  return true;
}

std::optional<SseFrame> SseReader::next() {
  while (true) {
    auto end = buffer_.find("\n\n");
    if (end == std::string::npos) {
      if (!fill()) return std::nullopt;
      continue;
    }
    SseFrame frame = parse_frame(std::string_view(buffer_).substr(0, end));
    buffer_.erase(0, end + 2);
    if (!frame.id.empty() || !frame.event.empty() || !frame.data.empty()) return frame;
  }
}

std::vector<SseFrame> SseReader::read_until(const std::function<bool(const SseFrame&)>& done) {
  std::vector<SseFrame> frames;
  while (auto frame = next()) {
    frames.push_back(*frame);
    if (done(*frame)) return frames;
  }
  FAIL("the event stream ended (or stayed silent for "
       << kSafetyTimeout.count() << " s) before the expected event; got " << frames.size() << " events");
  return frames;
}

}  // namespace octobot::testing
