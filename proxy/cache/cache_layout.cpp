#include "proxy/cache/cache_layout.hpp"

#include "lib/fs/file_io.hpp"
#include "proxy/cache/cache_files.hpp"
#include "proxy/cache/cache_meta.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <filesystem>
#include <set>

namespace octobot::proxy {
namespace {

constexpr std::string_view kMetaSuffix = ".meta";
constexpr std::size_t kMaxMetaBytes = 4096;

bool is_lower_hex(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); }

// Names of the regular files directly inside `directory`.
std::vector<std::string> regular_file_names(const std::string& directory) {
  std::vector<std::string> names;
  std::error_code error;
  std::filesystem::directory_iterator it(directory, error);
  for (; !error && it != std::filesystem::directory_iterator(); it.increment(error)) {
    if (it->is_regular_file(error)) names.push_back(it->path().filename().string());
  }
  return names;
}

std::size_t remove_temp_leftovers(const CacheLayout& layout) {
  std::size_t removed = 0;
  for (const std::string& name : regular_file_names(layout.temp_dir())) {
    if (remove_file(layout.temp_dir() + "/" + name)) ++removed;
  }
  return removed;
}

// The entry for `key` if its meta decodes and its content has the recorded size.
std::optional<RecoveredEntry> read_entry(const CacheLayout& layout, const std::string& key) {
  const auto meta_text =
      files::read_small_file(layout.meta_path(key), kMaxMetaBytes, files::FileAccess::any, files::Symlinks::refuse);
  if (!meta_text) return std::nullopt;
  const auto meta = decode_meta(*meta_text);
  struct stat info {};
  if (!meta || ::stat(layout.content_path(key).c_str(), &info) != 0 || !S_ISREG(info.st_mode)) return std::nullopt;
  if (static_cast<std::uint64_t>(info.st_size) != meta->size) return std::nullopt;
  const std::int64_t mtime_ns = static_cast<std::int64_t>(info.st_mtim.tv_sec) * 1'000'000'000 + info.st_mtim.tv_nsec;
  return RecoveredEntry{IndexEntry{key, meta->size, meta->content_type}, mtime_ns};
}

bool older(const RecoveredEntry& a, const RecoveredEntry& b) {
  if (a.last_used_ns != b.last_used_ns) return a.last_used_ns < b.last_used_ns;
  return a.entry.key < b.entry.key;
}

}  // namespace

bool is_object_key(std::string_view key) {
  return key.size() == 64 && std::all_of(key.begin(), key.end(), is_lower_hex);
}

Expected<void, std::string> prepare_directories(const CacheLayout& layout) {
  for (const std::string& directory : {layout.root(), layout.objects_dir(), layout.temp_dir()}) {
    if (auto made = make_private_directory(directory); !made) return made;
  }
  return {};
}

Expected<files::UniqueFd, std::string> lock_cache_directory(const CacheLayout& layout) {
  const std::string path = layout.lock_path();
  files::UniqueFd fd(::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600));
  if (!fd) return os_error("cannot open lock file", path, errno);
  if (::flock(fd.get(), LOCK_EX | LOCK_NB) == 0) return fd;
  if (errno == EWOULDBLOCK) return "cache directory " + layout.root() + " is already in use by another cache";
  return os_error("cannot lock", path, errno);
}

Recovery recover_entries(const CacheLayout& layout) {
  Recovery recovery;
  recovery.removed_temp_files = remove_temp_leftovers(layout);

  std::set<std::string> content_keys;
  std::set<std::string> meta_keys;
  for (const std::string& name : regular_file_names(layout.objects_dir())) {
    if (is_object_key(name)) {
      content_keys.insert(name);
    } else if (name.ends_with(kMetaSuffix) && is_object_key(std::string_view(name).substr(0, 64)) &&
               name.size() == 64 + kMetaSuffix.size()) {
      meta_keys.insert(name.substr(0, 64));
    }
  }
  for (const std::string& key : meta_keys) {
    if (!content_keys.contains(key)) remove_file(layout.meta_path(key));
  }
  for (const std::string& key : content_keys) {
    if (auto entry = read_entry(layout, key)) {
      recovery.entries.push_back(std::move(*entry));
    } else {
      remove_entry_files(layout, key);
      ++recovery.dropped_entries;
    }
  }
  std::sort(recovery.entries.begin(), recovery.entries.end(), older);
  return recovery;
}

void remove_entry_files(const CacheLayout& layout, const std::string& key) {
  remove_file(layout.content_path(key));
  remove_file(layout.meta_path(key));
}

}  // namespace octobot::proxy
