// Which HXL tags fit which RawActivity field, and how specifically: the rules behind
// HxlActivityTable's column choice.
//
//   HxlTag tag = CanonicalTag(*ParseHxlTag("#lat_deg"));      // -> #geo+lat
//   FieldScore(ActivityField::kLat, tag);                       // > 0: fits; higher wins
//   int key = PeopleKey(*ParseHxlTag("#reached+f+children"), score);  // index of "girls"
//
// Internal to src/io. Pure functions of the tag; 0 (or -1 for PeopleKey) means "does not fit".
#pragma once

#include <array>
#include <string>

#include "io/hxl.h"
#include "io/hxl_activity_map.h"

namespace om::hxl_internal {

enum class ActivityField {
  kRowId,
  kOrgImpl,
  kOrgImplAcronym,
  kOrgType,
  kOrgProg,
  kOrgFunding,
  kSector,
  kSectorCode,
  kTitle,
  kDescription,
  kCountry,
  kCountryCode,
  kAdm1Name,
  kAdm2Name,
  kAdm3Name,
  kAdm1Code,
  kAdm2Code,
  kAdm3Code,
  kLoc,
  kLocCode,
  kLat,
  kLon,
  kDateStart,
  kDateEnd,
  kDate,
  kStatus,
  kBudget,
  kCurrency,
  kContact,
  kCount
};
constexpr int kActivityFieldCount = static_cast<int>(ActivityField::kCount);

// The string member of row that field names.
std::string_view& FieldOf(RawActivity& row, ActivityField field);

// Rewrites pre-1.0 hashtags to their HXL 1.x form (#lat_deg -> #geo+lat, #activity_id ->
// #activity+id, #adm1_id -> #adm1+code, #period_date -> #date+period, #targeted_num -> #targeted).
HxlTag CanonicalTag(const HxlTag& tag);

// How well a canonical tag fits field: 0 = not at all, higher = more specific.
int FieldScore(ActivityField field, const HxlTag& tag);

// People keys, in the order RawActivity::targeted / reached list them.
inline constexpr std::array<const char*, 7> kPeopleKeys = {"total", "women",    "men",   "girls",
                                                           "boys",  "children", "adults"};

// For a canonical #targeted / #reached tag: the index into kPeopleKeys it reports, or -1 (a
// household count, an age band we do not track, both sexes at once). score as for FieldScore.
int PeopleKey(const HxlTag& tag, int& score);

}  // namespace om::hxl_internal
