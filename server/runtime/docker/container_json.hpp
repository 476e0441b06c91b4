// The JSON the Docker Engine API (v1.41) takes and returns for session
// containers, as pure functions (no I/O), so the security-relevant settings
// of a container are tested without Docker.
//
// container_create_body(spec) is the body of POST /containers/create:
// image's entrypoint, the spec's environment, labels octobot.managed=true,
// octobot.session, octobot.project, octobot.instance; the named volume at /data; the source
// read-only at /src; the upstream CA file read-only; the agent API and the
// proxy's control API published on 127.0.0.1 only (random host ports);
// host.docker.internal → host-gateway; memory, CPU and pids limits;
// no-new-privileges; only NET_ADMIN added; never privileged; no restart
// policy (the server decides restarts).
#pragma once
#include "server/runtime/runtime.hpp"

#include <nlohmann/json.hpp>

namespace octobot::runtime {

nlohmann::json container_create_body(const SandboxSpec& spec);
nlohmann::json volume_create_body(const SandboxSpec& spec);

// From GET /containers/{id}/json.
SandboxState state_from_inspect(const nlohmann::json& inspect);
// From one item of GET /containers/json.
SandboxState state_from_list_item(const nlohmann::json& item);
// From one object of GET /events; nullopt for events of no interest.
std::optional<RuntimeEvent> event_from_json(const nlohmann::json& event);
// The filters query value (URL-escaped) selecting the managed containers of
// server `instance_id`; with `events`, only container events.
std::string managed_filter(const std::string& instance_id, bool events = false);

inline constexpr const char* kManagedLabel = "octobot.managed";
inline constexpr const char* kSessionLabel = "octobot.session";
inline constexpr const char* kProjectLabel = "octobot.project";
inline constexpr const char* kInstanceLabel = "octobot.instance";

}  // namespace octobot::runtime
