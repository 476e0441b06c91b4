#include "proto/resources.hpp"

namespace octobot::proto {

namespace {
// Millionths of a dollar as a JSON number with six decimals ("0.007866").
std::string format_usd(std::int64_t micros) {
  const char* sign = micros < 0 ? "-" : "";
  const std::int64_t magnitude = micros < 0 ? -micros : micros;
  std::string fraction = std::to_string(magnitude % 1'000'000);
  fraction.insert(0, 6 - fraction.size(), '0');
  return sign + std::to_string(magnitude / 1'000'000) + "." + fraction;
}

// "usage": {"inputTokens", "outputTokens", "cachedInputTokens", "costUsd"}
void write_usage(JsonWriter& out, std::int64_t input, std::int64_t output, std::int64_t cached, std::int64_t cost_micros) {
  out.key("usage").begin_object()
      .key("inputTokens").number(input)
      .key("outputTokens").number(output)
      .key("cachedInputTokens").number(cached)
      .key("costUsd").raw(format_usd(cost_micros))
      .end_object();
}
}  // namespace

namespace {

// Stored JSON columns are written by us from serialized JSON; one that is
// not even shaped like the expected container is replaced by `fallback`.
std::string_view stored(const std::string& text, char open, std::string_view fallback) {
  return !text.empty() && text.front() == open ? std::string_view(text) : fallback;
}

void put_digits(char* at, unsigned value, int width) {
  for (int i = width - 1; i >= 0; --i) {
    at[i] = static_cast<char>('0' + value % 10);
    value /= 10;
  }
}

}  // namespace

std::string format_time(std::int64_t unix_ms) {
  // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
  std::int64_t ms = unix_ms % 1000, seconds = unix_ms / 1000;
  if (ms < 0) ms += 1000, seconds -= 1;
  std::int64_t days = seconds / 86400, second_of_day = seconds % 86400;
  if (second_of_day < 0) second_of_day += 86400, days -= 1;
  days += 719468;
  std::int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  unsigned day_of_era = static_cast<unsigned>(days - era * 146097);
  unsigned year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
  unsigned day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
  unsigned month_index = (5 * day_of_year + 2) / 153;
  unsigned day = day_of_year - (153 * month_index + 2) / 5 + 1;
  unsigned month = month_index < 10 ? month_index + 3 : month_index - 9;
  std::int64_t year = static_cast<std::int64_t>(year_of_era) + era * 400 + (month <= 2);

  std::string text = "0000-00-00T00:00:00.000Z";
  put_digits(text.data(), static_cast<unsigned>(year), 4);
  put_digits(text.data() + 5, month, 2);
  put_digits(text.data() + 8, day, 2);
  put_digits(text.data() + 11, static_cast<unsigned>(second_of_day / 3600), 2);
  put_digits(text.data() + 14, static_cast<unsigned>(second_of_day / 60 % 60), 2);
  put_digits(text.data() + 17, static_cast<unsigned>(second_of_day % 60), 2);
  put_digits(text.data() + 20, static_cast<unsigned>(ms), 3);
  return text;
}

void write(JsonWriter& out, const Project& project) {
  out.begin_object()
      .key("id").string(project.id)
      .key("name").string(project.name)
      .key("createdAt").string(format_time(project.created_at))
      .key("updatedAt").string(format_time(project.updated_at))
      .key("networkPolicy").raw(stored(project.network_policy_json, '{', "{}"));
  write_usage(out, project.input_tokens, project.output_tokens, project.cached_tokens, project.cost_micros);
  out.end_object();
}

void write(JsonWriter& out, const Workspace& workspace) {
  out.begin_object()
      .key("id").string(workspace.id)
      .key("projectId").string(workspace.project_id)
      .key("displayName").string(workspace.display_name)
      .key("path").string(workspace.path)
      .key("sourceType").string(workspace.source_type)
      .key("status").string(workspace.status)
      .key("errorMessage").string_or_null(workspace.error_message)
      .key("commitSha").string_or_null(workspace.commit_sha)
      .key("createdAt").string(format_time(workspace.created_at))
      .key("updatedAt").string(format_time(workspace.updated_at))
      .end_object();
}

void write(JsonWriter& out, const Session& session) {
  out.begin_object()
      .key("id").string(session.id)
      .key("projectId").string(session.project_id)
      .key("workspaceId").string(session.workspace_id)
      .key("agentId").string_or_null(session.agent_id)
      .key("name").string(session.name)
      .key("status").string(session.status)
      .key("errorMessage").string_or_null(session.error_message)
      .key("createdAt").string(format_time(session.created_at))
      .key("updatedAt").string(format_time(session.updated_at));
  write_usage(out, session.input_tokens, session.output_tokens, session.cached_tokens, session.cost_micros);
  out.end_object();
}

void write(JsonWriter& out, const Agent& agent) {
  out.begin_object()
      .key("id").string(agent.id)
      .key("projectId").string(agent.project_id)
      .key("type").string(agent.type)
      .key("name").string(agent.name)
      .key("systemPrompt").string(agent.system_prompt)
      .key("model").string(agent.model)
      .key("env").raw(stored(agent.env_json, '{', "{}"))
      .key("mcpServers").raw(stored(agent.mcp_servers_json, '[', "[]"))
      .key("isDefault").boolean(agent.is_default)
      .key("networkPolicy").raw(stored(agent.network_policy_json, '{', "{}"))
      .key("approvalPolicy").string(agent.approval_policy)
      .key("createdAt").string(format_time(agent.created_at))
      .key("updatedAt").string(format_time(agent.updated_at))
      .end_object();
}

void write(JsonWriter& out, const Credential& credential) {
  out.begin_object()
      .key("id").string(credential.id)
      .key("projectId").string(credential.project_id)
      .key("provider").string(credential.provider)
      .key("name").string(credential.name)
      .key("hosts").raw(stored(credential.hosts_json, '[', "[]"))
      .key("last4").string(credential.last4)
      .key("baseUrl").string_or_null(credential.base_url)
      .key("createdAt").string(format_time(credential.created_at))
      .end_object();
}

void write(JsonWriter& out, const Message& message) {
  out.begin_object()
      .key("id").string(message.id)
      .key("sessionId").string(message.session_id)
      .key("role").string(message.role)
      .key("parts").raw(stored(message.parts_json, '[', "[]"))
      .key("status").string(message.status)
      .key("metadata").raw(stored(message.metadata_json, '{', "{}"))
      .key("createdAt").string(format_time(message.created_at))
      .end_object();
}

void write(JsonWriter& out, const Event& event) {
  out.begin_object()
      .key("id").number(event.id)
      .key("type").string(event.type)
      .key("projectId").string(event.project_id)
      .key("data").raw(stored(event.data_json, '{', "{}"))
      .key("createdAt").string(format_time(event.created_at))
      .end_object();
}

}  // namespace octobot::proto
