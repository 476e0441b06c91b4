// /api/projects/{projectId}/credentials[/{credentialId}]. Keys go in, never out.
#include "server/service/wire.hpp"
#include "server/api/routes.hpp"

namespace octobot::api {

void add_credential_routes(RouteTable& table) {
  auto& credentials = table.services().credentials;
  const std::string base = "/api/projects/{projectId}/credentials";

  table.project(Method::get, base, [&credentials](Exchange& ex) {
    auto list = credentials.list(project_id(ex));
    return list ? ok(wire::render_items(*list)) : fail(list.error());
  });
  table.project(Method::post, base, [&credentials](Exchange& ex) {
    auto body = read_body(ex);
    if (!body) return fail(body.error());
    json::ObjectReader reader(*body);
    service::NewCredential input;
    input.provider = reader.required_string("provider");
    input.name = reader.required_string("name");
    input.api_key = reader.required_string("apiKey");
    input.hosts = reader.optional_string_list("hosts");
    input.base_url = reader.optional_string("baseUrl");
    if (auto error = reader.finish()) return fail(*error);
    auto credential = credentials.create(project_id(ex), input);
    return credential ? created(wire::render(*credential)) : fail(credential.error());
  });
  table.project(Method::delete_, base + "/{credentialId}", [&credentials](Exchange& ex) {
    auto id = id_param(ex, "credentialId");
    if (!id) return fail(id.error());
    auto removed = credentials.remove(project_id(ex), *id);
    return removed ? no_content() : fail(removed.error());
  });
}

}  // namespace octobot::api
