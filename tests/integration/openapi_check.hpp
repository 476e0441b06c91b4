// Checks JSON against proto/openapi.yaml, the documented contract.
//
// openapi_document() is the document built into the server (the one served at
// /api/openapi.json), as JSON. schema_problems() validates a value against a
// schema of that document with the subset of JSON Schema the document uses:
// $ref, type (one or a list), enum, const, required, properties,
// additionalProperties (false or a schema), items, oneOf (by discriminator
// when there is one), minLength, maxLength, minimum, minItems, pattern, and the
// formats uuid, date-time and uri. Stricter than JSON Schema in one way: an
// object schema with "properties" and no "additionalProperties" accepts no
// other properties (an unlisted property in a response is documentation
// drift). It returns one line per problem, naming the
// JSON path ("$.items[0].status"); empty means valid.
// response_schema() is the schema documented for a route's response: the
// operation `method` ("get", "post", ...) of `path_pattern`, the response for
// `status`, its application/json schema ({} when that response has no JSON
// body); nullopt when the status is not documented for that operation.
#pragma once
#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

namespace octobot::testing {

using Json = nlohmann::json;

const Json& openapi_document();

std::vector<std::string> schema_problems(const Json& schema, const Json& value);

// The schema at "#/components/schemas/<name>".
const Json& named_schema(const std::string& name);

std::optional<Json> response_schema(const std::string& method, const std::string& path_pattern, unsigned status);

}  // namespace octobot::testing
