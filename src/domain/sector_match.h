// Matches the sector labels real 3W files use to the built-in IASC clusters.
//
//   MatchBuiltinSector("Operational Presence: Emergency Shelter & Non-Food Items") == "SHL"
//   MatchBuiltinSector("Agua, saneamiento e higiene")                           == "WSH"
//   MatchBuiltinSector("Livelihoods")                                            == ""  (unknown)
//
// Labels are matched by keywords in English, French and Spanish after folding; codes such as
// "WASH", "ESNFI", "FSL" are recognized. Unknown labels return "" and the importer then adds
// the label as a sector of its own (SectorCodeFor gives its code).
#pragma once

#include <string>
#include <string_view>

namespace om {

std::string MatchBuiltinSector(std::string_view label);

// A stable code for a sector seen only in imports: upper-case ASCII letters and digits of the
// folded label, words joined by '_', at most 32 characters ("Livelihoods" -> "LIVELIHOODS").
std::string SectorCodeFor(std::string_view label);

}  // namespace om
