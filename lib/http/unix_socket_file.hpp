// The file of a unix-domain socket a server listens on (see Server::listen_unix).
//
// Contract:
// - prepare_unix_socket_path() makes a path ready for bind(): nothing is there,
//   or a stale socket file (one nobody accepts on) is there and gets removed.
//   It refuses, leaving the path untouched, a path that is too long for a
//   socket address, a path that exists and is not a socket ("<path> exists and
//   is not a socket; refusing to replace it") and a socket another server
//   still accepts on ("<path> is in use by another server").
// - OwnedSocketFile::claim() is called after bind() and before listen(): it
//   remembers which file it is (device and inode) and sets its mode to 0600
//   (so no one else can connect: a client needs write permission). When it
//   fails after the file was identified, the file is removed again.
// - remove() unlinks the file only if the path still names that same socket
//   (a newer server's socket there is left alone); it is idempotent and the
//   destructor calls it. Not thread-safe: the owner serialises the calls.
#pragma once
#include "lib/result.hpp"

#include <string>
#include <sys/types.h>

namespace octobot::http {

Expected<void, std::string> prepare_unix_socket_path(const std::string& path);

class OwnedSocketFile {
 public:
  OwnedSocketFile() = default;
  OwnedSocketFile(OwnedSocketFile&& other) noexcept;
  OwnedSocketFile& operator=(OwnedSocketFile&& other) noexcept;
  ~OwnedSocketFile() { remove(); }

  // Restricts the socket just bound at `path` to its owner and takes ownership.
  static Expected<OwnedSocketFile, std::string> claim(const std::string& path);

  void remove();
  // The owned path, or "" when nothing is owned (never claimed, or removed).
  const std::string& path() const { return path_; }

 private:
  std::string path_;
  dev_t device_ = 0;
  ino_t inode_ = 0;
};

}  // namespace octobot::http
