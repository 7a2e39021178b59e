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
    Add(clause, std::vector<Bind>(values));
  }
  void Add(std::string_view clause, const std::vector<Bind>& values) {
    sql += " AND (" + Number(clause, values) + ")";
  }
  // "?" in the clause is replaced by numbered parameters in order.
  std::string Number(std::string_view clause, const std::vector<Bind>& values) {
    std::string numbered;
    auto it = values.begin();
    for (char c : clause) {
      if (c == '?' && it != values.end()) {
        binds.push_back(*it++);
        numbered += "?" + std::to_string(binds.size());
      } else {
        numbered += c;
      }
    }
    return numbered;
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

// A clause with "?" placeholders and the values they take, in order.
struct Clause {
  std::string sql;
  std::vector<Bind> binds;
};

// ScopeCovers (domain/access.cc) in SQL.
Clause ScopeClause(const ReleaseScope& scope) {
  Clause c{"compartment = ?", {scope.compartment}};
  if (!scope.sector.empty()) {
    c.sql += " AND sector = ?";
    c.binds.emplace_back(scope.sector);
  }
  if (!scope.place.empty()) {
    if (scope.place_level < 0 || scope.place_level > 3) return {"0", {}};
    c.sql += std::string(" AND ") + kPlaceColumnByLevel[scope.place_level] + " = ?";
    c.binds.emplace_back(scope.place);
  }
  if (!scope.from.empty()) {
    c.sql += " AND (end_date IS NULL OR end_date >= ?)";
    c.binds.emplace_back(scope.from.ToIso());
  }
  if (!scope.to.empty()) {
    c.sql += " AND (start_date IS NULL OR start_date <= ?)";
    c.binds.emplace_back(scope.to.ToIso());
  }
  return c;
}

// See() == kFull, in SQL (rules 2-6 of domain/access.h).
Clause FullAccess(const Principal& p) {
  Clause c;
  c.sql =
      "(classification <> 'restricted' OR org_id = ?) AND (compartment = 'none' OR org_id = ?"
      " OR compartment IN (SELECT value FROM json_each(?))";
  std::string compartments = "[";
  for (const auto& name : p.compartments) {
    compartments += (compartments.size() > 1 ? ",\"" : "\"") + name + "\"";
  }
  c.binds = {p.org_id, p.org_id, compartments + "]"};
  for (const auto& scope : p.full) {
    Clause s = ScopeClause(scope);
    c.sql += " OR (" + s.sql + ")";
    c.binds.insert(c.binds.end(), s.binds.begin(), s.binds.end());
  }
  c.sql += ")";
  return c;
}

// See() == kAggregate or better among records not seen in full: an aggregate release covers it.
Clause AggregateAccess(const Principal& p) {
  Clause c{"classification <> 'restricted' AND (0", {}};
  for (const auto& scope : p.aggregate) {
    Clause s = ScopeClause(scope);
    c.sql += " OR (" + s.sql + ")";
    c.binds.insert(c.binds.end(), s.binds.begin(), s.binds.end());
  }
  c.sql += ")";
  return c;
}

}  // namespace

// Builds the WHERE clause for a filter. The place filter picks the admin column of the place's
// level, so "AF23" matches every activity in Ghor province and its districts.
static Where BuildWhere(Store& store, const Principal& p, const ActivityFilter& f) {
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
    // The site name is searched only where the caller may read it (see Redact).
    std::string q = FoldName(f.q);
    w.Add(
        "instr(om_fold(title || ' ' || description), ?) > 0"
        " OR (instr(om_fold(location_name), ?) > 0 AND (? OR (sensitive & 2) = 0 OR org_id = ?))"
        " OR implementing_org IN (SELECT org_id FROM organization_names WHERE instr(folded, ?) > 0)"
        " OR place IN (SELECT pcode FROM places WHERE instr(folded_name, ?) > 0)"
        " OR adm1 IN (SELECT pcode FROM places WHERE instr(folded_name, ?) > 0)",
        {q, q, int64_t{p.system ? 1 : 0}, p.org_id, q, q, q});
  }
  return w;
}

Result<ActivityPage> SqliteStore::ListActivities(const Principal& p, const ActivityFilter& filter,
                                                 int limit, Id after) {
  return ListActivitiesImpl(p, filter, limit, after, true);
}

Result<ActivityPage> SqliteStore::ListActivityPage(const Principal& p, const ActivityFilter& filter,
                                                   int limit, Id after) {
  return ListActivitiesImpl(p, filter, limit, after, false);
}

Result<ActivityPage> SqliteStore::ListActivitiesImpl(const Principal& p,
                                                     const ActivityFilter& filter, int limit,
                                                     Id after, bool count_total) {
  Where w = BuildWhere(*this, p, filter);
  if (!p.system) {
    Clause access = FullAccess(p);
    w.Add(access.sql, access.binds);
  }
  ActivityPage page;
  page.total = -1;
  if (count_total) {
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
    Redact(p, page.items.back());
  }
  OM_RETURN_IF_ERROR(s.status());
  return page;
}

Result<Summary> SqliteStore::SummarizeActivities(const Principal& p, const ActivityFilter& filter,
                                                 const std::vector<SummaryKey>& by) {
  static const char* kKeyColumn[] = {"coalesce(adm1, '')", "coalesce(adm2, '')",
                                     "coalesce(sector, '')", "coalesce(implementing_org, '')"};
  Where w = BuildWhere(*this, p, filter);
  std::string aggregate_only = "0";
  const char* kAudited = "(compartment <> 'none' OR classification = 'restricted')";
  std::string compartmented = std::string("sum(") + kAudited + ")";
  if (!p.system) {
    Clause full = FullAccess(p);
    if (AggregatesApply(p, filter, by)) {
      Clause aggregate = AggregateAccess(p);
      std::string full_sql = w.Number(full.sql, full.binds);
      w.sql += " AND ((" + full_sql + ") OR (" + w.Number(aggregate.sql, aggregate.binds) + "))";
      aggregate_only = "sum(NOT (" + w.Number(full.sql, full.binds) + "))";
      compartmented =
          std::string("sum(") + kAudited + " AND (" + w.Number(full.sql, full.binds) + "))";
    } else {
      w.Add(full.sql, full.binds);
    }
  }
  std::string keys;
  for (SummaryKey k : by) keys += std::string(kKeyColumn[static_cast<int>(k)]) + ", ";
  std::string sql = "SELECT " + keys +
                    "count(*), sum(coalesce(targeted_total, 0)), sum(coalesce(reached_total, 0)),"
                    " sum(CASE WHEN budget_currency = 'USD' THEN budget_cents ELSE 0 END),"
                    " sum(place IS NULL AND lat IS NULL), " +
                    aggregate_only + ", " + compartmented + " FROM activities " + w.sql;
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
    summary.aggregate_only += s.Int(k + 5);
    summary.compartmented += s.Int(k + 6);
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
      " place IS NULL AND lat IS NULL, title || ' ' || description, location_name,"
      " coalesce(org_id, 0), classification, compartment, sensitive, id"
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
    f.location = FoldName(s.TextView(17));
    f.owner = s.Int(18);
    ParseClassification(s.TextView(19), f.classification);
    f.compartment = s.Text(20);
    f.sensitive = static_cast<uint32_t>(s.Int(21));
    f.id = s.Int(22);
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

Result<std::vector<Activity>> SqliteStore::GetActivities(const Principal& p,
                                                         const std::vector<Id>& ids) {
  StmtHandle s = db_->Prepare(std::string("SELECT id, ") + ActivityColumnList() +
                              " FROM activities WHERE id IN (SELECT value FROM json_each(?1))"
                              " ORDER BY id");
  s.Bind(1, IdsJson(ids));
  std::vector<Activity> out;
  while (s.Step()) {
    Activity a = ReadActivityRow(s);
    if (See(p, FactsOf(a)) != Visibility::kFull) continue;  // never trust the caller's ids
    Redact(p, a);
    out.push_back(std::move(a));
  }
  OM_RETURN_IF_ERROR(s.status());
  return out;
}

}  // namespace om::sqlite
