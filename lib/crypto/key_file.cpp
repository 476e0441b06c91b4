#include "lib/crypto/key_file.hpp"

#include "lib/crypto/crypto.hpp"

#include <cerrno>
#include <system_error>
#include <fcntl.h>
#include <filesystem>
#include <sys/stat.h>
#include <unistd.h>

namespace octobot::crypto {
namespace {

constexpr std::size_t key_bytes = 32;
constexpr std::size_t max_key_file_size = 4096;

class Descriptor {
 public:
  explicit Descriptor(int fd) : fd_(fd) {}
  ~Descriptor() { if (fd_ >= 0) ::close(fd_); }
  Descriptor(const Descriptor&) = delete;
  Descriptor& operator=(const Descriptor&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

std::string errno_text(int error) { return std::generic_category().message(error); }

std::string_view trim(std::string_view text) {
  const auto is_space = [](char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; };
  while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
  return text;
}

std::string octal_mode(mode_t mode) {
  char text[8];
  std::snprintf(text, sizeof text, "%04o", static_cast<unsigned>(mode & 07777));
  return text;
}

Expected<std::string, Error> read_all(int fd, const std::string& path) {
  std::string content;
  char buffer[512];
  while (content.size() <= max_key_file_size) {
    const ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return Error{"cannot read key file " + path + ": " + errno_text(errno)};
    if (n == 0) return content;
    content.append(buffer, static_cast<std::size_t>(n));
  }
  return Error{"key file " + path + " is too large to hold a 32-byte key"};
}

Expected<std::string, Error> read_key_file(int fd, const std::string& path) {
  struct stat info {};
  if (::fstat(fd, &info) != 0) return Error{"cannot stat key file " + path + ": " + errno_text(errno)};
  if (!S_ISREG(info.st_mode)) return Error{"key file " + path + " is not a regular file"};
  if ((info.st_mode & 077) != 0) {
    return Error{"key file " + path + " has mode " + octal_mode(info.st_mode) +
                 " (group or others can access it); run: chmod 600 " + path};
  }
  auto content = read_all(fd, path);
  if (!content) return content.error();
  auto key = decode_key(trim(*content));
  if (!key) return Error{"key file " + path + ": " + key.error().message};
  return key;
}

bool write_all(int fd, std::string_view data) {
  while (!data.empty()) {
    const ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    data.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

void fsync_directory(const std::string& path) {
  std::string directory = std::filesystem::path(path).parent_path().string();
  if (directory.empty()) directory = ".";
  Descriptor fd(::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (fd.get() >= 0) ::fsync(fd.get());
}

// Writes `content` to a fresh 0600 temporary file next to `path` and fsyncs it.
Expected<std::string, Error> write_temporary(const std::string& path, std::string_view content) {
  std::string temporary = path + ".tmp-XXXXXX";
  Descriptor fd(::mkostemp(temporary.data(), O_CLOEXEC));
  if (fd.get() < 0) return Error{"cannot create key file " + path + ": " + errno_text(errno)};
  if (::fchmod(fd.get(), 0600) != 0 || !write_all(fd.get(), content) || ::fsync(fd.get()) != 0) {
    const int error = errno;
    ::unlink(temporary.c_str());
    return Error{"cannot write key file " + path + ": " + errno_text(error)};
  }
  return temporary;
}

Expected<std::string, Error> create_key_file(const std::string& path) {
  std::string key = random_bytes(key_bytes);
  auto temporary = write_temporary(path, base64_encode(key) + "\n");
  if (!temporary) return temporary.error();
  const int linked = ::link(temporary->c_str(), path.c_str());
  const int error = errno;
  ::unlink(temporary->c_str());
  if (linked != 0 && error == EEXIST) return load_or_create_key_file(path);  // another process won the race
  if (linked != 0) return Error{"cannot create key file " + path + ": " + errno_text(error)};
  fsync_directory(path);
  return key;
}

}  // namespace

Expected<std::string, Error> decode_key(std::string_view base64) {
  const auto key = base64_decode(trim(base64));
  if (!key) return Error{"key is not valid base64"};
  if (key->size() != key_bytes) {
    return Error{"key must be 32 bytes (44 base64 characters), got " + std::to_string(key->size()) + " bytes"};
  }
  return *key;
}

Expected<std::string, Error> load_or_create_key_file(const std::string& path) {
  Descriptor fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (fd.get() >= 0) return read_key_file(fd.get(), path);
  if (errno != ENOENT) return Error{"cannot open key file " + path + ": " + errno_text(errno)};
  return create_key_file(path);
}

}  // namespace octobot::crypto
