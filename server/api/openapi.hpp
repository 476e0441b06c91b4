// The OpenAPI document: proto/openapi.yaml, embedded at build time and served
// as JSON. It is read by lib/config's YAML reader (lib/config/yaml.hpp, with
// its limits, duplicate keys refused); scalars are typed by the YAML 1.2 core
// schema (plain true, 12, 1.5, null are not strings; quoted scalars always are).
#pragma once
#include <string>
#include <string_view>

namespace octobot::api {

// proto/openapi.yaml as built into this binary.
std::string_view openapi_yaml();

// Converts a YAML document to compact JSON ("null" for a document that is
// empty). Throws std::runtime_error naming the line and column of bad YAML:
// the built-in document is valid by construction, so that is a start-up bug.
std::string yaml_to_json(std::string_view yaml);

}  // namespace octobot::api
