// Projects and membership. The single-user project has the id "local" and is
// owned by the anonymous user; it cannot be deleted.
#pragma once
#include "server/service/context.hpp"

namespace octobot::service {

inline constexpr std::string_view kLocalProjectId = "local";
inline constexpr std::string_view kAnonymousUserId = "00000000-0000-4000-8000-000000000000";

class ProjectService {
 public:
  explicit ProjectService(Context& context) : context_(context) {}

  // Creates the anonymous user and the "local" project when missing. Idempotent.
  Result<> ensure_single_user();

  Result<std::vector<store::Project>> list(std::string_view user_id);
  Result<store::Project> create(std::string_view owner_user_id, std::string_view name);
  Result<store::Project> get(std::string_view project_id);
  Result<store::Project> rename(std::string_view project_id, std::string_view name);
  // Changes the name and/or the egress policy ({"allowHosts", "allowCidrs"},
  // see network_policy.hpp); a new policy reaches running sessions at once.
  Result<store::Project> update(std::string_view project_id, const std::optional<std::string>& name,
                                const std::optional<Json>& network_policy);
  Result<> remove(std::string_view project_id);
  // The caller's role in the project; not_found when not a member (or no such project).
  Result<std::string> role_of(std::string_view project_id, std::string_view user_id);

 private:
  Context& context_;
};

}  // namespace octobot::service
