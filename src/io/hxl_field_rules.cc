#include "io/hxl_field_rules.h"

#include <initializer_list>
#include <string_view>

#include "core/text.h"

namespace om::hxl_internal {
namespace {

using F = ActivityField;

bool HasAny(const HxlTag& tag, std::initializer_list<std::string_view> attributes) {
  for (std::string_view a : attributes) {
    if (tag.Has(a)) return true;
  }
  return false;
}

// A language other than English (+i_fr, +i_ar) makes a column a worse fit for a name field.
int LanguagePenalty(const HxlTag& tag) {
  for (const std::string& a : tag.attributes) {
    if (StartsWith(a, "i_") && a != "i_en") return 1;
  }
  return 0;
}

// Name-like fields: bare or +name, never a code column.
int NameScore(const HxlTag& tag) {
  if (HasAny(tag, {"code", "pcode", "id", "type"})) return 0;
  int score = 2 + (tag.Has("name") ? 2 : 0) - LanguagePenalty(tag);
  return score < 1 ? 1 : score;
}

int CodeScore(const HxlTag& tag) {
  if (tag.Has("pcode")) return 3;
  if (tag.Has("code")) return 2;
  return tag.Has("id") ? 1 : 0;
}

int OrgScore(F field, const HxlTag& tag) {
  if (tag.hashtag != "org") return 0;
  bool prog = HasAny(tag, {"prog", "lead"});
  bool funding = HasAny(tag, {"funding", "donor"});
  bool type = tag.Has("type");
  bool acronym = tag.Has("acronym");
  bool code = HasAny(tag, {"code", "id", "url"});
  int impl = HasAny(tag, {"impl", "partner"}) ? 4 : 0;
  int name = tag.Has("name") ? 2 : 0;
  switch (field) {
    case F::kOrgImpl:
      return (prog || funding || type || acronym || code) ? 0 : 1 + impl + name;
    case F::kOrgImplAcronym:
      return (!acronym || prog || funding || type) ? 0 : 1 + impl;
    case F::kOrgType:
      return (!type || prog || funding) ? 0 : 2 + impl + name - (code ? 1 : 0);
    case F::kOrgProg:
      if (!prog || funding || type) return 0;
      return (acronym || code) ? 1 : 2 + name;
    case F::kOrgFunding:
      if (!funding || type) return 0;
      return (acronym || code) ? 1 : 2 + name;
    default:
      return 0;
  }
}

int WhatScore(F field, const HxlTag& tag) {
  const std::string& h = tag.hashtag;
  bool code = tag.Has("code");
  int cluster = tag.Has("cluster") ? 1 : 0;
  switch (field) {
    case F::kSector:
      if (h != "sector") return 0;
      return code ? 1 : 2 + (tag.Has("name") ? 2 : 0) + cluster - LanguagePenalty(tag);
    case F::kSectorCode:
      return (h == "sector" && code) ? 2 + cluster : 0;
    case F::kRowId:
      if (h == "activity") return tag.Has("id") ? 3 : code ? 2 : 0;
      if (h == "x_id" || (h == "meta" && tag.Has("id"))) return 1;
      return 0;
    case F::kTitle:
      if (h != "activity" || HasAny(tag, {"id", "code", "description"})) return 0;
      return 1 + (HasAny(tag, {"name", "title"}) ? 2 : 0);
    case F::kDescription:
      if (h == "activity" && tag.Has("description")) return 3;
      return h == "description" ? 2 : 0;
    default:
      return 0;
  }
}

// The admin level N of "#admN", or -1.
int AdminLevel(const std::string& hashtag) {
  if (hashtag.size() != 4 || !StartsWith(hashtag, "adm")) return -1;
  char d = hashtag[3];
  return (d >= '0' && d <= '9') ? d - '0' : -1;
}

int WhereScore(F field, const HxlTag& tag) {
  const std::string& h = tag.hashtag;
  int level = AdminLevel(h);
  int country = h == "country" ? 2 : level == 0 ? 1 : 0;
  switch (field) {
    case F::kCountry:
      return country && NameScore(tag) ? country + NameScore(tag) : 0;
    case F::kCountryCode:
      return country && HasAny(tag, {"code", "pcode", "iso3", "iso2"}) ? country : 0;
    case F::kAdm1Name:
      return level == 1 ? NameScore(tag) : 0;
    case F::kAdm2Name:
      return level == 2 ? NameScore(tag) : 0;
    case F::kAdm3Name:
      return level == 3 ? NameScore(tag) : 0;
    case F::kAdm1Code:
      return level == 1 ? CodeScore(tag) : 0;
    case F::kAdm2Code:
      return level == 2 ? CodeScore(tag) : 0;
    case F::kAdm3Code:
      return level == 3 ? CodeScore(tag) : 0;
    case F::kLoc:
      return h == "loc" ? NameScore(tag) : 0;
    case F::kLocCode:
      return h == "loc" ? CodeScore(tag) : 0;
    case F::kLat:
      return h == "geo" && tag.Has("lat") ? 2 : 0;
    case F::kLon:
      return h == "geo" && tag.Has("lon") ? 2 : 0;
    default:
      return 0;
  }
}

int WhenScore(F field, const HxlTag& tag) {
  const std::string& h = tag.hashtag;
  bool start = tag.Has("start");
  bool end = tag.Has("end");
  switch (field) {
    case F::kDateStart:
      return h == "date" && start ? 2 : 0;
    case F::kDateEnd:
      return h == "date" && end ? 2 : 0;
    case F::kDate:
      if (h != "date" || start || end) return 0;
      if (tag.attributes.empty()) return 3;
      return tag.Has("reported") ? 2 : 1;
    case F::kStatus:
      if (h != "status") return 0;
      return 2 + (tag.Has("name") ? 1 : 0) - (tag.Has("code") ? 1 : 0);
    case F::kBudget:
      if (h != "value") return 0;
      return 2 * (tag.Has("budget") ? 3 : tag.Has("cost") ? 2 : 1) + (tag.Has("usd") ? 1 : 0);
    case F::kCurrency:
      return h == "currency" ? 2 : 0;
    default:
      return 0;
  }
}

// #contact (+email, +phone, +name): one column is kept, the most direct way to reach someone.
int ContactScore(const HxlTag& tag) {
  if (tag.hashtag != "contact") return 0;
  if (tag.Has("email")) return 4;
  if (tag.Has("phone")) return 3;
  return tag.Has("name") ? 2 : 1;
}

// Pre-1.0 "#base_suffix" hashtags and what the suffix becomes in HXL 1.x.
constexpr std::string_view kOldBases[] = {"country",  "adm0",     "adm1",    "adm2",   "adm3",
                                          "adm4",     "loc",      "org",     "sector", "subsector",
                                          "activity", "targeted", "reached", "status", "value"};

bool RewriteSuffix(HxlTag& tag) {
  size_t underscore = tag.hashtag.rfind('_');
  if (underscore == std::string::npos) return false;
  std::string_view base = std::string_view(tag.hashtag).substr(0, underscore);
  std::string suffix = tag.hashtag.substr(underscore + 1);
  bool known_base = false;
  for (std::string_view b : kOldBases) known_base = known_base || b == base;
  if (!known_base) return false;
  if (suffix == "id") suffix = base == "activity" ? "id" : "code";
  if (suffix != "num" && suffix != "code" && suffix != "id" && suffix != "pcode" &&
      suffix != "name" && suffix != "acronym" && suffix != "type") {
    return false;
  }
  tag.hashtag = std::string(base);
  if (suffix != "num") tag.attributes.push_back(suffix);
  return true;
}

}  // namespace

HxlTag CanonicalTag(const HxlTag& tag) {
  HxlTag out = tag;
  auto rewrite = [&out](const char* hashtag, const char* attribute) {
    out.hashtag = hashtag;
    out.attributes.push_back(attribute);
  };
  const std::string& h = tag.hashtag;
  if (h == "lat_deg") {
    rewrite("geo", "lat");
  } else if (h == "lon_deg") {
    rewrite("geo", "lon");
  } else if (h == "period_date") {
    rewrite("date", "period");
  } else if (h == "report_date") {
    rewrite("date", "reported");
  } else if (h == "start_date") {
    rewrite("date", "start");
  } else if (h == "end_date") {
    rewrite("date", "end");
  } else {
    RewriteSuffix(out);
  }
  return out;
}

int FieldScore(ActivityField field, const HxlTag& tag) {
  switch (field) {
    case F::kOrgImpl:
    case F::kOrgImplAcronym:
    case F::kOrgType:
    case F::kOrgProg:
    case F::kOrgFunding:
      return OrgScore(field, tag);
    case F::kSector:
    case F::kSectorCode:
    case F::kRowId:
    case F::kTitle:
    case F::kDescription:
      return WhatScore(field, tag);
    case F::kDateStart:
    case F::kDateEnd:
    case F::kDate:
    case F::kStatus:
    case F::kBudget:
    case F::kCurrency:
      return WhenScore(field, tag);
    case F::kContact:
      return ContactScore(tag);
    default:
      return WhereScore(field, tag);
  }
}

int PeopleKey(const HxlTag& tag, int& score) {
  score = 0;
  if (tag.hashtag != "targeted" && tag.hashtag != "reached") return -1;
  bool female = false, male = false, children = false, adults = false, exact = true;
  for (const std::string& a : tag.attributes) {
    if (a == "f" || a == "women" || a == "female" || a == "girls") female = true;
    if (a == "m" || a == "men" || a == "male" || a == "boys") male = true;
    if (a == "children" || a == "girls" || a == "boys") {
      children = true;
    } else if (a == "adults" || a == "women" || a == "men") {
      adults = true;
    } else if (a == "hh" || a == "households" || a == "families" || StartsWith(a, "age") ||
               a == "infants" || a == "elderly" || a == "adolescents" || a == "youth") {
      return -1;  // not a head count of the groups we track
    } else if (a != "f" && a != "m" && a != "female" && a != "male" && a != "total" && a != "ind" &&
               a != "individuals") {
      exact = false;  // e.g. +idps: a sub-population, a fallback only
    }
  }
  if ((female && male) || (children && adults)) return -1;
  score = exact ? 3 : 1;
  if (children) return female ? 3 : male ? 4 : 5;
  if (female) return 1;
  if (male) return 2;
  return adults ? 6 : 0;
}

std::string_view& FieldOf(RawActivity& row, ActivityField field) {
  switch (field) {
    case F::kRowId:
      return row.row_id;
    case F::kOrgImpl:
      return row.org_impl;
    case F::kOrgImplAcronym:
      return row.org_impl_acronym;
    case F::kOrgType:
      return row.org_type;
    case F::kOrgProg:
      return row.org_prog;
    case F::kOrgFunding:
      return row.org_funding;
    case F::kSector:
      return row.sector;
    case F::kSectorCode:
      return row.sector_code;
    case F::kTitle:
      return row.title;
    case F::kDescription:
      return row.description;
    case F::kCountry:
      return row.country;
    case F::kCountryCode:
      return row.country_code;
    case F::kAdm1Name:
      return row.adm_name[1];
    case F::kAdm2Name:
      return row.adm_name[2];
    case F::kAdm3Name:
      return row.adm_name[3];
    case F::kAdm1Code:
      return row.adm_code[1];
    case F::kAdm2Code:
      return row.adm_code[2];
    case F::kAdm3Code:
      return row.adm_code[3];
    case F::kContact:
      return row.contact;
    case F::kLoc:
      return row.loc;
    case F::kLocCode:
      return row.loc_code;
    case F::kLat:
      return row.lat;
    case F::kLon:
      return row.lon;
    case F::kDateStart:
      return row.date_start;
    case F::kDateEnd:
      return row.date_end;
    case F::kDate:
      return row.date;
    case F::kStatus:
      return row.status;
    case F::kBudget:
      return row.budget;
    case F::kCurrency:
    case F::kCount:
      break;
  }
  return row.currency;
}

}  // namespace om::hxl_internal
