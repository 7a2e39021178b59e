// Activities in SQLite: row mapping, create/read/update/delete, keyed upsert for imports,
// filtered listing and grouped summaries.
#include <sodium.h>

#include <array>
#include <cstring>
#include <functional>

#include "core/date.h"
#include "core/hex.h"
#include "core/text.h"
#include "store/sqlite/sqlite_store.h"

namespace om::sqlite {
namespace {

// Column order shared by INSERT (parameters ?1..) and SELECT (columns 1..; column 0 is id).
constexpr const char* kActivityColumns =
    "created_at, updated_at, version, org_id, classification, compartment, source_batch,"
    " source_row, row_key, content_hash, implementing_org, programme_org, funding_org, sector,"
    " title, description, place, adm0, adm1, adm2, adm3, location_name, lat, lon, start_date,"
    " end_date, status, targeted_total, targeted_women, targeted_men, targeted_girls,"
    " targeted_boys, targeted_children, targeted_adults, reached_total, reached_women,"
    " reached_men, reached_girls, reached_boys, reached_children, reached_adults,"
    " budget_cents, budget_currency, external_id, key_hash, contact, sensitive";
constexpr int kActivityColumnCount = 47;

std::string Placeholders(int count) {
  std::string out;
  for (int i = 1; i <= count; ++i) out += (i > 1 ? ",?" : "?") + std::to_string(i);
  return out;
}

std::array<int64_t*, 7> PeopleFields(People& p) {
  return {&p.total, &p.women, &p.men, &p.girls, &p.boys, &p.children, &p.adults};
}

uint64_t Fnv1a(uint64_t hash, std::string_view text) {
  for (unsigned char c : text) hash = (hash ^ c) * 1099511628211ULL;
  return (hash ^ 0xff) * 1099511628211ULL;  // field separator
}

// A hash of every user-visible field, to tell "updated" from "unchanged" on re-import.
int64_t ContentHash(const Activity& a) {
  uint64_t h = 14695981039346656037ULL;
  auto num = [&](int64_t v) {
    h = Fnv1a(h, std::string_view(reinterpret_cast<const char*>(&v), sizeof v));
  };
  auto opt = [&](const std::optional<double>& v) { h = Fnv1a(h, v ? std::to_string(*v) : ""); };
  num(a.meta.org_id);
  h = Fnv1a(h, ClassificationName(a.meta.classification));
  h = Fnv1a(h, a.meta.compartment);
  num(a.implementing_org);
  num(a.programme_org);
  num(a.funding_org);
  for (const std::string* s : {&a.sector, &a.title, &a.description, &a.place, &a.adm0, &a.adm1,
                               &a.adm2, &a.adm3, &a.location_name}) {
    h = Fnv1a(h, *s);
  }
  opt(a.lat);
  opt(a.lon);
  num(a.start.DaysSinceEpoch());
  num(a.end.DaysSinceEpoch());
  h = Fnv1a(h, ActivityStatusName(a.status));
  People t = a.targeted, r = a.reached;
  for (int64_t* v : PeopleFields(t)) num(*v);
  for (int64_t* v : PeopleFields(r)) num(*v);
  num(a.budget.cents);
  h = Fnv1a(h, a.budget.currency);
  h = Fnv1a(h, a.external_id);
  h = Fnv1a(h, a.contact);
  num(a.sensitive);
  return static_cast<int64_t>(h);
}

// The unique index holds 64 bits of a BLAKE2b digest of the row key instead of the key text:
// an eighth of the size, so bulk imports stay fast as the table grows.
int64_t KeyHash(const std::string& row_key) {
  unsigned char digest[16];
  crypto_generichash(digest, sizeof digest, reinterpret_cast<const unsigned char*>(row_key.data()),
                     row_key.size(), nullptr, 0);
  int64_t hash = 0;
  std::memcpy(&hash, digest, sizeof hash);
  return hash;
}

// Binds every parameter of the INSERT/UPDATE column list. Text is bound without copying, so `a`
// and `dates` (scratch for the ISO dates) must outlive the statement's step.
void BindActivity(Stmt& s, const Activity& a, const UpsertDigests& digests,
                  std::string (&dates)[2]) {
  s.BindStatic(1, a.meta.created_at);
  s.BindStatic(2, a.meta.updated_at);
  s.Bind(3, a.meta.version);
  s.BindIdOrNull(4, a.meta.org_id);
  s.BindStatic(5, ClassificationName(a.meta.classification));
  s.BindStatic(6, a.meta.compartment);
  s.BindIdOrNull(7, a.meta.source_batch);
  s.Bind(8, a.meta.source_row);
  s.BindStatic(9, a.row_key);
  s.Bind(10, digests.content);
  s.BindIdOrNull(11, a.implementing_org);
  s.BindIdOrNull(12, a.programme_org);
  s.BindIdOrNull(13, a.funding_org);
  s.BindStaticOrNull(14, a.sector);
  s.BindStatic(15, a.title);
  s.BindStatic(16, a.description);
  int i = 17;
  for (const std::string* p : {&a.place, &a.adm0, &a.adm1, &a.adm2, &a.adm3}) {
    s.BindStaticOrNull(i++, *p);
  }
  s.BindStatic(22, a.location_name);
  s.Bind(23, a.lat);
  s.Bind(24, a.lon);
  dates[0] = a.start.ToIso();
  dates[1] = a.end.ToIso();
  s.BindStaticOrNull(25, dates[0]);
  s.BindStaticOrNull(26, dates[1]);
  s.BindStatic(27, ActivityStatusName(a.status));
  i = 28;
  for (const People* people : {&a.targeted, &a.reached}) {
    for (int64_t v : {people->total, people->women, people->men, people->girls, people->boys,
                      people->children, people->adults}) {
      if (v < 0)
        s.BindNull(i++);
      else
        s.Bind(i++, v);
    }
  }
  if (a.budget.currency.empty()) {
    s.BindNull(42);
    s.BindNull(43);
  } else {
    s.Bind(42, a.budget.cents);
    s.BindStatic(43, a.budget.currency);
  }
  s.BindStatic(44, a.external_id);
  s.Bind(45, digests.key);
  s.Bind(46, a.contact);
  s.Bind(47, static_cast<int64_t>(a.sensitive));
}

Date ReadDate(const Stmt& s, int col) {
  auto d = ParseIsoDate(s.TextView(col));
  return d.ok() ? *d : Date{};
}

Activity ReadActivity(const Stmt& s) {
  Activity a;
  a.meta.id = s.Int(0);
  a.meta.created_at = s.Text(1);
  a.meta.updated_at = s.Text(2);
  a.meta.version = s.Int(3);
  a.meta.org_id = s.Int(4);
  ParseClassification(s.TextView(5), a.meta.classification);
  a.meta.compartment = s.Text(6);
  a.meta.source_batch = s.Int(7);
  a.meta.source_row = s.Int(8);
  a.row_key = s.Text(9);
  a.implementing_org = s.Int(11);
  a.programme_org = s.Int(12);
  a.funding_org = s.Int(13);
  a.sector = s.Text(14);
  a.title = s.Text(15);
  a.description = s.Text(16);
  int i = 17;
  for (std::string* p : {&a.place, &a.adm0, &a.adm1, &a.adm2, &a.adm3}) *p = s.Text(i++);
  a.location_name = s.Text(22);
  a.lat = s.OptDouble(23);
  a.lon = s.OptDouble(24);
  a.start = ReadDate(s, 25);
  a.end = ReadDate(s, 26);
  ParseActivityStatus(s.TextView(27), a.status);
  i = 28;
  for (People* people : {&a.targeted, &a.reached}) {
    for (int64_t* v : PeopleFields(*people)) {
      *v = s.IsNull(i) ? -1 : s.Int(i);
      ++i;
    }
  }
  if (!s.IsNull(43)) a.budget = Money{s.Int(42), s.Text(43)};
  a.external_id = s.Text(44);
  a.contact = s.Text(46);
  a.sensitive = static_cast<uint32_t>(s.Int(47));
  return a;
}

const std::string& SelectActivitySql() {
  static const std::string kSql =
      std::string("SELECT id, ") + kActivityColumns + " FROM activities ";
  return kSql;
}

// Every column but the record's identity and creation, for a key whose content changed.
const std::string& UpdateByKeySql() {
  static const std::string kSql = [] {
    std::string sql = "UPDATE activities SET updated_at = ?2, version = version + 1";
    std::string columns = kActivityColumns;
    int index = 1;
    for (std::string_view col : SplitView(columns, ',')) {
      col = Trim(col);
      ++index;
      if (col == "created_at" || col == "updated_at" || col == "version" || col == "row_key" ||
          col == "key_hash") {
        continue;
      }
      sql += ", " + std::string(col) + " = ?" + std::to_string(index - 1);
    }
    return sql + " WHERE key_hash = ?45 AND content_hash <> ?10";
  }();
  return kSql;
}

std::string NewManualKey() {
  unsigned char bytes[12];
  randombytes_buf(bytes, sizeof bytes);
  return "manual:" + ToHex(bytes, sizeof bytes);
}

}  // namespace

const char* ActivityColumnList() { return kActivityColumns; }
Activity ReadActivityRow(const Stmt& s) { return ReadActivity(s); }

Result<Activity> SqliteStore::CreateActivity(Activity a) {
  a.meta.created_at = a.meta.updated_at = NowIso8601();
  a.meta.version = 1;
  if (a.row_key.empty()) a.row_key = NewManualKey();
  StmtHandle s = db_->Prepare(std::string("INSERT INTO activities (") + kActivityColumns +
                              ") VALUES (" + Placeholders(kActivityColumnCount) + ")");
  std::string dates[2];
  BindActivity(s, a, DigestForUpsert(a), dates);
  OM_RETURN_IF_ERROR(s.Run());
  a.meta.id = db_->LastInsertId();
  OM_RETURN_IF_ERROR(Changed(kDataCounter));
  return a;
}

// The message is the same whether the activity does not exist or is hidden from the caller.
Result<Activity> SqliteStore::GetActivity(const Principal& p, Id id) {
  StmtHandle s = db_->Prepare(SelectActivitySql() + "WHERE id = ?1");
  s.Bind(1, id);
  if (!s.Step()) {
    OM_RETURN_IF_ERROR(s.status());
    return NotFound("no activity " + std::to_string(id));
  }
  Activity a = ReadActivity(s);
  if (See(p, FactsOf(a)) != Visibility::kFull) return NotFound("no activity " + std::to_string(id));
  Redact(p, a);
  return a;
}

Result<Activity> SqliteStore::UpdateActivity(const Principal& p, Activity a,
                                             int64_t expected_version) {
  OM_TRY(Activity current, GetActivity(p, a.meta.id));
  if (current.redacted != 0) {
    return PermissionDenied("activity " + std::to_string(a.meta.id) +
                            " has fields you are not cleared for; only its owner may replace it");
  }
  if (expected_version != 0 && current.meta.version != expected_version) {
    return FailedPrecondition("activity " + std::to_string(a.meta.id) + " is at version " +
                              std::to_string(current.meta.version) + ", not " +
                              std::to_string(expected_version));
  }
  a.meta.created_at = current.meta.created_at;
  a.meta.updated_at = NowIso8601();
  a.meta.version = current.meta.version + 1;
  a.meta.source_batch = current.meta.source_batch;
  a.meta.source_row = current.meta.source_row;
  if (a.row_key.empty()) a.row_key = current.row_key;
  StmtHandle s =
      db_->Prepare(std::string("UPDATE activities SET (") + kActivityColumns + ") = (" +
                   Placeholders(kActivityColumnCount) + ") WHERE id = ?48 AND version = ?49");
  std::string dates[2];
  BindActivity(s, a, DigestForUpsert(a), dates);
  s.Bind(48, a.meta.id);
  s.Bind(49, current.meta.version);
  OM_RETURN_IF_ERROR(s.Run());
  if (db_->Changes() == 0) return FailedPrecondition("activity changed while updating");
  OM_RETURN_IF_ERROR(Changed(kDataCounter));
  return a;
}

Status SqliteStore::DeleteActivity(const Principal& p, Id id, int64_t expected_version) {
  OM_TRY(Activity current, GetActivity(p, id));
  if (expected_version != 0 && current.meta.version != expected_version) {
    return FailedPrecondition("activity " + std::to_string(id) + " is at version " +
                              std::to_string(current.meta.version));
  }
  StmtHandle s = db_->Prepare("DELETE FROM activities WHERE id = ?1 AND version = ?2");
  s.Bind(1, id);
  s.Bind(2, current.meta.version);
  OM_RETURN_IF_ERROR(s.Run());
  if (db_->Changes() == 0) return FailedPrecondition("activity changed while deleting");
  return Changed(kDataCounter);
}

// A plain insert first (the common case of an import, and the cheapest statement), then, when
// the key exists, an update guarded by the content hash. Both statements are looked up once per
// connection and every parameter is rebound on each call, so nothing is cleared or copied.
Result<UpsertOutcome> SqliteStore::UpsertActivityByKey(Activity& a, const UpsertDigests& digests) {
  if (a.meta.created_at.empty()) a.meta.created_at = a.meta.updated_at = NowIso8601();
  a.meta.version = 1;
  if (upsert_insert_ == nullptr) {
    static const std::string kInsert = std::string("INSERT INTO activities (") + kActivityColumns +
                                       ") VALUES (" + Placeholders(kActivityColumnCount) +
                                       ") ON CONFLICT(key_hash) DO NOTHING";
    upsert_insert_ = &static_cast<Stmt&>(db_->Prepare(kInsert));
    upsert_update_ = &static_cast<Stmt&>(db_->Prepare(UpdateByKeySql()));
  }
  if (bulk_) OM_RETURN_IF_ERROR(CheckBulkReferences(a));
  std::string dates[2];
  Stmt& insert = *upsert_insert_;
  BindActivity(insert, a, digests, dates);
  Status inserted = insert.Run();
  insert.Rewind();
  OM_RETURN_IF_ERROR(inserted);
  if (db_->Changes() == 1) {
    a.meta.id = db_->LastInsertId();
    OM_RETURN_IF_ERROR(Changed(kDataCounter));
    return UpsertOutcome::kCreated;
  }
  Stmt& update = *upsert_update_;
  BindActivity(update, a, digests, dates);
  Status updated = update.Run();
  update.Rewind();
  OM_RETURN_IF_ERROR(updated);
  if (db_->Changes() == 0) return UpsertOutcome::kUnchanged;
  OM_RETURN_IF_ERROR(Changed(kDataCounter));
  return UpsertOutcome::kUpdated;
}

Result<int64_t> SqliteStore::CountActivities() {
  StmtHandle s = db_->Prepare("SELECT count(*) FROM activities");
  if (!s.Step()) return s.status();
  return s.Int(0);
}

}  // namespace om::sqlite

namespace om {

UpsertDigests DigestForUpsert(const Activity& activity) {
  return {sqlite::ContentHash(activity), sqlite::KeyHash(activity.row_key)};
}

}  // namespace om
