#include "server/store/postgres/postgres_connection.hpp"

#include "server/store/postgres/placeholders.hpp"

#include <pqxx/pqxx>

#include <functional>
#include <unordered_map>

namespace octobot::store::postgres {
namespace {

std::string trimmed(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  return text;
}

sql::ResultSet to_result_set(const pqxx::result& result) {
  sql::ResultSet out;
  out.affected_rows = static_cast<std::int64_t>(result.affected_rows());
  out.rows.reserve(result.size());
  for (const pqxx::row& row : result) {
    std::vector<sql::Field> fields;
    fields.reserve(row.size());
    for (const pqxx::field& field : row) {
      fields.push_back(field.is_null() ? sql::Field() : sql::Field(std::string(field.c_str(), field.size())));
    }
    out.rows.emplace_back(std::move(fields));
  }
  return out;
}

class PostgresConnection final : public sql::Connection {
 public:
  explicit PostgresConnection(std::unique_ptr<pqxx::connection> connection)
      : connection_(std::move(connection)) {}

  using sql::Connection::execute;

  sql::Result<sql::ResultSet> execute(std::string_view sql, std::span<const sql::Param> params) override {
    try {
      const std::string& name = statement_name(sql);
      std::vector<std::string> texts(params.size());
      std::vector<const char*> values(params.size(), nullptr);
      for (std::size_t i = 0; i < params.size(); ++i) {
        if (params[i].is_null()) continue;
        texts[i] = params[i].is_int() ? std::to_string(params[i].as_int()) : std::string(params[i].as_text());
        values[i] = texts[i].c_str();
      }
      return to_result_set(run_prepared(name, pqxx::prepare::make_dynamic_params(values)));
    } catch (...) {
      return failure();
    }
  }

  sql::Result<> execute_script(std::string_view sql) override {
    try {
      const std::string script(sql);
      if (transaction_) {
        transaction_->exec(script);
      } else {
        pqxx::nontransaction work(*connection_);
        work.exec(script);
      }
      return {};
    } catch (...) {
      return failure();
    }
  }

  sql::Result<> begin() override {
    try {
      transaction_ = std::make_unique<pqxx::work>(*connection_);
      return {};
    } catch (...) {
      return failure();
    }
  }

  sql::Result<> commit() override {
    try {
      if (transaction_) transaction_->commit();
      transaction_.reset();
      return {};
    } catch (...) {
      transaction_.reset();
      return failure();
    }
  }

  sql::Result<> rollback() override {
    try {
      if (transaction_) transaction_->abort();
      transaction_.reset();
      return {};
    } catch (...) {
      transaction_.reset();
      return failure();
    }
  }

  bool broken() const override { return broken_; }

 private:
  // The name of the prepared statement for `sql`, defining it on first use
  // (pqxx sends the PREPARE lazily, with the first execution).
  const std::string& statement_name(std::string_view sql) {
    if (auto found = names_.find(sql); found != names_.end()) return found->second;
    std::string name = "s" + std::to_string(names_.size() + 1);
    connection_->prepare(name, rewrite_placeholders(sql));
    return names_.emplace(std::string(sql), std::move(name)).first->second;
  }

  template <class Params>
  pqxx::result run_prepared(const std::string& name, const Params& params) {
    if (transaction_) return transaction_->exec_prepared(name, params);
    pqxx::nontransaction work(*connection_);
    return work.exec_prepared(name, params);
  }

  // Maps the exception being handled to an sql::Error.
  sql::Error failure() {
    using Kind = sql::Error::Kind;
    try {
      throw;
    } catch (const pqxx::broken_connection& e) {
      broken_ = true;
      return {Kind::unavailable, trimmed(e.what())};
    } catch (const pqxx::in_doubt_error& e) {
      broken_ = true;
      return {Kind::unavailable, trimmed(e.what())};
    } catch (const pqxx::unique_violation& e) {
      return {Kind::conflict, trimmed(e.what())};
    } catch (const pqxx::foreign_key_violation& e) {
      return {Kind::missing_reference, trimmed(e.what())};
    } catch (const pqxx::integrity_constraint_violation& e) {
      return {Kind::invalid, trimmed(e.what())};
    } catch (const std::exception& e) {
      if (!connection_->is_open()) broken_ = true;
      return {broken_ ? Kind::unavailable : Kind::internal, trimmed(e.what())};
    } catch (...) {
      return {Kind::internal, "unknown PostgreSQL driver error"};
    }
  }

  struct Hash : std::hash<std::string_view> {
    using is_transparent = void;
  };
  std::unique_ptr<pqxx::connection> connection_;
  std::unique_ptr<pqxx::work> transaction_;
  std::unordered_map<std::string, std::string, Hash, std::equal_to<>> names_;  // SQL → statement name
  bool broken_ = false;
};

}  // namespace

sql::Result<std::unique_ptr<sql::Connection>> connect_postgres(const std::string& url) {
  try {
    auto connection = std::make_unique<pqxx::connection>(url);
    // Keep NOTICEs ("relation already exists, skipping") off stderr.
    pqxx::nontransaction(*connection).exec("SET client_min_messages TO warning");
    return std::unique_ptr<sql::Connection>(std::make_unique<PostgresConnection>(std::move(connection)));
  } catch (const std::exception& e) {
    return sql::Error{sql::Error::Kind::unavailable, trimmed(e.what())};
  }
}

}  // namespace octobot::store::postgres
