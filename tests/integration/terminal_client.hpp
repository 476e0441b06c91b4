// TerminalClient: a test's WebSocket client for the session terminal
// (server/api/terminal.cpp), with a deadline on every wait.
//
// Contract: connect() returns the handshake's HTTP status (101 when the
// socket is open, else the server's refusal); output() holds every byte the
// terminal sent so far; read_until() reads until output() contains `needle`
// (after `from`) or the socket closes or the timeout passes, and says whether
// it was found; closed() and close_reason() tell how the server ended it.
#pragma once
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>

#include <chrono>
#include <optional>
#include <string>

namespace octobot::testing {

class TerminalClient {
 public:
  // `port` of the server on 127.0.0.1; `origin` sent when not empty.
  unsigned connect(unsigned short port, const std::string& target, const std::string& origin = "") {
    namespace websocket = boost::beast::websocket;
    boost::beast::get_lowest_layer(socket_).connect({boost::asio::ip::make_address("127.0.0.1"), port});
    socket_.set_option(websocket::stream_base::decorator([origin](websocket::request_type& request) {
      if (!origin.empty()) request.set(boost::beast::http::field::origin, origin);
    }));
    websocket::response_type response;
    boost::beast::error_code error;
    socket_.handshake(response, "127.0.0.1:" + std::to_string(port), target, error);
    return error ? response.result_int() : 101;
  }

  void send_binary(const std::string& bytes) {
    socket_.binary(true);
    socket_.write(boost::asio::buffer(bytes));
  }
  void send_text(const std::string& text) {
    socket_.binary(false);
    socket_.write(boost::asio::buffer(text));
  }

  bool read_until(const std::string& needle, std::chrono::milliseconds timeout = std::chrono::seconds(15),
                  std::size_t from = 0) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (output_.find(needle, from) == std::string::npos) {
      if (closed_ || std::chrono::steady_clock::now() >= deadline) return false;
      read_one(deadline);
    }
    return true;
  }

  // Reads until the server closes the socket (or the timeout passes).
  bool wait_closed(std::chrono::milliseconds timeout = std::chrono::seconds(15)) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (!closed_ && std::chrono::steady_clock::now() < deadline) read_one(deadline);
    return closed_;
  }

  void close() {
    boost::beast::error_code ignored;
    socket_.close(boost::beast::websocket::close_code::normal, ignored);
    closed_ = true;
  }

  const std::string& output() const { return output_; }
  bool closed() const { return closed_; }
  std::string close_reason() const { return std::string(socket_.reason().reason.c_str()); }
  unsigned close_code() const { return socket_.reason().code; }

 private:
  // One message, or nothing by the deadline (the read is cancelled, which ends the socket).
  void read_one(std::chrono::steady_clock::time_point deadline) {
    bool done = false;
    buffer_.clear();
    socket_.async_read(buffer_, [&](boost::beast::error_code error, std::size_t) {
      done = true;
      if (error) {
        closed_ = true;
        return;
      }
      output_ += boost::beast::buffers_to_string(buffer_.data());
    });
    io_.restart();
    io_.run_until(deadline);
    if (!done) {
      boost::beast::get_lowest_layer(socket_).cancel();
      io_.restart();
      io_.run();
      closed_ = true;  // a WebSocket cannot read again after a cancelled read
    }
  }

  boost::asio::io_context io_;
  boost::beast::websocket::stream<boost::beast::tcp_stream> socket_{io_};
  boost::beast::flat_buffer buffer_;
  std::string output_;
  bool closed_ = false;
};

}  // namespace octobot::testing
