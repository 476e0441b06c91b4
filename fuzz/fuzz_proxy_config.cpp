// Fuzzes parse_proxy_config() on arbitrary YAML text. Properties: it never
// crashes or throws; an error has a message; an accepted configuration can be
// rendered as JSON (what GET /config serves) and serialised.
#include "fuzz/fuzz_check.hpp"
#include "proxy/config/proxy_config.hpp"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto parsed = octobot::proxy::parse_proxy_config(text, "fuzz");
  if (!parsed) {
    FUZZ_CHECK(!parsed.error().message.empty());
    return 0;
  }
  // dump() throws on invalid UTF-8: the parser must not let any through.
  const std::string rendered = octobot::proxy::config_to_json(*parsed).dump();
  FUZZ_CHECK(!rendered.empty());
  return 0;
}
