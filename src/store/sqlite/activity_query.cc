// Filtered listing and grouped summaries of activities. Filters become a WHERE clause whose
// shape depends only on which filters are present (so statements are prepared once per shape);
// every value is a bound parameter.
#include <variant>

#include "core/date.h"
#include "core/text.h"
#include "store/sqlite/sqlite_store.h"

namespace om::sqlite {
namespace {

using Bind = std::variant<int64_t, std::string>;

struct Where {
  std::string sql = "WHERE 1";
  std::vector<Bind> binds;

  void Add(std::string_view clause, std::initializer_list<Bind> values) {
    std::string text(clause);
    // "?" in the clause is replaced by numbered parameters in order.
    std::string numbered;
    auto it = values.begin();
    for (char c : text) {
      if (c == '?' && it != values.end()) {
        binds.push_back(*it++);
        numbered += "?" + std::to_string(binds.size());
      } else {
        numbered += c;
      }
    }
    sql += " AND (" + numbered + ")";
  }

  void BindAll(Stmt& s) const {
    for (size_t i = 0; i < binds.size(); ++i) {
      int index = static_cast<int>(i + 1);
      if (const auto* n = std::get_if<int64_t>(&binds[i])) {
        s.Bind(index, *n);
      } else {
        s.Bind(index, std::get<std::string>(binds[i]));
      }
    }
  }
};

std::string IdsJson(const std::vector<Id>& ids) {
  std::string json = "[";
  for (size_t i = 0; i < ids.size(); ++i) json += (i ? "," : "") + std::to_string(ids[i]);
  return json + "]";
}

const char* kPlaceColumnByLevel[] = {"adm0", "adm1", "adm2", "adm3"};

}  // namespace

// Builds the WHERE clause for a filter. The place filter picks the admin column of the place's
// level, so "AF23" matches every activity in Ghor province and its districts.
static Where BuildWhere(Store& store, const ActivityFilter& f) {
  Where w;
  if (f.org_filter) {
    std::string ids = IdsJson(f.orgs);
    w.Add(
        "implementing_org IN (SELECT value FROM json_each(?)) OR programme_org IN"
        " (SELECT value FROM json_each(?)) OR funding_org IN (SELECT value FROM json_each(?))",
        {ids, ids, ids});
  }
  if (!f.sector.empty()) w.Add("sector = ?", {f.sector});
  if (!f.place.empty()) {
    auto place = store.GetPlace(f.place);
    if (place.ok() && place->has_value()) {
      std::string column = kPlaceColumnByLevel[(*place)->level];
      w.Add(column + " = ?", {f.place});
    } else {
      w.Add("place = ? OR adm0 = ? OR adm1 = ? OR adm2 = ? OR adm3 = ?",
            {f.place, f.place, f.place, f.place, f.place});
    }
  }
  if (f.status) w.Add("status = ?", {std::string(ActivityStatusName(*f.status))});
  if (!f.from.empty()) w.Add("end_date IS NULL OR end_date >= ?", {f.from.ToIso()});
  if (!f.to.empty()) w.Add("start_date IS NULL OR start_date <= ?", {f.to.ToIso()});
  if (!f.q.empty()) {
    // Folded substring search (see ActivityTextMatches in domain/activity_query.h).
    std::string q = FoldName(f.q);
    w.Add(
        "instr(om_fold(title || ' ' || description || ' ' || location_name), ?) > 0"
        " OR implementing_org IN (SELECT org_id FROM organization_names WHERE instr(folded, ?) > 0)"
        " OR place IN (SELECT pcode FROM places WHERE instr(folded_name, ?) > 0)"
        " OR adm1 IN (SELECT pcode FROM places WHERE instr(folded_name, ?) > 0)",
        {q, q, q, q});
  }
  return w;
}

Result<ActivityPage> SqliteStore::ListActivities(const ActivityFilter& filter, int limit,
                                                 Id after) {
  Where w = BuildWhere(*this, filter);
  ActivityPage page;
  {
    StmtHandle count = db_->Prepare("SELECT count(*) FROM activities " + w.sql);
    w.BindAll(count);
    if (!count.Step()) return count.status();
    page.total = count.Int(0);
  }
  int n = static_cast<int>(w.binds.size());
  StmtHandle s = db_->Prepare(std::string("SELECT id, ") + ActivityColumnList() +
                              " FROM activities " + w.sql + " AND id > ?" + std::to_string(n + 1) +
                              " ORDER BY id LIMIT ?" + std::to_string(n + 2));
  w.BindAll(s);
  s.Bind(n + 1, after);
  s.Bind(n + 2, static_cast<int64_t>(limit) + 1);
  while (s.Step()) {
    if (static_cast<int>(page.items.size()) == limit) {
      page.next_after = page.items.back().meta.id;
      break;
    }
    page.items.push_back(ReadActivityRow(s));
  }
  OM_RETURN_IF_ERROR(s.status());
  return page;
}

Result<Summary> SqliteStore::SummarizeActivities(const ActivityFilter& filter,
                                                 const std::vector<SummaryKey>& by) {
  static const char* kKeyColumn[] = {"coalesce(adm1, '')", "coalesce(adm2, '')",
                                     "coalesce(sector, '')", "coalesce(implementing_org, '')"};
  Where w = BuildWhere(*this, filter);
  std::string keys;
  for (SummaryKey k : by) keys += std::string(kKeyColumn[static_cast<int>(k)]) + ", ";
  std::string sql = "SELECT " + keys +
                    "count(*), sum(coalesce(targeted_total, 0)), sum(coalesce(reached_total, 0)),"
                    " sum(CASE WHEN budget_currency = 'USD' THEN budget_cents ELSE 0 END),"
                    " sum(place IS NULL AND lat IS NULL) FROM activities " +
                    w.sql;
  if (!by.empty()) sql += " GROUP BY " + keys.substr(0, keys.size() - 2);
  StmtHandle s = db_->Prepare(sql);
  w.BindAll(s);
  Summary summary;
  int k = static_cast<int>(by.size());
  while (s.Step()) {
    SummaryGroup g;
    for (int i = 0; i < k; ++i) g.keys.push_back(s.Text(i));
    g.count = s.Int(k);
    if (g.count == 0) continue;  // the ungrouped aggregate over no rows
    g.targeted = s.Int(k + 1);
    g.reached = s.Int(k + 2);
    g.budget_usd_cents = s.Int(k + 3);
    summary.unlocated += s.Int(k + 4);
    summary.total.count += g.count;
    summary.total.targeted += g.targeted;
    summary.total.reached += g.reached;
    summary.total.budget_usd_cents += g.budget_usd_cents;
    if (!by.empty()) summary.groups.push_back(std::move(g));
  }
  OM_RETURN_IF_ERROR(s.status());
  return summary;
}

Result<std::vector<ActivityFact>> SqliteStore::ListActivityFacts() {
  StmtHandle s = db_->Prepare(
      "SELECT coalesce(place, ''), coalesce(adm0, ''), coalesce(adm1, ''), coalesce(adm2, ''),"
      " coalesce(adm3, ''), coalesce(sector, ''), coalesce(implementing_org, 0),"
      " coalesce(programme_org, 0), coalesce(funding_org, 0), status, coalesce(start_date, ''),"
      " coalesce(end_date, ''), coalesce(targeted_total, 0), coalesce(reached_total, 0),"
      " CASE WHEN budget_currency = 'USD' THEN budget_cents ELSE 0 END,"
      " place IS NULL AND lat IS NULL, title || ' ' || description || ' ' || location_name"
      " FROM activities ORDER BY id");
  std::vector<ActivityFact> facts;
  while (s.Step()) {
    ActivityFact f;
    std::string* text[] = {&f.place, &f.adm0, &f.adm1, &f.adm2, &f.adm3, &f.sector};
    for (int i = 0; i < 6; ++i) *text[i] = s.Text(i);
    f.implementing_org = s.Int(6);
    f.programme_org = s.Int(7);
    f.funding_org = s.Int(8);
    ParseActivityStatus(s.TextView(9), f.status);
    if (auto d = ParseIsoDate(s.TextView(10)); d.ok()) f.start = *d;
    if (auto d = ParseIsoDate(s.TextView(11)); d.ok()) f.end = *d;
    f.targeted = s.Int(12);
    f.reached = s.Int(13);
    f.budget_usd_cents = s.Int(14);
    f.unlocated = s.Int(15) != 0;
    f.text = FoldName(s.TextView(16));
    facts.push_back(std::move(f));
  }
  OM_RETURN_IF_ERROR(s.status());
  return facts;
}

Result<std::unordered_map<std::string, PlaceInfo>> SqliteStore::PlaceCatalog() {
  StmtHandle s = db_->Prepare("SELECT pcode, level, folded_name FROM places");
  std::unordered_map<std::string, PlaceInfo> places;
  while (s.Step()) places.emplace(s.Text(0), PlaceInfo{static_cast<int>(s.Int(1)), s.Text(2)});
  OM_RETURN_IF_ERROR(s.status());
  return places;
}

}  // namespace om::sqlite
