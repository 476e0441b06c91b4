// The version reported by `octobot version` and /api/health.
#pragma once
namespace octobot {
inline constexpr const char* kVersion = "0.1.0";
}
