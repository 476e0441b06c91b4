#include "proxy/tls/pem_file.hpp"

#include <openssl/rand.h>

#include <array>
#include <cerrno>
#include <cstdio>
#include <fcntl.h>
#include <filesystem>
#include <sys/stat.h>
#include <system_error>
#include <unistd.h>

namespace octobot::proxy {
namespace {

constexpr std::size_t max_pem_file_size = 1 << 20;

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

std::string octal_mode(mode_t mode) {
  char text[8];
  std::snprintf(text, sizeof text, "%04o", static_cast<unsigned>(mode & 07777));
  return text;
}

Expected<void, std::string> check_file(int fd, const std::string& path, FileAccess access) {
  struct stat info {};
  if (::fstat(fd, &info) != 0) return "cannot stat " + path + ": " + errno_text(errno);
  if (!S_ISREG(info.st_mode)) return path + " is not a regular file";
  if (info.st_size > static_cast<off_t>(max_pem_file_size)) return path + " is too large for a PEM file";
  if (access == FileAccess::owner_only && (info.st_mode & 077) != 0) {
    return "private key file " + path + " has mode " + octal_mode(info.st_mode) +
           " (group or others can access it); run: chmod 600 " + path;
  }
  return {};
}

Expected<PemText, std::string> read_all(int fd, const std::string& path) {
  std::string content;
  char buffer[4096];
  while (content.size() <= max_pem_file_size) {
    const ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return "cannot read " + path + ": " + errno_text(errno);
    if (n == 0) return PemText{std::move(content)};
    content.append(buffer, static_cast<std::size_t>(n));
  }
  return path + " is too large for a PEM file";
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

std::string random_suffix() {
  std::array<unsigned char, 8> bytes{};
  RAND_bytes(bytes.data(), static_cast<int>(bytes.size()));  // on failure the zero name still works with O_EXCL
  std::string hex;
  for (unsigned char byte : bytes) {
    static constexpr char digits[] = "0123456789abcdef";
    hex += digits[byte >> 4];
    hex += digits[byte & 0x0f];
  }
  return hex;
}

void fsync_directory_of(const std::string& path) {
  std::string directory = std::filesystem::path(path).parent_path().string();
  if (directory.empty()) directory = ".";
  Descriptor fd(::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (fd.get() >= 0) ::fsync(fd.get());
}

}  // namespace

Expected<PemText, std::string> read_pem_file(const std::string& path, FileAccess access) {
  Descriptor fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (fd.get() < 0) return "cannot open " + path + ": " + errno_text(errno);
  if (auto checked = check_file(fd.get(), path, access); !checked) return checked.error();
  return read_all(fd.get(), path);
}

Expected<StagedFile, std::string> StagedFile::write(const std::string& path, std::string_view content, mode_t mode) {
  std::string temporary = path + ".tmp-" + random_suffix();
  Descriptor fd(::open(temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode));
  if (fd.get() < 0) return "cannot create " + temporary + ": " + errno_text(errno);
  StagedFile staged(path, temporary);  // from here on the temporary file is removed on failure
  if (::fchmod(fd.get(), mode) != 0 || !write_all(fd.get(), content) || ::fsync(fd.get()) != 0) {
    return "cannot write " + temporary + ": " + errno_text(errno);
  }
  return staged;
}

Expected<void, std::string> StagedFile::commit() {
  if (::rename(temporary_path_.c_str(), path_.c_str()) != 0) {
    return "cannot move " + temporary_path_ + " to " + path_ + ": " + errno_text(errno);
  }
  temporary_path_.clear();
  fsync_directory_of(path_);
  return {};
}

StagedFile::StagedFile(StagedFile&& other) noexcept
    : path_(std::move(other.path_)), temporary_path_(std::exchange(other.temporary_path_, std::string())) {}

StagedFile::~StagedFile() {
  if (!temporary_path_.empty()) ::unlink(temporary_path_.c_str());
}

}  // namespace octobot::proxy
