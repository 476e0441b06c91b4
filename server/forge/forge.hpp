// Forges: the pull-request APIs of GitHub, GitLab and Gitea behind one
// interface, for POST …/sessions/{id}/apply with "pullRequest".
//
// Contract:
// - make_forge(settings) gives the adapter for settings.kind ("github",
//   "gitlab", "gitea"), or nullptr for another kind. Its API base is
//   settings.api_base, or the forge's public one for the repository's host
//   (default_api_base); a self-hosted instance names its own.
// - open_pull_request() sends one authenticated request (the token only in
//   the forge's auth header, never in an error) and returns the pull
//   request's web URL and number; a refusal is an error quoting the forge's
//   status and message.
// - parse_https_remote() splits "https://host[:port]/owner/repo[.git]" into
//   host, port and repository path ("owner/repo"; GitLab groups nest), or
//   nullopt for anything else.
#pragma once
#include "lib/result.hpp"

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/ssl/context.hpp>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

namespace octobot::forge {

struct RemoteRepository {
  std::string host;
  std::uint16_t port = 443;
  std::string path;  // "owner/repo", without ".git"
};

std::optional<RemoteRepository> parse_https_remote(const std::string& url);

struct ForgeSettings {
  std::string kind;      // "github", "gitlab", "gitea"
  std::string api_base;  // e.g. "https://api.github.com", "https://git.example.com/api/v1"; "" → default
  std::string token;
  boost::asio::ssl::context* tls = nullptr;  // CA store for the API; null → the system's
};

// The public API base of a forge for a repository on `host`: api.github.com for github.com,
// https://host/api/v3 (GitHub Enterprise), https://host/api/v4 (GitLab), https://host/api/v1 (Gitea).
std::string default_api_base(const std::string& kind, const RemoteRepository& repository);

struct PullRequestDraft {
  RemoteRepository repository;
  std::string head_branch;  // the pushed branch
  std::string base_branch;  // where it should go (the repository's default branch)
  std::string title;
  std::string body;
};

struct PullRequest {
  std::string url;
  std::int64_t number = 0;
};

class Forge {
 public:
  virtual ~Forge() = default;
  virtual boost::asio::awaitable<Expected<PullRequest, std::string>> open_pull_request(PullRequestDraft draft) = 0;
};

std::unique_ptr<Forge> make_forge(boost::asio::any_io_executor executor, ForgeSettings settings);

bool is_forge_kind(const std::string& kind);

}  // namespace octobot::forge
