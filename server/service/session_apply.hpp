// SessionApply: POST …/sessions/{id}/apply, the session's work taken home.
//
// Contract of apply():
// - A session in the middle of a turn is busy; one with no work since its base
//   is invalid_state. A stopped session is started first.
// - Whatever is pending in the sandbox is committed first
//   ("Octobot: pending changes of <session name>").
// - Local git workspace: the work becomes branch octobot/<first 8 of the
//   session id> in the user's repository (server/git/branch_apply.hpp: the
//   checked-out branch, working tree and index untouched) →
//   {"mode": "branch", "branch", "commit", "rebased", "commits"}; a merge
//   conflict with a HEAD that moved on → outcome.conflict with the files.
// - Plain folder: {"mode": "patch", "patch", "commits"} (format-patch).
// - Git URL (https): the sandbox pushes the branch through its proxy; the
//   token is the project's github/gitlab/gitea credential for the remote's
//   host, which only the proxy holds (the sandbox sends its placeholder) →
//   {"mode": "push", "branch", "commit", "remote", "commits"}; with a pull
//   request asked for, the server opens it through the forge's API (the
//   credential's provider picks the adapter, its baseUrl the API base) and
//   adds "pullRequest": {"url", "number"}.
// - Errors: the session's (not_found, ...), invalid for a pull request on a
//   workspace that is not a git URL or without a forge credential, unavailable
//   when the sandbox, git or the forge fails (their message).
#pragma once
#include "server/runtime/sandbox_client.hpp"
#include "server/service/sandboxes.hpp"

#include <boost/asio/ssl/context.hpp>

#include <optional>

namespace octobot::service {

struct PullRequestInput {
  std::string title;  // one line, at most 256 characters; "" → "Octobot: <session name>"
  std::string body;   // at most 64 KiB
};

// The body of POST …/apply: {"pullRequest"?: {"title"?, "body"?}}; invalid with the field named.
Result<std::optional<PullRequestInput>> read_apply_input(const Json& body);

struct ApplyOutcome {
  Json result;                              // as listed above
  std::optional<std::string> conflict;      // set: the message; result is then {"files": [...]}
};

class SessionApply {
 public:
  // forge_tls: the CA store for forge APIs (the system's plus the configured upstream CAs).
  SessionApply(Context& context, SandboxService& sandboxes, boost::asio::ssl::context& forge_tls)
      : context_(context), sandboxes_(sandboxes), forge_tls_(forge_tls), client_(context.io) {}

  boost::asio::awaitable<Result<ApplyOutcome>> apply(std::string project_id, std::string id,
                                                     std::optional<PullRequestInput> pull_request);

 private:
  struct Target;
  boost::asio::awaitable<Result<ApplyOutcome>> apply_to_repository(const Target& target, const Json& work);
  boost::asio::awaitable<Result<ApplyOutcome>> push(const Target& target, const Json& work,
                                                    const std::optional<PullRequestInput>& pull_request);

  static constexpr std::chrono::seconds kStartTimeout{180};
  Context& context_;
  SandboxService& sandboxes_;
  boost::asio::ssl::context& forge_tls_;
  runtime::SandboxClient client_;
};

}  // namespace octobot::service
