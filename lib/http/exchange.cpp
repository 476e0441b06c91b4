#include "lib/http/exchange.hpp"

namespace octobot::http {

Exchange::Exchange(Request& request, PathParams params, std::string request_id, std::string route_pattern,
                   Stream& stream, bool& stream_taken)
    : request_(request),
      params_(std::move(params)),
      request_id_(std::move(request_id)),
      route_pattern_(std::move(route_pattern)),
      stream_(stream),
      stream_taken_(stream_taken) {}

std::string_view Exchange::param(std::string_view name) const {
  auto it = params_.find(name);
  return it == params_.end() ? std::string_view{} : std::string_view{it->second};
}

std::optional<std::string> Exchange::query(std::string_view name) const {
  std::string_view target = request_.target();
  auto question = target.find('?');
  if (question == std::string_view::npos) return std::nullopt;
  std::string_view rest = target.substr(question + 1);
  while (!rest.empty()) {
    auto amp = rest.find('&');
    std::string_view pair = rest.substr(0, amp);
    rest = amp == std::string_view::npos ? std::string_view{} : rest.substr(amp + 1);
    auto eq = pair.find('=');
    auto key = url_decode(pair.substr(0, eq));
    if (!key || *key != name) continue;
    if (eq == std::string_view::npos) return std::string{};
    // A malformed escape is kept literally, so the parameter's validator
    // rejects it instead of the parameter silently counting as absent.
    std::string_view raw = pair.substr(eq + 1);
    return url_decode(raw).value_or(std::string(raw));
  }
  return std::nullopt;
}

asio::ip::address Exchange::remote_address() const {
  beast::error_code ec;
  auto peer = stream_.socket().remote_endpoint(ec);
  auto tcp = ec ? std::nullopt : to_tcp_endpoint(peer);
  return tcp ? tcp->address() : asio::ip::address{};
}

Stream& Exchange::take_stream() {
  stream_taken_ = true;
  return stream_;
}

std::optional<std::string> url_decode(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '+') {
      out.push_back(' ');
    } else if (c == '%') {
      auto hex = [](char h) -> int {
        if (h >= '0' && h <= '9') return h - '0';
        if (h >= 'a' && h <= 'f') return h - 'a' + 10;
        if (h >= 'A' && h <= 'F') return h - 'A' + 10;
        return -1;
      };
      if (i + 2 >= text.size()) return std::nullopt;
      int hi = hex(text[i + 1]), lo = hex(text[i + 2]);
      if (hi < 0 || lo < 0) return std::nullopt;
      out.push_back(static_cast<char>(hi * 16 + lo));
      i += 2;
    } else {
      out.push_back(c);
    }
  }
  return out;
}

}  // namespace octobot::http
