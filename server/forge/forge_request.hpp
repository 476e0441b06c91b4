// One JSON POST to a forge's API (the adapters' shared transport).
//
// Contract: post_json() sends `body` to api_base + path with `headers`
// (and Accept/Content-Type/User-Agent), over https (or http for a base that
// says so), and returns the parsed JSON of a 2xx answer; anything else is an
// error "<forge> answered <status>: <its message>" (or the transport's error).
#pragma once
#include "server/forge/forge.hpp"

#include <nlohmann/json.hpp>

#include <utility>
#include <vector>

namespace octobot::forge {

boost::asio::awaitable<Expected<nlohmann::json, std::string>> post_json(
    boost::asio::any_io_executor executor, const ForgeSettings& settings, const std::string& forge_name,
    std::string api_base, std::string path, nlohmann::json body, std::vector<std::pair<std::string, std::string>> headers);

// "owner/repo" as one URL path segment ("owner%2Frepo"), as GitLab wants it.
std::string encode_path_segment(const std::string& text);

}  // namespace octobot::forge
