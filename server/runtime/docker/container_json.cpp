#include "server/runtime/docker/container_json.hpp"

#include "server/runtime/docker/engine_client.hpp"

namespace octobot::runtime {
using nlohmann::json;

namespace {

std::string port_key(std::uint16_t port) { return std::to_string(port) + "/tcp"; }

json labels_of(const SandboxSpec& spec) {
  return {{kManagedLabel, "true"},
          {kSessionLabel, spec.session_id},
          {kProjectLabel, spec.project_id},
          {kInstanceLabel, spec.instance_id}};
}

std::string text(const json& object, const char* key) {
  auto found = object.find(key);
  return found != object.end() && found->is_string() ? found->get<std::string>() : std::string();
}

std::string label(const json& labels, const char* key) {
  return labels.is_object() ? text(labels, key) : std::string();
}

// Ports of inspect: {"3002/tcp": [{"HostIp": "127.0.0.1", "HostPort": "49153"}]}.
std::uint16_t host_port(const json& ports, std::uint16_t container_port) {
  if (!ports.is_object()) return 0;
  auto found = ports.find(port_key(container_port));
  if (found == ports.end() || !found->is_array()) return 0;
  for (const json& binding : *found) {
    auto port = text(binding, "HostPort");
    if (!port.empty()) return static_cast<std::uint16_t>(std::stoul(port));
  }
  return 0;
}

}  // namespace

json container_create_body(const SandboxSpec& spec) {
  json binds = json::array({volume_name(spec.session_id) + ":/data"});
  if (!spec.source_dir.empty()) binds.push_back(spec.source_dir + ":/src:ro");
  if (!spec.upstream_ca_file.empty()) binds.push_back(spec.upstream_ca_file + ":" + kUpstreamCaPath + ":ro");
  const json loopback_only = json::array({{{"HostIp", "127.0.0.1"}, {"HostPort", ""}}});
  json host_config = {
      {"Binds", binds},
      {"PortBindings", {{port_key(kAgentApiPort), loopback_only}, {port_key(kProxyControlPort), loopback_only}}},
      {"ExtraHosts", json::array({"host.docker.internal:host-gateway"})},
      {"Memory", spec.limits.memory_bytes},
      {"NanoCpus", spec.limits.nano_cpus},
      {"PidsLimit", spec.limits.pids},
      {"SecurityOpt", json::array({"no-new-privileges"})},
      {"CapAdd", json::array({"NET_ADMIN"})},
      {"Privileged", false},
      {"Init", false},
      {"RestartPolicy", {{"Name", "no"}}},
      {"LogConfig", {{"Type", "json-file"}, {"Config", {{"max-size", "10m"}, {"max-file", "2"}}}}},
  };
  return {{"Image", spec.image},
          {"Env", spec.env},
          {"Labels", labels_of(spec)},
          {"Hostname", "octobot"},
          {"ExposedPorts", {{port_key(kAgentApiPort), json::object()}, {port_key(kProxyControlPort), json::object()}}},
          {"StopSignal", "SIGTERM"},
          {"StopTimeout", 10},
          {"HostConfig", std::move(host_config)}};
}

json volume_create_body(const SandboxSpec& spec) {
  return {{"Name", volume_name(spec.session_id)}, {"Labels", labels_of(spec)}};
}

SandboxState state_from_inspect(const json& inspect) {
  SandboxState state;
  state.id = text(inspect, "Id");
  const json& labels = inspect.value("Config", json::object()).value("Labels", json::object());
  state.session_id = label(labels, kSessionLabel);
  state.project_id = label(labels, kProjectLabel);
  const json status = inspect.value("State", json::object());
  state.status = text(status, "Status");
  state.running = status.value("Running", false);
  state.exit_code = status.value("ExitCode", 0);
  state.oom_killed = status.value("OOMKilled", false);
  if (state.running) {
    const json ports = inspect.value("NetworkSettings", json::object()).value("Ports", json::object());
    state.api_port = host_port(ports, kAgentApiPort);
    state.proxy_port = host_port(ports, kProxyControlPort);
  }
  return state;
}

SandboxState state_from_list_item(const json& item) {
  SandboxState state;
  state.id = text(item, "Id");
  const json labels = item.value("Labels", json::object());
  state.session_id = label(labels, kSessionLabel);
  state.project_id = label(labels, kProjectLabel);
  state.status = text(item, "State");
  state.running = state.status == "running";
  return state;
}

std::optional<RuntimeEvent> event_from_json(const json& event) {
  if (!event.is_object() || text(event, "Type") != "container") return std::nullopt;
  RuntimeEvent out;
  out.action = text(event, "Action");
  if (out.action != "start" && out.action != "die" && out.action != "destroy" && out.action != "oom") {
    return std::nullopt;
  }
  const json actor = event.value("Actor", json::object());
  out.container_id = text(actor, "ID");
  const json attributes = actor.value("Attributes", json::object());
  if (text(attributes, kManagedLabel) != "true") return std::nullopt;
  out.session_id = text(attributes, kSessionLabel);
  out.project_id = text(attributes, kProjectLabel);
  auto exit_code = text(attributes, "exitCode");
  if (!exit_code.empty()) out.exit_code = std::atoi(exit_code.c_str());
  return out;
}

std::string managed_filter(const std::string& instance_id, bool events) {
  json filters = {{"label", json::array({std::string(kManagedLabel) + "=true",
                                         std::string(kInstanceLabel) + "=" + instance_id})}};
  if (events) filters["type"] = json::array({"container"});
  return query_escape(filters.dump());
}

}  // namespace octobot::runtime
