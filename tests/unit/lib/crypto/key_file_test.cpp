// lib/crypto/key_file: the 0600 key file created on first start, and keys
// given in configuration.
#include "lib/crypto/crypto.hpp"
#include "lib/crypto/key_file.hpp"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sys/stat.h>

namespace crypto = octobot::crypto;
namespace fs = std::filesystem;

namespace {

class TempDir {
 public:
  TempDir() {
    char path[] = "/tmp/octobot-crypto-test-XXXXXX";
    REQUIRE(::mkdtemp(path) != nullptr);
    path_ = path;
  }
  ~TempDir() { fs::remove_all(path_); }
  std::string file(const std::string& name) const { return (path_ / name).string(); }

 private:
  fs::path path_;
};

mode_t file_mode(const std::string& path) {
  struct stat info {};
  REQUIRE(::stat(path.c_str(), &info) == 0);
  return info.st_mode & 07777;
}

void write_file(const std::string& path, const std::string& content, mode_t mode) {
  std::ofstream(path) << content;
  REQUIRE(::chmod(path.c_str(), mode) == 0);
}

}  // namespace

TEST_CASE("key file is created with mode 0600 and loaded again") {
  TempDir dir;
  const std::string path = dir.file("master.key");
  const auto created = crypto::load_or_create_key_file(path);
  REQUIRE(created);
  CHECK(created->size() == 32);
  CHECK(file_mode(path) == 0600);
  const auto loaded = crypto::load_or_create_key_file(path);
  REQUIRE(loaded);
  CHECK(*loaded == *created);
  std::size_t entries = 0;
  for ([[maybe_unused]] const auto& entry : fs::directory_iterator(dir.file(""))) ++entries;
  CHECK(entries == 1);  // no temporary file left behind
  const crypto::SecretBox box(*loaded);
  CHECK(box.open(crypto::SecretBox(*created).seal("x")));
}

TEST_CASE("key file created under a permissive umask is still 0600") {
  TempDir dir;
  const mode_t old = ::umask(0);
  const auto created = crypto::load_or_create_key_file(dir.file("k"));
  ::umask(old);
  REQUIRE(created);
  CHECK(file_mode(dir.file("k")) == 0600);
}

TEST_CASE("key file readable by group or others is refused") {
  TempDir dir;
  const std::string path = dir.file("master.key");
  write_file(path, crypto::base64_encode(crypto::random_bytes(32)) + "\n", 0644);
  const auto loaded = crypto::load_or_create_key_file(path);
  REQUIRE_FALSE(loaded);
  CHECK(loaded.error().message.find(path) != std::string::npos);
  CHECK(loaded.error().message.find("0644") != std::string::npos);
  CHECK(loaded.error().message.find("chmod 600") != std::string::npos);
}

TEST_CASE("key file with the wrong content is refused") {
  TempDir dir;
  const std::string short_key = dir.file("short.key");
  write_file(short_key, crypto::base64_encode(crypto::random_bytes(16)), 0600);
  const auto loaded = crypto::load_or_create_key_file(short_key);
  REQUIRE_FALSE(loaded);
  CHECK(loaded.error().message.find("32 bytes") != std::string::npos);
  CHECK(loaded.error().message.find("got 16") != std::string::npos);

  const std::string garbage = dir.file("garbage.key");
  write_file(garbage, "not a key at all", 0600);
  CHECK(crypto::load_or_create_key_file(garbage).error().message.find("base64") != std::string::npos);

  CHECK(crypto::load_or_create_key_file(dir.file("missing-dir/master.key")).error().message.find("cannot create") !=
        std::string::npos);
}

TEST_CASE("decode_key validates a key given in configuration") {
  const std::string key = crypto::random_bytes(32);
  CHECK(*crypto::decode_key(crypto::base64_encode(key)) == key);
  CHECK_FALSE(crypto::decode_key("abcd"));
  CHECK_FALSE(crypto::decode_key("@@@"));
}
