#include "server/store/sql/value.hpp"

#include <charconv>

namespace octobot::store::sql {

std::string Field::text() const {
  switch (value_.index()) {
    case 1: return std::to_string(std::get<1>(value_));
    case 2: return std::get<2>(value_);
    default: return {};
  }
}

std::int64_t Field::int64() const {
  if (value_.index() == 1) return std::get<1>(value_);
  if (value_.index() != 2) return 0;
  const std::string& digits = std::get<2>(value_);
  std::int64_t number = 0;
  const char* end = digits.data() + digits.size();
  auto [ptr, ec] = std::from_chars(digits.data(), end, number);
  return (ec == std::errc() && ptr == end) ? number : 0;
}

}  // namespace octobot::store::sql
