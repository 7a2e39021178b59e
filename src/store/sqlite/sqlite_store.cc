#include "store/sqlite/sqlite_store.h"

#include <sqlite3.h>

#include <algorithm>
#include <atomic>

#include "core/date.h"
#include "core/text.h"
#include "store/sqlite/checkpointer.h"
#include "store/sqlite/migrations.h"

namespace om {

uint64_t Store::NextInstance() {
  static std::atomic<uint64_t> next{1};
  return next.fetch_add(1);
}

Result<std::unique_ptr<Store>> OpenSqliteStore(const std::string& path) {
  return OpenSqliteStore(path, nullptr);
}

Result<std::unique_ptr<Store>> OpenSqliteStore(const std::string& path,
                                               sqlite::Checkpointer* checkpointer, int cache_mib) {
  auto db = std::make_unique<sqlite::Db>();
  OM_RETURN_IF_ERROR(db->Open(path));
  // 16 KiB pages (for a new database; an existing one keeps its own): a fifth less time per
  // imported row than SQLite's default 4 KiB, with fewer B-tree levels and write calls.
  OM_RETURN_IF_ERROR(
      db->Exec("PRAGMA page_size=16384; PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
               "PRAGMA foreign_keys=ON; PRAGMA temp_store=MEMORY;"));
  OM_RETURN_IF_ERROR(db->Exec("PRAGMA cache_size=-" + std::to_string(cache_mib * 1024)));
  if (checkpointer != nullptr) checkpointer->Attach(db->handle());
  return std::unique_ptr<Store>(std::make_unique<sqlite::SqliteStore>(std::move(db)));
}

Result<std::unique_ptr<Store>> OpenMemoryStore() {
  auto db = std::make_unique<sqlite::Db>();
  OM_RETURN_IF_ERROR(db->Open(":memory:"));
  OM_RETURN_IF_ERROR(db->Exec("PRAGMA foreign_keys=ON;"));
  auto store = std::make_unique<sqlite::SqliteStore>(std::move(db));
  OM_RETURN_IF_ERROR(store->Migrate());
  return std::unique_ptr<Store>(std::move(store));
}

namespace sqlite {

Status SqliteStore::Migrate() {
  OM_RETURN_IF_ERROR(
      db_->Exec("CREATE TABLE IF NOT EXISTS schema_migrations ("
                " number INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"));
  OM_TRY(int current, SchemaVersion());
  // A database a newer build has migrated may have columns this build does not know (or lack
  // ones it expects): refuse it before any statement of this build meets it.
  if (int known = Migrations().back().number; current > known) {
    return FailedPrecondition("the database is at schema version " + std::to_string(current) +
                              ", written by a newer onemission; this one knows versions up to " +
                              std::to_string(known) + ": use the newer onemission");
  }
  for (const Migration& m : Migrations()) {
    if (m.number <= current) continue;
    OM_RETURN_IF_ERROR(Begin());
    Status s = db_->Exec(m.sql);
    if (s.ok()) {
      StmtHandle rec = db_->Prepare("INSERT INTO schema_migrations VALUES (?1, ?2, ?3)");
      rec.Bind(1, m.number);
      rec.Bind(2, m.name);
      rec.Bind(3, NowIso8601());
      s = rec.Run();
    }
    if (!s.ok()) {
      Rollback();
      return IoError("migration " + std::to_string(m.number) + " failed: " + s.message());
    }
    OM_RETURN_IF_ERROR(Commit());
  }
  // Written only when missing or changed: every open runs this, and a write would take the
  // database's write lock (waiting behind an import in another process) for nothing.
  OM_TRY(auto stored, ListSectors());
  for (const Sector& sector : BuiltinSectors()) {
    auto same = [&](const Sector& s) {
      return s.code == sector.code && s.name_en == sector.name_en && s.name_fr == sector.name_fr &&
             s.builtin == sector.builtin;
    };
    if (std::none_of(stored.begin(), stored.end(), same)) OM_RETURN_IF_ERROR(UpsertSector(sector));
  }
  return Status::Ok();
}

Result<int> SqliteStore::SchemaVersion() {
  StmtHandle s = db_->Prepare("SELECT coalesce(max(number), 0) FROM schema_migrations");
  if (!s.Step()) return s.status().ok() ? Internal("no schema version") : s.status();
  return static_cast<int>(s.Int(0));
}

Status SqliteStore::Begin() {
  pending_ = 0;
  return db_->Exec("BEGIN IMMEDIATE");
}

// SQLite checks a foreign key with a lookup in the parent table on every row written: six per
// activity, a third of a bulk insert's time. A bulk transaction turns that off for this
// connection (it can only change outside a transaction) and checks each distinct value once
// instead (CheckBulkReferences), before the first row that uses it is written.
Status SqliteStore::BeginBulk() {
  if (!sqlite3_get_autocommit(db_->handle()))
    return FailedPrecondition("a bulk transaction cannot start inside another transaction");
  OM_RETURN_IF_ERROR(db_->Exec("PRAGMA foreign_keys=OFF"));
  bulk_ = std::make_unique<BulkReferences>();
  if (Status s = Begin(); !s.ok()) {
    (void)EndBulk();
    return s;
  }
  return Status::Ok();
}

Status SqliteStore::EndBulk() {
  if (!bulk_) return Status::Ok();
  bulk_.reset();
  return db_->Exec("PRAGMA foreign_keys=ON");
}

Status SqliteStore::CheckBulkReferences(const Activity& a) {
  auto exists = [&](const char* sql, auto value) -> Result<bool> {
    StmtHandle s = db_->Prepare(sql);
    s.Bind(1, value);
    if (s.Step()) return true;
    OM_RETURN_IF_ERROR(s.status());
    return false;
  };
  for (Id org : {a.meta.org_id, a.implementing_org, a.programme_org, a.funding_org}) {
    if (org == 0 || bulk_->organizations.contains(org)) continue;
    OM_TRY(bool found, exists("SELECT 1 FROM organizations WHERE id = ?1", org));
    if (!found) return FailedPrecondition("no organization " + std::to_string(org));
    bulk_->organizations.insert(org);
  }
  if (Id batch = a.meta.source_batch; batch != 0 && !bulk_->batches.contains(batch)) {
    OM_TRY(bool found, exists("SELECT 1 FROM import_batches WHERE id = ?1", batch));
    if (!found) return FailedPrecondition("no import batch " + std::to_string(batch));
    bulk_->batches.insert(batch);
  }
  if (!a.sector.empty() && !bulk_->sectors.contains(a.sector)) {
    OM_TRY(bool found, exists("SELECT 1 FROM sectors WHERE code = ?1", a.sector));
    if (!found) return FailedPrecondition("no sector " + a.sector);
    bulk_->sectors.insert(a.sector);
  }
  return Status::Ok();
}

Status SqliteStore::Commit() {
  OM_RETURN_IF_ERROR(BumpCounters(pending_));
  pending_ = 0;
  OM_RETURN_IF_ERROR(db_->Exec("COMMIT"));
  return EndBulk();
}

void SqliteStore::Rollback() {
  pending_ = 0;
  if (!sqlite3_get_autocommit(db_->handle())) (void)db_->Exec("ROLLBACK");
  (void)EndBulk();
}

// Counters change in the transaction of the write they count, so a reader that sees the new
// version also sees the new data. A write outside a transaction bumps right after it: a reader
// in between sees new data under the old version, which only makes its cache entry short-lived.
Status SqliteStore::Changed(unsigned counters) {
  pinned_.reset();
  if (!sqlite3_get_autocommit(db_->handle())) {
    pending_ |= counters;
    return Status::Ok();
  }
  return BumpCounters(counters);
}

Status SqliteStore::BumpCounters(unsigned counters) {
  for (auto [bit, name] : {std::pair{kDataCounter, "data"}, std::pair{kAuthCounter, "auth"}}) {
    if ((counters & bit) == 0) continue;
    StmtHandle s = db_->Prepare("UPDATE counters SET value = value + 1 WHERE name = ?1");
    s.Bind(1, name);
    OM_RETURN_IF_ERROR(s.Run());
  }
  return Status::Ok();
}

Result<int64_t> SqliteStore::ReadCounter(const char* name) {
  StmtHandle s = db_->Prepare("SELECT value FROM counters WHERE name = ?1");
  s.Bind(1, name);
  if (!s.Step()) return s.status().ok() ? Internal(std::string("no counter ") + name) : s.status();
  return s.Int(0);
}

Result<int64_t> SqliteStore::DataVersion() {
  return pinned_ ? pinned_->first : ReadCounter("data");
}
Result<int64_t> SqliteStore::AuthVersion() {
  return pinned_ ? pinned_->second : ReadCounter("auth");
}

// Every request pins the versions, and a read transaction costs its locks (fcntl calls on the
// -shm file): about 4 us, a tenth of a cached list page. In WAL mode every commit, by any
// connection of any process, rewrites the wal-index header (https://www.sqlite.org/
// walformat.html, "The WAL-Index Header"): two 48-byte copies, the second written first, with
// a change counter. If the header is the same as just before the last reading, nothing has
// committed since and that reading still holds. The header is read before the counters, so a
// commit between the two makes the next header differ.
std::optional<SqliteStore::WalStamp> SqliteStore::ReadWalStamp() {
  sqlite3_file* file = nullptr;
  if (sqlite3_file_control(db_->handle(), "main", SQLITE_FCNTL_FILE_POINTER, &file) != SQLITE_OK ||
      file == nullptr || file->pMethods == nullptr || file->pMethods->iVersion < 2 ||
      file->pMethods->xShmMap == nullptr) {
    return std::nullopt;
  }
  void volatile* region = nullptr;  // already mapped by the connection's first read
  if (file->pMethods->xShmMap(file, 0, 32768, 0, &region) != SQLITE_OK || region == nullptr)
    return std::nullopt;
  const volatile char* header = static_cast<const volatile char*>(region);
  WalStamp first{};
  WalStamp second{};
  for (size_t i = 0; i < first.size(); ++i) first[i] = header[i];
  std::atomic_thread_fence(std::memory_order_seq_cst);
  for (size_t i = 0; i < second.size(); ++i) second[i] = header[second.size() + i];
  constexpr size_t kIsInit = 12;
  if (first != second || first[kIsInit] == 0) return std::nullopt;  // being written
  return first;
}

Status SqliteStore::PinVersions() {
  std::optional<WalStamp> stamp = ReadWalStamp();
  if (stamp && last_pin_ && last_pin_->first == *stamp) {
    pinned_ = last_pin_->second;
    return Status::Ok();
  }
  StmtHandle s = db_->Prepare(
      "SELECT (SELECT value FROM counters WHERE name = 'data'),"
      " (SELECT value FROM counters WHERE name = 'auth')");
  if (!s.Step()) return s.status().ok() ? Internal("no counters") : s.status();
  pinned_.emplace(s.Int(0), s.Int(1));
  if (stamp) {
    last_pin_.emplace(*stamp, *pinned_);
  } else {
    last_pin_.reset();
  }
  return Status::Ok();
}

// ---- organizations ----

Organization SqliteStore::ReadOrganization(const Stmt& s) {
  Organization org;
  org.meta.id = s.Int(0);
  org.meta.created_at = s.Text(1);
  org.meta.updated_at = s.Text(2);
  org.meta.version = s.Int(3);
  org.name = s.Text(4);
  org.acronym = s.Text(5);
  ParseOrgType(s.TextView(6), org.type);
  org.humanitarian = s.Int(7) != 0;
  ParseClassification(s.TextView(8), org.meta.classification);
  org.meta.compartment = s.Text(9);
  return org;
}

constexpr const char* kOrgColumns =
    "SELECT id, created_at, updated_at, version, name, acronym, type, humanitarian,"
    " classification, compartment FROM organizations ";

Result<Organization> SqliteStore::CreateOrganization(Organization org) {
  if (Trim(org.name).empty()) return InvalidArgument("organization name is empty");
  OM_TRY(Id existing, FindOrganizationByName(org.name));
  if (existing != 0) return AlreadyExists("organization '" + org.name + "' already exists");
  std::string now = NowIso8601();
  StmtHandle s = db_->Prepare(
      "INSERT INTO organizations (created_at, updated_at, name, acronym, type, humanitarian,"
      " classification, compartment, source_batch, source_row)"
      " VALUES (?1, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)");
  s.Bind(1, now);
  s.Bind(2, std::string(Trim(org.name)));
  s.Bind(3, std::string(Trim(org.acronym)));
  s.Bind(4, OrgTypeName(org.type));
  s.Bind(5, org.humanitarian ? 1 : 0);
  s.Bind(6, ClassificationName(org.meta.classification));
  s.Bind(7, org.meta.compartment);
  s.BindIdOrNull(8, org.meta.source_batch);
  s.Bind(9, org.meta.source_row);
  OM_RETURN_IF_ERROR(s.Run());
  OM_RETURN_IF_ERROR(Changed(kDataCounter));
  org.meta.id = db_->LastInsertId();
  org.meta.created_at = org.meta.updated_at = now;
  org.meta.version = 1;
  OM_RETURN_IF_ERROR(AddOrganizationAlias(org.meta.id, org.name));
  if (!org.acronym.empty()) OM_RETURN_IF_ERROR(AddOrganizationAlias(org.meta.id, org.acronym));
  auto [bare, acronym] = SplitAcronym(org.name);
  if (!acronym.empty()) {
    OM_RETURN_IF_ERROR(AddOrganizationAlias(org.meta.id, bare));
    OM_RETURN_IF_ERROR(AddOrganizationAlias(org.meta.id, acronym));
  }
  return org;
}

Result<Organization> SqliteStore::GetOrganization(Id id) {
  StmtHandle s = db_->Prepare(std::string(kOrgColumns) + "WHERE id = ?1");
  s.Bind(1, id);
  if (!s.Step()) {
    OM_RETURN_IF_ERROR(s.status());
    return NotFound("no organization " + std::to_string(id));
  }
  return ReadOrganization(s);
}

Result<std::vector<Organization>> SqliteStore::ListOrganizations() {
  StmtHandle s = db_->Prepare(std::string(kOrgColumns) + "ORDER BY id");
  std::vector<Organization> orgs;
  while (s.Step()) orgs.push_back(ReadOrganization(s));
  OM_RETURN_IF_ERROR(s.status());
  return orgs;
}

Result<Id> SqliteStore::FindOrganizationByName(std::string_view name) {
  StmtHandle s = db_->Prepare("SELECT org_id FROM organization_names WHERE folded = ?1");
  s.Bind(1, FoldName(name));
  if (s.Step()) return s.Int(0);
  OM_RETURN_IF_ERROR(s.status());
  return Id{0};
}

Status SqliteStore::AddOrganizationAlias(Id id, std::string_view alias) {
  std::string folded = FoldName(alias);
  if (folded.empty()) return Status::Ok();
  StmtHandle s = db_->Prepare(
      "INSERT INTO organization_names (folded, org_id, display) VALUES (?1, ?2, ?3)"
      " ON CONFLICT(folded) DO NOTHING");
  s.Bind(1, folded);
  s.Bind(2, id);
  s.Bind(3, std::string(Trim(alias)));
  OM_RETURN_IF_ERROR(s.Run());
  return db_->Changes() == 0 ? Status::Ok() : Changed(kDataCounter);
}

Result<std::vector<std::pair<std::string, Id>>> SqliteStore::ListOrganizationAliases() {
  StmtHandle s = db_->Prepare("SELECT folded, org_id FROM organization_names");
  std::vector<std::pair<std::string, Id>> aliases;
  while (s.Step()) aliases.emplace_back(s.Text(0), s.Int(1));
  OM_RETURN_IF_ERROR(s.status());
  return aliases;
}

// ---- places ----

namespace {
Place ReadPlace(const Stmt& s) {
  Place p;
  p.pcode = s.Text(0);
  p.name = s.Text(1);
  p.level = static_cast<int>(s.Int(2));
  p.parent_pcode = s.Text(3);
  p.country = s.Text(4);
  p.lat = s.OptDouble(5);
  p.lon = s.OptDouble(6);
  return p;
}
constexpr const char* kPlaceColumns =
    "SELECT pcode, name, level, coalesce(parent_pcode, ''), country, lat, lon FROM places ";
}  // namespace

Status SqliteStore::UpsertPlaces(const std::vector<Place>& places, int64_t* created,
                                 int64_t* updated) {
  for (const Place& p : places) {
    StmtHandle probe = db_->Prepare("SELECT 1 FROM places WHERE pcode = ?1");
    probe.Bind(1, p.pcode);
    bool existed = probe.Step();
    OM_RETURN_IF_ERROR(probe.status());
    StmtHandle s = db_->Prepare(
        "INSERT INTO places (pcode, name, folded_name, level, parent_pcode, country, lat, lon)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) ON CONFLICT(pcode) DO UPDATE SET"
        " name = excluded.name, folded_name = excluded.folded_name, level = excluded.level,"
        " parent_pcode = excluded.parent_pcode, country = excluded.country,"
        " lat = coalesce(excluded.lat, lat), lon = coalesce(excluded.lon, lon)"
        " WHERE name IS NOT excluded.name OR level IS NOT excluded.level"
        " OR parent_pcode IS NOT excluded.parent_pcode OR country IS NOT excluded.country"
        " OR (excluded.lat IS NOT NULL AND lat IS NOT excluded.lat)"
        " OR (excluded.lon IS NOT NULL AND lon IS NOT excluded.lon)");
    s.Bind(1, p.pcode);
    s.Bind(2, p.name);
    s.Bind(3, FoldName(p.name));
    s.Bind(4, p.level);
    s.BindTextOrNull(5, p.parent_pcode);
    s.Bind(6, p.country);
    s.Bind(7, p.lat);
    s.Bind(8, p.lon);
    OM_RETURN_IF_ERROR(s.Run());
    if (db_->Changes() == 0) continue;
    OM_RETURN_IF_ERROR(Changed(kDataCounter));
    int64_t* counter = existed ? updated : created;
    if (counter) ++*counter;
  }
  return Status::Ok();
}

Result<std::optional<Place>> SqliteStore::GetPlace(std::string_view pcode) {
  StmtHandle s = db_->Prepare(std::string(kPlaceColumns) + "WHERE pcode = ?1");
  s.Bind(1, pcode);
  if (s.Step()) return std::optional<Place>(ReadPlace(s));
  OM_RETURN_IF_ERROR(s.status());
  return std::optional<Place>();
}

Result<std::vector<Place>> SqliteStore::ListPlaces(const PlaceFilter& f) {
  StmtHandle s = db_->Prepare(std::string(kPlaceColumns) +
                              "WHERE (?1 = '' OR country = ?1) AND (?2 < 0 OR level = ?2)"
                              " AND (?3 = '' OR parent_pcode = ?3)"
                              " AND (?4 = '' OR instr(folded_name, ?4) > 0 OR pcode = ?5)"
                              " AND pcode > ?6 ORDER BY pcode LIMIT ?7");
  s.Bind(1, f.country);
  s.Bind(2, f.level);
  s.Bind(3, f.parent);
  s.Bind(4, FoldName(f.q));
  s.Bind(5, ToUpperAscii(Trim(f.q)));
  s.Bind(6, f.after);
  s.Bind(7, f.limit > 0 ? int64_t{f.limit} : int64_t{-1});
  std::vector<Place> places;
  while (s.Step()) places.push_back(ReadPlace(s));
  OM_RETURN_IF_ERROR(s.status());
  return places;
}

Result<std::vector<Place>> SqliteStore::ListCountryPlaces(std::string_view iso3) {
  // What matching needs (no centroids), read the fewest ways: an import loads some hundreds of
  // places for its first row, and a small file's import takes only tens of milliseconds.
  StmtHandle s =
      db_->Prepare("SELECT pcode, name, level, parent_pcode FROM places WHERE country = ?1");
  s.Bind(1, iso3);
  std::vector<Place> places;
  while (s.Step()) {
    Place& p = places.emplace_back();
    p.pcode = s.TextView(0);
    p.name = s.TextView(1);
    p.level = static_cast<int>(s.Int(2));
    p.parent_pcode = s.TextView(3);  // "" when NULL
    p.country = iso3;
  }
  OM_RETURN_IF_ERROR(s.status());
  return places;
}

// ---- sectors ----

Status SqliteStore::UpsertSector(const Sector& sector) {
  StmtHandle s = db_->Prepare(
      "INSERT INTO sectors (code, name_en, name_fr, builtin) VALUES (?1, ?2, ?3, ?4)"
      " ON CONFLICT(code) DO UPDATE SET name_en = excluded.name_en,"
      " name_fr = excluded.name_fr, builtin = excluded.builtin"
      " WHERE name_en IS NOT excluded.name_en OR name_fr IS NOT excluded.name_fr"
      " OR builtin IS NOT excluded.builtin");
  s.Bind(1, sector.code);
  s.Bind(2, sector.name_en);
  s.Bind(3, sector.name_fr);
  s.Bind(4, sector.builtin ? 1 : 0);
  OM_RETURN_IF_ERROR(s.Run());
  return db_->Changes() == 0 ? Status::Ok() : Changed(kDataCounter);
}

Result<std::vector<Sector>> SqliteStore::ListSectors() {
  StmtHandle s = db_->Prepare("SELECT code, name_en, name_fr, builtin FROM sectors ORDER BY code");
  std::vector<Sector> sectors;
  while (s.Step()) sectors.push_back({s.Text(0), s.Text(1), s.Text(2), s.Int(3) != 0});
  OM_RETURN_IF_ERROR(s.status());
  return sectors;
}

// ---- import batches ----

Result<Id> SqliteStore::CreateImportBatch(const ImportBatch& batch) {
  StmtHandle s = db_->Prepare(
      "INSERT INTO import_batches (created_at, format, file_name, reporting_org)"
      " VALUES (?1, ?2, ?3, ?4)");
  s.Bind(1, NowIso8601());
  s.Bind(2, batch.format);
  s.Bind(3, batch.file_name);
  s.BindIdOrNull(4, batch.reporting_org);
  OM_RETURN_IF_ERROR(s.Run());
  return db_->LastInsertId();
}

Status SqliteStore::FinishImportBatch(const ImportBatch& b) {
  StmtHandle s = db_->Prepare(
      "UPDATE import_batches SET rows_read = ?2, created = ?3, updated = ?4, unchanged = ?5,"
      " rejected = ?6, committed = ?7 WHERE id = ?1");
  s.Bind(1, b.id);
  s.Bind(2, b.read);
  s.Bind(3, b.created);
  s.Bind(4, b.updated);
  s.Bind(5, b.unchanged);
  s.Bind(6, b.rejected);
  s.Bind(7, b.committed ? 1 : 0);
  return s.Run();
}

}  // namespace sqlite
}  // namespace om
