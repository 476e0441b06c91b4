// --help text for a Schema.
#include "lib/config/config.hpp"

#include <algorithm>

namespace octobot::config {
namespace {

std::string flag_column(const Option& option) {
  std::string column = "  " + flag_name(option.name);
  if (option.type != Type::boolean) {
    column += " <" + (option.value_name.empty() ? std::string(type_name(option.type)) : option.value_name) + ">";
  }
  return column;
}

std::string details(const Schema& schema, const Option& option) {
  std::string text = option.help;
  text += text.empty() ? "[" : " [";
  text += "env " + env_name(schema.env_prefix(), option.name);
  if (option.default_value && !option.default_value->empty()) text += ", default " + *option.default_value;
  return text + "]";
}

// "--config", or "--check-config or --config".
std::string file_flags(const std::vector<std::string>& options) {
  std::string text;
  for (const std::string& option : options) text += (text.empty() ? "" : " or ") + flag_name(option);
  return text;
}

}  // namespace

std::string Schema::help(std::string_view usage) const {
  std::vector<std::pair<std::string, std::string>> rows;
  for (const Option& option : options_) rows.emplace_back(flag_column(option), details(*this, option));
  rows.emplace_back("  -h, --help", "Show this help and exit");
  std::size_t width = 0;
  for (const auto& row : rows) width = std::max(width, row.first.size());

  std::string text = "Usage: " + std::string(usage) + "\n\nOptions:\n";
  for (const auto& [flag, detail] : rows) text += flag + std::string(width + 2 - flag.size(), ' ') + detail + "\n";
  text += "\nPrecedence: flags > environment (" + env_prefix_ + "*)";
  if (!config_file_options_.empty()) text += " > config file (" + file_flags(config_file_options_) + ")";
  return text + " > defaults.\n";
}

}  // namespace octobot::config
