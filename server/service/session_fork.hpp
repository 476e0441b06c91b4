// SessionFork: POST …/sessions/{id}/fork {"turn": n}, a new session that
// starts where the source session was after its turn n.
//
// Contract of fork():
// - The source's sandbox (started on demand) gives turn n's workspace
//   snapshot (refs/octobot/turns/<n>) as a bundle; a turn without a snapshot
//   is not_found.
// - The new session has the source's workspace and agent, the name
//   "<source name> (fork at turn n)", and a copy of the source's messages up
//   to and including the n-th assistant message. Its sandbox is provisioned,
//   and its workspace restored to the snapshot (the branch at the commits of
//   that moment, the pending files unstaged, the source's base as its base)
//   before fork() returns; the source session is not changed.
// - The agent's own conversation cannot move between sandboxes (each
//   session's agent process and its session files live in its own
//   container, and ACP's session/fork forks at the end, not at a turn), so
//   the new session's first turn gives the agent the copied messages as a
//   transcript (service/transcript.hpp): the result says
//   "conversation": "transcript".
// - Result: {"session": <the new session>, "forkedFrom": {"sessionId",
//   "turn"}, "conversation": "transcript"}.
#pragma once
#include "server/runtime/sandbox_client.hpp"
#include "server/service/sandboxes.hpp"
#include "server/service/sessions.hpp"

namespace octobot::service {

class SessionFork {
 public:
  SessionFork(Context& context, SessionService& sessions, SandboxService& sandboxes)
      : context_(context), sessions_(sessions), sandboxes_(sandboxes), client_(context.io) {}

  boost::asio::awaitable<Result<Json>> fork(std::string project_id, std::string id, std::int64_t turn);

 private:
  static constexpr std::chrono::seconds kStartTimeout{180};
  Result<store::Session> create_copy(const store::Session& source, std::int64_t turn);
  Context& context_;
  SessionService& sessions_;
  SandboxService& sandboxes_;
  runtime::SandboxClient client_;
};

}  // namespace octobot::service
