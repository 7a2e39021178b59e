// GET /api/v1/openapi.json: an OpenAPI 3.1 document generated from the route table, so every
// served route is documented and nothing else is.
#include <boost/json.hpp>

#include "http/handlers.h"

namespace om::http {

namespace json = boost::json;

namespace {

json::object Ref(const std::string& name) { return {{"$ref", "#/components/schemas/" + name}}; }

json::object ListOf(const std::string& item) {
  return {{"type", "object"},
          {"required", json::array{"items", "next_cursor"}},
          {"properties",
           {{"items", {{"type", "array"}, {"items", Ref(item)}}},
            {"next_cursor", {{"type", json::array{"string", "null"}}}},
            {"total", {{"type", "integer"}}}}}};
}

json::object Schemas() {
  json::object people{{"type", "object"},
                      {"additionalProperties", {{"type", "integer"}, {"minimum", 0}}}};
  json::object activity{{"type", "object"},
                        {"properties",
                         {{"id", {{"type", "integer"}}},
                          {"version", {{"type", "integer"}}},
                          {"implementing_org", {{"type", json::array{"object", "null"}}}},
                          {"sector", {{"type", json::array{"object", "null"}}}},
                          {"place", {{"type", json::array{"object", "null"}}}},
                          {"start", {{"type", json::array{"string", "null"}}, {"format", "date"}}},
                          {"end", {{"type", json::array{"string", "null"}}, {"format", "date"}}},
                          {"status", {{"type", "string"}}},
                          {"targeted", people},
                          {"reached", people},
                          {"budget", {{"type", json::array{"object", "null"}}}}}}};
  json::object input{
      {"type", "object"},
      {"required", json::array{"implementing_org_id"}},
      {"properties",
       {{"implementing_org_id", {{"type", "integer"}}},
        {"programme_org_id", {{"type", "integer"}}},
        {"funding_org_id", {{"type", "integer"}}},
        {"sector", {{"type", "string"}}},
        {"title", {{"type", "string"}}},
        {"description", {{"type", "string"}}},
        {"place", {{"type", "string"}, {"description", "p-code"}}},
        {"start", {{"type", "string"}, {"format", "date"}}},
        {"end", {{"type", "string"}, {"format", "date"}}},
        {"status", {{"type", "string"}}},
        {"targeted", people},
        {"reached", people},
        {"budget",
         {{"type", "object"},
          {"properties",
           {{"amount", {{"type", "string"}}}, {"currency", {{"type", "string"}}}}}}}}}};
  json::object summary{{"type", "object"},
                       {"required", json::array{"by", "items", "total"}},
                       {"properties",
                        {{"by", {{"type", "array"}, {"items", {{"type", "string"}}}}},
                         {"items", {{"type", "array"}, {"items", {{"type", "object"}}}}},
                         {"total", {{"type", "object"}}},
                         {"unlocated", {{"type", "integer"}}}}}};
  json::object obj{{"type", "object"}};
  return {
      {"Activity", activity},
      {"ActivityInput", input},
      {"ActivityList", ListOf("Activity")},
      {"Summary", summary},
      {"Organization", obj},
      {"OrganizationInput", obj},
      {"OrganizationList", ListOf("Organization")},
      {"Place", obj},
      {"PlaceList", ListOf("Place")},
      {"Sector", obj},
      {"SectorList", ListOf("Sector")},
      {"ImportReport", obj},
      {"Credentials",
       {{"type", "object"},
        {"required", json::array{"username", "password"}},
        {"properties", {{"username", {{"type", "string"}}}, {"password", {{"type", "string"}}}}}}},
      {"Session", obj},
      {"User", obj},
      {"UserInput", obj},
      {"UserList", obj},
      {"Password", obj},
      {"Token", obj},
      {"TokenInput", obj},
      {"TokenList", obj},
      {"Release", obj},
      {"ReleaseInput", obj},
      {"ReleaseList", obj},
      {"AuditList", ListOf("AuditEntry")},
      {"AuditEntry", obj},
      {"Problem",
       {{"type", "object"},
        {"properties",
         {{"type", {{"type", "string"}}},
          {"title", {{"type", "string"}}},
          {"status", {{"type", "integer"}}},
          {"detail", {{"type", "string"}}},
          {"errors", {{"type", "array"}}}}}}}};
}

json::object Operation(const Route& route) {
  const RouteDoc& doc = route.doc;
  json::object op{{"summary", doc.summary}, {"tags", json::array{json::string(doc.tag)}}};
  json::array params;
  for (const std::string& seg : route.segments) {
    if (seg.front() == '{') {
      params.push_back({{"name", seg.substr(1, seg.size() - 2)},
                        {"in", "path"},
                        {"required", true},
                        {"schema", {{"type", "integer"}}}});
    }
  }
  for (const ParamDoc& p : doc.query) {
    params.push_back({{"name", p.name},
                      {"in", "query"},
                      {"description", p.description},
                      {"schema", {{"type", p.type}}}});
  }
  if (!params.empty()) op["parameters"] = std::move(params);
  if (!doc.request_schema.empty()) {
    op["requestBody"] = {
        {"required", true},
        {"content", {{"application/json", {{"schema", Ref(doc.request_schema)}}}}}};
  } else if (route.method == "POST") {
    op["requestBody"] = {{"required", true},
                         {"content", {{"text/csv", {{"schema", {{"type", "string"}}}}}}}};
  }
  json::object ok{{"description", "success"}};
  if (!doc.response_schema.empty()) {
    ok["content"] = {{doc.response_type, {{"schema", Ref(doc.response_schema)}}}};
  } else if (route.method != "DELETE") {
    ok["content"] = {{doc.response_type, {{"schema", {{"type", "string"}}}}}};
  }
  std::string code = !doc.success.empty()                                           ? doc.success
                     : route.method == "POST" && route.pattern != "/api/v1/imports" ? "201"
                     : route.method == "DELETE"                                     ? "204"
                                                                                    : "200";
  if (doc.public_route) op["security"] = json::array();
  json::object problem{{"description", "problem"},
                       {"content", {{"application/problem+json", {{"schema", Ref("Problem")}}}}}};
  op["responses"] = {{code, ok}, {"default", problem}};
  return op;
}

}  // namespace

std::string BuildOpenApiDocument() {
  json::object paths;
  Router router = BuildRouter();
  for (const Route& route : router.routes()) {
    std::string method = route.method;
    for (char& c : method) c = static_cast<char>(std::tolower(c));
    json::value& item = paths[route.pattern];
    if (!item.is_object()) item = json::object();
    item.get_object()[method] = Operation(route);
  }
  json::object doc{
      {"openapi", "3.1.0"},
      {"info",
       {{"title", "OneMission API"},
        {"version", "1.0.0"},
        {"description", "Shared workspace of a UN integrated mission"}}},
      {"paths", std::move(paths)},
      {"security", json::array{{{"session", json::array()}}, {{"token", json::array()}}}},
      {"components",
       {{"schemas", Schemas()},
        {"securitySchemes",
         {{"session",
           {{"type", "apiKey"},
            {"in", "cookie"},
            {"name", "om_session"},
            {"description", "from POST /api/v1/session; writes also send X-CSRF-Token"}}},
          {"token", {{"type", "http"}, {"scheme", "bearer"}}}}}}}};
  return json::serialize(doc);
}

Response OpenApi(Context&, const Request&) {
  static const std::string kDocument = BuildOpenApiDocument();
  return Response::Json(kDocument);
}

}  // namespace om::http
