// Common HTTP vocabulary for lib/http: request/response types and namespace aliases.
#pragma once
#include <utility>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <map>
#include <string>

namespace octobot::http {

namespace asio = boost::asio;
namespace beast = boost::beast;

using Request = beast::http::request<beast::http::string_body>;
using Response = beast::http::response<beast::http::string_body>;
using Method = beast::http::verb;
using Status = beast::http::status;
using Field = beast::http::field;

// Path parameters captured by the router, e.g. {"projectId": "local"}.
using PathParams = std::map<std::string, std::string, std::less<>>;

}  // namespace octobot::http
