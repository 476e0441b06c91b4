// Values crossing the SQL driver boundary.
//
// Param: one statement parameter (NULL, a 64-bit integer or text), bound to a
// `?` placeholder. A text Param only views its characters: it must not outlive
// the string it was made from (a call to Connection::execute is fine).
//
// Field/Row/ResultSet: what a statement returns. A field is NULL, an integer or
// text; drivers that only deliver text (PostgreSQL) give text and int64()
// parses it, so callers read columns the same way on every database.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace octobot::store::sql {

class Param {
 public:
  Param(std::nullptr_t) {}
  Param(std::int64_t value) : value_(value) {}
  Param(int value) : value_(std::int64_t{value}) {}
  Param(bool value) : value_(std::int64_t{value ? 1 : 0}) {}
  Param(std::string_view value) : value_(value) {}
  Param(const char* value) : value_(std::string_view(value)) {}
  Param(const std::string& value) : value_(std::string_view(value)) {}
  Param(std::string&&) = delete;  // would dangle: keep the string alive yourself

  bool is_null() const { return value_.index() == 0; }
  bool is_int() const { return value_.index() == 1; }
  std::int64_t as_int() const { return std::get<1>(value_); }
  std::string_view as_text() const { return std::get<2>(value_); }

 private:
  std::variant<std::monostate, std::int64_t, std::string_view> value_;
};

class Field {
 public:
  Field() = default;
  explicit Field(std::int64_t value) : value_(value) {}
  explicit Field(std::string value) : value_(std::move(value)) {}

  bool is_null() const { return value_.index() == 0; }
  // The text of the field: "" for NULL, decimal digits for an integer.
  std::string text() const;
  // The integer of the field: 0 for NULL or text that is not a whole number.
  std::int64_t int64() const;

 private:
  std::variant<std::monostate, std::int64_t, std::string> value_;
};

class Row {
 public:
  explicit Row(std::vector<Field> fields) : fields_(std::move(fields)) {}

  std::size_t size() const { return fields_.size(); }
  bool is_null(std::size_t column) const { return fields_.at(column).is_null(); }
  std::string text(std::size_t column) const { return fields_.at(column).text(); }
  std::int64_t int64(std::size_t column) const { return fields_.at(column).int64(); }
  bool boolean(std::size_t column) const { return int64(column) != 0; }

 private:
  std::vector<Field> fields_;
};

struct ResultSet {
  std::vector<Row> rows;
  std::int64_t affected_rows = 0;  // rows inserted, updated or deleted
};

}  // namespace octobot::store::sql
