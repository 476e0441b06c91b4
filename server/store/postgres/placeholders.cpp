#include "server/store/postgres/placeholders.hpp"

namespace octobot::store::postgres {
namespace {

// Copies the quoted run starting at sql[at] (a ' or ") up to its closing quote
// and returns the index after it. A doubled quote inside is an escaped quote
// and simply reads as a close followed by a new open.
std::size_t copy_quoted(std::string_view sql, std::size_t at, std::string& out) {
  const char quote = sql[at];
  const std::size_t close = sql.find(quote, at + 1);
  const std::size_t end = close == std::string_view::npos ? sql.size() : close + 1;
  out.append(sql.substr(at, end - at));
  return end;
}

std::size_t copy_line_comment(std::string_view sql, std::size_t at, std::string& out) {
  const std::size_t newline = sql.find('\n', at);
  const std::size_t end = newline == std::string_view::npos ? sql.size() : newline;
  out.append(sql.substr(at, end - at));
  return end;
}

}  // namespace

std::string rewrite_placeholders(std::string_view sql) {
  std::string out;
  out.reserve(sql.size() + 16);
  int number = 0;
  std::size_t at = 0;
  while (at < sql.size()) {
    const char c = sql[at];
    if (c == '\'' || c == '"') {
      at = copy_quoted(sql, at, out);
    } else if (c == '-' && at + 1 < sql.size() && sql[at + 1] == '-') {
      at = copy_line_comment(sql, at, out);
    } else if (c == '?') {
      out += '$';
      out += std::to_string(++number);
      ++at;
    } else {
      out += c;
      ++at;
    }
  }
  return out;
}

}  // namespace octobot::store::postgres
