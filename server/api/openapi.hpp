// The OpenAPI document: proto/openapi.yaml, embedded at build time and served
// as JSON. YAML scalars are typed by the YAML 1.2 core schema (plain true,
// 12, 1.5, null are not strings; quoted scalars always are).
#pragma once
#include <string>
#include <string_view>

namespace octobot::api {

// proto/openapi.yaml as built into this binary.
std::string_view openapi_yaml();

// Converts a YAML document to compact JSON; throws YAML::Exception on bad YAML.
std::string yaml_to_json(std::string_view yaml);

}  // namespace octobot::api
