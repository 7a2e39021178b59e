// Reads OCHA p-code tables (COD-AB) into places.
//
//   OM_TRY(auto result, ReadPcodes(std::move(reader)));
//   result.places;   // admin units, parents before children is NOT guaranteed
//   result.errors;   // rows rejected, with line and reason
//
// Accepts the two shapes in use: the long global list (one row per unit: Location, Admin Level,
// P-Code, Name, Parent P-Code [, Valid from date]) and the wide COD tables (one row per deepest
// unit: admin0Pcode, admin0Name_en, admin1Pcode, admin1Name_en, admin2Pcode, ...; name columns
// may be _en, _fr, _es, _pt or unsuffixed; HXL tags such as #adm1+code are also recognized).
// Header names are matched case-insensitively. Admin-0 places are created for every country
// seen (pcode = ISO3, name = ISO3 unless the file names it).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "core/status.h"
#include "domain/registry.h"
#include "io/csv_reader.h"

namespace om {

struct RowError {
  int64_t line = 0;
  std::string column;
  std::string reason;
};

struct PcodeTable {
  std::vector<Place> places;
  std::vector<RowError> errors;
  int64_t rows_read = 0;
};

// Fails only when the header is not a recognized p-code table.
Result<PcodeTable> ReadPcodes(std::unique_ptr<CsvReader> reader);

}  // namespace om
