// ProjectStore: users, projects and project membership.
//
// Contract (beyond what every store interface promises, see store.hpp):
// - create_project writes the project and its owner's membership together;
//   the owner's project_id must be the project's id (invalid otherwise), and
//   an owner who is not a user is not_found.
// - list_projects_for_user: the projects the user is a member of, oldest first.
// - Deleting a project deletes everything it owns (members, workspaces,
//   sessions, messages, agents, credentials) and its earlier events, then
//   appends the deletion event.
// - find_member is not_found when the user is not a member (or there is no
//   such project).
#pragma once
#include "server/store/error.hpp"
#include "server/store/records.hpp"

#include <string_view>
#include <vector>

namespace octobot::store {

class ProjectStore {
 public:
  virtual ~ProjectStore() = default;

  virtual Result<> create_user(const User& user) = 0;
  virtual Result<User> find_user(std::string_view id) = 0;

  virtual Result<> create_project(const Project& project, const Member& owner, const EventDraft& event) = 0;
  virtual Result<Project> find_project(std::string_view id) = 0;
  virtual Result<std::vector<Project>> list_projects_for_user(std::string_view user_id) = 0;
  virtual Result<> update_project(const Project& project, const EventDraft& event) = 0;
  virtual Result<> delete_project(std::string_view id, const EventDraft& event) = 0;

  virtual Result<Member> find_member(std::string_view project_id, std::string_view user_id) = 0;
};

}  // namespace octobot::store
