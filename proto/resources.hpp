// JSON views of the control plane's resources, as documented in
// proto/openapi.yaml: camelCase keys, RFC 3339 UTC times, nullable strings as
// null, secrets never included. The same views feed REST responses and the
// event stream, so a client sees one shape everywhere.
//
// write() renders straight into a JsonWriter (the hot path: lists);
// render() returns the JSON text; to_json() returns a DOM for callers that
// need to inspect or embed it.
#pragma once
#include "proto/json_writer.hpp"
#include "server/store/records.hpp"

#include <nlohmann/json.hpp>
#include <string>

namespace octobot::proto {

using Json = nlohmann::json;

// Unix milliseconds → "2026-11-22T07:00:00.123Z".
std::string format_time(std::int64_t unix_ms);

void write(JsonWriter& out, const store::Project& project);
void write(JsonWriter& out, const store::Workspace& workspace);
void write(JsonWriter& out, const store::Session& session);
void write(JsonWriter& out, const store::Agent& agent);
void write(JsonWriter& out, const store::Credential& credential);
void write(JsonWriter& out, const store::Message& message);
void write(JsonWriter& out, const store::Event& event);

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
