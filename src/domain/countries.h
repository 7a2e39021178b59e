// Countries by ISO 3166-1 code or name. P-codes usually start with the ISO2 code while the
// registry keys countries by ISO3; files give either, or a name.
//
//   FindCountry("AF")->iso3 == "AFG";  FindCountry("Tchad")->iso3 == "TCD"
#pragma once

#include <string_view>
#include <vector>

namespace om {

struct Country {
  const char* iso2;
  const char* iso3;
  const char* name_en;
  const char* name_fr;
};

const std::vector<Country>& Countries();
// By ISO2, ISO3 (case-insensitive) or English/French name (folded); nullptr when unknown.
const Country* FindCountry(std::string_view code_or_name);

}  // namespace om
