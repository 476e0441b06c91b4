// JSON views of the control plane's resources, as documented in
// proto/openapi.yaml: camelCase keys, RFC 3339 UTC times, nullable strings as
// null, secrets never included. The same views feed REST responses and the
// event stream, so a client sees one shape everywhere.
#pragma once
#include "server/store/records.hpp"

#include <nlohmann/json.hpp>
#include <string>

namespace octobot::proto {

using Json = nlohmann::json;

// Unix milliseconds → "2026-11-22T07:00:00.123Z".
std::string format_time(std::int64_t unix_ms);

Json to_json(const store::Project& project);
Json to_json(const store::Workspace& workspace);
Json to_json(const store::Session& session);
Json to_json(const store::Agent& agent);
Json to_json(const store::Credential& credential);
Json to_json(const store::Message& message);
Json to_json(const store::Event& event);

}  // namespace octobot::proto
