// ImportHxlActivities: reads an HXL-tagged 3W/4W file into activities in one transaction.
//
//   ImportOptions opt;  opt.reporting_org = "OCHA Afghanistan";
//   OM_TRY(ImportReport report, ImportHxlActivities(store, path, opt));
//
// Every data row is imported (created, updated or unchanged) or rejected with line, column and
// reason. Good rows all land together; with `strict` nothing lands if any row is rejected; with
// `dry_run` nothing lands at all. Re-importing a file matches rows on the file's own row
// identifier when it has one, otherwise on who/what/where/when, so a corrected file updates the
// rows that changed. Rows of one file sharing a key are all kept and reported as duplicates.
// Fails (without touching the store) only when the file cannot be read or is not a 3W table.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "core/status.h"
#include "io/csv_reader.h"
#include "service/import_report.h"
#include "store/store.h"

namespace om {

struct ImportOptions {
  std::string reporting_org;  // name of the organization that owns the imported records
  std::string country;        // default country (ISO2/ISO3/name) for rows that give none
  bool dry_run = false;
  bool strict = false;
  // Give untagged columns with a clear header ("Start date", "FECHA DE INICIO") the tag it
  // implies, below every real tag; the report lists them in inferred_columns.
  bool infer_columns = true;
  std::string file_name;  // for the batch record; defaults to the path
  // Called every few thousand rows with bytes read and total bytes (0 when unknown).
  std::function<void(uint64_t, uint64_t)> progress;
  // Called inside the import's transaction just before it commits, when it is about to: what it
  // writes lands with the rows or not at all (the CLI's audit entry). A failure rolls it all back.
  std::function<Status(Store&, const ImportReport&)> before_commit;
  // Files of known size below this are converted and written on one thread: for them, starting
  // a thread, handing batches over and waiting on the store's lock cost more than overlapping
  // the two saves (measured: even at about 5,000 rows, 0.8 MB; two threads win from there).
  // Larger files, and streams of unknown size, use two.
  uint64_t one_thread_below_bytes = uint64_t{1} << 20;
};

Result<ImportReport> ImportHxlActivities(Store& store, const std::string& path,
                                         const ImportOptions& options);
Result<ImportReport> ImportHxlActivities(Store& store, std::unique_ptr<CsvReader> reader,
                                         const ImportOptions& options);

}  // namespace om
