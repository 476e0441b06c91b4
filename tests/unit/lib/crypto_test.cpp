#include "lib/crypto/crypto.hpp"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sys/stat.h>

namespace {

namespace crypto = octobot::crypto;
namespace fs = std::filesystem;

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

TEST_CASE("sha256 matches the FIPS 180-2 test vectors") {
  CHECK(crypto::sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(crypto::sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(crypto::sha256("abc").size() == 32);
}

TEST_CASE("hmac_sha256 matches RFC 4231 test case 2") {
  CHECK(crypto::hex_encode(crypto::hmac_sha256("Jefe", "what do ya want for nothing?")) ==
        "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

TEST_CASE("base64 round-trips and rejects bad input") {
  CHECK(crypto::base64_encode("") == "");
  CHECK(crypto::base64_encode("f") == "Zg==");
  CHECK(crypto::base64_encode("fo") == "Zm8=");
  CHECK(crypto::base64_encode("foobar") == "Zm9vYmFy");
  CHECK(crypto::base64_decode("Zm9vYg==") == std::optional<std::string>("foob"));
  const std::string binary("\x00\xff\xfe\x10 \x7f", 6);
  CHECK(crypto::base64_decode(crypto::base64_encode(binary)) == binary);
  CHECK_FALSE(crypto::base64_decode("Zm9").has_value());        // length
  CHECK_FALSE(crypto::base64_decode("Zm9v!A==").has_value());   // alphabet
  CHECK_FALSE(crypto::base64_decode("Zg=a").has_value());       // padding in the middle
  CHECK_FALSE(crypto::base64_decode("Zh==").has_value());       // non-zero trailing bits
  CHECK_FALSE(crypto::base64_decode("Zm9v\n").has_value());     // whitespace
  CHECK(crypto::base64url_encode("\xfb\xff") == "-_8");
  CHECK(crypto::base64url_decode("-_8") == std::optional<std::string>("\xfb\xff"));
  CHECK(crypto::base64url_decode("-_8=") == std::optional<std::string>("\xfb\xff"));
  CHECK_FALSE(crypto::base64url_decode("+/8").has_value());
}

TEST_CASE("random tokens and UUIDs are well formed and distinct") {
  CHECK(crypto::random_bytes(0).empty());
  CHECK(crypto::random_bytes(48).size() == 48);
  const std::string token = crypto::random_token();
  CHECK(token.size() == 43);
  CHECK(token.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") == std::string::npos);
  std::set<std::string> ids;
  for (int i = 0; i < 100; ++i) {
    const std::string id = crypto::uuid_v4();
    REQUIRE(crypto::is_uuid(id));
    CHECK(id[14] == '4');
    CHECK(std::string("89ab").find(id[19]) != std::string::npos);
    ids.insert(id);
  }
  CHECK(ids.size() == 100);
}

TEST_CASE("is_uuid accepts the canonical form only") {
  CHECK(crypto::is_uuid("123e4567-e89b-12d3-a456-426614174000"));
  CHECK(crypto::is_uuid("123E4567-E89B-12D3-A456-426614174000"));
  CHECK_FALSE(crypto::is_uuid("123e4567e89b12d3a456426614174000"));
  CHECK_FALSE(crypto::is_uuid("123e4567-e89b-12d3-a456-42661417400"));
  CHECK_FALSE(crypto::is_uuid("123e4567-e89b-12d3-a456-4266141740000"));
  CHECK_FALSE(crypto::is_uuid("g23e4567-e89b-12d3-a456-426614174000"));
  CHECK_FALSE(crypto::is_uuid("{23e4567-e89b-12d3-a456-426614174000}"));
  CHECK_FALSE(crypto::is_uuid("local"));
}

TEST_CASE("constant_time_equal compares contents and lengths") {
  CHECK(crypto::constant_time_equal("secret", "secret"));
  CHECK(crypto::constant_time_equal("", ""));
  CHECK_FALSE(crypto::constant_time_equal("secret", "secreT"));
  CHECK_FALSE(crypto::constant_time_equal("secret", "secret2"));
}

TEST_CASE("SecretBox seals and opens, with a fresh nonce each time") {
  const crypto::SecretBox box(crypto::random_bytes(32));
  const std::string sealed = box.seal("sk-ant-api-key");
  CHECK(sealed.find("sk-ant") == std::string::npos);
  CHECK(crypto::base64_decode(sealed)->size() == 12 + 14 + 16);
  const auto opened = box.open(sealed);
  REQUIRE(opened);
  CHECK(*opened == "sk-ant-api-key");
  CHECK(box.seal("sk-ant-api-key") != sealed);
  const auto empty = box.open(box.seal(""));
  REQUIRE(empty);
  CHECK(empty->empty());
}

TEST_CASE("SecretBox detects tampering, wrong keys and bad input") {
  const crypto::SecretBox box(crypto::random_bytes(32));
  const std::string sealed = box.seal("credential", "cred-1");
  std::string raw = *crypto::base64_decode(sealed);
  for (std::size_t i : {std::size_t(0), std::size_t(13), raw.size() - 1}) {
    std::string tampered = raw;
    tampered[i] = static_cast<char>(tampered[i] ^ 0x01);
    const auto opened = box.open(crypto::base64_encode(tampered), "cred-1");
    REQUIRE_FALSE(opened);
    CHECK(opened.error().message.find("authentication") != std::string::npos);
  }
  CHECK(box.open(sealed, "cred-1"));
  CHECK_FALSE(box.open(sealed, "cred-2"));
  CHECK_FALSE(box.open(sealed));
  CHECK_FALSE(crypto::SecretBox(crypto::random_bytes(32)).open(sealed, "cred-1"));
  CHECK(box.open("not base64!").error().message.find("base64") != std::string::npos);
  CHECK(box.open(crypto::base64_encode("short")).error().message.find("too short") != std::string::npos);
  CHECK_THROWS_AS(crypto::SecretBox("short key"), std::invalid_argument);
}

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
