#include "server/service/session_apply.hpp"

#include "lib/async/off_thread.hpp"
#include "lib/crypto/crypto.hpp"
#include "server/forge/forge.hpp"
#include "server/git/branch_apply.hpp"
#include "server/git/mirror.hpp"
#include "server/service/network_policy.hpp"

#include <fstream>

namespace octobot::service {

namespace asio = boost::asio;
namespace fs = std::filesystem;

namespace {

constexpr std::size_t kMaxTitle = 256;
constexpr std::size_t kMaxBody = 64 * 1024;

// The agent API's error message of a reply, or its status.
std::string reply_message(const runtime::AgentApiReply& reply) {
  const Json* error = reply.body.is_object() && reply.body.contains("error") ? &reply.body["error"] : nullptr;
  if (error && error->is_object() && error->contains("message") && (*error)["message"].is_string()) {
    return (*error)["message"].get<std::string>();
  }
  return "status " + std::to_string(reply.status);
}

// A reply that must be 200 with a JSON object; else unavailable, saying what failed.
Result<Json> ok_body(const runtime::Result<runtime::AgentApiReply>& reply, const std::string& what) {
  if (!reply) return Error::unavailable(what + ": " + reply.error().message);
  if (reply->status != 200 || !reply->body.is_object()) return Error::unavailable(what + ": " + reply_message(*reply));
  return reply->body;
}

bool has_host(const store::Credential& credential, const std::string& host) {
  const auto hosts = Json::parse(credential.hosts_json, nullptr, false);
  if (!hosts.is_array()) return false;
  return std::any_of(hosts.begin(), hosts.end(), [&](const Json& entry) { return entry.is_string() && entry == host; });
}

}  // namespace

Result<std::optional<PullRequestInput>> read_apply_input(const Json& body) {
  for (const auto& [key, value] : body.items()) {
    if (key != "pullRequest") return Error::invalid("field \"" + key + "\" is not known (pullRequest)", "invalid_field");
  }
  if (!body.contains("pullRequest") || body["pullRequest"].is_null()) return std::optional<PullRequestInput>();
  const Json& request = body["pullRequest"];
  if (!request.is_object()) return Error::invalid("field \"pullRequest\" must be an object {title, body}", "invalid_field");
  PullRequestInput input;
  for (const auto& [key, value] : request.items()) {
    if ((key != "title" && key != "body") || !value.is_string()) {
      return Error::invalid("field \"pullRequest." + key + "\" is not known or not a string (title, body)", "invalid_field");
    }
  }
  input.title = request.value("title", std::string());
  input.body = request.value("body", std::string());
  if (input.title.size() > kMaxTitle) return Error::invalid("field \"pullRequest.title\" is longer than 256 characters", "invalid_field");
  if (std::any_of(input.title.begin(), input.title.end(), [](unsigned char c) { return c < 0x20 || c == 0x7f; })) {
    return Error::invalid("field \"pullRequest.title\" must be one line without control characters", "invalid_field");
  }
  if (input.body.size() > kMaxBody) return Error::invalid("field \"pullRequest.body\" is longer than 64 KiB", "invalid_field");
  return std::optional<PullRequestInput>(std::move(input));
}

struct SessionApply::Target {
  store::Session session;
  store::Workspace workspace;
  runtime::SandboxAccess access;
  std::string branch;
};

asio::awaitable<Result<ApplyOutcome>> SessionApply::apply(std::string project_id, std::string id,
                                                          std::optional<PullRequestInput> pull_request) {
  auto found = co_await async::run_on(context_.blocking, [&]() -> Result<std::pair<store::Session, store::Workspace>> {
    auto session = context_.store.find_session(project_id, id);
    if (!session) return describe(session.error(), "session");
    auto workspace = context_.store.find_workspace(project_id, session->workspace_id);
    if (!workspace) return describe(workspace.error(), "workspace");
    return std::make_pair(std::move(session).value(), std::move(workspace).value());
  });
  if (!found) co_return found.error();
  if (found->first.status == session_status::running) {
    co_return Error::busy("the agent is in the middle of a turn: wait for it to finish, or cancel it, then apply");
  }
  if (pull_request && found->second.source_type != "git") {
    co_return Error::invalid("a pull request needs a workspace cloned from a git URL", "invalid_field");
  }
  auto session = co_await sandboxes_.wait_until_ready(project_id, id, kStartTimeout);
  if (!session) co_return session.error();
  Target target{*session, found->second, sandbox_access(*session), "octobot/" + id.substr(0, 8)};

  const std::string message = "Octobot: pending changes of " + (session->name.empty() ? "session " + id : session->name);
  auto work = ok_body(co_await client_.commit_work(target.access, message), "the sandbox could not commit its work");
  if (!work) co_return work.error();
  if (!(*work)["commits"].is_number_integer() || (*work)["commits"].get<int>() == 0) {
    co_return Error::invalid_state("the session has no changes to apply yet");
  }
  if (target.workspace.source_type == "git") co_return co_await push(target, *work, pull_request);
  std::error_code ec;
  if (fs::exists(fs::path(target.workspace.path) / ".git", ec)) co_return co_await apply_to_repository(target, *work);
  auto patch = ok_body(co_await client_.patch_work(target.access), "the sandbox could not make the patch");
  if (!patch) co_return patch.error();
  co_return ApplyOutcome{Json{{"mode", "patch"}, {"patch", (*patch)["patch"]}, {"commits", (*work)["commits"]}}, {}};
}

asio::awaitable<Result<ApplyOutcome>> SessionApply::apply_to_repository(const Target& target, const Json& work) {
  auto bundle = co_await client_.bundle_work(target.access, "HEAD");
  if (!bundle) co_return Error::unavailable("the sandbox could not bundle its work: " + bundle.error().message);
  const std::string head = work.value("head", std::string());
  const fs::path file = context_.data_dir / ("apply-" + target.session.id + "-" + crypto::random_token().substr(0, 8) + ".bundle");
  auto applied = co_await async::run_on(context_.blocking, [&]() -> Expected<git::BranchApplied, git::ApplyFailure> {
    {
      std::ofstream out(file, std::ios::binary);
      out.write(bundle->data(), static_cast<std::streamsize>(bundle->size()));
      if (!out) return git::ApplyFailure{git::ApplyFailure::Kind::failed, "cannot write " + file.string(), {}};
    }
    auto result = git::apply_bundle_as_branch(target.workspace.path, file, head, target.branch);
    std::error_code ignored;
    fs::remove(file, ignored);
    return result;
  });
  if (!applied) {
    const auto& failure = applied.error();
    if (failure.kind == git::ApplyFailure::Kind::conflict) co_return ApplyOutcome{Json{{"files", failure.files}}, failure.message};
    if (failure.kind == git::ApplyFailure::Kind::checked_out) co_return Error::conflict(failure.message);
    co_return Error::unavailable(failure.message);
  }
  co_return ApplyOutcome{Json{{"mode", "branch"},
                              {"branch", applied->branch},
                              {"commit", applied->commit},
                              {"rebased", applied->rebased},
                              {"commits", work["commits"]}},
                         {}};
}

asio::awaitable<Result<ApplyOutcome>> SessionApply::push(const Target& target, const Json& work,
                                                         const std::optional<PullRequestInput>& pull_request) {
  const std::string& url = target.workspace.path;
  const auto repository = forge::parse_https_remote(url);
  if (!repository) co_return Error::invalid("only an https:// remote can be pushed to from a sandbox: " + url, "invalid_field");
  // The project's forge credential for the remote's host; its secret stays here and in the proxy.
  auto credential = co_await async::run_on(context_.blocking, [&]() -> Result<std::optional<RevealedCredential>> {
    auto credentials = context_.store.list_credentials(target.session.project_id);
    if (!credentials) return describe(credentials.error(), "credential");
    for (const store::Credential& candidate : *credentials) {
      if (!forge::is_forge_kind(candidate.provider) || !has_host(candidate, repository->host)) continue;
      auto secret = context_.secrets.open(candidate.secret_ciphertext);
      if (!secret) return Error::internal("the credential \"" + candidate.name + "\" cannot be decrypted with this server's key");
      return std::optional<RevealedCredential>(RevealedCredential{candidate, std::move(secret).value()});
    }
    return std::optional<RevealedCredential>();
  });
  if (!credential) co_return credential.error();
  if (pull_request && !*credential) {
    co_return Error::invalid("no github, gitlab or gitea credential for " + repository->host + ": add one to open a pull request",
                             "invalid_field");
  }
  Json push_request{{"url", url}, {"branch", target.branch}};
  if (*credential) push_request["authorization"] = credential_placeholder((*credential)->credential);
  auto pushed = ok_body(co_await client_.push_work(target.access, push_request), "the push failed");
  if (!pushed) co_return pushed.error();
  Json result{{"mode", "push"}, {"branch", target.branch}, {"commit", (*pushed)["head"]}, {"remote", url},
              {"commits", work["commits"]}};
  if (!pull_request) co_return ApplyOutcome{std::move(result), {}};

  auto mirror = co_await async::run_on(context_.blocking, [&] { return git::read_mirror_info(target.workspace.mirror_path); });
  forge::PullRequestDraft draft;
  draft.repository = *repository;
  draft.head_branch = target.branch;
  draft.base_branch = mirror && !mirror->default_branch.empty() ? mirror->default_branch : "main";
  draft.title = pull_request->title.empty() ? "Octobot: " + target.session.name : pull_request->title;
  draft.body = pull_request->body;
  forge::ForgeSettings settings{(*credential)->credential.provider, (*credential)->credential.base_url,
                                (*credential)->secret, &forge_tls_};
  auto forge = forge::make_forge(context_.io, std::move(settings));
  auto opened = co_await forge->open_pull_request(std::move(draft));
  if (!opened) co_return Error::unavailable("the branch was pushed, but the pull request failed: " + opened.error());
  result["pullRequest"] = {{"url", opened->url}, {"number", opened->number}};
  co_return ApplyOutcome{std::move(result), {}};
}

}  // namespace octobot::service
