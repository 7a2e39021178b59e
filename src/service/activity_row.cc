#include "service/activity_row.h"

#include <tuple>

#include "core/coordinate.h"
#include "core/text.h"

namespace om {
namespace {

// Parses a people count: "1,200", "1 200", "1200.0"; empty gives -1 (not given).
bool ParseCount(std::string_view text, int64_t& out) {
  std::string_view t = Trim(text);
  if (t.empty()) {
    out = -1;
    return true;
  }
  size_t dot = t.find('.');
  if (dot != std::string_view::npos &&
      t.find_first_not_of('0', dot + 1) == std::string_view::npos) {
    t = t.substr(0, dot);  // "1200.0" -> "1200"
  }
  int64_t value = 0;
  int digits = 0;
  for (char c : t) {
    if (c >= '0' && c <= '9') {
      if (++digits > 15) return false;
      value = value * 10 + (c - '0');
    } else if (c != ',' && c != ' ' && c != '\'') {
      return false;
    }
  }
  if (digits == 0) return false;
  out = value;
  return true;
}

int64_t* PeopleSlot(People& p, std::string_view key) {
  if (key == "total") return &p.total;
  if (key == "women") return &p.women;
  if (key == "men") return &p.men;
  if (key == "girls") return &p.girls;
  if (key == "boys") return &p.boys;
  if (key == "children") return &p.children;
  if (key == "adults") return &p.adults;
  return nullptr;
}

// A total is derived from its parts when the file gives only the parts.
void FillTotal(People& p) {
  if (p.total >= 0) return;
  int64_t sum = -1;
  auto add = [&](int64_t v) {
    if (v >= 0) sum = (sum < 0 ? 0 : sum) + v;
  };
  if (p.women >= 0 || p.men >= 0 || p.girls >= 0 || p.boys >= 0) {
    add(p.women), add(p.men), add(p.girls), add(p.boys);
  } else {
    add(p.children), add(p.adults);
  }
  p.total = sum;
}

}  // namespace

void ActivityRowConverter::Reject(RowOutcome& out, int64_t line, std::string column,
                                  std::string reason) {
  out.rejected = true;
  out.error = {line, std::move(column), std::move(reason)};
}

bool ActivityRowConverter::RejectUnlessInferred(RowOutcome& out, bool inferred, int64_t line,
                                                std::string column, std::string reason) {
  if (!inferred) {
    Reject(out, line, std::move(column), std::move(reason));
    return true;
  }
  out.warnings.push_back(
      {line, std::move(column), reason + " (column inferred from its header: value ignored)"});
  return false;
}

bool ActivityRowConverter::ParsePeople(const RawActivity& raw, RowOutcome& out) {
  Activity& a = out.activity;
  for (auto [list, people, tag, inferred] :
       {std::tuple{&raw.targeted, &a.targeted, "#targeted", raw.inferred.targeted},
        std::tuple{&raw.reached, &a.reached, "#reached", raw.inferred.reached}}) {
    for (const auto& [key, text] : *list) {
      int64_t* slot = PeopleSlot(*people, key);
      if (slot == nullptr || ParseCount(text, *slot)) continue;
      *slot = -1;
      if (RejectUnlessInferred(out, inferred, raw.line, std::string(tag) + "+" + std::string(key),
                               "not a number of people: '" + std::string(text) + "'")) {
        return false;
      }
    }
    FillTotal(*people);
  }
  return true;
}

bool ActivityRowConverter::ParseBudget(const RawActivity& raw, RowOutcome& out) {
  if (Trim(raw.budget).empty()) return true;
  auto amount = ParseAmount(raw.budget);
  if (!amount.ok()) {
    return !RejectUnlessInferred(out, raw.inferred.budget, raw.line, "#value+budget",
                                 amount.status().message());
  }
  std::string currency = ToUpperAscii(Trim(raw.currency));
  if (currency.empty()) currency = "USD";
  if (!IsCurrencyCode(currency)) {
    // Without the inferred budget column this currency would never have been read.
    return !RejectUnlessInferred(
        out, raw.inferred.budget || raw.inferred.currency, raw.line, "#currency",
        "not an ISO 4217 currency code: '" + std::string(raw.currency) + "'");
  }
  out.activity.budget = Money{*amount, currency};
  return true;
}

bool ActivityRowConverter::ParseDates(const RawActivity& raw, RowOutcome& out) {
  Activity& a = out.activity;
  for (auto [text, date, column, inferred] :
       {std::tuple{&raw.date_start, &a.start, "#date+start", raw.inferred.date_start},
        std::tuple{&raw.date_end, &a.end, "#date+end", raw.inferred.date_end}}) {
    auto parsed = ParseDate(*text);
    if (parsed.ok()) {
      *date = *parsed;
    } else if (RejectUnlessInferred(out, inferred, raw.line, column, parsed.status().message())) {
      return false;
    }
  }
  if (a.start.empty() && !Trim(raw.date).empty()) {
    auto parsed = ParseDate(raw.date);
    if (parsed.ok()) {
      a.start = *parsed;
    } else {
      out.warnings.push_back({raw.line, "#date", parsed.status().message() + "; date ignored"});
    }
  }
  if (a.start.empty() || a.end.empty() || !(a.end < a.start)) return true;
  // Of a tagged and an inferred date, the inferred one is dropped; of two inferred, the end.
  bool drop_start = raw.inferred.date_start && !raw.inferred.date_end;
  std::string reason = "ends (" + a.end.ToIso() + ") before it starts (" + a.start.ToIso() + ")";
  if (RejectUnlessInferred(out, raw.inferred.date_start || raw.inferred.date_end, raw.line,
                           drop_start ? "#date+start" : "#date+end", std::move(reason))) {
    return false;
  }
  (drop_start ? a.start : a.end) = Date{};
  return true;
}

bool ActivityRowConverter::ParseWhen(const RawActivity& raw, RowOutcome& out) {
  if (!ParseDates(raw, out)) return false;
  if (!Trim(raw.status).empty() && !ParseStatus(raw.status, out.activity.status)) {
    std::string reason = "unknown status '" + std::string(raw.status) + "'";
    if (raw.inferred.status) reason += " (column inferred from its header)";
    out.warnings.push_back({raw.line, "#status", std::move(reason)});
  }
  return true;
}

// A file's status column holds a handful of labels: each is parsed (folded, matched against
// some forty prefixes in four languages) once.
bool ActivityRowConverter::ParseStatus(std::string_view text, ActivityStatus& out) {
  auto it = statuses_.find(text);
  if (it == statuses_.end()) {
    ActivityStatus status = ActivityStatus::kUnknown;
    std::optional<ActivityStatus> parsed;
    if (ParseActivityStatus(text, status)) parsed = status;
    it = statuses_.emplace(text, parsed).first;
  }
  if (it->second) out = *it->second;
  return it->second.has_value();
}

bool ActivityRowConverter::ParseWhere(const RawActivity& raw, RowOutcome& out) {
  Activity& a = out.activity;
  if (!ParseCoordinate(raw.lat, 90, DecimalComma::kAllowed, a.lat) ||
      !ParseCoordinate(raw.lon, 180, DecimalComma::kAllowed, a.lon)) {
    Reject(
        out, raw.line, "#geo",
        "not a valid coordinate: '" + std::string(raw.lat) + "', '" + std::string(raw.lon) + "'");
    return false;
  }
  if (a.lat.has_value() != a.lon.has_value()) a.lat = a.lon = std::nullopt;
  // The rows of a 3W file name the same few hundred places again and again: each distinct where
  // is resolved once. The places do not change during an import, so neither does the answer.
  where_key_.clear();
  for (int level = 0; level <= 3; ++level) {
    where_key_.append(level == 0 ? raw.country_code : raw.adm_code[level]).push_back('\x1f');
    where_key_.append(level == 0 ? raw.country : raw.adm_name[level]).push_back('\x1f');
  }
  auto resolved = resolved_places_.find(where_key_);
  if (resolved == resolved_places_.end()) {
    PlaceQuery q;
    if (Trim(raw.country_code).empty() && Trim(raw.country).empty()) q.country = default_country_;
    q.codes[0] = raw.country_code;
    q.names[0] = raw.country;
    for (int level = 1; level <= 3; ++level) {
      q.codes[level] = raw.adm_code[level];
      q.names[level] = raw.adm_name[level];
    }
    resolved = resolved_places_.emplace(where_key_, places_.Resolve(q)).first;
  }
  const PlaceMatch& match = resolved->second;
  static const char* kColumns[] = {"#country", "#adm1", "#adm2", "#adm3"};
  for (const PlaceProblem& p : match.problems) {
    out.warnings.push_back(
        {raw.line, std::string(kColumns[p.level]) + (p.is_code ? "+code" : "+name"), p.reason});
  }
  a.adm0 = match.country;
  for (int level = 1; level <= 3; ++level) {
    std::string* slot[] = {nullptr, &a.adm1, &a.adm2, &a.adm3};
    *slot[level] = match.ancestors[level];
  }
  a.place = match.place ? match.place->pcode : a.adm0;
  a.location_name = raw.loc;
  a.contact.assign(Trim(raw.contact));
  if (a.location_name.empty() && match.place == nullptr) {
    // Keep the names given, so an unresolved place is still readable.
    for (int level = 3; level >= 1 && a.location_name.empty(); --level) {
      a.location_name = raw.adm_name[level];
    }
  }
  return true;
}

Status ActivityRowConverter::Convert(const RawActivity& raw, RowOutcome& out) {
  Activity& a = out.activity;
  a.meta.source_row = raw.line;
  a.meta.org_id = owner_org_;
  if (Trim(raw.org_impl).empty() && Trim(raw.org_impl_acronym).empty()) {
    Reject(out, raw.line, "#org", "no organization");
    return Status::Ok();
  }
  if (Trim(raw.sector).empty() && Trim(raw.sector_code).empty() && Trim(raw.title).empty()) {
    Reject(out, raw.line, "#sector", "no sector and no activity");
    return Status::Ok();
  }
  bool parsed =
      ParsePeople(raw, out) && ParseBudget(raw, out) && ParseWhen(raw, out) && ParseWhere(raw, out);
  OM_RETURN_IF_ERROR(places_.status());
  if (!parsed) return Status::Ok();
  OM_TRY(a.implementing_org,
         registry_.ResolveOrganization(raw.org_impl, raw.org_impl_acronym, raw.org_type));
  OM_TRY(a.programme_org, registry_.ResolveOrganization(raw.org_prog, "", ""));
  OM_TRY(a.funding_org, registry_.ResolveOrganization(raw.org_funding, "", "donor"));
  OM_TRY(a.sector, registry_.ResolveSector(raw.sector, raw.sector_code));
  a.title = raw.title;
  a.description = raw.description;
  if (!Trim(raw.row_id).empty()) {
    a.external_id.assign(Trim(raw.row_id));
    out.identity.assign("id:").append(a.external_id);
  } else {
    std::string& id = out.identity;  // built in place: one allocation instead of a dozen
    id.reserve(96 + a.title.size() + a.location_name.size());
    auto field = [&id](std::string_view part) { id.append(part).push_back('\x1f'); };
    id.append("k:");
    field(std::to_string(a.implementing_org));
    field(std::to_string(a.programme_org));
    field(std::to_string(a.funding_org));
    field(a.sector);
    AppendFolded(id, a.title);
    id.push_back('\x1f');
    field(a.place);
    AppendFolded(id, a.location_name);
    id.push_back('\x1f');
    field(raw.lat);
    field(raw.lon);
    field(a.start.ToIso());
    id.append(a.end.ToIso());
  }
  return Status::Ok();
}

}  // namespace om
