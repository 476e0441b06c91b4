// What every service needs: the store, the event hub, the secret box, the
// data directory, and executors for background work. Also the helpers shared
// by services: time, ids, store-error mapping and event drafts.
#pragma once
#include "lib/crypto/crypto.hpp"
#include "lib/crypto/secret_box.hpp"
#include "server/domain/error.hpp"
#include "server/events/hub.hpp"
#include "server/store/store.hpp"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <functional>

namespace octobot::service {

using domain::Error;
using Json = nlohmann::json;
template <class T = void>
using Result = domain::Result<T>;

struct Context {
  store::Store& store;
  events::EventHub& hub;
  crypto::SecretBox& secrets;
  std::filesystem::path data_dir;
  boost::asio::any_io_executor io;               // where background results are applied
  boost::asio::thread_pool& background;          // long blocking work (git clones)
  boost::asio::thread_pool& blocking;            // short blocking work of coroutines (store calls)
  std::function<std::int64_t()> now_ms;   // injectable clock
  // Called after a project's egress (its network policy or a credential)
  // changed, so running sessions get the new policy; may be empty.
  std::function<void(std::string_view project_id)> egress_changed = {};
};

// Current wall-clock time in Unix milliseconds.
std::int64_t unix_ms_now();

// A store error with a message a person can act on; `what` names the resource ("workspace").
Error describe(const store::Error& error, std::string_view what);

// An event for the log: type like "session.updated", data_json is the resource view (proto::render).
store::EventDraft make_event(const Context& context, std::string_view project_id, std::string type,
                             std::string data_json);

// Validates a display name: trimmed, 1..200 characters, no control characters.
// Returns the trimmed name or an invalid error naming `field`.
Result<std::string> validate_name(std::string_view field, std::string_view value);

// Validates a resource id from a path or body: a UUID (any case, stored lowercase).
Result<std::string> validate_id(std::string_view field, std::string_view value);

}  // namespace octobot::service
