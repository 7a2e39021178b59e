// Registry entities: organizations, places (OCHA p-codes) and sectors.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/record.h"

namespace om {

enum class OrgType { kMissionComponent, kUnAgency, kNgo, kDonor, kGovernment, kOther };
const char* OrgTypeName(OrgType t);
// Accepts the API names (mission_component, un_agency, ngo, donor, government, other) and the
// labels real files use ("International NGO", "UN Agency", "Gov", "Red Cross" ...).
bool ParseOrgType(std::string_view text, OrgType& out);
// Best guess from a free-text type label; kOther when nothing matches.
OrgType GuessOrgType(std::string_view label);

struct Organization {
  RecordMeta meta;
  std::string name;
  std::string acronym;
  OrgType type = OrgType::kOther;
  bool humanitarian = false;
  std::vector<std::string> variants;  // other spellings seen in imports
};

struct Place {
  std::string pcode;  // canonical key, e.g. "AF2307"; admin-0 uses ISO3 ("AFG")
  std::string name;
  int level = 0;             // 0 country .. 3
  std::string parent_pcode;  // "" for level 0
  std::string country;       // ISO3
  std::optional<double> lat;
  std::optional<double> lon;
};

struct Sector {
  std::string code;  // e.g. "WASH", or a generated code for sectors seen only in imports
  std::string name_en;
  std::string name_fr;
  bool builtin = false;
};

// The IASC global clusters, built in.
const std::vector<Sector>& BuiltinSectors();

}  // namespace om
