// Handlers for organizations, places, sectors and imports.
#include <charconv>

#include "core/text.h"
#include "http/activity_json.h"
#include "http/handlers.h"
#include "io/csv_reader.h"
#include "service/import_hxl.h"
#include "service/import_json.h"

namespace om::http {

namespace json = boost::json;

Response ListOrganizations(Context& ctx, const Request& req) {
  auto orgs = ctx.store.ListOrganizations();
  if (!orgs.ok()) return ProblemFromStatus(orgs.status());
  std::string q = FoldName(req.Query("q"));
  const std::string& type = req.Query("type");
  OrgType wanted;
  if (!type.empty() && !ParseOrgType(type, wanted)) {
    return InvalidParameters({{"type", "unknown organization type"}});
  }
  int limit = 0;
  Id after = 0;
  FieldErrors errors;
  Request paging = req;
  if (const std::string& c = req.Query("cursor"); !c.empty()) paging.query["cursor"] = "a" + c;
  if (!ParsePaging(paging, limit, after, errors)) return InvalidParameters(errors);
  json::array items;
  json::value next = nullptr;
  for (const Organization& o : *orgs) {
    if (o.meta.id <= after) continue;
    if (!type.empty() && o.type != wanted) continue;
    if (!q.empty() && FoldName(o.name).find(q) == std::string::npos &&
        FoldName(o.acronym).find(q) == std::string::npos) {
      continue;
    }
    if (static_cast<int>(items.size()) == limit) {
      next = json::string(std::to_string(items.back().at("id").as_int64()));
      break;
    }
    items.push_back(OrganizationToJson(o));
  }
  return Response::Json(
      json::serialize(json::object{{"items", std::move(items)}, {"next_cursor", std::move(next)}}));
}

Response CreateOrganization(Context& ctx, const Request& req) {
  if (!ctx.principal.Has(Role::kAdmin) && !ctx.principal.Has(Role::kPlanner))
    return Problem(403, "forbidden", "Forbidden", "this needs the admin or planner role");
  boost::system::error_code ec;
  json::value body = json::parse(req.body, ec);
  if (ec || !body.is_object()) return InvalidParameters({{"body", "must be a JSON object"}});
  const json::object& o = body.get_object();
  Organization org;
  FieldErrors errors;
  auto text = [&](const char* field) -> std::string {
    const json::value* v = o.if_contains(field);
    if (v == nullptr || v->is_null()) return "";
    if (!v->is_string()) errors.emplace_back(field, "must be a string");
    return v->is_string() ? std::string(v->get_string()) : "";
  };
  org.name = text("name");
  org.acronym = text("acronym");
  if (Trim(org.name).empty()) errors.emplace_back("name", "is required");
  std::string type = text("type");
  if (!ParseOrgType(type, org.type)) {
    errors.emplace_back("type",
                        "must be mission_component, un_agency, ngo, donor, government or other");
  }
  if (const json::value* h = o.if_contains("humanitarian")) {
    if (!h->is_bool())
      errors.emplace_back("humanitarian", "must be true or false");
    else
      org.humanitarian = h->get_bool();
  }
  if (!errors.empty())
    return Problem(400, "invalid-body", "Invalid organization",
                   errors.front().first + ": " + errors.front().second, errors);
  auto created = ctx.store.CreateOrganization(org);
  if (!created.ok()) return ProblemFromStatus(created.status());
  Response r = Response::Json(json::serialize(OrganizationToJson(*created)), 201);
  r.headers.emplace_back("Location", "/api/v1/organizations/" + std::to_string(created->meta.id));
  return r;
}

Response ListPlaces(Context& ctx, const Request& req) {
  PlaceFilter filter;
  FieldErrors errors;
  if (const std::string& text = req.Query("level"); !text.empty()) {
    auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), filter.level);
    if (ec != std::errc() || ptr != text.data() + text.size() || filter.level < 0 ||
        filter.level > 3) {
      errors.emplace_back("level", "must be 0..3");
    }
  }
  int limit = 0;
  Id unused = 0;
  Request paging = req;
  paging.query.erase("cursor");  // place cursors are p-codes, checked below
  ParsePaging(paging, limit, unused, errors);
  if (!errors.empty()) return InvalidParameters(errors);
  filter.country = ToUpperAscii(req.Query("country"));
  filter.parent = req.Query("parent");
  filter.q = req.Query("q");
  filter.limit = limit + 1;
  filter.after = req.Query("cursor");
  auto places = ctx.store.ListPlaces(filter);
  if (!places.ok()) return ProblemFromStatus(places.status());
  json::array items;
  for (size_t i = 0; i < places->size() && static_cast<int>(i) < limit; ++i) {
    items.push_back(PlaceToJson((*places)[i]));
  }
  json::value next = nullptr;
  if (static_cast<int>(places->size()) > limit) next = json::string((*places)[limit - 1].pcode);
  return Response::Json(
      json::serialize(json::object{{"items", std::move(items)}, {"next_cursor", std::move(next)}}));
}

Response ListSectors(Context& ctx, const Request&) {
  auto sectors = ctx.store.ListSectors();
  if (!sectors.ok()) return ProblemFromStatus(sectors.status());
  json::array items;
  for (const Sector& s : *sectors) {
    items.push_back(json::object{
        {"code", s.code}, {"name", s.name_en}, {"name_fr", s.name_fr}, {"builtin", s.builtin}});
  }
  int64_t total = static_cast<int64_t>(items.size());
  return Response::Json(json::serialize(
      json::object{{"items", std::move(items)}, {"total", total}, {"next_cursor", nullptr}}));
}

Response CreateImport(Context& ctx, const Request& req) {
  if (req.Query("format") != "hxl") {
    return InvalidParameters({{"format", "must be hxl"}});
  }
  FieldErrors errors;
  auto flag = [&](const char* name) {
    const std::string& v = req.Query(name);
    if (!v.empty() && v != "true" && v != "false")
      errors.emplace_back(name, "must be true or false");
    return v == "true";
  };
  if (!ctx.principal.Has(Role::kAdmin) && !ctx.principal.Has(Role::kPlanner))
    return Problem(403, "forbidden", "Forbidden", "importing needs the planner or admin role");
  ImportOptions options;
  options.reporting_org = req.Query("org");
  // Imported records belong to the importer's organization; only admins import for another.
  auto own = ctx.store.GetOrganization(ctx.principal.org_id);
  if (!own.ok()) return ProblemFromStatus(own.status());
  if (options.reporting_org.empty()) {
    options.reporting_org = own->name;
  } else if (!ctx.principal.Has(Role::kAdmin)) {
    auto named = ctx.store.FindOrganizationByName(options.reporting_org);
    if (!named.ok() || *named != ctx.principal.org_id)
      return InvalidParameters({{"org", "you can import only for your own organization"}});
  }
  options.country = req.Query("country");
  options.dry_run = flag("dry_run");
  options.strict = flag("strict");
  options.file_name = req.Query("file_name").empty() ? "upload" : req.Query("file_name");
  if (!errors.empty()) return InvalidParameters(errors);
  if (req.body.empty()) return InvalidParameters({{"body", "send the file as the request body"}});
  auto report = ImportHxlActivities(ctx.store, CsvReader::FromString(req.body), options);
  if (!report.ok()) return ProblemFromStatus(report.status());
  Response r =
      Response::Json(ImportReportToJson(*report), report->committed || options.dry_run ? 200 : 422);
  if (report->committed) {
    r.audit = Response::AuditNote{"import",
                                  json::serialize(json::object{{"format", "hxl"},
                                                               {"file_name", options.file_name},
                                                               {"org", options.reporting_org},
                                                               {"batch", report->batch},
                                                               {"created", report->created},
                                                               {"updated", report->updated},
                                                               {"rejected", report->rejected}}),
                                  std::nullopt};
  }
  return r;
}

}  // namespace om::http
