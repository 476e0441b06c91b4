// agent-api/workspace/workspace_files.cpp on a real directory: listing, text and binary
// content, atomic writes, and every way out of the workspace refused.
#include "agent-api/workspace/workspace_files.hpp"
#include "tests/support/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <fstream>
#include <sys/stat.h>

namespace octobot::agent_api {
namespace {

namespace fs = std::filesystem;
using Kind = FileError::Kind;

struct Workspace {
  octobot::testing::TempDir dir{"workspace-files"};
  fs::path root() const { return dir.path() / "ws"; }
  WorkspaceFiles files{dir.path() / "ws"};
  Workspace() {
    fs::create_directories(root() / "src");
    std::ofstream(root() / "README.md") << "hello\n";
    std::ofstream(root() / "src" / "main.c") << "int main() {}\n";
    std::ofstream(root() / "logo.png", std::ios::binary) << std::string("\x89PNG\r\n\x1a\n\0\0", 10);
  }
};

Kind kind_of(const Expected<nlohmann::json, FileError>& result) {
  REQUIRE_FALSE(result);
  return result.error().kind;
}

TEST_CASE("the root lists directories first, then files by name", "[agent-api][files]") {
  Workspace ws;
  auto listing = ws.files.list("");
  REQUIRE(listing);
  const auto& entries = (*listing)["entries"];
  REQUIRE(entries.size() == 3);
  CHECK(entries[0] == nlohmann::json{{"name", "src"}, {"path", "src"}, {"type", "directory"}});
  CHECK(entries[1]["name"] == "README.md");
  CHECK(entries[1]["size"] == 6);
  CHECK(entries[2]["name"] == "logo.png");
  auto sub = ws.files.list("src");
  REQUIRE(sub);
  CHECK((*sub)["entries"][0]["path"] == "src/main.c");
  CHECK(kind_of(ws.files.list("nope")) == Kind::not_found);
  CHECK(kind_of(ws.files.list("README.md")) == Kind::invalid);
}

TEST_CASE("text comes as UTF-8, anything else as base64", "[agent-api][files]") {
  Workspace ws;
  auto text = ws.files.read("README.md");
  REQUIRE(text);
  CHECK((*text)["encoding"] == "utf-8");
  CHECK((*text)["content"] == "hello\n");
  auto binary = ws.files.read("logo.png");
  REQUIRE(binary);
  CHECK((*binary)["encoding"] == "base64");
  CHECK((*binary)["content"] == "iVBORw0KGgoAAA==");
  CHECK((*binary)["size"] == 10);
  CHECK(kind_of(ws.files.read("src")) == Kind::invalid);
  CHECK(kind_of(ws.files.read("missing.txt")) == Kind::not_found);
}

TEST_CASE("a file over 10 MiB is refused, to read and to write", "[agent-api][files]") {
  Workspace ws;
  std::ofstream(ws.root() / "big.bin") << std::string(12 * 1024 * 1024, 'x');
  CHECK(kind_of(ws.files.read("big.bin")) == Kind::too_large);
  CHECK(kind_of(ws.files.write("big2.bin", std::string(WorkspaceFiles::kMaxFileBytes + 1, 'x'))) == Kind::too_large);
  CHECK_FALSE(fs::exists(ws.root() / "big2.bin"));
}

TEST_CASE("writes replace the whole file, keep its mode, and need its directory", "[agent-api][files]") {
  Workspace ws;
  ::chmod((ws.root() / "README.md").c_str(), 0600);
  REQUIRE(ws.files.write("README.md", "new\n"));
  CHECK((*ws.files.read("README.md"))["content"] == "new\n");
  struct stat st {};
  REQUIRE(::stat((ws.root() / "README.md").c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);
  REQUIRE(ws.files.write("src/new.c", std::string("\0\1", 2)));
  CHECK((*ws.files.read("src/new.c"))["encoding"] == "base64");
  CHECK(kind_of(ws.files.write("nodir/x.txt", "x")) == Kind::not_found);
  CHECK(kind_of(ws.files.write("", "x")) == Kind::invalid);
  CHECK(kind_of(ws.files.write("src", "x")) == Kind::forbidden);
  // No temporary file is left behind.
  for (const auto& entry : fs::directory_iterator(ws.root())) CHECK(entry.path().filename().string().find(".tmp") == std::string::npos);
}

TEST_CASE("paths that leave the workspace, and special files, are refused", "[agent-api][files]") {
  Workspace ws;
  fs::create_symlink("/", ws.root() / "rootlink");
  fs::create_symlink("/etc/passwd", ws.root() / "passwd");
  fs::create_symlink("src/main.c", ws.root() / "inside");
  REQUIRE(::mkfifo((ws.root() / "pipe").c_str(), 0600) == 0);

  for (const std::string path : {"../../etc/passwd", "src/../../x", ".."}) {
    INFO(path);
    CHECK(kind_of(ws.files.read(path)) == Kind::invalid);
  }
  CHECK(kind_of(ws.files.read("/etc/passwd")) == Kind::invalid);
  CHECK(kind_of(ws.files.read(std::string("a\0b", 3))) == Kind::invalid);
  CHECK(kind_of(ws.files.read("rootlink/etc/passwd")) == Kind::forbidden);
  CHECK(kind_of(ws.files.list("rootlink")) == Kind::forbidden);
  CHECK(kind_of(ws.files.read("passwd")) == Kind::forbidden);
  CHECK(kind_of(ws.files.write("passwd", "owned")) == Kind::forbidden);
  CHECK(kind_of(ws.files.write("rootlink/tmp/x", "owned")) == Kind::forbidden);
  CHECK(kind_of(ws.files.read("pipe")) == Kind::forbidden);  // and it did not block
  CHECK(kind_of(ws.files.write("pipe", "x")) == Kind::forbidden);
  // A symlink that stays inside is fine; listing shows links as links.
  CHECK((*ws.files.read("inside"))["content"] == "int main() {}\n");
  const auto listing = ws.files.list("");
  REQUIRE(listing);
  bool listed_link = false;
  for (const auto& entry : (*listing)["entries"]) listed_link |= entry["name"] == "rootlink" && entry["type"] == "symlink";
  CHECK(listed_link);
}

}  // namespace
}  // namespace octobot::agent_api
