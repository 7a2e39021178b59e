// Guesses the HXL tag of an untagged 3W column from its header text, for the few fields whose
// header names are clear and common in English, French, Spanish and Portuguese.
//
//   InferHxlTag("FECHA DE INICIO");        // #date+start
//   InferHxlTag("Budget (USD)");           // #value+budget+usd
//   InferHxlTag("ACT ID");                 // nullopt: not one of the known names
//
// Internal to src/io (HxlActivityTable uses it for columns the file left untagged, below any
// real tag). Conservative by design: the whole header, once folded (case, accents, punctuation,
// spacing, camelCase) and stripped of a bracketed note, must equal a listed name. Never guesses
// places (admin names, p-codes), people breakdowns by sex or age, or vague names ("target",
// "code", "organization"). Pure and thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "io/hxl.h"

namespace om::hxl_internal {

// "Fecha de Inicio (dd/mm/aaaa)" -> "fecha de inicio", note "dd mm aaaa"; "StartDate" ->
// "start date"; "Partenaire de mise en œuvre" -> "partenaire de mise en oeuvre".
std::string FoldHeader(std::string_view header, std::string& note);

// The tag a column with this header most likely carries, or nullopt when unsure.
std::optional<HxlTag> InferHxlTag(std::string_view header);

}  // namespace om::hxl_internal
