#include "proxy/server/cached_objects.hpp"

#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>

#include <unistd.h>

namespace octobot::proxy {
namespace {

std::string hit_header(const CachedObject& object, bool keep_alive) {
  std::string header = "HTTP/1.1 200 OK\r\n";
  header += "Content-Type: " + (object.content_type.empty() ? std::string("application/octet-stream") : object.content_type) + "\r\n";
  header += "Content-Length: " + std::to_string(object.size) + "\r\n";
  header += "Docker-Content-Digest: " + object.digest + "\r\n";
  header += "X-Cache: HIT\r\n";
  if (!keep_alive) header += "Connection: close\r\n";
  return header + "\r\n";
}

asio::awaitable<bool> send_hit(TlsSocket& client, const CachedObject& object, bool head, bool keep_alive,
                               AccessEntry& entry) {
  auto header = hit_header(object, keep_alive);
  auto [header_error, header_written] = co_await asio::async_write(client, asio::buffer(header), use_tuple);
  if (header_error) co_return false;
  if (head) co_return true;
  std::vector<char> chunk(64 * 1024);
  std::uint64_t offset = 0;
  while (offset < object.size) {
    auto read = ::pread(object.file.get(), chunk.data(), chunk.size(), static_cast<off_t>(offset));
    if (read <= 0) co_return false;  // the file shrank under us: close so the client sees a short body
    auto [error, written] = co_await asio::async_write(client, asio::buffer(chunk.data(), read), use_tuple);
    if (error) co_return false;
    offset += static_cast<std::uint64_t>(read);
    entry.bytes_down += static_cast<std::uint64_t>(read);
  }
  co_return true;
}

// Suspends until the other fill ends (or the limit passes).
asio::awaitable<void> wait_for_fill(Wait& wait, std::chrono::milliseconds limit) {
  auto executor = co_await asio::this_coro::executor;
  auto timer = std::make_shared<asio::steady_timer>(executor, limit);
  wait.on_done([timer, executor] { asio::post(executor, [timer] { timer->cancel(); }); });
  co_await timer->async_wait(use_tuple);
}

}  // namespace

asio::awaitable<CacheOutcome> lookup_or_claim(TlsSocket& client, RegistryCache& cache, const RegistryObject& object,
                                              bool keep_alive, std::chrono::milliseconds wait_limit,
                                              std::optional<Fill>& fill, AccessEntry& entry) {
  for (int attempt = 0; attempt < 3; ++attempt) {
    if (auto hit = cache.lookup(object.digest)) {
      entry.status = 200;
      entry.decision = "cache-hit";
      co_return co_await send_hit(client, *hit, object.head, keep_alive, entry) ? CacheOutcome::served
                                                                                  : CacheOutcome::failed;
    }
    if (object.head) co_return CacheOutcome::forward;
    auto begun = cache.begin_fill(object.digest, "");
    if (auto* claimed = std::get_if<Fill>(&begun)) {
      fill.emplace(std::move(*claimed));
      co_return CacheOutcome::forward;
    }
    auto* wait = std::get_if<Wait>(&begun);
    if (!wait) co_return CacheOutcome::forward;  // Bypass
    co_await wait_for_fill(*wait, wait_limit);
  }
  co_return CacheOutcome::forward;
}

}  // namespace octobot::proxy
