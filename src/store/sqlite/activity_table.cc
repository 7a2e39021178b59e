// Activities in SQLite: row mapping, create/read/update/delete, keyed upsert for imports,
// filtered listing and grouped summaries.
#include <sodium.h>

#include <array>
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
    " source_row, row_key, implementing_org, programme_org, funding_org, sector,"
    " title, description, place, adm0, adm1, adm2, adm3, location_name, lat, lon, start_date,"
    " end_date, status, targeted_total, targeted_women, targeted_men, targeted_girls,"
    " targeted_boys, targeted_children, targeted_adults, reached_total, reached_women,"
    " reached_men, reached_girls, reached_boys, reached_children, reached_adults,"
    " budget_cents, budget_currency, external_id, key_hash, contact, sensitive";
constexpr int kActivityColumnCount = 46;

std::string Placeholders(int count) {
  std::string out;
  for (int i = 1; i <= count; ++i) out += (i > 1 ? ",?" : "?") + std::to_string(i);
  return out;
}

std::array<int64_t*, 7> PeopleFields(People& p) {
  return {&p.total, &p.women, &p.men, &p.girls, &p.boys, &p.children, &p.adults};
}

// Binds every parameter of the INSERT/UPDATE column list, in its order. Text is bound without
// copying, so `a` and `dates` (scratch for the ISO dates) must outlive the statement's step.
void BindActivity(Stmt& s, const Activity& a, const UpsertDigests& digests,
                  std::string (&dates)[2]) {
  int i = 1;
  // Text that repeats from row to row in an import is bound only when it changes.
  s.BindRepeating(i++, a.meta.created_at);
  s.BindRepeating(i++, a.meta.updated_at);
  s.Bind(i++, a.meta.version);
  s.BindIdOrNull(i++, a.meta.org_id);
  s.BindRepeating(i++, ClassificationName(a.meta.classification));
  s.BindRepeating(i++, a.meta.compartment);
  s.BindIdOrNull(i++, a.meta.source_batch);
  s.Bind(i++, a.meta.source_row);
  s.BindStatic(i++, a.row_key);
  s.BindIdOrNull(i++, a.implementing_org);
  s.BindIdOrNull(i++, a.programme_org);
  s.BindIdOrNull(i++, a.funding_org);
  if (a.sector.empty()) {
    s.BindNull(i++);
  } else {
    s.BindRepeating(i++, a.sector);
  }
  s.BindStatic(i++, a.title);
  s.BindStatic(i++, a.description);
  s.BindStaticOrNull(i++, a.place);
  if (a.adm0.empty()) {  // a file's rows are mostly in one country
    s.BindNull(i++);
  } else {
    s.BindRepeating(i++, a.adm0);
  }
  for (const std::string* p : {&a.adm1, &a.adm2, &a.adm3}) s.BindStaticOrNull(i++, *p);
  s.BindStatic(i++, a.location_name);
  s.Bind(i++, a.lat);
  s.Bind(i++, a.lon);
  dates[0] = a.start.ToIso();
  dates[1] = a.end.ToIso();
  s.BindStaticOrNull(i++, dates[0]);
  s.BindStaticOrNull(i++, dates[1]);
  s.BindRepeating(i++, ActivityStatusName(a.status));
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
    s.BindNull(i++);
    s.BindNull(i++);
  } else {
    s.Bind(i++, a.budget.cents);
    s.BindRepeating(i++, a.budget.currency);
  }
  s.BindStatic(i++, a.external_id);
  s.Bind(i++, digests.key);
  s.BindStatic(i++, a.contact);
  s.Bind(i++, static_cast<int64_t>(a.sensitive));
}

Date ReadDate(const Stmt& s, int col) {
  auto d = ParseIsoDate(s.TextView(col));
  return d.ok() ? *d : Date{};
}

// Column 0 is the id; the column list follows from 1, in its order.
Activity ReadActivity(const Stmt& s) {
  Activity a;
  a.meta.id = s.Int(0);
  int i = 1;
  a.meta.created_at = s.Text(i++);
  a.meta.updated_at = s.Text(i++);
  a.meta.version = s.Int(i++);
  a.meta.org_id = s.Int(i++);
  ParseClassification(s.TextView(i++), a.meta.classification);
  a.meta.compartment = s.Text(i++);
  a.meta.source_batch = s.Int(i++);
  a.meta.source_row = s.Int(i++);
  a.row_key = s.Text(i++);
  a.implementing_org = s.Int(i++);
  a.programme_org = s.Int(i++);
  a.funding_org = s.Int(i++);
  a.sector = s.Text(i++);
  a.title = s.Text(i++);
  a.description = s.Text(i++);
  for (std::string* p : {&a.place, &a.adm0, &a.adm1, &a.adm2, &a.adm3}) *p = s.Text(i++);
  a.location_name = s.Text(i++);
  a.lat = s.OptDouble(i++);
  a.lon = s.OptDouble(i++);
  a.start = ReadDate(s, i++);
  a.end = ReadDate(s, i++);
  ParseActivityStatus(s.TextView(i++), a.status);
  for (People* people : {&a.targeted, &a.reached}) {
    for (int64_t* v : PeopleFields(*people)) {
      *v = s.IsNull(i) ? -1 : s.Int(i);
      ++i;
    }
  }
  if (!s.IsNull(i + 1)) a.budget = Money{s.Int(i), s.Text(i + 1)};
  i += 2;
  a.external_id = s.Text(i++);
  ++i;  // key_hash
  a.contact = s.Text(i++);
  a.sensitive = static_cast<uint32_t>(s.Int(i++));
  return a;
}

const std::string& SelectActivitySql() {
  static const std::string kSql =
      std::string("SELECT id, ") + kActivityColumns + " FROM activities ";
  return kSql;
}

// Every column but the record's identity and creation, for a key whose content changed: the
// row is left alone (reported unchanged) when every column of its content already holds what
// the import would write. The content is every column but those of identity, creation and
// provenance (the batch and row that last wrote it).
const std::string& UpdateByKeySql() {
  static const std::string kSql = [] {
    std::string set, stored, incoming, updated_at, key_hash;
    int index = 0;
    for (std::string_view col : SplitView(kActivityColumns, ',')) {
      col = Trim(col);
      std::string param = "?" + std::to_string(++index);
      if (col == "updated_at") updated_at = param;
      if (col == "key_hash") key_hash = param;
      if (col == "created_at" || col == "updated_at" || col == "version" || col == "row_key" ||
          col == "key_hash") {
        continue;
      }
      set += ", " + std::string(col) + " = " + param;
      if (col == "source_batch" || col == "source_row") continue;
      stored += (stored.empty() ? "" : ", ") + std::string(col);
      incoming += (incoming.empty() ? "" : ", ") + param;
    }
    return "UPDATE activities SET updated_at = " + updated_at + ", version = version + 1" + set +
           " WHERE key_hash = " + key_hash + " AND (" + stored + ") IS NOT (" + incoming + ")";
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
  StmtHandle s = db_->Prepare(std::string("UPDATE activities SET (") + kActivityColumns + ") = (" +
                              Placeholders(kActivityColumnCount) + ") WHERE id = ?" +
                              std::to_string(kActivityColumnCount + 1) + " AND version = ?" +
                              std::to_string(kActivityColumnCount + 2));
  std::string dates[2];
  BindActivity(s, a, DigestForUpsert(a), dates);
  s.Bind(kActivityColumnCount + 1, a.meta.id);
  s.Bind(kActivityColumnCount + 2, current.meta.version);
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
// the key exists, an update guarded by a comparison of the content columns. Both statements are
// looked up once per connection and every parameter is rebound on each call, so nothing is
// cleared or copied.
Result<UpsertOutcome> SqliteStore::UpsertActivityByKey(Activity& a, const UpsertDigests& digests) {
  if (a.meta.created_at.empty()) a.meta.created_at = a.meta.updated_at = NowIso8601();
  a.meta.version = 1;
  if (upsert_insert_ == nullptr) {
    static const std::string kInsert = std::string("INSERT INTO activities (") + kActivityColumns +
                                       ") VALUES (" + Placeholders(kActivityColumnCount) +
                                       ") ON CONFLICT(key_hash) DO NOTHING";
    upsert_insert_ = &static_cast<Stmt&>(db_->Prepare(kInsert));
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
  // Prepared on the first row whose key exists: compiling it takes a quarter of a millisecond,
  // which a first import of a small file need not pay.
  if (upsert_update_ == nullptr)
    upsert_update_ = &static_cast<Stmt&>(db_->Prepare(UpdateByKeySql()));
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
  return {sqlite::KeyHash(activity.row_key)};
}

UpsertDigests DigestForUpsert(const std::array<uint8_t, 16>& key_digest) {
  return {sqlite::KeyHashOfDigest(key_digest.data())};
}

}  // namespace om
