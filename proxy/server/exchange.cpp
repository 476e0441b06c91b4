#include "proxy/server/exchange.hpp"

namespace octobot::proxy {

std::string render_response_header(const http::response_header<>& header) {
  std::string text = "HTTP/1.1 " + std::to_string(header.result_int()) + " " + std::string(header.reason()) + "\r\n";
  for (const auto& field : header) {
    text += std::string(field.name_string()) + ": " + std::string(field.value()) + "\r\n";
  }
  return text + "\r\n";
}

}  // namespace octobot::proxy
