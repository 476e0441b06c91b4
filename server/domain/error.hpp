// The error vocabulary of the store and the services.
//
// A business rule says what went wrong in these terms and a person-readable
// message; it never chooses an HTTP status. Only server/api maps a Code to a
// status and the JSON error envelope (api/errors.hpp). `detail`, when set, is
// a finer machine-readable name the API passes on as the envelope's code
// ("invalid_field", "invalid_id", "invalid_cursor").
#pragma once
#include "lib/result.hpp"

#include <string>

namespace octobot::domain {

struct Error {
  enum class Code {
    invalid,        // the input breaks a rule (bad field, malformed id or cursor)
    not_found,      // no such resource in this project
    conflict,       // clashes with an existing resource
    busy,           // the resource is doing something that must finish first
    invalid_state,  // well-formed, but the resource's state forbids it
    forbidden,      // the caller may not do this
    unavailable,    // a dependency (database, container runtime) is down
    internal,       // a bug or an unexpected failure
  };
  Code code = Code::internal;
  std::string message;
  std::string detail;

  static Error invalid(std::string message, std::string detail = {}) { return {Code::invalid, std::move(message), std::move(detail)}; }
  static Error not_found(std::string message) { return {Code::not_found, std::move(message), {}}; }
  static Error conflict(std::string message) { return {Code::conflict, std::move(message), {}}; }
  static Error busy(std::string message) { return {Code::busy, std::move(message), {}}; }
  static Error invalid_state(std::string message, std::string detail = {}) {
    return {Code::invalid_state, std::move(message), std::move(detail)};
  }
  static Error forbidden(std::string message) { return {Code::forbidden, std::move(message), {}}; }
  static Error unavailable(std::string message) { return {Code::unavailable, std::move(message), {}}; }
  static Error internal(std::string message) { return {Code::internal, std::move(message), {}}; }
};

template <class T = void>
using Result = octobot::Expected<T, Error>;

}  // namespace octobot::domain
