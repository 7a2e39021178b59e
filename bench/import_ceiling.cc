// import_ceiling: the fastest an import of a 3W file could land in the activities table, for
// comparison with `onemission import hxl` end to end (scripts/run-bench). Two steps:
//
//   import_ceiling prepare FILE TEMPLATE_DB PREPARED_DB ROWS_FILE   (untimed)
//   import_ceiling insert ROWS_FILE DB [FILE]                       (timed by the caller)
//
// prepare copies TEMPLATE_DB (schema and places) to PREPARED_DB, reads FILE with the real reader
// and row converter (creating organizations and an import batch in PREPARED_DB as the import
// does), and writes every accepted row's bound values, row key and hashes included, to ROWS_FILE
// in a flat binary form: each value a type byte, then 8 bytes or a length and the text.
//
// insert is the ceiling itself, a whole process as the import is, so the caller times both the
// same way (process start to exit): map ROWS_FILE, open DB (a fresh copy of PREPARED_DB) with
// the store's flags and pragmas, foreign keys off as in the import's bulk transaction, BEGIN, one
// prepared INSERT of the store's own activity columns (om::sqlite::ActivityColumnList(), so the
// ceiling follows schema changes) bound from the mapped values and stepped once per row, COMMIT,
// close (which checkpoints the WAL, as the end of a real import does). It prints one JSON object
// with the rows and its own open-to-close time.
#include <fcntl.h>
#include <sodium.h>
#include <sqlite3.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/date.h"
#include "core/heap.h"
#include "domain/place_index.h"
#include "io/csv_reader.h"
#include "io/hxl_activity_map.h"
#include "service/activity_row.h"
#include "service/import_hxl.h"
#include "service/registry_cache.h"
#include "service/row_key.h"
#include "store/sqlite/sqlite_store.h"
#include "store/store.h"

namespace {

using Clock = std::chrono::steady_clock;

// One accepted row with every text value it binds already materialized.
struct Row {
  om::Activity a;
  std::string start, end;
  int64_t key_hash = 0;
};

// Reads and converts the whole file through the import's own reader and converter.
om::Result<std::vector<Row>> LoadRows(const std::string& file, om::Store& store) {
  OM_TRY(auto reader, om::CsvReader::OpenFile(file));
  OM_TRY(auto table, om::HxlActivityTable::Open(std::move(reader)));
  OM_TRY(auto places, store.ListPlaces(om::PlaceFilter{}));
  om::PlaceIndex index(std::move(places));
  OM_RETURN_IF_ERROR(store.Begin());
  OM_TRY(auto registry, om::RegistryCache::Load(store));
  OM_TRY(om::Id batch, store.CreateImportBatch({0, "hxl", file, 0}));
  om::ActivityRowConverter convert(registry, index, 0, "");
  std::unordered_map<std::string, int> occurrences;
  std::vector<Row> rows;
  std::string now = om::NowIso8601();
  om::RawActivity raw;
  while (table->Next(raw)) {
    om::RowOutcome out;
    OM_RETURN_IF_ERROR(convert.Convert(raw, out));
    if (out.rejected) continue;
    std::string key = om::ImportRowKey(0, out.identity);
    if (int n = ++occurrences[key]; n > 1) key += "#" + std::to_string(n);
    Row row{std::move(out.activity), "", "", 0};
    row.a.row_key = std::move(key);
    row.a.meta.source_batch = batch;
    row.a.meta.source_row = raw.line;
    row.a.meta.created_at = row.a.meta.updated_at = now;
    row.a.meta.version = 1;
    row.start = row.a.start.ToIso();
    row.end = row.a.end.ToIso();
    unsigned char digest[16];
    crypto_generichash(digest, sizeof digest,
                       reinterpret_cast<const unsigned char*>(row.a.row_key.data()),
                       row.a.row_key.size(), nullptr, 0);
    std::memcpy(&row.key_hash, digest, sizeof row.key_hash);
    rows.push_back(std::move(row));
  }
  OM_RETURN_IF_ERROR(table->status());
  OM_RETURN_IF_ERROR(store.Commit());  // the organizations and batch the rows refer to
  return rows;
}

void Text(sqlite3_stmt* s, int i, const std::string& v) {
  sqlite3_bind_text(s, i, v.data(), static_cast<int>(v.size()), SQLITE_STATIC);
}
void TextOrNull(sqlite3_stmt* s, int i, const std::string& v) {
  if (v.empty())
    sqlite3_bind_null(s, i);
  else
    Text(s, i, v);
}
void IdOrNull(sqlite3_stmt* s, int i, int64_t v) {
  if (v == 0)
    sqlite3_bind_null(s, i);
  else
    sqlite3_bind_int64(s, i, v);
}
void OptNumber(sqlite3_stmt* s, int i, int64_t v) {
  if (v < 0)
    sqlite3_bind_null(s, i);
  else
    sqlite3_bind_int64(s, i, v);
}
void OptDouble(sqlite3_stmt* s, int i, const std::optional<double>& v) {
  if (v)
    sqlite3_bind_double(s, i, *v);
  else
    sqlite3_bind_null(s, i);
}

// Binds one column of a row; one per activities column the store writes.
using Binder = void (*)(sqlite3_stmt* s, int i, const Row& r);

template <int64_t om::People::*kField>
void Targeted(sqlite3_stmt* s, int i, const Row& r) {
  OptNumber(s, i, r.a.targeted.*kField);
}
template <int64_t om::People::*kField>
void Reached(sqlite3_stmt* s, int i, const Row& r) {
  OptNumber(s, i, r.a.reached.*kField);
}
template <std::string om::Activity::*kField>
void TextField(sqlite3_stmt* s, int i, const Row& r) {
  Text(s, i, r.a.*kField);
}
template <std::string om::Activity::*kField>
void TextOrNullField(sqlite3_stmt* s, int i, const Row& r) {
  TextOrNull(s, i, r.a.*kField);
}
template <om::Id om::Activity::*kField>
void IdField(sqlite3_stmt* s, int i, const Row& r) {
  IdOrNull(s, i, r.a.*kField);
}

// The same values, NULLs and types as the store's BindActivity, by column name.
const std::unordered_map<std::string, Binder>& Binders() {
  using A = om::Activity;
  using P = om::People;
  static const std::unordered_map<std::string, Binder> kBinders = {
      {"created_at", [](sqlite3_stmt* s, int i, const Row& r) { Text(s, i, r.a.meta.created_at); }},
      {"updated_at", [](sqlite3_stmt* s, int i, const Row& r) { Text(s, i, r.a.meta.updated_at); }},
      {"version",
       [](sqlite3_stmt* s, int i, const Row& r) { sqlite3_bind_int64(s, i, r.a.meta.version); }},
      {"org_id", [](sqlite3_stmt* s, int i, const Row& r) { IdOrNull(s, i, r.a.meta.org_id); }},
      {"classification",
       [](sqlite3_stmt* s, int i, const Row& r) {
         sqlite3_bind_text(s, i, om::ClassificationName(r.a.meta.classification), -1,
                           SQLITE_STATIC);
       }},
      {"compartment",
       [](sqlite3_stmt* s, int i, const Row& r) { Text(s, i, r.a.meta.compartment); }},
      {"source_batch",
       [](sqlite3_stmt* s, int i, const Row& r) { IdOrNull(s, i, r.a.meta.source_batch); }},
      {"source_row",
       [](sqlite3_stmt* s, int i, const Row& r) { sqlite3_bind_int64(s, i, r.a.meta.source_row); }},
      {"row_key", &TextField<&A::row_key>},
      {"key_hash",
       [](sqlite3_stmt* s, int i, const Row& r) { sqlite3_bind_int64(s, i, r.key_hash); }},
      {"implementing_org", &IdField<&A::implementing_org>},
      {"programme_org", &IdField<&A::programme_org>},
      {"funding_org", &IdField<&A::funding_org>},
      {"sector", &TextOrNullField<&A::sector>},
      {"title", &TextField<&A::title>},
      {"description", &TextField<&A::description>},
      {"place", &TextOrNullField<&A::place>},
      {"adm0", &TextOrNullField<&A::adm0>},
      {"adm1", &TextOrNullField<&A::adm1>},
      {"adm2", &TextOrNullField<&A::adm2>},
      {"adm3", &TextOrNullField<&A::adm3>},
      {"location_name", &TextField<&A::location_name>},
      {"lat", [](sqlite3_stmt* s, int i, const Row& r) { OptDouble(s, i, r.a.lat); }},
      {"lon", [](sqlite3_stmt* s, int i, const Row& r) { OptDouble(s, i, r.a.lon); }},
      {"start_date", [](sqlite3_stmt* s, int i, const Row& r) { TextOrNull(s, i, r.start); }},
      {"end_date", [](sqlite3_stmt* s, int i, const Row& r) { TextOrNull(s, i, r.end); }},
      {"status",
       [](sqlite3_stmt* s, int i, const Row& r) {
         sqlite3_bind_text(s, i, om::ActivityStatusName(r.a.status), -1, SQLITE_STATIC);
       }},
      {"targeted_total", &Targeted<&P::total>},
      {"targeted_women", &Targeted<&P::women>},
      {"targeted_men", &Targeted<&P::men>},
      {"targeted_girls", &Targeted<&P::girls>},
      {"targeted_boys", &Targeted<&P::boys>},
      {"targeted_children", &Targeted<&P::children>},
      {"targeted_adults", &Targeted<&P::adults>},
      {"reached_total", &Reached<&P::total>},
      {"reached_women", &Reached<&P::women>},
      {"reached_men", &Reached<&P::men>},
      {"reached_girls", &Reached<&P::girls>},
      {"reached_boys", &Reached<&P::boys>},
      {"reached_children", &Reached<&P::children>},
      {"reached_adults", &Reached<&P::adults>},
      {"budget_cents",
       [](sqlite3_stmt* s, int i, const Row& r) {
         if (r.a.budget.currency.empty()) {
           sqlite3_bind_null(s, i);
         } else {
           sqlite3_bind_int64(s, i, r.a.budget.cents);
         }
       }},
      {"budget_currency",
       [](sqlite3_stmt* s, int i, const Row& r) { TextOrNull(s, i, r.a.budget.currency); }},
      {"external_id", &TextField<&A::external_id>},
      {"contact", &TextField<&A::contact>},
      {"sensitive",
       [](sqlite3_stmt* s, int i, const Row& r) { sqlite3_bind_int64(s, i, r.a.sensitive); }},
  };
  return kBinders;
}

// The INSERT of every column the store writes, and the binder of each parameter in order.
bool PlanInsert(std::string& sql, std::vector<Binder>& binders) {
  std::string names, values;
  std::string list = om::sqlite::ActivityColumnList();
  for (size_t start = 0; start < list.size();) {
    size_t end = std::min(list.find(',', start), list.size());
    std::string name = list.substr(start, end - start);
    name.erase(0, name.find_first_not_of(' '));
    name.erase(name.find_last_not_of(' ') + 1);
    start = end + 1;
    auto it = Binders().find(name);
    if (it == Binders().end()) {
      std::fprintf(stderr, "import_ceiling: no binder for activities column '%s'\n", name.c_str());
      return false;
    }
    binders.push_back(it->second);
    names += (names.empty() ? "" : ", ") + name;
    values += (values.empty() ? "?" : ",?") + std::to_string(binders.size());
  }
  sql = "INSERT INTO activities (" + names + ") VALUES (" + values + ")";
  return true;
}

bool Exec(sqlite3* db, const char* sql) {
  char* error = nullptr;
  if (sqlite3_exec(db, sql, nullptr, nullptr, &error) == SQLITE_OK) return true;
  std::fprintf(stderr, "import_ceiling: %s: %s\n", sql, error ? error : "?");
  sqlite3_free(error);
  return false;
}

// ---- ROWS_FILE: "OMCEIL1\n", the column count (uint32) and the row count (uint64), then every
// value of every row: its SQLite type (one byte), then an int64 or double (8 bytes), or a text's
// length (uint32) and bytes, or nothing for NULL.
constexpr char kMagic[8] = {'O', 'M', 'C', 'E', 'I', 'L', '1', '\n'};

template <typename T>
void Put(std::string& out, T v) {
  out.append(reinterpret_cast<const char*>(&v), sizeof v);
}

// The values each row binds, read back through `SELECT ?1, ?2, ...` so they are exactly what
// the binders give SQLite, in the same types.
bool WriteRows(const std::vector<Row>& rows, const std::vector<Binder>& binders,
               const std::string& path) {
  sqlite3* db = nullptr;
  if (sqlite3_open(":memory:", &db) != SQLITE_OK) return false;
  std::string select = "SELECT ";
  for (size_t c = 0; c < binders.size(); ++c) select += (c ? ",?" : "?") + std::to_string(c + 1);
  sqlite3_stmt* s = nullptr;
  bool ok = sqlite3_prepare_v2(db, select.c_str(), -1, &s, nullptr) == SQLITE_OK;
  std::string out(kMagic, sizeof kMagic);
  Put(out, static_cast<uint32_t>(binders.size()));
  Put(out, static_cast<uint64_t>(rows.size()));
  for (size_t i = 0; ok && i < rows.size(); ++i) {
    for (size_t c = 0; c < binders.size(); ++c) binders[c](s, static_cast<int>(c + 1), rows[i]);
    ok = sqlite3_step(s) == SQLITE_ROW;
    for (int c = 0; ok && c < static_cast<int>(binders.size()); ++c) {
      int type = sqlite3_column_type(s, c);
      out.push_back(static_cast<char>(type));
      if (type == SQLITE_INTEGER) {
        Put(out, static_cast<int64_t>(sqlite3_column_int64(s, c)));
      } else if (type == SQLITE_FLOAT) {
        Put(out, sqlite3_column_double(s, c));
      } else if (type == SQLITE_TEXT) {
        const char* text = reinterpret_cast<const char*>(sqlite3_column_text(s, c));
        uint32_t n = static_cast<uint32_t>(sqlite3_column_bytes(s, c));
        Put(out, n);
        out.append(text, n);
      } else if (type != SQLITE_NULL) {
        ok = false;
      }
    }
    sqlite3_reset(s);
  }
  sqlite3_finalize(s);
  sqlite3_close(db);
  FILE* f = ok ? std::fopen(path.c_str(), "wb") : nullptr;
  ok = f != nullptr && std::fwrite(out.data(), 1, out.size(), f) == out.size();
  if (f != nullptr) ok = std::fclose(f) == 0 && ok;
  return ok;
}

int Prepare(const std::string& file, const std::string& template_db, const std::string& prepared,
            const std::string& rows_file) {
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(prepared + suffix);
  std::filesystem::copy_file(template_db, prepared);
  std::string sql;
  std::vector<Binder> binders;
  if (!PlanInsert(sql, binders)) return 1;
  auto load_start = Clock::now();
  std::vector<Row> rows;
  {
    auto store = om::OpenSqliteStore(prepared);
    auto loaded = store.ok() ? (*store)->Migrate() : store.status();
    auto result = loaded.ok() ? LoadRows(file, **store) : om::Result<std::vector<Row>>(loaded);
    if (!result.ok()) {
      std::fprintf(stderr, "import_ceiling: %s\n", result.status().message().c_str());
      return 1;
    }
    rows = std::move(*result);
  }  // closing the store checkpoints, so `prepared` is one self-contained file
  if (!WriteRows(rows, binders, rows_file)) {
    std::fprintf(stderr, "import_ceiling: could not write %s\n", rows_file.c_str());
    return 1;
  }
  double load_s = std::chrono::duration<double>(Clock::now() - load_start).count();
  std::printf("{\"file\":\"%s\",\"rows\":%zu,\"load_s\":%.3f}\n", file.c_str(), rows.size(),
              load_s);
  return 0;
}

// Binds one row's values from `p` (advanced past them); false when the file is cut short.
bool BindRow(sqlite3_stmt* s, uint32_t columns, const char*& p, const char* end) {
  for (uint32_t c = 1; c <= columns; ++c) {
    if (p >= end) return false;
    int type = static_cast<unsigned char>(*p++);
    if (type == SQLITE_NULL) {
      sqlite3_bind_null(s, static_cast<int>(c));
      continue;
    }
    if (end - p < 8 && type != SQLITE_TEXT) return false;
    if (type == SQLITE_INTEGER) {
      int64_t v;
      std::memcpy(&v, p, sizeof v);
      p += sizeof v;
      sqlite3_bind_int64(s, static_cast<int>(c), v);
    } else if (type == SQLITE_FLOAT) {
      double v;
      std::memcpy(&v, p, sizeof v);
      p += sizeof v;
      sqlite3_bind_double(s, static_cast<int>(c), v);
    } else {
      uint32_t n;
      if (type != SQLITE_TEXT || end - p < 4) return false;
      std::memcpy(&n, p, sizeof n);
      p += sizeof n;
      if (static_cast<size_t>(end - p) < n) return false;
      sqlite3_bind_text(s, static_cast<int>(c), p, static_cast<int>(n), SQLITE_STATIC);
      p += n;
    }
  }
  return true;
}

int Insert(const std::string& rows_file, const std::string& path, const std::string& file) {
  // As `onemission import hxl FILE`: the heap that import reserves for FILE, reserved and
  // populated before anything else (a page faulted in costs some 10 us on the benchmark's
  // machine; the reservation takes about 1.2 ms off this loop on afg_3w_2021q3.csv).
  if (!file.empty()) {
    om::ReserveHeap(om::ImportHeapEstimate(file, om::ImportOptions{}.one_thread_below_bytes));
  }
  int fd = open(rows_file.c_str(), O_RDONLY);
  struct stat st {};
  if (fd < 0 || fstat(fd, &st) != 0 || st.st_size < 20) {
    std::fprintf(stderr, "import_ceiling: cannot read %s\n", rows_file.c_str());
    return 1;
  }
  size_t size = static_cast<size_t>(st.st_size);
  // Populated up front: a page fault per 4 KiB page read would cost more than the copy.
  void* map = mmap(nullptr, size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
  close(fd);
  if (map == MAP_FAILED) return 1;
  const char* p = static_cast<const char*>(map);
  const char* end = p + size;
  uint32_t columns;
  uint64_t count;
  if (std::memcmp(p, kMagic, sizeof kMagic) != 0) {
    std::fprintf(stderr, "import_ceiling: %s was not written by `prepare`\n", rows_file.c_str());
    return 1;
  }
  std::memcpy(&columns, p + 8, sizeof columns);
  std::memcpy(&count, p + 12, sizeof count);
  p += 20;
  std::string sql;
  std::vector<Binder> binders;
  if (!PlanInsert(sql, binders) || binders.size() != columns) {
    std::fprintf(stderr, "import_ceiling: %s does not match the store's columns\n",
                 rows_file.c_str());
    return 1;
  }
  // As the store (om::sqlite::Db::Open): no memory statistics, no connection mutex.
  sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
  auto start = Clock::now();
  sqlite3* db = nullptr;
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
  if (sqlite3_open_v2(path.c_str(), &db, flags, nullptr) != SQLITE_OK) return 1;
  bool ok = Exec(db,
                 "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
                 "PRAGMA foreign_keys=ON; PRAGMA temp_store=MEMORY;"
                 "PRAGMA cache_size=-65536;");
  // As Store::BeginBulk: foreign keys are not looked up row by row (the import checks each
  // distinct reference once; the ceiling's rows refer to what `prepare` created).
  ok = ok && Exec(db, "PRAGMA foreign_keys=OFF;");
  sqlite3_stmt* s = nullptr;
  ok = ok &&
       sqlite3_prepare_v3(db, sql.c_str(), -1, SQLITE_PREPARE_PERSISTENT, &s, nullptr) == SQLITE_OK;
  ok = ok && Exec(db, "BEGIN");
  for (uint64_t i = 0; ok && i < count; ++i) {
    ok = BindRow(s, columns, p, end) && sqlite3_step(s) == SQLITE_DONE;
    sqlite3_reset(s);
  }
  if (!ok) std::fprintf(stderr, "import_ceiling: %s\n", sqlite3_errmsg(db));
  ok = ok && Exec(db, "COMMIT");
  sqlite3_finalize(s);
  sqlite3_close(db);
  double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  munmap(map, size);
  if (!ok) return 1;
  std::printf("{\"rows\":%llu,\"open_to_close_s\":%.4f}\n", static_cast<unsigned long long>(count),
              seconds);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::string mode = argc > 1 ? argv[1] : "";
  if (mode == "prepare" && argc == 6 && sodium_init() >= 0)
    return Prepare(argv[2], argv[3], argv[4], argv[5]);
  if (mode == "insert" && (argc == 4 || argc == 5)) {
    return Insert(argv[2], argv[3], argc == 5 ? argv[4] : "");
  }
  std::fprintf(stderr,
               "usage: import_ceiling prepare FILE TEMPLATE_DB PREPARED_DB ROWS_FILE\n"
               "       import_ceiling insert ROWS_FILE DB [FILE]\n");
  return 2;
}
