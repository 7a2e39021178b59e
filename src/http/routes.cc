// The route table (every endpoint, once) and the operational handlers.
#include <atomic>
#include <boost/json.hpp>
#include <mutex>

#include "http/handlers.h"

namespace om::http {

namespace {

const std::vector<ParamDoc>& FilterParams() {
  static const std::vector<ParamDoc> kParams = {
      {"org", "organization id, name or acronym (implementing, programme or funding)"},
      {"sector", "sector code"},
      {"place", "p-code at any admin level, or ISO3; matches all places below it"},
      {"status", "planned, ongoing, completed, suspended, cancelled or unknown"},
      {"from", "YYYY-MM-DD: activities ending on or after"},
      {"to", "YYYY-MM-DD: activities starting on or before"},
      {"q", "text in title, description, location or organization names"}};
  return kParams;
}

std::vector<ParamDoc> With(std::vector<ParamDoc> params, std::vector<ParamDoc> more) {
  params.insert(params.end(), more.begin(), more.end());
  return params;
}

struct Counters {
  std::atomic<uint64_t> requests{0}, errors4xx{0}, errors5xx{0};
  std::atomic<uint64_t> micros{0};
};
Counters& counters() {
  static Counters c;
  return c;
}

}  // namespace

void CountRequest(unsigned status, double seconds) {
  Counters& c = counters();
  c.requests.fetch_add(1, std::memory_order_relaxed);
  if (status >= 500)
    c.errors5xx.fetch_add(1, std::memory_order_relaxed);
  else if (status >= 400)
    c.errors4xx.fetch_add(1, std::memory_order_relaxed);
  c.micros.fetch_add(static_cast<uint64_t>(seconds * 1e6), std::memory_order_relaxed);
}

Response Healthz(Context& ctx, const Request&) {
  auto version = ctx.store.SchemaVersion();
  if (!version.ok())
    return Problem(503, "unavailable", "Database unavailable", "the database cannot be read");
  return Response::Json("{\"status\":\"ok\",\"schema\":" + std::to_string(*version) + "}");
}

Response Metrics(Context&, const Request&) {
  Counters& c = counters();
  std::string out;
  out += "# HELP onemission_http_requests_total HTTP requests answered.\n";
  out += "# TYPE onemission_http_requests_total counter\n";
  out += "onemission_http_requests_total " + std::to_string(c.requests.load()) + "\n";
  out += "# TYPE onemission_http_errors_total counter\n";
  out += "onemission_http_errors_total{class=\"4xx\"} " + std::to_string(c.errors4xx.load()) + "\n";
  out += "onemission_http_errors_total{class=\"5xx\"} " + std::to_string(c.errors5xx.load()) + "\n";
  out += "# TYPE onemission_http_request_seconds_sum counter\n";
  out += "onemission_http_request_seconds_sum " + std::to_string(c.micros.load() / 1e6) + "\n";
  Response r;
  r.content_type = "text/plain; version=0.0.4";
  r.body = std::move(out);
  return r;
}

Router BuildRouter() {
  Router r;
  auto paging = std::vector<ParamDoc>{{"limit", "1..1000, default 50", "integer"},
                                      {"cursor", "next_cursor of the previous page"}};
  r.Add(
      "GET", "/api/v1/activities", ListActivities,
      {"List activities (who does what where)", With(FilterParams(), paging), "", "ActivityList"});
  r.Add("POST", "/api/v1/activities", CreateActivity,
        {"Create an activity", {}, "ActivityInput", "Activity"});
  r.Add(
      "GET", "/api/v1/activities/summary", SummarizeActivities,
      {"Counts and sums of activities grouped by admin area, sector or organization",
       With(FilterParams(), {{"by", "comma-separated: adm1, adm2, sector, org"}}), "", "Summary"});
  r.Add("GET", "/api/v1/activities.hxl.csv", ExportActivitiesHxl,
        {"Export activities as HXL-tagged CSV", FilterParams(), "", "", "text/csv"});
  r.Add("GET", "/api/v1/activities/{id}", GetActivity, {"Get an activity", {}, "", "Activity"});
  r.Add("PUT", "/api/v1/activities/{id}", UpdateActivity,
        {"Replace an activity (If-Match required)", {}, "ActivityInput", "Activity"});
  r.Add("DELETE", "/api/v1/activities/{id}", DeleteActivity,
        {"Delete an activity (If-Match required)", {}, "", ""});
  r.Add("GET", "/api/v1/organizations", ListOrganizations,
        {"List organizations",
         {{"q", "text in name or acronym"}, {"type", "organization type"}},
         "",
         "OrganizationList",
         "application/json",
         "registry"});
  r.Add("POST", "/api/v1/organizations", CreateOrganization,
        {"Create an organization",
         {},
         "OrganizationInput",
         "Organization",
         "application/json",
         "registry"});
  r.Add("GET", "/api/v1/places", ListPlaces,
        {"List places (OCHA p-codes)",
         {{"country", "ISO3"},
          {"level", "0..3", "integer"},
          {"parent", "parent p-code"},
          {"q", "text in name, or a p-code"}},
         "",
         "PlaceList",
         "application/json",
         "registry"});
  r.Add("GET", "/api/v1/sectors", ListSectors,
        {"List sectors (IASC clusters and sectors seen in imports)",
         {},
         "",
         "SectorList",
         "application/json",
         "registry"});
  r.Add("POST", "/api/v1/imports", CreateImport,
        {"Import a file (body) and get the import report",
         {{"format", "hxl"},
          {"org", "reporting organization (owner of the records)"},
          {"country", "default country, ISO2/ISO3"},
          {"dry_run", "true|false", "boolean"},
          {"strict", "true|false", "boolean"},
          {"file_name", "name recorded for the batch"}},
         "",
         "ImportReport",
         "application/json",
         "imports"});
  r.Add("POST", "/api/v1/session", CreateSession,
        {"Sign in: sets the om_session cookie and returns the user and the CSRF token",
         {},
         "Credentials",
         "Session",
         "application/json",
         "identity",
         true,
         "200"});
  r.Add(
      "GET", "/api/v1/session", GetSession,
      {"The signed-in user and the CSRF token", {}, "", "Session", "application/json", "identity"});
  r.Add("DELETE", "/api/v1/session", DeleteSession,
        {"Sign out", {}, "", "", "application/json", "identity"});
  r.Add("GET", "/api/v1/users", ListUsers,
        {"List users (admin)", {}, "", "UserList", "application/json", "identity"});
  r.Add("POST", "/api/v1/users", CreateUser,
        {"Create a user (admin)", {}, "UserInput", "User", "application/json", "identity"});
  r.Add("PATCH", "/api/v1/users/{id}", UpdateUser,
        {"Change a user's name, roles, compartments or disabled flag (admin)",
         {},
         "UserInput",
         "User",
         "application/json",
         "identity"});
  r.Add("POST", "/api/v1/users/{id}/password", ResetUserPassword,
        {"Reset a user's password, ending their sessions and lockout (admin)",
         {},
         "Password",
         "",
         "application/json",
         "identity",
         false,
         "204"});
  r.Add("GET", "/api/v1/tokens", ListTokens,
        {"List API tokens (your own; every user's for admins)",
         {},
         "",
         "TokenList",
         "application/json",
         "identity"});
  r.Add("POST", "/api/v1/tokens", CreateToken,
        {"Create an API token for yourself: the token is in this response only",
         {},
         "TokenInput",
         "Token",
         "application/json",
         "identity"});
  r.Add("DELETE", "/api/v1/tokens/{id}", RevokeToken,
        {"Revoke an API token", {}, "", "", "application/json", "identity"});
  r.Add("GET", "/api/v1/releases", ListReleases,
        {"Releases of humanitarian data (all for the HC and admins; otherwise those addressed "
         "to you)",
         {},
         "",
         "ReleaseList",
         "application/json",
         "access"});
  r.Add("POST", "/api/v1/releases", CreateRelease,
        {"Release humanitarian data (HC)",
         {},
         "ReleaseInput",
         "Release",
         "application/json",
         "access"});
  r.Add("DELETE", "/api/v1/releases/{id}", RevokeRelease,
        {"Revoke a release (HC)", {}, "", "", "application/json", "access"});
  r.Add("GET", "/api/v1/audit", ListAudit,
        {"The audit log, newest first (admin, HC)",
         {{"limit", "1..1000, default 50", "integer"},
          {"cursor", "next_cursor of the previous page"},
          {"action",
           "login, login-failed, logout, read, read-aggregate, create, update, delete, "
           "import, export, release, revoke, user-add, ..."},
          {"user", "username or id"}},
         "",
         "AuditList",
         "application/json",
         "access"});
  r.Add("GET", "/healthz", Healthz,
        {"Liveness and database check", {}, "", "", "application/json", "operations", true});
  r.Add("GET", "/metrics", Metrics, {"Prometheus metrics", {}, "", "", "text/plain", "operations"});
  r.Add("GET", "/api/v1/openapi.json", OpenApi,
        {"This OpenAPI document", {}, "", "", "application/json", "operations"});
  return r;
}

}  // namespace om::http
