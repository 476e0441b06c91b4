#include "proxy/cache/registry_cache.hpp"

#include "tests/unit/proxy/cache/cache_test_support.hpp"

#include <catch2/catch.hpp>

#include <sys/stat.h>

#include <atomic>
#include <fstream>
#include <latch>
#include <thread>

using namespace octobot::proxy;
using namespace octobot::proxy::test;
using namespace std::string_literals;

TEST_CASE("a miss is filled, committed and then served with identical bytes", "[proxy][cache]") {
  TempDir temp;
  auto cache = open_cache(cache_dir(temp), 1 << 20);
  const std::string bytes = "layer bytes \0 with a NUL and more"s + std::string(10000, 'x');
  const std::string digest = digest_of(bytes);

  CHECK_FALSE(cache->lookup(digest));
  store(*cache, bytes, "application/vnd.oci.image.layer.v1.tar+gzip");

  auto hit = cache->lookup(digest);
  REQUIRE(hit);
  CHECK(hit->size == bytes.size());
  CHECK(hit->digest == digest);
  CHECK(hit->content_type == "application/vnd.oci.image.layer.v1.tar+gzip");
  CHECK(read_all(hit->file.get()) == bytes);

  const CacheStats stats = cache->stats();
  CHECK(stats.entries == 1);
  CHECK(stats.bytes == bytes.size());
  CHECK(stats.max_size == 1 << 20);
  CHECK(stats.hits == 1);
  CHECK(stats.misses == 1);
  CHECK(stats.fills == 1);
  CHECK(stats.aborted_fills == 0);

  const std::string hex = hex_of(bytes);
  CHECK(file_names(cache_dir(temp) + "/sha256") == std::vector<std::string>{hex, hex + ".meta"});
  CHECK(file_names(cache_dir(temp) + "/tmp").empty());
  struct stat info {};
  REQUIRE(::stat(cache_dir(temp).c_str(), &info) == 0);
  CHECK((info.st_mode & 0777) == 0700);
}

TEST_CASE("an empty object can be cached", "[proxy][cache]") {
  TempDir temp;
  auto cache = open_cache(cache_dir(temp), 100);
  store(*cache, "");
  auto hit = cache->lookup(digest_of(""));
  REQUIRE(hit);
  CHECK(hit->size == 0);
  CHECK(read_all(hit->file.get()).empty());
}

TEST_CASE("content with another digest is never cached", "[proxy][cache]") {
  TempDir temp;
  auto cache = open_cache(cache_dir(temp), 1 << 20);
  const std::string expected = "the real blob";
  const std::string served = "a tampered blob";

  Fill fill = take_fill(cache->begin_fill(digest_of(expected), "application/octet-stream"));
  REQUIRE(fill.append(std::span<const char>(served.data(), served.size())));
  const auto committed = fill.commit();
  REQUIRE_FALSE(committed);
  CHECK(committed.error() == "digest mismatch: expected " + digest_of(expected) + " got " + digest_of(served));
  CHECK_FALSE(fill.commit());  // stays failed

  CHECK_FALSE(cache->lookup(digest_of(expected)));
  CHECK_FALSE(cache->lookup(digest_of(served)));
  CHECK(file_names(cache_dir(temp) + "/sha256").empty());
  CHECK(file_names(cache_dir(temp) + "/tmp").empty());
  const CacheStats stats = cache->stats();
  CHECK(stats.digest_mismatches == 1);
  CHECK(stats.aborted_fills == 1);
  CHECK(stats.fills == 0);
  CHECK(stats.entries == 0);

  // The digest can be filled again, correctly this time.
  store(*cache, expected);
  CHECK(cache->lookup(digest_of(expected)));
}

TEST_CASE("racing begin_fill calls for one digest fetch it once", "[proxy][cache][threads]") {
  TempDir temp;
  auto cache = open_cache(cache_dir(temp), 1 << 20);
  constexpr int kThreads = 8;
  const std::string bytes(50000, 'b');
  const std::string digest = digest_of(bytes);

  std::vector<std::optional<BeginResult>> results(kThreads);
  {
    std::latch start(kThreads);
    std::vector<std::thread> threads;
    for (int i = 0; i < kThreads; ++i) {
      threads.emplace_back([&, i] {
        start.arrive_and_wait();
        results[static_cast<std::size_t>(i)].emplace(cache->begin_fill(digest, "application/octet-stream"));
      });
    }
    for (auto& thread : threads) thread.join();
  }

  std::optional<Fill> fill;
  std::vector<Wait> waits;
  for (auto& result : results) {
    if (auto* f = std::get_if<Fill>(&*result)) {
      REQUIRE_FALSE(fill);
      fill.emplace(std::move(*f));
    } else {
      waits.push_back(std::move(std::get<Wait>(*result)));
    }
  }
  REQUIRE(fill);
  REQUIRE(waits.size() == kThreads - 1);
  CHECK(cache->stats().coalesced_waits == kThreads - 1);

  std::atomic<int> woken{0};
  std::vector<std::thread::id> woken_on(waits.size());
  for (std::size_t i = 0; i < waits.size(); ++i) {
    waits[i].on_done([&, i] {
      woken_on[i] = std::this_thread::get_id();
      ++woken;
    });
  }
  REQUIRE(fill->append(std::span<const char>(bytes.data(), bytes.size())));
  CHECK(woken == 0);  // nothing fires before the fill ends

  std::thread::id committer;
  bool committed = false;
  std::thread commit_thread([&] {  // no Catch2 assertions off the main thread
    committer = std::this_thread::get_id();
    committed = fill->commit().ok();
  });
  commit_thread.join();
  REQUIRE(committed);

  CHECK(woken == kThreads - 1);
  for (const auto& id : woken_on) CHECK(id == committer);
  auto hit = cache->lookup(digest);
  REQUIRE(hit);
  CHECK(read_all(hit->file.get()) == bytes);
  CHECK(cache->stats().fills == 1);

  // Once stored, begin_fill answers with a Wait that is already done.
  int late = 0;
  take_wait(cache->begin_fill(digest, "application/octet-stream")).on_done([&] { ++late; });
  CHECK(late == 1);
}

TEST_CASE("an aborted fill wakes its waiters and the digest can be filled again", "[proxy][cache]") {
  TempDir temp;
  auto cache = open_cache(cache_dir(temp), 1 << 20);
  const std::string bytes = "manifest bytes";
  const std::string digest = digest_of(bytes);

  int woken = 0;
  {
    Fill fill = take_fill(cache->begin_fill(digest, "application/json"));
    REQUIRE(fill.append(std::span<const char>(bytes.data(), 4)));
    take_wait(cache->begin_fill(digest, "application/json")).on_done([&] { ++woken; });
    CHECK(woken == 0);
    CHECK(file_names(cache_dir(temp) + "/tmp").size() == 1);
  }  // dropped without commit
  CHECK(woken == 1);
  CHECK(file_names(cache_dir(temp) + "/tmp").empty());
  CHECK_FALSE(cache->lookup(digest));
  CHECK(cache->stats().aborted_fills == 1);

  Fill again = take_fill(cache->begin_fill(digest, "application/json"));
  REQUIRE(again.append(std::span<const char>(bytes.data(), bytes.size())));
  REQUIRE(again.commit());
  CHECK(woken == 1);  // exactly once
  auto hit = cache->lookup(digest);
  REQUIRE(hit);
  CHECK(hit->content_type == "application/json");
}

TEST_CASE("moving a Fill transfers it; overwriting an active one aborts it", "[proxy][cache]") {
  TempDir temp;
  auto cache = open_cache(cache_dir(temp), 1 << 20);
  const std::string first = "first object";
  const std::string second = "second object";

  Fill fill = take_fill(cache->begin_fill(digest_of(first), "a/b"));
  int woken = 0;
  take_wait(cache->begin_fill(digest_of(first), "a/b")).on_done([&] { ++woken; });

  Fill moved = std::move(fill);
  CHECK_FALSE(fill.append(std::span<const char>(first.data(), first.size())));  // NOLINT: moved-from use is defined
  CHECK(woken == 0);

  moved = take_fill(cache->begin_fill(digest_of(second), "a/b"));  // aborts the first fill
  CHECK(woken == 1);
  REQUIRE(moved.append(std::span<const char>(second.data(), second.size())));
  REQUIRE(moved.commit());
  CHECK(cache->lookup(digest_of(second)));
  CHECK_FALSE(cache->lookup(digest_of(first)));
  CHECK_FALSE(moved.commit());  // already committed
}

TEST_CASE("objects larger than max_size are never kept", "[proxy][cache]") {
  TempDir temp;
  auto cache = open_cache(cache_dir(temp), 100);
  const std::string big(101, 'z');
  const std::string exact(100, 'e');

  Fill fill = take_fill(cache->begin_fill(digest_of(big), "application/octet-stream"));
  int woken = 0;
  take_wait(cache->begin_fill(digest_of(big), "application/octet-stream")).on_done([&] { ++woken; });
  REQUIRE(fill.append(std::span<const char>(big.data(), 60)));
  const auto appended = fill.append(std::span<const char>(big.data() + 60, 41));
  REQUIRE_FALSE(appended);
  CHECK_THAT(appended.error(), Catch::Contains("max_size"));
  CHECK(woken == 1);  // waiters are released as soon as the fill gives up
  CHECK_FALSE(fill.commit());
  CHECK(file_names(cache_dir(temp) + "/tmp").empty());
  CHECK_FALSE(cache->lookup(digest_of(big)));

  store(*cache, exact);
  CHECK(cache->lookup(digest_of(exact)));
  CHECK(cache->stats().bytes == 100);
}

TEST_CASE("LRU eviction by total size removes the least recently used", "[proxy][cache]") {
  TempDir temp;
  auto cache = open_cache(cache_dir(temp), 300);
  const std::string a(100, 'a'), b(100, 'b'), c(100, 'c'), d(100, 'd');
  store(*cache, a);
  store(*cache, b);
  store(*cache, c);
  CHECK(cache->lookup(digest_of(a)));  // a is now the most recently used; b the least

  store(*cache, d);
  CHECK(cache->stats().evictions == 1);
  CHECK(cache->stats().bytes == 300);
  CHECK_FALSE(cache->lookup(digest_of(b)));
  CHECK(cache->lookup(digest_of(a)));
  CHECK(cache->lookup(digest_of(c)));
  CHECK(cache->lookup(digest_of(d)));
  CHECK_FALSE(std::filesystem::exists(cache_dir(temp) + "/sha256/" + hex_of(b)));
  CHECK_FALSE(std::filesystem::exists(cache_dir(temp) + "/sha256/" + hex_of(b) + ".meta"));

  // A large object evicts several, never itself.
  const std::string e(250, 'e');
  store(*cache, e);
  CHECK(cache->stats().entries == 1);
  CHECK(cache->lookup(digest_of(e)));
}

TEST_CASE("eviction does not break a reader that holds the object", "[proxy][cache]") {
  TempDir temp;
  auto cache = open_cache(cache_dir(temp), 100);
  const std::string old(100, 'o'), fresh(100, 'f');
  store(*cache, old);
  auto reader = cache->lookup(digest_of(old));
  REQUIRE(reader);
  store(*cache, fresh);  // evicts `old`
  CHECK_FALSE(cache->lookup(digest_of(old)));
  CHECK(read_all(reader->file.get()) == old);
}

TEST_CASE("clear() removes every entry but open readers keep reading", "[proxy][cache]") {
  TempDir temp;
  auto cache = open_cache(cache_dir(temp), 1 << 20);
  const std::string bytes(70000, 'r');
  store(*cache, bytes);
  store(*cache, "another");
  auto reader = cache->lookup(digest_of(bytes));
  REQUIRE(reader);

  cache->clear();
  CHECK(read_all(reader->file.get()) == bytes);
  CHECK_FALSE(cache->lookup(digest_of(bytes)));
  CHECK_FALSE(cache->lookup(digest_of("another")));
  CHECK(file_names(cache_dir(temp) + "/sha256").empty());
  const CacheStats stats = cache->stats();
  CHECK(stats.entries == 0);
  CHECK(stats.bytes == 0);
  CHECK(stats.fills == 2);  // cumulative counters survive clear()
  CHECK(stats.hits == 1);

  store(*cache, bytes);  // and the cache works afterwards
  CHECK(cache->lookup(digest_of(bytes)));
}

TEST_CASE("the index survives a restart, LRU order included", "[proxy][cache]") {
  TempDir temp;
  const std::string a(100, 'a'), b(100, 'b'), c(100, 'c');
  {
    auto cache = open_cache(cache_dir(temp), 1000);
    store(*cache, a, "type/a");
    store(*cache, b, "type/b");
    store(*cache, c, "type/c");
    CHECK(cache->lookup(digest_of(a)));  // order now: b, c, a
  }
  {
    auto cache = open_cache(cache_dir(temp), 1000);
    const CacheStats stats = cache->stats();
    CHECK(stats.entries == 3);
    CHECK(stats.bytes == 300);
    auto hit = cache->lookup(digest_of(b));  // order now: c, a, b
    REQUIRE(hit);
    CHECK(hit->content_type == "type/b");
    CHECK(read_all(hit->file.get()) == b);
  }
  {
    auto cache = open_cache(cache_dir(temp), 200);  // must evict the least recently used: c
    CHECK(cache->stats().evictions == 1);
    CHECK(cache->stats().entries == 2);
    CHECK_FALSE(cache->lookup(digest_of(c)));
    CHECK(cache->lookup(digest_of(a)));
    CHECK(cache->lookup(digest_of(b)));
  }
}

TEST_CASE("a restart removes temp leftovers and broken entries", "[proxy][cache]") {
  TempDir temp;
  const std::string good(100, 'g'), truncated(100, 't'), orphan_meta(100, 'm'), no_meta(100, 'n');
  {
    auto cache = open_cache(cache_dir(temp), 1000);
    store(*cache, good);
    store(*cache, truncated);
    store(*cache, orphan_meta);
    store(*cache, no_meta);
  }
  const std::string objects = cache_dir(temp) + "/sha256/";
  std::filesystem::resize_file(objects + hex_of(truncated), 50);
  std::filesystem::remove(objects + hex_of(orphan_meta));
  std::filesystem::remove(objects + hex_of(no_meta) + ".meta");
  std::ofstream(cache_dir(temp) + "/tmp/" + hex_of(good) + ".abc123") << "half a download";
  std::ofstream(objects + "README") << "not ours: left alone";

  auto cache = open_cache(cache_dir(temp), 1000);
  CHECK(cache->stats().entries == 1);
  CHECK(cache->lookup(digest_of(good)));
  CHECK_FALSE(cache->lookup(digest_of(truncated)));
  CHECK_FALSE(cache->lookup(digest_of(orphan_meta)));
  CHECK_FALSE(cache->lookup(digest_of(no_meta)));
  CHECK(file_names(cache_dir(temp) + "/tmp").empty());
  CHECK(file_names(objects) == std::vector<std::string>{hex_of(good), hex_of(good) + ".meta", "README"});
}

TEST_CASE("an entry damaged while running is dropped at lookup", "[proxy][cache]") {
  TempDir temp;
  auto cache = open_cache(cache_dir(temp), 1000);
  const std::string bytes(100, 'd');
  store(*cache, bytes);
  std::filesystem::resize_file(cache_dir(temp) + "/sha256/" + hex_of(bytes), 10);
  CHECK_FALSE(cache->lookup(digest_of(bytes)));
  CHECK(cache->stats().entries == 0);
  store(*cache, bytes);
  CHECK(cache->lookup(digest_of(bytes)));
}

TEST_CASE("one directory is used by one cache at a time", "[proxy][cache]") {
  TempDir temp;
  auto first = open_cache(cache_dir(temp), 1000);
  const auto second = RegistryCache::open(cache_dir(temp), 1000);
  REQUIRE_FALSE(second);
  CHECK_THAT(second.error(), Catch::Contains("already in use"));
  first.reset();
  CHECK(RegistryCache::open(cache_dir(temp), 1000));
}

TEST_CASE("open() reports a directory it cannot create", "[proxy][cache]") {
  TempDir temp;
  std::ofstream(temp.path() + "/file") << "x";
  const auto cache = RegistryCache::open(temp.path() + "/file/cache", 1000);
  REQUIRE_FALSE(cache);
  CHECK_THAT(cache.error(), Catch::Contains(temp.path() + "/file"));
}

TEST_CASE("invalid digests are misses and bypass the cache", "[proxy][cache]") {
  TempDir temp;
  auto cache = open_cache(cache_dir(temp), 1000);
  CHECK_FALSE(cache->lookup("sha256:../../etc/passwd"));
  CHECK_FALSE(cache->lookup("latest"));
  const BeginResult begun = cache->begin_fill("sha256:../../../tmp/x", "text/plain");
  REQUIRE(std::holds_alternative<Bypass>(begun));
  CHECK_THAT(std::get<Bypass>(begun).reason, Catch::Contains("not a sha256 digest"));
  CHECK(cache->stats().misses == 2);
}

TEST_CASE("unsafe content types are stored as application/octet-stream", "[proxy][cache]") {
  TempDir temp;
  auto cache = open_cache(cache_dir(temp), 1000);
  store(*cache, "x", "text/plain\r\nSet-Cookie: a=b");
  auto hit = cache->lookup(digest_of("x"));
  REQUIRE(hit);
  CHECK(hit->content_type == "application/octet-stream");
}

TEST_CASE("stats are exported as JSON", "[proxy][cache]") {
  CacheStats stats;
  stats.entries = 1;
  stats.bytes = 2;
  stats.max_size = 3;
  stats.hits = 4;
  stats.misses = 5;
  stats.fills = 6;
  stats.aborted_fills = 7;
  stats.coalesced_waits = 8;
  stats.evictions = 9;
  stats.digest_mismatches = 10;
  const nlohmann::json json = to_json(stats);
  CHECK(json == nlohmann::json{{"entries", 1},      {"bytes", 2},           {"max_size", 3},
                               {"hits", 4},         {"misses", 5},          {"fills", 6},
                               {"aborted_fills", 7}, {"coalesced_waits", 8}, {"evictions", 9},
                               {"digest_mismatches", 10}});
}
