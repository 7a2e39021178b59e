#include "service/import_hxl.h"

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <thread>
#include <unordered_map>

#include "core/bounded_queue.h"
#include "core/date.h"
#include "core/text.h"
#include "domain/place_index.h"
#include "io/hxl_activity_map.h"
#include "service/activity_row.h"
#include "service/registry_cache.h"
#include "service/row_key.h"
#include "store/locked_store.h"

namespace om {

void ImportReport::Warn(int64_t line, std::string column, std::string reason) {
  ++warnings_total;
  if (warnings.size() < kMaxWarnings)
    warnings.push_back({line, std::move(column), std::move(reason)});
}

namespace {

// Places for the import's PlaceIndex, read from the store as rows need them.
class StorePlaceSource : public PlaceSource {
 public:
  explicit StorePlaceSource(Store& store) : store_(store) {}
  Result<std::optional<Place>> FindPlace(std::string_view pcode) override {
    return store_.GetPlace(pcode);
  }
  Result<std::vector<Place>> CountryPlaces(std::string_view iso3) override {
    return store_.ListCountryPlaces(iso3);
  }

 private:
  Store& store_;
};

// One row as the converting thread hands it to the writing thread.
struct ConvertedRow {
  int64_t line = 0;
  uint64_t bytes_read = 0;  // of the file when the row was read, for progress
  RowOutcome outcome;
  UpsertDigests digests;   // of the accepted activity, computed here to spare the writer
  int64_t first_line = 0;  // when this row repeats the key of an earlier one, that row's line
};

// A batch's rows are used again for the next batch: reset, each keeps the storage of its
// strings, and converting a row allocates next to nothing.
void Reset(ConvertedRow& row) {
#if defined(__GLIBCXX__) && defined(__x86_64__)
  // Every field is listed below: a field added to RowOutcome changes its size, and must be
  // reset here before this compiles again (Activity's fields: ResetKeepingStorage).
  static_assert(sizeof(RowOutcome) == 912, "RowOutcome changed: reset its new fields here");
#endif
  row.line = 0;
  row.bytes_read = 0;
  RowOutcome& out = row.outcome;
  ResetKeepingStorage(out.activity);
  out.rejected = false;
  out.error.line = 0;
  out.error.column.clear();
  out.error.reason.clear();
  out.warnings.clear();
  out.identity.clear();
  row.digests = UpsertDigests{};
  row.first_line = 0;
}

struct RowBatch {
  std::vector<ConvertedRow> rows;  // the first `count` are this batch's; the others, spare
  size_t count = 0;
  Status status;  // a failure after these rows that ends the import
};

// The row keys of one file so far, to find rows that share one: an open-addressing table of
// the first 64 bits of their digests (uniformly random already; the store's unique index on the
// key is on the same 64 bits), with how many rows had each and the first one's line. 16 bytes a
// key: at a million rows the table is 32 MiB, each page of it touched once.
class SeenKeys {
 public:
  // Sized for `expected` rows up front: growing re-inserts every key and touches new memory.
  explicit SeenKeys(uint64_t expected) {
    size_t slots = 1024;
    while (slots * 7 < expected * 10 && slots < (size_t{1} << 27)) slots *= 2;
    slots_.resize(slots);
  }

  // Counts one more row with `digest`; returns the count so far and the first row's line.
  std::pair<int64_t, int64_t> Add(const RowDigest& digest, int64_t line) {
    if ((size_ + 1) * 10 > slots_.size() * 7) Grow();
    uint64_t key = 0;
    std::memcpy(&key, digest.data(), sizeof key);
    Slot& s = Find(slots_, key);
    if (s.count == 0) {
      s = Slot{key, static_cast<uint32_t>(line), 0};
      ++size_;
    }
    return {++s.count, s.first_line};
  }

 private:
  struct Slot {
    uint64_t key = 0;
    uint32_t first_line = 0;
    uint32_t count = 0;  // 0 = empty
  };
  static Slot& Find(std::vector<Slot>& slots, uint64_t key) {
    size_t mask = slots.size() - 1;
    for (size_t i = key & mask;; i = (i + 1) & mask) {
      Slot& s = slots[i];
      if (s.count == 0 || s.key == key) return s;
    }
  }
  void Grow() {
    std::vector<Slot> bigger(slots_.size() * 2);
    for (const Slot& s : slots_) {
      if (s.count != 0) Find(bigger, s.key) = s;
    }
    slots_.swap(bigger);
  }

  std::vector<Slot> slots_;
  size_t size_ = 0;
};

// Rows per batch: small, so the batches in flight stay in the few hundred kilobytes a short file
// touches anyway (first touches of fresh memory cost as much as converting a row).
constexpr size_t kBatchRows = 64;
constexpr size_t kBatchesInFlight = 8;

// Reads, converts and keys every row, handing each full batch to `sink` (false: stop reading);
// returns a failure that ends the import, after handing over the rows before it.
template <typename Sink>
Status ConvertRows(HxlActivityTable& table, ActivityRowConverter& convert, Id owner,
                   bool owner_humanitarian, Id batch_id, Sink&& sink) {
  SeenKeys seen(table.csv().total_bytes() / 128);  // rows of 3W files run 150 to 400 bytes
  const RowDigester digester(owner);
  std::string now = NowIso8601();
  RowBatch batch;
  batch.rows.reserve(kBatchRows);
  RawActivity raw;
  while (table.Next(raw)) {
    if (batch.count == batch.rows.size()) batch.rows.emplace_back();
    ConvertedRow& row = batch.rows[batch.count++];
    Reset(row);
    row.line = raw.line;
    row.bytes_read = table.csv().bytes_read();
    OM_RETURN_IF_ERROR(convert.Convert(raw, row.outcome));
    if (!row.outcome.rejected) {
      Activity& a = row.outcome.activity;
      RowDigest digest = digester.Digest(row.outcome.identity);
      ImportRowKey(digest, a.row_key);
      row.digests = DigestForUpsert(digest);
      if (auto [n, first_line] = seen.Add(digest, raw.line); n > 1) {
        row.first_line = first_line;
        a.row_key += "#" + std::to_string(n);  // kept as its own record, never merged silently
        row.digests = DigestForUpsert(a);
      }
      a.meta.source_batch = batch_id;
      a.meta.created_at = a.meta.updated_at = now;
      a.meta.compartment = DefaultCompartment(owner_humanitarian, a.sector);
      a.sensitive = DefaultSensitivity(a.meta.compartment);
    }
    if (batch.count == kBatchRows) {
      if (!sink(batch)) return Status::Ok();  // the writer stopped
      // Written here, or handed to the writing thread and replaced by one it is done with.
      batch.count = 0;
      batch.status = Status::Ok();
    }
  }
  if (batch.count != 0) sink(batch);
  return table.status();
}

// Upserts one batch of converted rows and counts them; returns a Status only for failures that
// end the import.
Status WriteBatch(Store& store, RowBatch& batch, uint64_t total_bytes, ImportReport& report,
                  const ImportOptions& options) {
  for (size_t i = 0; i < batch.count; ++i) {
    ConvertedRow& row = batch.rows[i];
    ++report.read;
    if (options.progress && report.read % 4096 == 0) options.progress(row.bytes_read, total_bytes);
    RowOutcome& out = row.outcome;
    for (RowIssue& w : out.warnings) report.Warn(w.line, std::move(w.column), std::move(w.reason));
    if (out.rejected) {
      ++report.rejected;
      report.errors.push_back(std::move(out.error));
      continue;
    }
    if (row.first_line != 0) report.duplicates.push_back({row.line, row.first_line});
    auto outcome = store.UpsertActivityByKey(out.activity, row.digests);
    if (!outcome.ok()) {
      if (outcome.status().code() != StatusCode::kAlreadyExists) return outcome.status();
      ++report.rejected;
      report.errors.push_back({row.line, "", outcome.status().message()});
      continue;
    }
    switch (*outcome) {
      case UpsertOutcome::kCreated:
        ++report.created;
        break;
      case UpsertOutcome::kUpdated:
        ++report.updated;
        break;
      case UpsertOutcome::kUnchanged:
        ++report.unchanged;
        break;
    }
  }
  return batch.status;
}

// Imports rows inside an open transaction. From a large file, one thread reads and converts
// while this one writes, so parsing overlaps the inserts; both use `store`, which serializes
// their calls. Batches the writer is done with go back on `done`, for the converting thread to
// fill again (their rows' storage reused) or free. A small file
// (ImportOptions::one_thread_below_bytes) is converted and written here, batch by batch.
Status ImportRows(Store& store, HxlActivityTable& table, ActivityRowConverter& convert, Id owner,
                  bool owner_humanitarian, ImportReport& report, const ImportOptions& options) {
  uint64_t total_bytes = table.csv().total_bytes();
  if (total_bytes != 0 && total_bytes < options.one_thread_below_bytes) {
    Status read, written;
    bool writing = false;
    try {
      read = ConvertRows(table, convert, owner, owner_humanitarian, report.batch,
                         [&](RowBatch& batch) {
                           writing = true;
                           written = WriteBatch(store, batch, total_bytes, report, options);
                           writing = false;
                           return written.ok();
                         });
    } catch (const std::exception& e) {
      if (writing) throw;  // as from the writing thread below
      read = Internal(std::string("converting rows: ") + e.what());
    }
    return written.ok() ? read : written;
  }
  BoundedQueue<RowBatch> queue(kBatchesInFlight);
  BoundedQueue<RowBatch> done(kBatchesInFlight + 2);
  std::thread converter([&] {
    Status s;
    try {
      s = ConvertRows(table, convert, owner, owner_humanitarian, report.batch,
                      [&](RowBatch& batch) {
                        if (!queue.Push(std::move(batch))) return false;
                        batch = done.TryPop().value_or(RowBatch{});  // its rows are reused
                        while (done.TryPop()) {
                        }
                        return true;
                      });
    } catch (const std::exception& e) {
      s = Internal(std::string("converting rows: ") + e.what());
    }
    if (!s.ok()) queue.Push(RowBatch{{}, 0, s});
    queue.Close();
    done.Close();  // the writer frees what is left
  });
  Status written;
  try {
    for (std::optional<RowBatch> batch; (batch = queue.Pop()); done.Push(std::move(*batch))) {
      written = WriteBatch(store, *batch, total_bytes, report, options);
      if (!written.ok()) break;
    }
  } catch (...) {
    queue.Close();
    converter.join();
    throw;
  }
  queue.Close();  // lets the converter go when writing stopped early
  converter.join();
  return written;
}

}  // namespace

size_t ImportHeapEstimate(uint64_t file_bytes, uint64_t one_thread_below_bytes) {
  uint64_t estimate = file_bytes < one_thread_below_bytes
                          ? (uint64_t{11} << 17) + file_bytes + file_bytes / 16
                          : (uint64_t{3} << 19) + 2 * file_bytes;
  return static_cast<size_t>(std::min<uint64_t>(estimate, uint64_t{64} << 20));
}

size_t ImportHeapEstimate(const std::string& path, uint64_t one_thread_below_bytes) {
  std::error_code error;
  uintmax_t size = std::filesystem::file_size(path, error);
  return error ? 0 : ImportHeapEstimate(uint64_t{size}, one_thread_below_bytes);
}

Result<ImportReport> ImportHxlActivities(Store& store, const std::string& path,
                                         const ImportOptions& options) {
  OM_TRY(auto reader, CsvReader::OpenFile(path));
  ImportOptions with_name = options;
  if (with_name.file_name.empty()) with_name.file_name = path;
  return ImportHxlActivities(store, std::move(reader), with_name);
}

Result<ImportReport> ImportHxlActivities(Store& connection, std::unique_ptr<CsvReader> reader,
                                         const ImportOptions& options) {
  OM_TRY(auto table, HxlActivityTable::Open(std::move(reader), options.infer_columns));
  LockedStore store(connection);  // rows are converted on a thread of their own
  ImportReport report;
  report.format = "hxl";
  report.file = options.file_name;
  report.encoding = TextEncodingName(table->csv().encoding());
  report.separator = table->csv().separator();
  report.dry_run = options.dry_run;
  report.strict = options.strict;
  for (const HxlColumn& c : table->ignored_columns()) {
    report.ignored_columns.push_back(c.header.empty() ? c.tag : c.header + " (" + c.tag + ")");
  }
  for (const HxlColumn& c : table->inferred_columns()) {
    report.inferred_columns.push_back(c.header + " (" + c.tag + ")");
  }
  StorePlaceSource place_source(store);
  PlaceIndex places(place_source);

  OM_RETURN_IF_ERROR(store.BeginBulk());
  // Whatever way this function leaves (a failure, a dry run, an exception), the transaction is
  // rolled back and the connection gets its foreign-key checks back. A no-op after a commit.
  struct EndTransaction {
    Store& store;
    ~EndTransaction() { store.Rollback(); }
  } end_transaction{store};
  auto registry = RegistryCache::Load(store);
  if (!registry.ok()) return registry.status();
  Id owner = 0;
  if (!Trim(options.reporting_org).empty()) {
    auto id = registry->ResolveOrganization(options.reporting_org, "", "");
    if (!id.ok()) return id.status();
    owner = *id;
  }
  // Records of a humanitarian organization go behind the firewall (DefaultCompartment).
  bool owner_humanitarian = false;
  if (owner != 0) {
    auto org = store.GetOrganization(owner);
    if (!org.ok()) return org.status();
    owner_humanitarian = org->humanitarian;
  }
  auto batch = store.CreateImportBatch({0, "hxl", options.file_name, owner});
  if (!batch.ok()) return batch.status();
  report.batch = *batch;
  ActivityRowConverter convert(*registry, places, owner, options.country);
  if (Status s = ImportRows(store, *table, convert, owner, owner_humanitarian, report, options);
      !s.ok())
    return s;
  if (options.progress) options.progress(table->csv().bytes_read(), table->csv().total_bytes());
  report.organizations_created = registry->organizations_created();
  report.sectors_created = registry->sectors_created();

  if (options.dry_run) {
    report.message = "dry run: nothing was written";
  } else if (options.strict && report.rejected > 0) {
    report.message =
        "strict: " + std::to_string(report.rejected) + " rejected rows, nothing was written";
  } else {
    ImportBatch done{
        report.batch,   "hxl",          options.file_name, owner,           report.read,
        report.created, report.updated, report.unchanged,  report.rejected, true};
    if (Status s = store.FinishImportBatch(done); !s.ok()) return s;
    if (options.before_commit) {
      if (Status s = options.before_commit(store, report); !s.ok()) return s;
    }
    if (Status s = store.Commit(); !s.ok()) return s;
    report.committed = true;
  }
  return report;
}

}  // namespace om
