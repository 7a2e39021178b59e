// import_ceiling: the fastest an import of a 3W file could land in the activities table, for
// comparison with `onemission import hxl` end to end (scripts/run-bench).
//
//   import_ceiling FILE TEMPLATE_DB WORK_DIR [RUNS]
//
// Untimed: copies TEMPLATE_DB (schema and places) into WORK_DIR, reads FILE with the real
// reader and row converter (creating organizations and an import batch as the import does),
// and keeps every accepted row in memory with its row key and bound values precomputed.
// Timed, RUNS times on a fresh copy of that database: open, the store's pragmas, BEGIN, one
// prepared INSERT of the same 44 columns stepped once per row, COMMIT, close (which
// checkpoints the WAL, as the end of a real import does). Prints one JSON object.
#include <sodium.h>
#include <sqlite3.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/date.h"
#include "domain/place_index.h"
#include "io/csv_reader.h"
#include "io/hxl_activity_map.h"
#include "service/activity_row.h"
#include "service/registry_cache.h"
#include "store/store.h"

namespace {

using Clock = std::chrono::steady_clock;

constexpr const char* kInsert =
    "INSERT INTO activities (created_at, updated_at, version, org_id, classification,"
    " compartment, source_batch, source_row, row_key, content_hash, implementing_org,"
    " programme_org, funding_org, sector, title, description, place, adm0, adm1, adm2, adm3,"
    " location_name, lat, lon, start_date, end_date, status, targeted_total, targeted_women,"
    " targeted_men, targeted_girls, targeted_boys, targeted_children, targeted_adults,"
    " reached_total, reached_women, reached_men, reached_girls, reached_boys, reached_children,"
    " reached_adults, budget_cents, budget_currency, external_id) VALUES (?1,?2,?3,?4,?5,?6,?7,"
    "?8,?9,?10,?11,?12,?13,?14,?15,?16,?17,?18,?19,?20,?21,?22,?23,?24,?25,?26,?27,?28,?29,?30,"
    "?31,?32,?33,?34,?35,?36,?37,?38,?39,?40,?41,?42,?43,?44)";

// One accepted row with every text value it binds already materialized.
struct Row {
  om::Activity a;
  std::string start, end;
  int64_t content_hash = 0;
};

std::string HexDigest(std::string_view text) {  // as the import computes row keys
  unsigned char hash[16];
  crypto_generichash(hash, sizeof hash, reinterpret_cast<const unsigned char*>(text.data()),
                     text.size(), nullptr, 0);
  static const char* kHex = "0123456789abcdef";
  std::string out;
  for (unsigned char b : hash) {
    out += kHex[b >> 4];
    out += kHex[b & 15];
  }
  return out;
}

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
    OM_TRY(om::RowOutcome out, convert.Convert(raw));
    if (out.rejected) continue;
    std::string key = HexDigest("0\x1e" + out.identity);
    if (int n = ++occurrences[key]; n > 1) key += "#" + std::to_string(n);
    Row row{std::move(out.activity), "", "", 0};
    row.a.row_key = std::move(key);
    row.a.meta.source_batch = batch;
    row.a.meta.source_row = raw.line;
    row.a.meta.created_at = row.a.meta.updated_at = now;
    row.a.meta.version = 1;
    row.start = row.a.start.ToIso();
    row.end = row.a.end.ToIso();
    row.content_hash = static_cast<int64_t>(std::hash<std::string>{}(row.a.row_key));
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
  if (v.empty()) sqlite3_bind_null(s, i); else Text(s, i, v);
}
void IdOrNull(sqlite3_stmt* s, int i, int64_t v) {
  if (v == 0) sqlite3_bind_null(s, i); else sqlite3_bind_int64(s, i, v);
}
void OptNumber(sqlite3_stmt* s, int i, int64_t v) {
  if (v < 0) sqlite3_bind_null(s, i); else sqlite3_bind_int64(s, i, v);
}
void OptDouble(sqlite3_stmt* s, int i, const std::optional<double>& v) {
  if (v) sqlite3_bind_double(s, i, *v); else sqlite3_bind_null(s, i);
}

void BindRow(sqlite3_stmt* s, const Row& row) {  // the binding of the store's BindActivity
  const om::Activity& a = row.a;
  Text(s, 1, a.meta.created_at);
  Text(s, 2, a.meta.updated_at);
  sqlite3_bind_int64(s, 3, a.meta.version);
  IdOrNull(s, 4, a.meta.org_id);
  sqlite3_bind_text(s, 5, om::ClassificationName(a.meta.classification), -1, SQLITE_STATIC);
  Text(s, 6, a.meta.compartment);
  IdOrNull(s, 7, a.meta.source_batch);
  sqlite3_bind_int64(s, 8, a.meta.source_row);
  Text(s, 9, a.row_key);
  sqlite3_bind_int64(s, 10, row.content_hash);
  IdOrNull(s, 11, a.implementing_org);
  IdOrNull(s, 12, a.programme_org);
  IdOrNull(s, 13, a.funding_org);
  TextOrNull(s, 14, a.sector);
  Text(s, 15, a.title);
  Text(s, 16, a.description);
  int i = 17;
  for (const std::string* p : {&a.place, &a.adm0, &a.adm1, &a.adm2, &a.adm3}) {
    TextOrNull(s, i++, *p);
  }
  Text(s, 22, a.location_name);
  OptDouble(s, 23, a.lat);
  OptDouble(s, 24, a.lon);
  TextOrNull(s, 25, row.start);
  TextOrNull(s, 26, row.end);
  sqlite3_bind_text(s, 27, om::ActivityStatusName(a.status), -1, SQLITE_STATIC);
  i = 28;
  for (const om::People* p : {&a.targeted, &a.reached}) {
    for (int64_t v : {p->total, p->women, p->men, p->girls, p->boys, p->children, p->adults}) {
      OptNumber(s, i++, v);
    }
  }
  if (a.budget.currency.empty()) {
    sqlite3_bind_null(s, 42);
    sqlite3_bind_null(s, 43);
  } else {
    sqlite3_bind_int64(s, 42, a.budget.cents);
    Text(s, 43, a.budget.currency);
  }
  Text(s, 44, a.external_id);
}

struct Timing {
  double insert_commit_s = 0;
  double close_s = 0;
};

bool Exec(sqlite3* db, const char* sql) {
  char* error = nullptr;
  if (sqlite3_exec(db, sql, nullptr, nullptr, &error) == SQLITE_OK) return true;
  std::fprintf(stderr, "import_ceiling: %s: %s\n", sql, error ? error : "?");
  sqlite3_free(error);
  return false;
}

// One timed run on a fresh copy of `prepared`; false on any SQLite error.
bool TimeInserts(const std::string& prepared, const std::string& path,
                 const std::vector<Row>& rows, Timing& t) {
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix);
  std::filesystem::copy_file(prepared, path);
  sqlite3* db = nullptr;
  auto start = Clock::now();
  if (sqlite3_open(path.c_str(), &db) != SQLITE_OK) return false;
  bool ok = Exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
                     "PRAGMA foreign_keys=ON; PRAGMA temp_store=MEMORY;"
                     "PRAGMA cache_size=-65536;");
  sqlite3_stmt* s = nullptr;
  ok = ok && sqlite3_prepare_v3(db, kInsert, -1, SQLITE_PREPARE_PERSISTENT, &s, nullptr) ==
                 SQLITE_OK;
  ok = ok && Exec(db, "BEGIN");
  for (size_t i = 0; ok && i < rows.size(); ++i) {
    BindRow(s, rows[i]);
    ok = sqlite3_step(s) == SQLITE_DONE;
    sqlite3_reset(s);
  }
  if (!ok) std::fprintf(stderr, "import_ceiling: %s\n", sqlite3_errmsg(db));
  ok = ok && Exec(db, "COMMIT");
  sqlite3_finalize(s);
  auto committed = Clock::now();
  sqlite3_close(db);
  auto closed = Clock::now();
  t.insert_commit_s = std::chrono::duration<double>(committed - start).count();
  t.close_s = std::chrono::duration<double>(closed - committed).count();
  return ok;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 4 || sodium_init() < 0) {
    std::fprintf(stderr, "usage: import_ceiling FILE TEMPLATE_DB WORK_DIR [RUNS]\n");
    return 2;
  }
  std::string file = argv[1], dir = argv[3];
  int runs = argc > 4 ? std::atoi(argv[4]) : 3;
  std::string prepared = dir + "/ceiling_prepared.db";
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(prepared + suffix);
  std::filesystem::copy_file(argv[2], prepared);

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
  double load_s = std::chrono::duration<double>(Clock::now() - load_start).count();

  std::string runs_json;
  double best = 0;
  for (int r = 0; r < runs; ++r) {
    Timing t;
    if (!TimeInserts(prepared, dir + "/ceiling_run.db", rows, t)) return 1;
    double total = t.insert_commit_s + t.close_s;
    if (best == 0 || total < best) best = total;
    char buf[160];
    std::snprintf(buf, sizeof buf, "%s{\"insert_commit_s\":%.4f,\"close_s\":%.4f,\"total_s\":%.4f}",
                  r ? "," : "", t.insert_commit_s, t.close_s, total);
    runs_json += buf;
  }
  std::printf("{\"file\":\"%s\",\"rows\":%zu,\"load_s\":%.3f,\"runs\":[%s],\"best_s\":%.4f,"
              "\"rows_per_s\":%.1f}\n",
              file.c_str(), rows.size(), load_s, runs_json.c_str(), best,
              rows.empty() ? 0.0 : static_cast<double>(rows.size()) / best);
  for (const char* suffix : {"", "-wal", "-shm"}) {
    std::filesystem::remove(dir + "/ceiling_run.db" + suffix);
    std::filesystem::remove(prepared + suffix);
  }
  return 0;
}
