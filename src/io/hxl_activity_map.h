// Maps the columns of an HXL-tagged 3W/4W file onto activity fields, and reads rows through it.
//
//   OM_TRY(auto reader, CsvReader::OpenFile(path));
//   OM_TRY(auto table, HxlActivityTable::Open(std::move(reader)));
//   for (const auto& c : table->ignored_columns()) warn(c.header, c.tag);
//   RawActivity row;
//   while (table->Next(row)) { ... row.line, row.org_impl ... }
//
// The tag row may be the first or second row (or any of the first 25, as the HXL standard
// allows); rows above it are headers. Every field of RawActivity is the trimmed text of the
// chosen column ("" when the file has no such column or the cell is empty); no interpretation
// happens here beyond choosing columns: the import service parses dates, numbers and places and
// rejects rows with a reason. When several columns fit one field the most specific tag wins
// (#org+impl over #org for org_impl; #adm1+pcode over #adm1+code for adm1_code; a bare #adm1
// is a name). Tagged columns that fit no field are listed in ignored_columns().
//
// Untagged columns may be given a tag inferred from their header ("FECHA DE INICIO" ->
// #date+start; see io/hxl_header_inference.h), below every real tag: an inferred column fills
// only a field no tagged column fills (for people, only when no #targeted / #reached column is
// tagged at all), and does not make a file a 3W table. Those used are listed in
// inferred_columns(), and RawActivity::inferred says which fields they fill.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/status.h"
#include "io/csv_reader.h"
#include "io/hxl.h"

namespace om {

// Fields a row reads from a column whose tag was inferred from its header, not written in the
// file: the importer warns about a bad value there and drops it instead of rejecting the row.
struct InferredFields {
  bool date_start = false;
  bool date_end = false;
  bool status = false;
  bool budget = false;
  bool currency = false;
  bool targeted = false;
  bool reached = false;
};

// One data row, its cells trimmed: views into the table's current record, valid until the next
// call of HxlActivityTable::Next (a row is converted before the next is read, and its cells are
// not copied on the way).
struct RawActivity {
  int64_t line = 0;  // physical line of the row in the file

  std::string_view row_id;    // #activity+id, #activity_id, #x_id ... the file's own row identifier
  std::string_view org_impl;  // #org+impl, or plain #org / #org+name when no +impl column
  std::string_view org_impl_acronym;  // #org+impl+acronym or #org+acronym
  std::string_view org_type;          // #org+type (+name)
  std::string_view org_prog;          // #org+prog / #org+lead
  std::string_view org_funding;       // #org+funding / #org+donor
  std::string_view sector;            // #sector (+cluster, +name); name preferred
  std::string_view sector_code;       // #sector+code
  std::string_view title;             // #activity (+name, +title)
  std::string_view description;       // #activity+description / #description
  std::string_view country;           // #country / #adm0 (+name)
  std::string_view country_code;      // #country+code / #adm0+code (ISO2 or ISO3)
  std::string_view adm_name[4];       // index 1..3: #adm1..#adm3 names (+name or bare); [0] unused
  std::string_view adm_code[4];       // index 1..3: #admN+code / +pcode
  std::string_view loc;               // #loc (+name)
  std::string_view loc_code;          // #loc+code / +pcode
  std::string_view lat;               // #geo+lat, #lat_deg
  std::string_view lon;               // #geo+lon, #lon_deg
  std::string_view date_start;        // #date+start
  std::string_view date_end;          // #date+end
  std::string_view date;              // #date / #period_date / #date+reported (when no start)
  std::string_view status;            // #status
  std::string_view contact;           // #contact (+email, +phone, +name): sensitive
  // People: #targeted / #reached with +total (or bare), +f/+women, +m/+men, +girls, +boys,
  // +children, +adults; keys are "total","women","men","girls","boys","children","adults".
  // One pair per mapped key, in that key order, value "" when the cell is empty.
  std::vector<std::pair<std::string_view, std::string_view>> targeted;
  std::vector<std::pair<std::string_view, std::string_view>> reached;
  std::string_view budget;    // #value+budget, #value+cost, #value
  std::string_view currency;  // #currency, or +usd on the value tag gives "USD"
  InferredFields inferred;    // the same for every row of a file
};

struct HxlColumn {
  int index = 0;
  std::string header;  // text of the header row above the tags ("" when none)
  std::string tag;     // normalized tag, "" when untagged
};

class HxlActivityTable {
 public:
  // Fails (InvalidArgument) when no hashtag row is found in the first 25 rows, or when the tags
  // name no organization and no sector/activity column (not a 3W file). With infer_columns
  // false, untagged columns stay unused.
  static Result<std::unique_ptr<HxlActivityTable>> Open(std::unique_ptr<CsvReader> reader,
                                                        bool infer_columns = true);

  bool Next(RawActivity& row);  // false at end of data
  const Status& status() const { return reader_->status(); }

  int64_t tag_line() const { return tag_line_; }
  const std::vector<HxlColumn>& columns() const { return columns_; }
  const std::vector<HxlColumn>& ignored_columns() const { return ignored_; }  // tagged, unused
  // Untagged columns that fill a field, in file order; tag is the one inferred from the header.
  const std::vector<HxlColumn>& inferred_columns() const { return inferred_; }
  const CsvReader& csv() const { return *reader_; }

 private:
  HxlActivityTable() = default;
  Status MapColumns(const std::vector<std::string>& headers,
                    const std::vector<std::string>& tag_cells, bool infer_columns);
  std::vector<std::optional<HxlTag>> ReadColumns(const std::vector<std::string>& headers,
                                                 const std::vector<std::string>& tag_cells);
  // ... column indices chosen for each RawActivity field (implementation's choice)
  struct Mapping;
  std::unique_ptr<CsvReader> reader_;
  std::shared_ptr<Mapping> mapping_;
  std::vector<HxlColumn> columns_;
  std::vector<HxlColumn> ignored_;
  std::vector<HxlColumn> inferred_;
  int64_t tag_line_ = 0;
};

}  // namespace om
