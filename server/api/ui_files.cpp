#include "server/api/ui_files.hpp"

#include <fstream>
#include <sstream>

namespace octobot::api {

namespace fs = std::filesystem;

namespace {

constexpr std::uintmax_t kMaxTotalBytes = 64 * 1024 * 1024;

std::string content_type_of(const fs::path& path) {
  static const std::map<std::string, std::string> types{
      {".html", "text/html; charset=utf-8"}, {".js", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},   {".svg", "image/svg+xml"},
      {".png", "image/png"},                 {".ico", "image/x-icon"},
      {".json", "application/json"},         {".webmanifest", "application/manifest+json"},
      {".woff2", "font/woff2"},              {".txt", "text/plain; charset=utf-8"}};
  auto it = types.find(path.extension().string());
  return it == types.end() ? "application/octet-stream" : it->second;
}

std::string read_all(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

}  // namespace

UiFiles UiFiles::load(const fs::path& dir) {
  UiFiles ui;
  std::error_code ec;
  if (!fs::is_regular_file(dir / "index.html", ec)) return ui;
  std::uintmax_t total = 0;
  for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (!it->is_regular_file(ec) || it->path().extension() == ".gz") continue;
    total += it->file_size(ec);
    if (total > kMaxTotalBytes) break;
    UiFile file{read_all(it->path()), {}, content_type_of(it->path())};
    fs::path gz = it->path();
    gz += ".gz";
    if (fs::is_regular_file(gz, ec)) file.gzipped = read_all(gz);
    ui.files_.emplace("/" + fs::relative(it->path(), dir).generic_string(), std::move(file));
  }
  return ui;
}

const UiFile* UiFiles::find(std::string_view url_path) const {
  if (url_path.find("..") != std::string_view::npos || url_path.find('\\') != std::string_view::npos ||
      url_path.find('\0') != std::string_view::npos) {
    return nullptr;
  }
  auto it = files_.find(url_path);
  return it == files_.end() ? nullptr : &it->second;
}

fs::path default_ui_dir(const fs::path& executable) {
  const fs::path bin = executable.parent_path();
  std::error_code ec;
  if (fs::path installed = bin.parent_path() / "share" / "octobot" / "ui"; fs::is_directory(installed, ec)) return installed;
  return bin.parent_path().parent_path().parent_path() / "ui" / "dist";  // <repo>/build/<preset>/bin
}

}  // namespace octobot::api
