// UiFiles: the built web UI (ui/dist), read into memory at start-up and served at "/".
//
// Contract:
// - load(dir) reads every regular file under `dir` (at most 64 MiB in all),
//   with the gzip twin "<file>.gz" the UI build writes beside text assets;
//   an empty UiFiles when `dir` has no index.html (the server then shows a
//   short page saying the UI is not built).
// - find("/assets/x.js") gives the file for a URL path, nullptr when none;
//   paths with "..", backslashes or NUL never match anything.
// - default_ui_dir(executable) is where a build or an install keeps the UI:
//   <prefix>/share/octobot/ui beside an installed binary, or the repository's
//   ui/dist for a binary in build/<preset>/bin.
#pragma once
#include <filesystem>
#include <map>
#include <string>

namespace octobot::api {

struct UiFile {
  std::string content;
  std::string gzipped;  // empty when the build wrote no .gz
  std::string content_type;
};

class UiFiles {
 public:
  static UiFiles load(const std::filesystem::path& dir);
  bool empty() const { return files_.empty(); }
  const UiFile* find(std::string_view url_path) const;

 private:
  std::map<std::string, UiFile, std::less<>> files_;  // "/index.html" → file
};

std::filesystem::path default_ui_dir(const std::filesystem::path& executable);

}  // namespace octobot::api
