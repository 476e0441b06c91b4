// The bad request bodies every JSON route must reject, and how.
//
// expect_bad_bodies_rejected(server, method, target, valid, required) sends,
// each on its own request, variations of `valid` (a body the route accepts)
// and checks the error envelope of each answer:
//   malformed JSON, an empty body, and a JSON top level that is not an object
//   (array, string, number, null)           → 400 invalid_json
//   `valid` with Content-Type text/plain    → 415 unsupported_media_type
//   `valid` plus an unknown field            → 400 unknown_field, naming it
//   `valid` without each field in `required` → 400 invalid_field, naming it
//   each field of `valid` with a wrong type  → 400 invalid_field, naming it
// It does not check that nothing was written: wrap it in expect_no_change().
#pragma once
#include "tests/integration/server_fixture.hpp"

#include <string>
#include <vector>

namespace octobot::testing {

void expect_bad_bodies_rejected(ServerFixture& server, Method method, const std::string& target, const Json& valid,
                                const std::vector<std::string>& required);

}  // namespace octobot::testing
