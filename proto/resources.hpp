// JSON views of the control plane's resources, as documented in
// proto/openapi.yaml: camelCase keys, RFC 3339 UTC times, nullable strings as
// null, secrets never included. The same views feed REST responses and the
// event stream, so a client sees one shape everywhere.
//
// write() renders straight into a JsonWriter (the hot path: lists);
// render() returns the JSON text; to_json() returns a DOM for callers that
// need to inspect or embed it.
//
// The wire types below are what a client sees of each resource; fields that
// hold JSON (env, mcpServers, hosts, parts, data) carry its serialized text,
// which is written as is. Times are Unix milliseconds. This library depends
// on JSON only, so the agent API and the CLI can use it without the server.
#pragma once
#include "proto/json_writer.hpp"

#include <nlohmann/json.hpp>
#include <cstdint>
#include <string>
#include <vector>

namespace octobot::proto {

using Json = nlohmann::json;

struct Project {
  std::string id;
  std::string name;
  std::int64_t created_at = 0;
  std::int64_t updated_at = 0;
  std::string network_policy_json = "{}";  // {"allowHosts": [...], "allowCidrs": [...]}
  std::int64_t input_tokens = 0;
  std::int64_t output_tokens = 0;
  std::int64_t cached_tokens = 0;
  std::int64_t cost_micros = 0;
};

struct Workspace {
  std::string id;
  std::string project_id;
  std::string display_name;
  std::string path;
  std::string source_type;    // "local" or "git"
  std::string status;
  std::string error_message;  // "" → null
  std::string commit_sha;     // "" → null
  std::int64_t created_at = 0;
  std::int64_t updated_at = 0;
};

struct Session {
  std::string id;
  std::string project_id;
  std::string workspace_id;
  std::string agent_id;       // "" → null
  std::string name;
  std::string status;
  std::string error_message;  // "" → null
  std::int64_t created_at = 0;
  std::int64_t updated_at = 0;
  std::int64_t input_tokens = 0;
  std::int64_t output_tokens = 0;
  std::int64_t cached_tokens = 0;
  std::int64_t cost_micros = 0;
};

struct Agent {
  std::string id;
  std::string project_id;
  std::string type;
  std::string name;
  std::string system_prompt;
  std::string model;
  std::string env_json = "{}";
  std::string mcp_servers_json = "[]";
  bool is_default = false;
  std::int64_t created_at = 0;
  std::int64_t updated_at = 0;
  std::string network_policy_json = "{}";  // {"allowHosts": [...], "allowCidrs": [...]}
  std::string approval_policy = "auto";
};

// Never the secret: its last four characters only.
struct Credential {
  std::string id;
  std::string project_id;
  std::string provider;
  std::string name;
  std::string hosts_json = "[]";
  std::string last4;
  std::int64_t created_at = 0;
  std::string base_url;  // "" → null
};

struct Message {
  std::string id;
  std::string session_id;
  std::string role;
  std::string parts_json = "[]";
  std::int64_t created_at = 0;
  std::string status = "complete";  // "streaming", "complete", "interrupted"
  std::string metadata_json = "{}";
};

struct Event {
  std::int64_t id = 0;
  std::string project_id;
  std::string type;
  std::string data_json;
  std::int64_t created_at = 0;
};

// Unix milliseconds → "2026-11-22T07:00:00.123Z".
std::string format_time(std::int64_t unix_ms);

void write(JsonWriter& out, const Project& project);
void write(JsonWriter& out, const Workspace& workspace);
void write(JsonWriter& out, const Session& session);
void write(JsonWriter& out, const Agent& agent);
void write(JsonWriter& out, const Credential& credential);
void write(JsonWriter& out, const Message& message);
void write(JsonWriter& out, const Event& event);

template <class Resource>
std::string render(const Resource& resource) {
  JsonWriter out;
  write(out, resource);
  return out.take();
}

template <class Resource>
Json to_json(const Resource& resource) {
  return Json::parse(render(resource));
}

// {"items":[...]} for a list of resources.
template <class Resource>
std::string render_items(const std::vector<Resource>& items) {
  JsonWriter out;
  out.reserve(items.size() * 320 + 16);
  out.begin_object().key("items").begin_array();
  for (const Resource& item : items) write(out, item);
  out.end_array().end_object();
  return out.take();
}

}  // namespace octobot::proto
