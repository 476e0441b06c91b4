#include "tests/integration/raw_connection.hpp"

#include <catch2/catch.hpp>

#include <arpa/inet.h>
#include <cerrno>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

namespace octobot::testing {

namespace {

std::string lowercase(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

std::string trimmed(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\r')) text.remove_suffix(1);
  return std::string(text);
}

}  // namespace

std::optional<RawResponse> parse_raw_response(const std::string& text, std::size_t* consumed) {
  auto head_end = text.find("\r\n\r\n");
  if (head_end == std::string::npos) return std::nullopt;
  RawResponse response;
  std::string_view head(text.data(), head_end);
  auto status_line_end = head.find("\r\n");
  std::string_view status_line = head.substr(0, status_line_end);
  if (status_line.size() < 12 || !status_line.starts_with("HTTP/1.")) return std::nullopt;
  response.status = static_cast<unsigned>(std::stoi(std::string(status_line.substr(9, 3))));
  std::string_view rest =
      status_line_end == std::string_view::npos ? std::string_view{} : head.substr(status_line_end + 2);
  while (!rest.empty()) {
    auto line_end = rest.find("\r\n");
    std::string_view line = rest.substr(0, line_end);
    rest = line_end == std::string_view::npos ? std::string_view{} : rest.substr(line_end + 2);
    auto colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    response.headers[lowercase(std::string(line.substr(0, colon)))] = trimmed(line.substr(colon + 1));
  }
  std::size_t length = 0;
  if (auto it = response.headers.find("content-length"); it != response.headers.end()) length = std::stoul(it->second);
  const std::size_t body_start = head_end + 4;
  if (text.size() < body_start + length) return std::nullopt;
  response.body = text.substr(body_start, length);
  if (consumed) *consumed = body_start + length;
  return response;
}

RawConnection::RawConnection(std::uint16_t port) {
  fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  REQUIRE(fd_ >= 0);
  timeval timeout{static_cast<time_t>(kSafetyTimeout.count()), 0};
  ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  ::setsockopt(fd_, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof timeout);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  REQUIRE(::connect(fd_, reinterpret_cast<const sockaddr*>(&address), sizeof address) == 0);
}

RawConnection::~RawConnection() {
  if (fd_ >= 0) ::close(fd_);
}

bool RawConnection::send(const std::string& bytes) {
  std::size_t sent = 0;
  while (sent < bytes.size()) {
    ssize_t n = ::send(fd_, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    sent += static_cast<std::size_t>(n);
  }
  return true;
}

void RawConnection::shutdown_write() { ::shutdown(fd_, SHUT_WR); }

long RawConnection::receive() {
  char chunk[16 * 1024];
  while (true) {
    ssize_t n = ::recv(fd_, chunk, sizeof chunk, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n > 0) buffer_.append(chunk, static_cast<std::size_t>(n));
    return n;
  }
}

std::optional<RawResponse> RawConnection::read_response() {
  while (true) {
    std::size_t consumed = 0;
    if (auto response = parse_raw_response(buffer_, &consumed)) {
      buffer_.erase(0, consumed);
      return response;
    }
    if (receive() <= 0) return std::nullopt;
  }
}

RawConnection::Ending RawConnection::read_to_end() {
  while (true) {
    long n = receive();
    // A reset after the response also means the server closed the connection.
    if (n == 0 || (n < 0 && errno == ECONNRESET)) return {std::exchange(buffer_, std::string()), true};
    if (n < 0) return {std::exchange(buffer_, std::string()), false};
  }
}

}  // namespace octobot::testing
