// CredentialStore: the credentials of a project, kept as the service sealed
// them (the store never sees a plaintext secret).
//
// Contract (beyond what every store interface promises, see store.hpp):
// - list_credentials: oldest first.
// - Credentials are never updated: create and delete only.
#pragma once
#include "server/store/error.hpp"
#include "server/store/records.hpp"

#include <string_view>
#include <vector>

namespace octobot::store {

class CredentialStore {
 public:
  virtual ~CredentialStore() = default;

  virtual Result<> create_credential(const Credential& credential, const EventDraft& event) = 0;
  virtual Result<Credential> find_credential(std::string_view project_id, std::string_view id) = 0;
  virtual Result<std::vector<Credential>> list_credentials(std::string_view project_id) = 0;
  virtual Result<> delete_credential(std::string_view project_id, std::string_view id, const EventDraft& event) = 0;
};

}  // namespace octobot::store
