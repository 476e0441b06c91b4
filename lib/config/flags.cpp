// The command-line layer (see config.hpp for the syntax).
#include "lib/config/layers.hpp"

namespace octobot::config {
namespace {

bool is_flag(std::string_view arg) { return arg.size() > 2 && arg.starts_with("--"); }

// "-x" style arguments: help, or an error; "-" and negative numbers are positional.
bool is_short_flag(std::string_view arg) {
  return arg.size() > 1 && arg[0] == '-' && arg[1] != '-' && !(arg[1] >= '0' && arg[1] <= '9');
}

class FlagReader {
 public:
  FlagReader(const Schema& schema, const std::vector<std::string>& args) : schema_(schema), args_(args) {}

  Expected<FlagLayer, Error> read() {
    for (index_ = 0; index_ < args_.size(); ++index_) {
      const std::string& arg = args_[index_];
      if (arg == "--") {
        layer_.positional.insert(layer_.positional.end(), args_.begin() + index_ + 1, args_.end());
        break;
      }
      if (arg == "-h" || arg == "--help") {
        layer_.help = true;
      } else if (is_flag(arg)) {
        if (auto error = read_flag(arg)) return *error;
      } else if (is_short_flag(arg)) {
        return make_error(arg, "unknown flag " + arg);
      } else {
        layer_.positional.push_back(arg);
      }
    }
    return std::move(layer_);
  }

 private:
  std::optional<Error> read_flag(std::string_view arg) {
    const auto equals = arg.find('=');
    const std::string flag(arg.substr(0, equals));
    const Option* option = schema_.find_by_flag(flag);
    if (!option) return make_error(flag, "unknown flag " + flag);
    std::string text;
    if (equals != std::string_view::npos) {
      text = arg.substr(equals + 1);
    } else if (option->type == Type::boolean) {
      text = "true";
    } else if (index_ + 1 < args_.size() && !is_flag(args_[index_ + 1])) {
      text = args_[++index_];
    } else {
      return make_error(flag, "flag " + flag + " needs a value");
    }
    auto setting = make_setting(*option, text, Source::flag, flag, flag);
    if (!setting) return setting.error();
    layer_.settings.insert_or_assign(option->name, std::move(*setting));
    return std::nullopt;
  }

  const Schema& schema_;
  const std::vector<std::string>& args_;
  std::size_t index_ = 0;
  FlagLayer layer_;
};

}  // namespace

Expected<FlagLayer, Error> read_flags(const Schema& schema, const std::vector<std::string>& args) {
  return FlagReader(schema, args).read();
}

}  // namespace octobot::config
