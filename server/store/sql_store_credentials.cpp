// SqlStore: credentials, stored as sealed by the service (CredentialStore).
#include "server/store/sql_store.hpp"
#include "server/store/transaction.hpp"

namespace octobot::store {

Result<> SqlStore::create_credential(const Credential& c, const EventDraft& event) {
  return in_transaction<void>(*database_, [&](Executor& x) -> Result<> {
    auto inserted = x.run("INSERT INTO credentials (" OCTOBOT_CREDENTIAL_COLUMNS ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                          {c.id, c.project_id, c.provider, c.name, c.secret_ciphertext, c.hosts_json, c.last4,
                           c.created_at, c.base_url});
    if (!inserted) return inserted.error();
    return x.append_event(event);
  });
}

Result<Credential> SqlStore::find_credential(std::string_view project_id, std::string_view id) {
  return read_only<Credential>(*database_, [&](Executor& x) {
    return x.find("SELECT " OCTOBOT_CREDENTIAL_COLUMNS " FROM credentials WHERE project_id = ? AND id = ?",
                  {project_id, id}, credential_from_row, "credential", id);
  });
}

Result<std::vector<Credential>> SqlStore::list_credentials(std::string_view project_id) {
  return read_only<std::vector<Credential>>(*database_, [&](Executor& x) {
    return x.list("SELECT " OCTOBOT_CREDENTIAL_COLUMNS " FROM credentials WHERE project_id = ? ORDER BY created_at, id",
                  {project_id}, credential_from_row);
  });
}

Result<> SqlStore::delete_credential(std::string_view project_id, std::string_view id, const EventDraft& event) {
  return in_transaction<void>(*database_, [&](Executor& x) -> Result<> {
    auto deleted =
        x.change("DELETE FROM credentials WHERE project_id = ? AND id = ?", {project_id, id}, "credential", id);
    if (!deleted) return deleted;
    return x.append_event(event);
  });
}

}  // namespace octobot::store
