#include "proxy/server/wire_format.hpp"

#include <charconv>

namespace octobot::proxy {
namespace http = boost::beast::http;
namespace {

void append_version(std::string& out, unsigned version) {
  out += "HTTP/";
  out += static_cast<char>('0' + version / 10 % 10);
  out += '.';
  out += static_cast<char>('0' + version % 10);
}

void append_fields(std::string& out, const http::fields& fields) {
  for (const auto& field : fields) {
    out += field.name_string();
    out += ": ";
    out += field.value();
    out += "\r\n";
  }
  out += "\r\n";
}

}  // namespace

void append_header(std::string& out, const http::request_header<>& header) {
  out += header.method_string();
  out += ' ';
  out += header.target();
  out += ' ';
  append_version(out, header.version());
  out += "\r\n";
  append_fields(out, header);
}

void append_header(std::string& out, const http::response_header<>& header) {
  append_version(out, header.version());
  char status[4];
  auto end = std::to_chars(status, status + sizeof status, header.result_int()).ptr;
  out += ' ';
  out.append(status, end);
  out += ' ';
  out += header.reason();
  out += "\r\n";
  append_fields(out, header);
}

void append_body(std::string& out, BodyFraming framing, std::string_view bytes) {
  if (framing == BodyFraming::none || bytes.empty()) return;
  if (framing == BodyFraming::chunked) {
    char size[2 * sizeof(std::size_t)];
    auto end = std::to_chars(size, size + sizeof size, bytes.size(), 16).ptr;
    out.append(size, end);
    out += "\r\n";
  }
  out += bytes;
  if (framing == BodyFraming::chunked) out += "\r\n";
}

void append_body_end(std::string& out, BodyFraming framing) {
  if (framing == BodyFraming::chunked) out += "0\r\n\r\n";
}

}  // namespace octobot::proxy
