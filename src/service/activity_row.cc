#include "service/activity_row.h"

#include <charconv>
#include <cmath>

#include "core/text.h"

namespace om {
namespace {

// Parses a people count: "1,200", "1 200", "1200.0"; empty gives -1 (not given).
bool ParseCount(std::string_view text, int64_t& out) {
  std::string digits;
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
  for (char c : t) {
    if (c >= '0' && c <= '9')
      digits += c;
    else if (c != ',' && c != ' ' && c != '\'')
      return false;
  }
  if (digits.empty() || digits.size() > 15) return false;
  out = std::stoll(digits);
  return true;
}

bool ParseCoordinate(std::string_view text, double limit, std::optional<double>& out) {
  std::string t(Trim(text));
  if (t.empty()) return true;
  for (char& c : t) {
    if (c == ',') c = '.';  // decimal comma
  }
  double value = 0;
  auto [ptr, ec] = std::from_chars(t.data(), t.data() + t.size(), value);
  if (ec != std::errc() || ptr != t.data() + t.size() || std::fabs(value) > limit) return false;
  out = value;
  return true;
}

int64_t* PeopleSlot(People& p, const std::string& key) {
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

bool ActivityRowConverter::ParseNumbers(const RawActivity& raw, RowOutcome& out) {
  Activity& a = out.activity;
  for (auto [list, people, tag] : {std::tuple{&raw.targeted, &a.targeted, "#targeted"},
                                   std::tuple{&raw.reached, &a.reached, "#reached"}}) {
    for (const auto& [key, text] : *list) {
      int64_t* slot = PeopleSlot(*people, key);
      if (slot == nullptr) continue;
      if (!ParseCount(text, *slot)) {
        Reject(out, raw.line, std::string(tag) + "+" + key,
               "not a number of people: '" + text + "'");
        return false;
      }
    }
    FillTotal(*people);
  }
  if (!Trim(raw.budget).empty()) {
    auto amount = ParseAmount(raw.budget);
    if (!amount.ok()) {
      Reject(out, raw.line, "#value+budget", amount.status().message());
      return false;
    }
    std::string currency = ToUpperAscii(Trim(raw.currency));
    if (currency.empty()) currency = "USD";
    if (!IsCurrencyCode(currency)) {
      Reject(out, raw.line, "#currency", "not an ISO 4217 currency code: '" + raw.currency + "'");
      return false;
    }
    a.budget = Money{*amount, currency};
  }
  return true;
}

bool ActivityRowConverter::ParseWhen(const RawActivity& raw, RowOutcome& out) {
  Activity& a = out.activity;
  for (auto [text, date, column] : {std::tuple{&raw.date_start, &a.start, "#date+start"},
                                    std::tuple{&raw.date_end, &a.end, "#date+end"}}) {
    auto parsed = ParseDate(*text);
    if (!parsed.ok()) {
      Reject(out, raw.line, column, parsed.status().message());
      return false;
    }
    *date = *parsed;
  }
  if (a.start.empty() && !Trim(raw.date).empty()) {
    auto parsed = ParseDate(raw.date);
    if (parsed.ok()) {
      a.start = *parsed;
    } else {
      out.warnings.push_back({raw.line, "#date", parsed.status().message() + "; date ignored"});
    }
  }
  if (!a.start.empty() && !a.end.empty() && a.end < a.start) {
    Reject(out, raw.line, "#date+end",
           "ends (" + a.end.ToIso() + ") before it starts (" + a.start.ToIso() + ")");
    return false;
  }
  if (!Trim(raw.status).empty() && !ParseActivityStatus(raw.status, a.status)) {
    out.warnings.push_back({raw.line, "#status", "unknown status '" + raw.status + "'"});
  }
  return true;
}

bool ActivityRowConverter::ParseWhere(const RawActivity& raw, RowOutcome& out) {
  Activity& a = out.activity;
  if (!ParseCoordinate(raw.lat, 90, a.lat) || !ParseCoordinate(raw.lon, 180, a.lon)) {
    Reject(out, raw.line, "#geo", "not a valid coordinate: '" + raw.lat + "', '" + raw.lon + "'");
    return false;
  }
  if (a.lat.has_value() != a.lon.has_value()) a.lat = a.lon = std::nullopt;
  PlaceQuery q;
  q.country = Trim(raw.country_code).empty() && Trim(raw.country).empty() ? default_country_ : "";
  q.codes[0] = raw.country_code;
  q.names[0] = raw.country;
  for (int level = 1; level <= 3; ++level) {
    q.codes[level] = raw.adm_code[level];
    q.names[level] = raw.adm_name[level];
  }
  PlaceMatch match = places_.Resolve(q);
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
  if (a.location_name.empty() && match.place == nullptr) {
    // Keep the names given, so an unresolved place is still readable.
    for (int level = 3; level >= 1 && a.location_name.empty(); --level) {
      a.location_name = raw.adm_name[level];
    }
  }
  return true;
}

Result<RowOutcome> ActivityRowConverter::Convert(const RawActivity& raw) {
  RowOutcome out;
  Activity& a = out.activity;
  a.meta.source_row = raw.line;
  a.meta.org_id = owner_org_;
  if (Trim(raw.org_impl).empty() && Trim(raw.org_impl_acronym).empty()) {
    Reject(out, raw.line, "#org", "no organization");
    return out;
  }
  if (Trim(raw.sector).empty() && Trim(raw.sector_code).empty() && Trim(raw.title).empty()) {
    Reject(out, raw.line, "#sector", "no sector and no activity");
    return out;
  }
  if (!ParseNumbers(raw, out) || !ParseWhen(raw, out) || !ParseWhere(raw, out)) return out;
  OM_TRY(a.implementing_org,
         registry_.ResolveOrganization(raw.org_impl, raw.org_impl_acronym, raw.org_type));
  OM_TRY(a.programme_org, registry_.ResolveOrganization(raw.org_prog, "", ""));
  OM_TRY(a.funding_org, registry_.ResolveOrganization(raw.org_funding, "", "donor"));
  OM_TRY(a.sector, registry_.ResolveSector(raw.sector, raw.sector_code));
  a.title = raw.title;
  a.description = raw.description;
  if (!Trim(raw.row_id).empty()) {
    a.external_id = std::string(Trim(raw.row_id));
    out.identity = "id:" + a.external_id;
  } else {
    std::string sep = "\x1f";
    out.identity = "k:" + std::to_string(a.implementing_org) + sep +
                   std::to_string(a.programme_org) + sep + std::to_string(a.funding_org) + sep +
                   a.sector + sep + FoldName(a.title) + sep + a.place + sep +
                   FoldName(a.location_name) + sep + raw.lat + sep + raw.lon + sep +
                   a.start.ToIso() + sep + a.end.ToIso();
  }
  return out;
}

}  // namespace om
