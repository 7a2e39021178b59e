// Handlers for /api/v1/activities: list, summary, export, get, create, update, delete.
#include <charconv>
#include <optional>

#include "core/text.h"
#include "http/activity_json.h"
#include "http/handlers.h"
#include "service/activities.h"
#include "service/audit.h"
#include "service/summaries.h"

namespace om::http {

namespace json = boost::json;

namespace {

bool ParseInt(const std::string& text, int64_t& out) {
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && ptr == text.data() + text.size();
}

Response Json(const json::value& v, unsigned status = 200) {
  return Response::Json(json::serialize(v), status);
}

Response WithEtag(Response r, int64_t version) {
  r.headers.emplace_back("ETag", "\"" + std::to_string(version) + "\"");
  return r;
}

// "17" or "\"17\"" (ETag form) -> 17; 0 when absent or malformed.
int64_t IfMatchVersion(const std::string& header) {
  std::string_view v = Trim(header);
  if (StartsWith(v, "W/")) v.remove_prefix(2);
  if (v.size() >= 2 && v.front() == '"' && v.back() == '"') v = v.substr(1, v.size() - 2);
  int64_t n = 0;
  return ParseInt(std::string(v), n) ? n : 0;
}

// The activity id of the path and the version of If-Match, or the problem to answer instead.
std::optional<Response> ParseWriteTarget(const Request& req, int64_t& id, int64_t& expected) {
  if (!ParseInt(req.params[0], id))
    return Problem(404, "not-found", "Not found", "no such activity");
  expected = IfMatchVersion(req.if_match);
  if (expected == 0) {
    return Problem(428, "precondition-required", "If-Match required",
                   "send the ETag of the version you are changing in If-Match");
  }
  return std::nullopt;
}

std::string Cursor(Id after) { return after == 0 ? "" : "a" + std::to_string(after); }

// The audit note for a read that returned compartmented or restricted records, if any did.
std::optional<Response::AuditNote> ReadNote(const char* action, const std::vector<Id>& ids,
                                            json::object detail = {}) {
  if (ids.empty()) return std::nullopt;
  json::array list;
  for (Id id : ids) list.push_back(id);
  detail["records"] = std::move(list);
  return Response::AuditNote{action, json::serialize(detail), std::nullopt};
}

std::vector<Id> AuditedIds(const std::vector<Activity>& items) {
  std::vector<Id> ids;
  for (const Activity& a : items) {
    if (AuditedRead(a.meta)) ids.push_back(a.meta.id);
  }
  return ids;
}

}  // namespace

bool ParseActivityFilter(const Request& req, Store& store, ActivityFilter& f, FieldErrors& errors) {
  if (const std::string& org = req.Query("org"); !org.empty()) {
    auto ids = ResolveOrganizationFilter(store, org);
    if (!ids.ok()) {
      errors.emplace_back("org", ids.status().message());
    } else {
      f.orgs = *ids;
      f.org_filter = true;
    }
  }
  f.sector = req.Query("sector");
  f.place = std::string(Trim(req.Query("place")));
  if (const std::string& status = req.Query("status"); !status.empty()) {
    ActivityStatus s;
    if (ParseActivityStatus(status, s) && status == ActivityStatusName(s)) {
      f.status = s;
    } else {
      errors.emplace_back("status",
                          "must be planned, ongoing, completed, suspended, cancelled or unknown");
    }
  }
  for (auto [name, date] : {std::pair{"from", &f.from}, std::pair{"to", &f.to}}) {
    const std::string& text = req.Query(name);
    if (text.empty()) continue;
    auto d = ParseIsoDate(text);
    if (d.ok())
      *date = *d;
    else
      errors.emplace_back(name, d.status().message());
  }
  if (!f.from.empty() && !f.to.empty() && f.to < f.from) errors.emplace_back("to", "before from");
  f.q = req.Query("q");
  if (f.q.size() > 200) errors.emplace_back("q", "at most 200 characters");
  return errors.empty();
}

bool ParsePaging(const Request& req, int& limit, Id& after, FieldErrors& errors) {
  int64_t n = 50;
  if (const std::string& text = req.Query("limit"); !text.empty()) {
    if (!ParseInt(text, n) || n < 1 || n > 1000) errors.emplace_back("limit", "must be 1..1000");
  }
  limit = static_cast<int>(n);
  after = 0;
  if (const std::string& cursor = req.Query("cursor"); !cursor.empty()) {
    if (cursor[0] != 'a' || !ParseInt(cursor.substr(1), after) || after < 0) {
      errors.emplace_back("cursor", "not a cursor returned by this API");
    }
  }
  return errors.empty();
}

Response InvalidParameters(const FieldErrors& errors) {
  return Problem(400, "invalid-parameter", "Invalid parameters",
                 errors.front().first + ": " + errors.front().second, errors);
}

Response ListActivities(Context& ctx, const Request& req) {
  ActivityFilter filter;
  FieldErrors errors;
  int limit = 0;
  Id after = 0;
  bool ok = ParseActivityFilter(req, ctx.store, filter, errors);
  if (!ParsePaging(req, limit, after, errors) || !ok) return InvalidParameters(errors);
  auto page = ListReadableActivities(ctx.store, ctx.principal, filter, limit, after);
  if (!page.ok()) return ProblemFromStatus(page.status());
  NameCache names(ctx.store);
  json::array items;
  items.reserve(page->items.size());
  for (const Activity& a : page->items) items.push_back(ActivityToJson(a, names));
  json::object o{{"items", std::move(items)}, {"total", page->total}};
  o["next_cursor"] = page->next_after ? json::value(Cursor(page->next_after)) : nullptr;
  Response r = Json(o);
  r.audit = ReadNote("read", AuditedIds(page->items));
  return r;
}

Response GetActivity(Context& ctx, const Request& req) {
  int64_t id = 0;
  if (!ParseInt(req.params[0], id))
    return Problem(404, "not-found", "Not found", "no such activity");
  auto a = ctx.store.GetActivity(ctx.principal, id);
  if (!a.ok()) return ProblemFromStatus(a.status());
  NameCache names(ctx.store);
  Response r = WithEtag(Json(ActivityToJson(*a, names)), a->meta.version);
  r.audit = ReadNote("read", AuditedIds({*a}));
  return r;
}

Response CreateActivity(Context& ctx, const Request& req) {
  Activity a;
  FieldErrors errors;
  if (!ActivityFromJson(req.body, ctx.store, a, errors)) {
    return Problem(400, "invalid-body", "Invalid activity",
                   errors.front().first + ": " + errors.front().second, errors);
  }
  if (Status s = PrepareActivityWrite(ctx.store, ctx.principal, a, nullptr); !s.ok())
    return ProblemFromStatus(s);
  auto created = ctx.store.CreateActivity(a);
  if (!created.ok()) return ProblemFromStatus(created.status());
  NameCache names(ctx.store);
  Response r = WithEtag(Json(ActivityToJson(*created, names), 201), created->meta.version);
  r.headers.emplace_back("Location", "/api/v1/activities/" + std::to_string(created->meta.id));
  r.audit = ReadNote("create", {created->meta.id}, {{"compartment", created->meta.compartment}});
  return r;
}

Response UpdateActivity(Context& ctx, const Request& req) {
  int64_t id = 0, expected = 0;
  if (auto problem = ParseWriteTarget(req, id, expected)) return *problem;
  Activity a;
  FieldErrors errors;
  if (!ActivityFromJson(req.body, ctx.store, a, errors)) {
    return Problem(400, "invalid-body", "Invalid activity",
                   errors.front().first + ": " + errors.front().second, errors);
  }
  a.meta.id = id;
  auto current = ctx.store.GetActivity(ctx.principal, id);
  if (!current.ok()) return ProblemFromStatus(current.status());
  if (Status s = PrepareActivityWrite(ctx.store, ctx.principal, a, &*current); !s.ok())
    return ProblemFromStatus(s);
  auto updated = ctx.store.UpdateActivity(ctx.principal, a, expected);
  if (!updated.ok()) return ProblemFromStatus(updated.status());
  NameCache names(ctx.store);
  Response r = WithEtag(Json(ActivityToJson(*updated, names)), updated->meta.version);
  r.audit = ReadNote("update", {id}, {{"version", updated->meta.version}});
  return r;
}

Response DeleteActivity(Context& ctx, const Request& req) {
  int64_t id = 0, expected = 0;
  if (auto problem = ParseWriteTarget(req, id, expected)) return *problem;
  auto current = ctx.store.GetActivity(ctx.principal, id);
  if (!current.ok()) return ProblemFromStatus(current.status());
  if (!ctx.principal.Has(Role::kPlanner) && !ctx.principal.Has(Role::kAdmin))
    return Problem(403, "forbidden", "Forbidden",
                   "deleting activities needs the planner or admin role");
  if (Status s = CheckActivityOwner(ctx.principal, *current); !s.ok()) return ProblemFromStatus(s);
  Status s = ctx.store.DeleteActivity(ctx.principal, id, expected);
  if (!s.ok()) return ProblemFromStatus(s);
  Response r;
  r.status = 204;
  r.audit = ReadNote("delete", {id});
  return r;
}

Response ExportActivitiesHxl(Context& ctx, const Request& req) {
  ActivityFilter filter;
  FieldErrors errors;
  if (!ParseActivityFilter(req, ctx.store, filter, errors)) return InvalidParameters(errors);
  Response r;
  r.content_type = "text/csv; charset=utf-8";
  r.headers.emplace_back("Content-Disposition", "attachment; filename=\"activities.hxl.csv\"");
  int64_t rows = 0;
  std::vector<Id> audited;
  Status s = ExportHxl(
      ctx.store, ctx.principal, filter, [&](std::string_view chunk) { r.body += chunk; }, &rows,
      &audited);
  if (!s.ok()) return ProblemFromStatus(s);
  // Every download is recorded: who took which file, with which filters (the endpoint).
  json::array ids;
  for (Id id : audited) ids.push_back(id);
  r.audit = Response::AuditNote{
      "export",
      json::serialize(
          json::object{{"format", "hxl"}, {"rows", rows}, {"restricted_records", std::move(ids)}}),
      std::nullopt};
  return r;
}

}  // namespace om::http
