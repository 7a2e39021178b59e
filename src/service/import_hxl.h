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

// The heap an import of a file of `file_bytes` uses, to reserve up front (ReserveHeap in
// core/heap.h): its measured high-water mark, every block from the heap as ReserveHeap arranges.
// Read and written on one thread (below `one_thread_below_bytes`), about 1.35 MiB plus the file's
// size (the database's schema and statements, the country's places, the reader's buffers, the
// transaction's pages in SQLite's cache: 1.64 MiB for afg_3w_2021q3.csv, 0.37 MB; 1.81 MiB for
// gtm_345w_2021.csv, 0.59 MB); on two threads, 1.5 MiB plus twice the file's size (batches in
// flight; 8.6 to 66 MiB for generated files of 3.3 to 33 MB). A page reserved and not used costs
// a populate (about 1 us), a page used and not reserved a fault (about 10 us). At most the 64 MiB
// cache the store gives SQLite.
size_t ImportHeapEstimate(uint64_t file_bytes, uint64_t one_thread_below_bytes);
// The same for the file at `path`; 0 when its size cannot be had.
size_t ImportHeapEstimate(const std::string& path, uint64_t one_thread_below_bytes);

Result<ImportReport> ImportHxlActivities(Store& store, const std::string& path,
                                         const ImportOptions& options);
Result<ImportReport> ImportHxlActivities(Store& store, std::unique_ptr<CsvReader> reader,
                                         const ImportOptions& options);

}  // namespace om
