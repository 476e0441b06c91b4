#include "server/forge/forge.hpp"

#include "server/forge/forge_request.hpp"

#include <charconv>

namespace octobot::forge {

namespace asio = boost::asio;
using nlohmann::json;

namespace {

using Headers = std::vector<std::pair<std::string, std::string>>;

// The web URL and number fields of an answer (url_key, number_key), or an error naming the forge.
Expected<PullRequest, std::string> read_pull_request(const Expected<json, std::string>& answer, const char* forge_name,
                                                     const char* url_key, const char* number_key) {
  if (!answer) return answer.error();
  auto url = answer->find(url_key);
  auto number = answer->find(number_key);
  if (url == answer->end() || !url->is_string() || number == answer->end() || !number->is_number_integer()) {
    return std::string(forge_name) + " answered without the pull request's " + url_key + " and " + number_key;
  }
  return PullRequest{url->get<std::string>(), number->get<std::int64_t>()};
}

// The configured API base (a self-hosted instance's), else the forge's public one.
std::string api_base_for(const ForgeSettings& settings, const RemoteRepository& repository) {
  return settings.api_base.empty() ? default_api_base(settings.kind, repository) : settings.api_base;
}

class GitHub final : public Forge {
 public:
  GitHub(asio::any_io_executor executor, ForgeSettings settings) : executor_(executor), settings_(std::move(settings)) {}
  asio::awaitable<Expected<PullRequest, std::string>> open_pull_request(PullRequestDraft draft) override {
    json body{{"title", draft.title}, {"body", draft.body}, {"head", draft.head_branch}, {"base", draft.base_branch}};
    Headers headers{{"Authorization", "Bearer " + settings_.token}, {"X-GitHub-Api-Version", "2022-11-28"}};
    std::string base = api_base_for(settings_, draft.repository);
    auto answer = co_await post_json(executor_, settings_, "GitHub", std::move(base),
                                     "/repos/" + draft.repository.path + "/pulls", std::move(body), std::move(headers));
    co_return read_pull_request(answer, "GitHub", "html_url", "number");
  }

 private:
  asio::any_io_executor executor_;
  ForgeSettings settings_;
};

class GitLab final : public Forge {
 public:
  GitLab(asio::any_io_executor executor, ForgeSettings settings) : executor_(executor), settings_(std::move(settings)) {}
  asio::awaitable<Expected<PullRequest, std::string>> open_pull_request(PullRequestDraft draft) override {
    json body{{"title", draft.title},
              {"description", draft.body},
              {"source_branch", draft.head_branch},
              {"target_branch", draft.base_branch}};
    Headers headers{{"PRIVATE-TOKEN", settings_.token}};
    std::string base = api_base_for(settings_, draft.repository);
    auto answer = co_await post_json(executor_, settings_, "GitLab", std::move(base),
                                     "/projects/" + encode_path_segment(draft.repository.path) + "/merge_requests",
                                     std::move(body), std::move(headers));
    co_return read_pull_request(answer, "GitLab", "web_url", "iid");
  }

 private:
  asio::any_io_executor executor_;
  ForgeSettings settings_;
};

class Gitea final : public Forge {
 public:
  Gitea(asio::any_io_executor executor, ForgeSettings settings) : executor_(executor), settings_(std::move(settings)) {}
  asio::awaitable<Expected<PullRequest, std::string>> open_pull_request(PullRequestDraft draft) override {
    json body{{"title", draft.title}, {"body", draft.body}, {"head", draft.head_branch}, {"base", draft.base_branch}};
    Headers headers{{"Authorization", "token " + settings_.token}};
    std::string base = api_base_for(settings_, draft.repository);
    auto answer = co_await post_json(executor_, settings_, "Gitea", std::move(base),
                                     "/repos/" + draft.repository.path + "/pulls", std::move(body), std::move(headers));
    co_return read_pull_request(answer, "Gitea", "html_url", "number");
  }

 private:
  asio::any_io_executor executor_;
  ForgeSettings settings_;
};

bool is_path_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.' || c == '/';
}

}  // namespace

bool is_forge_kind(const std::string& kind) { return kind == "github" || kind == "gitlab" || kind == "gitea"; }

std::optional<RemoteRepository> parse_https_remote(const std::string& url) {
  if (!url.starts_with("https://")) return std::nullopt;
  const std::string rest = url.substr(8);
  const auto slash = rest.find('/');
  if (slash == std::string::npos || slash == 0) return std::nullopt;
  RemoteRepository repository;
  std::string authority = rest.substr(0, slash);
  if (authority.find('@') != std::string::npos || authority.front() == '[') return std::nullopt;
  if (const auto colon = authority.find(':'); colon != std::string::npos) {
    const std::string port = authority.substr(colon + 1);
    const auto [end, error] = std::from_chars(port.data(), port.data() + port.size(), repository.port);
    if (error != std::errc() || end != port.data() + port.size() || repository.port == 0) return std::nullopt;
    authority = authority.substr(0, colon);
  }
  repository.host = authority;
  std::string path = rest.substr(slash + 1);
  while (!path.empty() && path.back() == '/') path.pop_back();
  if (path.ends_with(".git")) path.resize(path.size() - 4);
  const bool valid = path.find('/') != std::string::npos && path.find("..") == std::string::npos &&
                     path.front() != '/' && std::all_of(path.begin(), path.end(), is_path_char);
  if (!valid || repository.host.empty()) return std::nullopt;
  repository.path = path;
  return repository;
}

std::string default_api_base(const std::string& kind, const RemoteRepository& repository) {
  const std::string origin =
      "https://" + repository.host + (repository.port == 443 ? "" : ":" + std::to_string(repository.port));
  if (kind == "github") return repository.host == "github.com" ? "https://api.github.com" : origin + "/api/v3";
  if (kind == "gitlab") return origin + "/api/v4";
  return origin + "/api/v1";
}

std::unique_ptr<Forge> make_forge(asio::any_io_executor executor, ForgeSettings settings) {
  if (settings.kind == "github") return std::make_unique<GitHub>(executor, std::move(settings));
  if (settings.kind == "gitlab") return std::make_unique<GitLab>(executor, std::move(settings));
  if (settings.kind == "gitea") return std::make_unique<Gitea>(executor, std::move(settings));
  return nullptr;
}

}  // namespace octobot::forge
