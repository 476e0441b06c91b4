#include "server/service/wire.hpp"

#include "server/service/network_policy.hpp"

namespace octobot::wire {

proto::Project to_wire(const store::Project& p) {
  return {p.id,
          p.name,
          p.created_at,
          p.updated_at,
          service::network_policy_json(service::project_network_policy(p.network_policy_json)).dump(),
          p.usage.input_tokens,
          p.usage.output_tokens,
          p.usage.cached_tokens,
          p.usage.cost_micros};
}

proto::Workspace to_wire(const store::Workspace& w) {
  return {w.id, w.project_id, w.display_name, w.path,       w.source_type,
          w.status, w.error_message, w.commit_sha, w.created_at, w.updated_at};
}

proto::Session to_wire(const store::Session& s) {
  return {s.id,           s.project_id,   s.workspace_id,  s.agent_id,     s.name,
          s.status,       s.error_message, s.created_at,   s.updated_at,   s.input_tokens,
          s.output_tokens, s.cached_tokens, s.cost_micros};
}

proto::Agent to_wire(const store::Agent& a) {
  return {a.id,    a.project_id, a.type,       a.name,       a.system_prompt, a.model,
          a.env_json, a.mcp_servers_json, a.is_default, a.created_at, a.updated_at, a.network_policy_json,
          a.approval_policy};
}

proto::Credential to_wire(const store::Credential& c) {
  return {c.id, c.project_id, c.provider, c.name, c.hosts_json, c.last4, c.created_at, c.base_url};
}

proto::Message to_wire(const store::Message& m) {
  return {m.id, m.session_id, m.role, m.parts_json, m.created_at, m.status, m.metadata_json};
}

proto::Event to_wire(const store::Event& e) { return {e.id, e.project_id, e.type, e.data_json, e.created_at}; }

}  // namespace octobot::wire
