// proxy_load: an HTTPS load client that can go through an HTTP proxy (CONNECT),
// for bench/proxy/run.sh. wrk cannot use a proxy, so this does what wrk does
// (N keep-alive connections on epoll, fixed duration, latency percentiles) the
// same way with and without a proxy, so that the two are comparable.
//
//   proxy_load --target HOST:PORT --cafile CA.pem [--proxy IP:PORT] [--path /p]
//              [--connections N] [--threads T] [--duration SECONDS]
//       keep-alive load; prints one line:
//       "requests=R seconds=S rps=X p50_ms=A p99_ms=B errors=E"
//   proxy_load ... --fresh K
//       K sequential new connections (CONNECT, TLS handshake, one request);
//       prints "fresh_ms=t1,t2,...,tK" (each from socket() to the response's end);
//       --warm-target HOST:PORT first does one untimed request there, so that
//       the client's own first-handshake costs are not counted
//   proxy_load ... --hold N [--hold-seconds S]
//       opens N connections (CONNECT, TLS handshake, one request each), prints
//       "holding N" and keeps them open until standard input closes or S
//       seconds pass (default 60), then closes them.
//
// The upstream certificate is verified against --cafile with the target's name
// (or IP address; --name-check no skips that match, not the chain). SNI is sent for names, not for IP literals (as curl does).
// A connection that fails in setup (proxy refusal, TLS error) stops the run
// with the reason on stderr and exit status 1. Responses need Content-Length or
// chunked framing; a non-2xx status or a closed connection counts as an error.
//
// Build: g++ -O2 -std=c++20 -pthread proxy_load.cpp -lssl -lcrypto
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <barrier>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

struct Options {
  std::string target_host;
  std::string target_port;
  std::string proxy_host;
  std::string proxy_port;
  std::string path = "/";
  std::string cafile;
  int connections = 32;
  int threads = 1;
  double duration = 10;
  int fresh = 0;
  int hold = 0;
  double hold_seconds = 60;
  bool name_check = true;
  std::string warm_target;  // --fresh: one untimed request here first
};

[[noreturn]] void die(const std::string& message) {
  std::fprintf(stderr, "proxy_load: %s\n", message.c_str());
  std::exit(1);
}

bool split_host_port(const std::string& text, std::string& host, std::string& port) {
  auto colon = text.rfind(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == text.size()) return false;
  host = text.substr(0, colon);
  port = text.substr(colon + 1);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  return true;
}

Options parse_options(int argc, char** argv) {
  Options options;
  for (int i = 1; i < argc; ++i) {
    std::string flag = argv[i];
    if (i + 1 >= argc) die("missing value after " + flag);
    std::string value = argv[++i];
    if (flag == "--target") {
      if (!split_host_port(value, options.target_host, options.target_port)) die("bad --target " + value);
    } else if (flag == "--warm-target") {
      std::string host, port;
      if (!split_host_port(value, host, port)) die("bad --warm-target " + value);
      options.warm_target = value;
    } else if (flag == "--proxy") {
      if (!split_host_port(value, options.proxy_host, options.proxy_port)) die("bad --proxy " + value);
    } else if (flag == "--path") {
      options.path = value;
    } else if (flag == "--cafile") {
      options.cafile = value;
    } else if (flag == "--connections") {
      options.connections = std::atoi(value.c_str());
    } else if (flag == "--threads") {
      options.threads = std::atoi(value.c_str());
    } else if (flag == "--duration") {
      options.duration = std::atof(value.c_str());
    } else if (flag == "--fresh") {
      options.fresh = std::atoi(value.c_str());
    } else if (flag == "--hold") {
      options.hold = std::atoi(value.c_str());
    } else if (flag == "--hold-seconds") {
      options.hold_seconds = std::atof(value.c_str());
    } else if (flag == "--name-check") {
      if (value != "yes" && value != "no") die("--name-check takes yes or no");
      options.name_check = value == "yes";
    } else {
      die("unknown option " + flag);
    }
  }
  if (options.target_host.empty() || options.cafile.empty()) die("--target and --cafile are required");
  if (options.connections < 1 || options.threads < 1 || options.duration <= 0) die("bad numbers");
  return options;
}

bool is_ip_literal(const std::string& host) {
  unsigned char buffer[16];
  return inet_pton(AF_INET, host.c_str(), buffer) == 1 || inet_pton(AF_INET6, host.c_str(), buffer) == 1;
}

sockaddr_storage resolve(const std::string& host, const std::string& port, socklen_t& length) {
  addrinfo hints{};
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* result = nullptr;
  if (int error = getaddrinfo(host.c_str(), port.c_str(), &hints, &result); error != 0 || !result) {
    die("cannot resolve " + host + ":" + port + ": " + gai_strerror(error));
  }
  sockaddr_storage address{};
  std::memcpy(&address, result->ai_addr, result->ai_addrlen);
  length = result->ai_addrlen;
  freeaddrinfo(result);
  return address;
}

std::string openssl_errors() {
  std::string text;
  while (unsigned long code = ERR_get_error()) {
    char buffer[256];
    ERR_error_string_n(code, buffer, sizeof buffer);
    if (!text.empty()) text += "; ";
    text += buffer;
  }
  return text.empty() ? "(no OpenSSL error queued)" : text;
}

// Shared, read-only after start.
struct Setup {
  Options options;
  SSL_CTX* tls = nullptr;
  sockaddr_storage dial_address{};
  socklen_t dial_length = 0;
  std::string connect_request;  // empty without a proxy
  std::string http_request;
  bool send_sni = true;
};

enum class State { TcpConnecting, SendingConnect, ReadingConnectReply, Handshaking, Ready, Writing, Reading, Done, Dead };

struct Connection {
  int fd = -1;
  SSL* ssl = nullptr;
  State state = State::TcpConnecting;
  std::string pending;     // bytes to write (CONNECT request) or read so far
  size_t written = 0;
  Clock::time_point sent_at;
  int requests_done = 0;
  uint32_t interest = 0;
};

// Outcome of parsing what was read so far as one HTTP/1.1 response.
enum class Parse { Incomplete, Complete, Bad };

Parse parse_response(const std::string& data, int& status) {
  auto header_end = data.find("\r\n\r\n");
  if (header_end == std::string::npos) return Parse::Incomplete;
  if (data.size() < 12 || data.compare(0, 5, "HTTP/") != 0) return Parse::Bad;
  status = std::atoi(data.c_str() + 9);
  std::string headers = data.substr(0, header_end + 2);
  std::transform(headers.begin(), headers.end(), headers.begin(), [](unsigned char c) { return std::tolower(c); });
  size_t body_start = header_end + 4;
  if (auto at = headers.find("\r\ncontent-length:"); at != std::string::npos) {
    size_t length = std::strtoull(headers.c_str() + at + 17, nullptr, 10);
    return data.size() >= body_start + length ? (data.size() == body_start + length ? Parse::Complete : Parse::Bad)
                                              : Parse::Incomplete;
  }
  if (headers.find("\r\ntransfer-encoding: chunked") != std::string::npos) {
    size_t at = body_start;
    while (true) {
      auto line_end = data.find("\r\n", at);
      if (line_end == std::string::npos) return Parse::Incomplete;
      size_t size = std::strtoull(data.c_str() + at, nullptr, 16);
      at = line_end + 2;
      if (size == 0) {
        if (data.size() < at + 2) return Parse::Incomplete;
        return data.compare(at, 2, "\r\n") == 0 ? Parse::Complete : Parse::Bad;  // no trailers expected
      }
      if (data.size() < at + size + 2) return Parse::Incomplete;
      at += size + 2;
    }
  }
  return Parse::Bad;  // close-delimited bodies cannot be keep-alive
}

class Worker {
 public:
  Worker(const Setup& setup, int connections, int max_requests) : setup_(setup), max_requests_(max_requests) {
    epoll_ = epoll_create1(EPOLL_CLOEXEC);
    if (epoll_ < 0) die("epoll_create1 failed");
    connections_.resize(connections);
  }
  ~Worker() {
    close_all();
    ::close(epoll_);
  }

  // Opens every connection and waits until each has done its CONNECT and TLS
  // handshake. Returns the first failure's reason, if any.
  std::optional<std::string> open_all() {
    for (auto& connection : connections_) start(connection);
    int waiting = static_cast<int>(connections_.size());
    while (waiting > 0) {
      waiting = 0;
      run_events(1000);
      for (auto& connection : connections_) {
        if (connection.state == State::Dead) return failure_.empty() ? "connection failed" : failure_;
        if (connection.state != State::Ready) ++waiting;
      }
      if (Clock::now() - created_ > std::chrono::seconds(60)) return "setup timed out after 60 s";
    }
    return std::nullopt;
  }

  // Sends requests on every connection until `until`, or until each has done
  // max_requests (0: no limit).
  void load(Clock::time_point until) {
    until_ = until;
    for (auto& connection : connections_) send_request(connection);
    while (Clock::now() < until_) {
      bool active = false;
      for (auto& connection : connections_) active |= connection.state == State::Writing || connection.state == State::Reading;
      if (!active) break;
      run_events(50);
    }
  }

  void close_all() {
    for (auto& connection : connections_) {
      if (connection.ssl) SSL_free(connection.ssl);
      if (connection.fd >= 0) ::close(connection.fd);
      connection.ssl = nullptr;
      connection.fd = -1;
    }
  }

  std::vector<uint32_t> latencies_us;
  long errors = 0;
  std::string failure_;

 private:
  void watch(Connection& connection, uint32_t events) {
    if (connection.interest == events) return;
    epoll_event event{};
    event.events = events;
    event.data.ptr = &connection;
    int op = connection.interest == 0 ? EPOLL_CTL_ADD : (events == 0 ? EPOLL_CTL_DEL : EPOLL_CTL_MOD);
    if (epoll_ctl(epoll_, op, connection.fd, &event) != 0) die(std::string("epoll_ctl: ") + std::strerror(errno));
    connection.interest = events;
  }

  void fail(Connection& connection, const std::string& reason) {
    if (failure_.empty()) failure_ = reason;
    if (connection.interest) watch(connection, 0);
    connection.state = State::Dead;
    ++errors;
  }

  void start(Connection& connection) {
    connection.fd = ::socket(setup_.dial_address.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (connection.fd < 0) die(std::string("socket: ") + std::strerror(errno));
    int one = 1;
    setsockopt(connection.fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    int result = ::connect(connection.fd, reinterpret_cast<const sockaddr*>(&setup_.dial_address), setup_.dial_length);
    if (result != 0 && errno != EINPROGRESS) return fail(connection, std::string("connect: ") + std::strerror(errno));
    connection.state = State::TcpConnecting;
    watch(connection, EPOLLOUT);
  }

  void run_events(int timeout_ms) {
    epoll_event events[256];
    int count = epoll_wait(epoll_, events, 256, timeout_ms);
    if (count < 0 && errno != EINTR) die(std::string("epoll_wait: ") + std::strerror(errno));
    for (int i = 0; i < count; ++i) step(*static_cast<Connection*>(events[i].data.ptr));
  }

  void step(Connection& connection) {
    switch (connection.state) {
      case State::TcpConnecting: return on_connected(connection);
      case State::SendingConnect: return write_connect(connection);
      case State::ReadingConnectReply: return read_connect_reply(connection);
      case State::Handshaking: return handshake(connection);
      case State::Writing: return write_request(connection);
      case State::Reading: return read_response(connection);
      default: return;
    }
  }

  void on_connected(Connection& connection) {
    int error = 0;
    socklen_t length = sizeof error;
    getsockopt(connection.fd, SOL_SOCKET, SO_ERROR, &error, &length);
    if (error != 0) return fail(connection, std::string("connect: ") + std::strerror(error));
    if (setup_.connect_request.empty()) return begin_tls(connection);
    connection.pending = setup_.connect_request;
    connection.written = 0;
    connection.state = State::SendingConnect;
    write_connect(connection);
  }

  void write_connect(Connection& connection) {
    while (connection.written < connection.pending.size()) {
      ssize_t n = ::send(connection.fd, connection.pending.data() + connection.written,
                         connection.pending.size() - connection.written, MSG_NOSIGNAL);
      if (n < 0 && (errno == EAGAIN || errno == EINTR)) return watch(connection, EPOLLOUT);
      if (n <= 0) return fail(connection, std::string("sending CONNECT: ") + std::strerror(errno));
      connection.written += static_cast<size_t>(n);
    }
    connection.pending.clear();
    connection.state = State::ReadingConnectReply;
    watch(connection, EPOLLIN);
  }

  void read_connect_reply(Connection& connection) {
    char buffer[4096];
    while (true) {
      ssize_t n = ::recv(connection.fd, buffer, sizeof buffer, 0);
      if (n < 0 && (errno == EAGAIN || errno == EINTR)) return;
      if (n == 0) return fail(connection, "proxy closed the connection after CONNECT: " + connection.pending);
      if (n < 0) return fail(connection, std::string("reading the CONNECT reply: ") + std::strerror(errno));
      connection.pending.append(buffer, static_cast<size_t>(n));
      auto end = connection.pending.find("\r\n\r\n");
      if (end == std::string::npos) continue;
      if (connection.pending.compare(0, 12, "HTTP/1.1 200") != 0 && connection.pending.compare(0, 12, "HTTP/1.0 200") != 0) {
        return fail(connection, "proxy refused CONNECT: " + connection.pending.substr(0, 300));
      }
      if (end + 4 != connection.pending.size()) return fail(connection, "bytes after the CONNECT reply");
      connection.pending.clear();
      return begin_tls(connection);
    }
  }

  void begin_tls(Connection& connection) {
    connection.ssl = SSL_new(setup_.tls);
    SSL_set_fd(connection.ssl, connection.fd);
    SSL_set_connect_state(connection.ssl);
    const std::string& host = setup_.options.target_host;
    if (setup_.send_sni) SSL_set_tlsext_host_name(connection.ssl, host.c_str());
    X509_VERIFY_PARAM* param = SSL_get0_param(connection.ssl);
    if (!setup_.options.name_check) {
      // the chain is still verified; only the name or IP match is skipped
    } else if (is_ip_literal(host)) X509_VERIFY_PARAM_set1_ip_asc(param, host.c_str());
    else X509_VERIFY_PARAM_set1_host(param, host.c_str(), 0);
    connection.state = State::Handshaking;
    handshake(connection);
  }

  // Maps an OpenSSL WANT_* result to the epoll interest; false on a real error.
  bool wait_for(Connection& connection, int result) {
    int error = SSL_get_error(connection.ssl, result);
    if (error == SSL_ERROR_WANT_READ) return watch(connection, EPOLLIN), true;
    if (error == SSL_ERROR_WANT_WRITE) return watch(connection, EPOLLOUT), true;
    return false;
  }

  void handshake(Connection& connection) {
    int result = SSL_do_handshake(connection.ssl);
    if (result == 1) {
      connection.state = State::Ready;
      return watch(connection, 0);
    }
    if (wait_for(connection, result)) return;
    long verify = SSL_get_verify_result(connection.ssl);
    std::string reason = "TLS handshake failed: " + openssl_errors();
    if (verify != X509_V_OK) reason += " (certificate: " + std::string(X509_verify_cert_error_string(verify)) + ")";
    fail(connection, reason);
  }

  void send_request(Connection& connection) {
    if (connection.state != State::Ready) return;
    if ((max_requests_ > 0 && connection.requests_done >= max_requests_) || Clock::now() >= until_) {
      connection.state = State::Done;
      return;
    }
    connection.sent_at = Clock::now();
    connection.pending.clear();
    connection.state = State::Writing;
    write_request(connection);
  }

  void write_request(Connection& connection) {
    const std::string& request = setup_.http_request;
    int result = SSL_write(connection.ssl, request.data(), static_cast<int>(request.size()));
    if (result <= 0) {
      if (wait_for(connection, result)) return;
      return fail(connection, "TLS write failed: " + openssl_errors());
    }
    // The response is read when epoll reports it (reading here could recurse
    // through read_response -> send_request -> write_request without bound).
    connection.state = State::Reading;
    watch(connection, EPOLLIN);
  }

  void read_response(Connection& connection) {
    char buffer[65536];
    while (true) {
      int result = SSL_read(connection.ssl, buffer, sizeof buffer);
      if (result <= 0) {
        if (wait_for(connection, result)) break;
        return fail(connection, "connection closed while reading a response (" + openssl_errors() + ")");
      }
      connection.pending.append(buffer, static_cast<size_t>(result));
    }
    int status = 0;
    switch (parse_response(connection.pending, status)) {
      case Parse::Incomplete: return;
      case Parse::Bad: return fail(connection, "unparsable response: " + connection.pending.substr(0, 200));
      case Parse::Complete: break;
    }
    if (status < 200 || status > 299) {
      return fail(connection, "status " + std::to_string(status) + ": " + connection.pending.substr(0, 300));
    }
    auto now = Clock::now();
    if (now <= until_) {
      latencies_us.push_back(static_cast<uint32_t>(
          std::chrono::duration_cast<std::chrono::microseconds>(now - connection.sent_at).count()));
    }
    ++connection.requests_done;
    connection.state = State::Ready;
    send_request(connection);
    if (connection.state == State::Done) watch(connection, 0);
  }

  const Setup& setup_;
  int max_requests_;
  int epoll_ = -1;
  std::vector<Connection> connections_;
  Clock::time_point until_ = Clock::time_point::max();
  Clock::time_point created_ = Clock::now();
};

Setup make_setup(const Options& options) {
  Setup setup;
  setup.options = options;
  setup.tls = SSL_CTX_new(TLS_client_method());
  if (!setup.tls) die("SSL_CTX_new: " + openssl_errors());
  SSL_CTX_set_verify(setup.tls, SSL_VERIFY_PEER, nullptr);
  if (SSL_CTX_load_verify_locations(setup.tls, options.cafile.c_str(), nullptr) != 1) {
    die("cannot load --cafile " + options.cafile + ": " + openssl_errors());
  }
  SSL_CTX_set_session_cache_mode(setup.tls, SSL_SESS_CACHE_OFF);  // every connection does a full handshake
  SSL_CTX_set_mode(setup.tls, SSL_MODE_RELEASE_BUFFERS);
  std::string authority = options.target_host.find(':') != std::string::npos
                              ? "[" + options.target_host + "]:" + options.target_port
                              : options.target_host + ":" + options.target_port;
  if (options.proxy_host.empty()) {
    setup.dial_address = resolve(options.target_host, options.target_port, setup.dial_length);
  } else {
    setup.dial_address = resolve(options.proxy_host, options.proxy_port, setup.dial_length);
    setup.connect_request = "CONNECT " + authority + " HTTP/1.1\r\nHost: " + authority + "\r\n\r\n";
  }
  setup.http_request = "GET " + options.path + " HTTP/1.1\r\nHost: " + authority +
                       "\r\nUser-Agent: proxy_load\r\nAccept: */*\r\n\r\n";
  setup.send_sni = !is_ip_literal(options.target_host);
  return setup;
}

double percentile_ms(std::vector<uint32_t>& sorted, double fraction) {
  if (sorted.empty()) return 0;
  size_t index = std::min(sorted.size() - 1, static_cast<size_t>(fraction * static_cast<double>(sorted.size())));
  return sorted[index] / 1000.0;
}

int run_load(const Setup& setup) {
  const Options& options = setup.options;
  int threads = std::min(options.threads, options.connections);
  std::vector<std::unique_ptr<Worker>> workers;
  for (int i = 0; i < threads; ++i) {
    int share = options.connections / threads + (i < options.connections % threads ? 1 : 0);
    workers.push_back(std::make_unique<Worker>(setup, share, 0));
  }
  std::atomic<bool> setup_failed{false};
  std::vector<std::string> failures(threads);
  Clock::time_point started, until;
  std::barrier ready(threads, [&]() noexcept {
    started = Clock::now();
    until = started + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(options.duration));
  });
  std::vector<std::thread> running;
  for (int i = 0; i < threads; ++i) {
    running.emplace_back([&, i] {
      if (auto failure = workers[i]->open_all()) {
        failures[i] = *failure;
        setup_failed = true;
      }
      ready.arrive_and_wait();
      if (!setup_failed) workers[i]->load(until);
    });
  }
  for (auto& thread : running) thread.join();
  double seconds = std::chrono::duration<double>(std::min(Clock::now(), until) - started).count();
  for (auto& failure : failures) {
    if (!failure.empty()) die(failure);
  }
  std::vector<uint32_t> all;
  long errors = 0;
  std::string first_error;
  for (auto& worker : workers) {
    all.insert(all.end(), worker->latencies_us.begin(), worker->latencies_us.end());
    errors += worker->errors;
    if (first_error.empty()) first_error = worker->failure_;
  }
  std::sort(all.begin(), all.end());
  std::printf("requests=%zu seconds=%.3f rps=%.1f p50_ms=%.3f p99_ms=%.3f errors=%ld\n", all.size(), seconds,
              static_cast<double>(all.size()) / seconds, percentile_ms(all, 0.50), percentile_ms(all, 0.99), errors);
  if (!first_error.empty()) std::fprintf(stderr, "proxy_load: first error: %s\n", first_error.c_str());
  return all.empty() ? 1 : 0;
}

// One request on a new connection; the time from socket() to the response's end.
double timed_request(const Setup& setup) {
  auto begin = Clock::now();
  Worker worker(setup, 1, 1);
  if (auto failure = worker.open_all()) die(*failure);
  worker.load(Clock::now() + std::chrono::seconds(30));
  if (worker.latencies_us.size() != 1) die(worker.failure_.empty() ? "no response" : worker.failure_);
  double ms = std::chrono::duration<double, std::milli>(Clock::now() - begin).count();
  worker.close_all();
  return ms;
}

int run_fresh(const Setup& setup) {
  if (!setup.options.warm_target.empty()) {
    // OpenSSL 3 fetches and caches algorithms on first use: a process's first
    // handshake is slower on the client side alone, so do one untimed.
    Options warm_options = setup.options;
    split_host_port(warm_options.warm_target, warm_options.target_host, warm_options.target_port);
    Setup warm = make_setup(warm_options);
    timed_request(warm);
  }
  std::string times;
  for (int i = 0; i < setup.options.fresh; ++i) {
    double ms = timed_request(setup);
    char text[32];
    std::snprintf(text, sizeof text, "%s%.3f", times.empty() ? "" : ",", ms);
    times += text;
  }
  std::printf("fresh_ms=%s\n", times.c_str());
  return 0;
}

int run_hold(const Setup& setup) {
  Worker worker(setup, setup.options.hold, 1);
  if (auto failure = worker.open_all()) die(*failure);
  worker.load(Clock::now() + std::chrono::seconds(30));
  if (worker.latencies_us.size() != static_cast<size_t>(setup.options.hold)) {
    die("only " + std::to_string(worker.latencies_us.size()) + " of " + std::to_string(setup.options.hold) +
        " held connections answered: " + worker.failure_);
  }
  std::printf("holding %d\n", setup.options.hold);
  std::fflush(stdout);
  pollfd input{0, POLLIN, 0};
  auto until = Clock::now() + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(setup.options.hold_seconds));
  char buffer[256];
  while (Clock::now() < until) {
    int left = static_cast<int>(std::chrono::duration_cast<std::chrono::milliseconds>(until - Clock::now()).count());
    if (poll(&input, 1, std::max(1, left)) > 0 && ::read(0, buffer, sizeof buffer) <= 0) break;
  }
  worker.close_all();
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  Options options = parse_options(argc, argv);
  Setup setup = make_setup(options);
  if (options.fresh > 0) return run_fresh(setup);
  if (options.hold > 0) return run_hold(setup);
  return run_load(setup);
}
