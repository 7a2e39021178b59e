// Every HTTP handler, and BuildRouter(), which puts them in the one route table.
#pragma once

#include "http/problem.h"
#include "http/router.h"

namespace om::http {

Router BuildRouter();

// Shared parameter parsing (activity filters and paging), used by several handlers.
bool ParseActivityFilter(const Request& req, Store& store, ActivityFilter& filter,
                         FieldErrors& errors);
bool ParsePaging(const Request& req, int& limit, Id& after, FieldErrors& errors);
Response InvalidParameters(const FieldErrors& errors);

Response ListActivities(Context& ctx, const Request& req);
Response GetActivity(Context& ctx, const Request& req);
Response CreateActivity(Context& ctx, const Request& req);
Response UpdateActivity(Context& ctx, const Request& req);
Response DeleteActivity(Context& ctx, const Request& req);
Response ExportActivitiesHxl(Context& ctx, const Request& req);
Response SummarizeActivities(Context& ctx, const Request& req);

Response ListOrganizations(Context& ctx, const Request& req);
Response CreateOrganization(Context& ctx, const Request& req);
Response ListPlaces(Context& ctx, const Request& req);
Response ListSectors(Context& ctx, const Request& req);
Response CreateImport(Context& ctx, const Request& req);

Response CreateSession(Context& ctx, const Request& req);
Response GetSession(Context& ctx, const Request& req);
Response DeleteSession(Context& ctx, const Request& req);
Response ListUsers(Context& ctx, const Request& req);
Response CreateUser(Context& ctx, const Request& req);
Response UpdateUser(Context& ctx, const Request& req);
Response ResetUserPassword(Context& ctx, const Request& req);
Response ListTokens(Context& ctx, const Request& req);
Response CreateToken(Context& ctx, const Request& req);
Response RevokeToken(Context& ctx, const Request& req);
Response ListReleases(Context& ctx, const Request& req);
Response CreateRelease(Context& ctx, const Request& req);
Response RevokeRelease(Context& ctx, const Request& req);
Response ListAudit(Context& ctx, const Request& req);

Response Healthz(Context& ctx, const Request& req);
Response Metrics(Context& ctx, const Request& req);
Response OpenApi(Context& ctx, const Request& req);

// Prometheus counters kept by the server.
void CountRequest(unsigned status, double seconds);

}  // namespace om::http
