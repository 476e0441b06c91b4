// Precompiled header shared by every target (see lib/CMakeLists.txt).
// Only heavy, stable third-party headers belong here.
#pragma once
#include <utility>  // Boost 1.81's Asio needs it before its own headers.
#include <boost/asio.hpp>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <nlohmann/json.hpp>
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>
