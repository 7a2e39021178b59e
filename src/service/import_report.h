// The report every import produces: counts that reconcile (read = created + updated +
// unchanged + rejected), each rejected row with line, column and reason, warnings for rows kept
// with a problem (an unresolved place name, say), and rows that look like duplicates.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "domain/record.h"

namespace om {

struct RowIssue {
  int64_t line = 0;
  std::string column;  // header text, or the HXL tag when the column has no header
  std::string reason;
};

struct DuplicateRow {
  int64_t line = 0;
  int64_t first_line = 0;  // the earlier row of the same file with the same key
};

struct ImportReport {
  std::string format;
  std::string file;
  std::string encoding;
  char separator = ',';
  Id batch = 0;
  int64_t read = 0;
  int64_t created = 0;
  int64_t updated = 0;
  int64_t unchanged = 0;
  int64_t rejected = 0;
  int64_t organizations_created = 0;
  int64_t sectors_created = 0;
  std::vector<RowIssue> errors;    // one per rejected row
  std::vector<RowIssue> warnings;  // capped at kMaxWarnings; warnings_total counts all
  int64_t warnings_total = 0;
  std::vector<DuplicateRow> duplicates;
  std::vector<std::string> ignored_columns;   // tagged but unused: "Header (#tag)"
  std::vector<std::string> inferred_columns;  // untagged, tag guessed from the header, used
  bool dry_run = false;
  bool strict = false;
  bool committed = false;
  std::string message;  // why nothing was committed, when it was not

  static constexpr size_t kMaxWarnings = 1000;
  int64_t imported() const { return created + updated + unchanged; }
  void Warn(int64_t line, std::string column, std::string reason);
};

}  // namespace om
