// Rewrites the portable `?` placeholders of a statement into PostgreSQL's
// numbered `$1..$n`, leaving `?` inside 'string literals', "quoted identifiers"
// and -- comments untouched.
#pragma once
#include <string>
#include <string_view>

namespace octobot::store::postgres {

std::string rewrite_placeholders(std::string_view sql);

}  // namespace octobot::store::postgres
