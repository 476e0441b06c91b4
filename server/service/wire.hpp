// Store records as the wire types of proto/resources.hpp: the one place where
// the server converts between the two (secrets and internal columns such as a
// credential's ciphertext or a workspace's mirror path never cross).
// render() and render_items() convert and serialize in one step.
#pragma once
#include "proto/resources.hpp"
#include "server/store/records.hpp"

namespace octobot::wire {

proto::Project to_wire(const store::Project& project);
proto::Workspace to_wire(const store::Workspace& workspace);
proto::Session to_wire(const store::Session& session);
proto::Agent to_wire(const store::Agent& agent);
proto::Credential to_wire(const store::Credential& credential);
proto::Message to_wire(const store::Message& message);
proto::Event to_wire(const store::Event& event);

template <class Record>
std::string render(const Record& record) {
  return proto::render(to_wire(record));
}

template <class Record>
std::string render_items(const std::vector<Record>& records) {
  std::vector<decltype(to_wire(records.front()))> items;
  items.reserve(records.size());
  for (const Record& record : records) items.push_back(to_wire(record));
  return proto::render_items(items);
}

}  // namespace octobot::wire
