// import_ceiling: the fastest an import of a 3W file could land in the activities table, for
// comparison with `onemission import hxl` end to end (scripts/run-bench).
//
//   import_ceiling FILE TEMPLATE_DB WORK_DIR [RUNS]
//
// Untimed: copies TEMPLATE_DB (schema and places) into WORK_DIR, reads FILE with the real
// reader and row converter (creating organizations and an import batch as the import does),
// and keeps every accepted row in memory with its row key and bound values precomputed.
// Timed, RUNS times on a fresh copy of that database: open (the store's flags; the store has
// already configured the SQLite library in this process), the store's pragmas with foreign keys
// off as in the import's bulk transaction, BEGIN, one
// prepared INSERT of the store's own activity columns (om::sqlite::ActivityColumnList(), so the
// ceiling follows schema changes) stepped once per row, COMMIT, close (which checkpoints the
// WAL, as the end of a real import does). Prints one JSON object.
#include <sodium.h>
#include <sqlite3.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
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
#include "service/row_key.h"
#include "store/sqlite/sqlite_store.h"
#include "store/store.h"

namespace {

using Clock = std::chrono::steady_clock;

// One accepted row with every text value it binds already materialized.
struct Row {
  om::Activity a;
  std::string start, end;
  int64_t content_hash = 0;
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
    row.content_hash = static_cast<int64_t>(std::hash<std::string>{}(row.a.row_key));
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
      {"content_hash",
       [](sqlite3_stmt* s, int i, const Row& r) { sqlite3_bind_int64(s, i, r.content_hash); }},
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
bool TimeInserts(const std::string& prepared, const std::string& path, const std::vector<Row>& rows,
                 const std::string& sql, const std::vector<Binder>& binders, Timing& t) {
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix);
  std::filesystem::copy_file(prepared, path);
  sqlite3* db = nullptr;
  auto start = Clock::now();
  // The store's open flags (om::sqlite::Db::Open): no connection mutex, one thread at a time.
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
  if (sqlite3_open_v2(path.c_str(), &db, flags, nullptr) != SQLITE_OK) return false;
  bool ok = Exec(db,
                 "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
                 "PRAGMA foreign_keys=ON; PRAGMA temp_store=MEMORY;"
                 "PRAGMA cache_size=-65536;");
  // As Store::BeginBulk: foreign keys are not looked up row by row (the import checks each
  // distinct reference once; the ceiling's rows refer to what LoadRows created).
  ok = ok && Exec(db, "PRAGMA foreign_keys=OFF;");
  sqlite3_stmt* s = nullptr;
  ok = ok &&
       sqlite3_prepare_v3(db, sql.c_str(), -1, SQLITE_PREPARE_PERSISTENT, &s, nullptr) == SQLITE_OK;
  ok = ok && Exec(db, "BEGIN");
  for (size_t i = 0; ok && i < rows.size(); ++i) {
    for (size_t c = 0; c < binders.size(); ++c) binders[c](s, static_cast<int>(c + 1), rows[i]);
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
  double load_s = std::chrono::duration<double>(Clock::now() - load_start).count();

  std::string runs_json;
  double best = 0;
  for (int r = 0; r < runs; ++r) {
    Timing t;
    if (!TimeInserts(prepared, dir + "/ceiling_run.db", rows, sql, binders, t)) return 1;
    double total = t.insert_commit_s + t.close_s;
    if (best == 0 || total < best) best = total;
    char buf[160];
    std::snprintf(buf, sizeof buf, "%s{\"insert_commit_s\":%.4f,\"close_s\":%.4f,\"total_s\":%.4f}",
                  r ? "," : "", t.insert_commit_s, t.close_s, total);
    runs_json += buf;
  }
  std::printf(
      "{\"file\":\"%s\",\"rows\":%zu,\"load_s\":%.3f,\"runs\":[%s],\"best_s\":%.4f,"
      "\"rows_per_s\":%.1f}\n",
      file.c_str(), rows.size(), load_s, runs_json.c_str(), best,
      rows.empty() ? 0.0 : static_cast<double>(rows.size()) / best);
  for (const char* suffix : {"", "-wal", "-shm"}) {
    std::filesystem::remove(dir + "/ceiling_run.db" + suffix);
    std::filesystem::remove(prepared + suffix);
  }
  return 0;
}
