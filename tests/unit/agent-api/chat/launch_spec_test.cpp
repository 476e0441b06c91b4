// agent-api/chat/launch_spec.cpp: how each agent type is started.
#include "agent-api/chat/launch_spec.hpp"

#include <catch2/catch.hpp>

#include <algorithm>

namespace octobot::agent_api {
namespace {

bool has(const std::vector<std::string>& list, const std::string& item) {
  return std::find(list.begin(), list.end(), item) != list.end();
}

TEST_CASE("each agent type has its argv; the configured env wins over the agent API's", "[agent-api][launch]") {
  const std::vector<std::string> base = {"PATH=/usr/bin", "HOME=/data/home", "OPENAI_BASE_URL=https://old"};
  AgentSettings claude;
  claude.type = "claude-code";
  claude.model = "claude-opus-4";
  claude.env = {{"ANTHROPIC_API_KEY", "OCTOBOT_PLACEHOLDER_ANTHROPIC_12345678"}};
  auto command = launch_command(claude, base, "/data/workspace");
  REQUIRE(command);
  CHECK(command->argv == std::vector<std::string>{"claude-agent-acp"});
  CHECK(command->working_directory == "/data/workspace");
  CHECK(has(command->environment, "ANTHROPIC_API_KEY=OCTOBOT_PLACEHOLDER_ANTHROPIC_12345678"));
  CHECK(has(command->environment, "ANTHROPIC_MODEL=claude-opus-4"));
  CHECK(has(command->environment, "CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC=1"));
  CHECK(has(command->environment, "HOME=/data/home"));

  AgentSettings codex;
  codex.type = "codex";
  codex.model = "gpt-5.4\"\n[x]";  // quoted as a TOML string, never TOML syntax
  codex.env = {{"OPENAI_BASE_URL", "https://gateway.example/v1"}};
  command = launch_command(codex, base, "/data/workspace");
  REQUIRE(command);
  CHECK(command->argv.front() == "codex-acp");
  CHECK(has(command->argv, "sandbox_mode=\"danger-full-access\""));
  CHECK(has(command->argv, "approval_policy=\"never\""));
  CHECK(has(command->argv, "model_providers.octobot.base_url=\"https://gateway.example/v1\""));
  CHECK(has(command->argv, "model=\"gpt-5.4\\\"\\n[x]\""));
  CHECK(std::count_if(command->environment.begin(), command->environment.end(),
                      [](const std::string& e) { return e.rfind("OPENAI_BASE_URL=", 0) == 0; }) == 1);

  codex.approval_policy = "ask";
  CHECK(has(launch_command(codex, base, "/w")->argv, "approval_policy=\"untrusted\""));

  AgentSettings gemini;
  gemini.type = "gemini";
  command = launch_command(gemini, base, "/w");
  CHECK(command->argv == std::vector<std::string>{"gemini", "--acp", "--approval-mode", "yolo"});
  gemini.approval_policy = "ask";
  CHECK(launch_command(gemini, base, "/w")->argv == std::vector<std::string>{"gemini", "--acp"});

  AgentSettings opencode;
  opencode.type = "opencode";
  CHECK(launch_command(opencode, base, "/w")->argv == std::vector<std::string>{"opencode", "acp"});
}

TEST_CASE("an unknown agent type names the known ones", "[agent-api][launch]") {
  AgentSettings aider;
  aider.type = "aider";
  auto command = launch_command(aider, {}, "/w");
  REQUIRE_FALSE(command);
  CHECK(command.error() == "unknown agent type \"aider\" (known: claude-code, codex, gemini, opencode)");
}

}  // namespace
}  // namespace octobot::agent_api
