#include "server/api/openapi.hpp"

#include "lib/config/yaml.hpp"

#include <stdexcept>

namespace octobot::api {

std::string yaml_to_json(std::string_view yaml) {
  auto root = config::parse_yaml(yaml);
  if (!root) {
    const config::YamlError& error = root.error();
    throw std::runtime_error("line " + std::to_string(error.line) + ", column " + std::to_string(error.column) + ": " +
                             (error.path.empty() ? "" : error.path + ": ") + error.message);
  }
  return *root ? config::yaml_to_json(**root).dump() : "null";
}

}  // namespace octobot::api
