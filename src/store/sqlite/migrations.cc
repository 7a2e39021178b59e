#include "store/sqlite/migrations.h"

namespace om::sqlite {
namespace {

// Common record fields (DESIGN.md "Records"), repeated in every table of records.
#define OM_RECORD_COLUMNS                                            \
  "id INTEGER PRIMARY KEY,"                                          \
  "created_at TEXT NOT NULL,"                                        \
  "updated_at TEXT NOT NULL,"                                        \
  "version INTEGER NOT NULL DEFAULT 1,"                              \
  "org_id INTEGER REFERENCES organizations(id),"                     \
  "classification TEXT NOT NULL DEFAULT 'internal'"                  \
  " CHECK (classification = 'public' OR classification = 'internal'" \
  " OR classification = 'restricted'),"                              \
  "compartment TEXT NOT NULL DEFAULT 'none',"                        \
  "source_batch INTEGER REFERENCES import_batches(id),"              \
  "source_row INTEGER NOT NULL DEFAULT 0,"

constexpr const char* kInitial =
    "CREATE TABLE import_batches ("
    "  id INTEGER PRIMARY KEY, created_at TEXT NOT NULL, format TEXT NOT NULL,"
    "  file_name TEXT NOT NULL, reporting_org INTEGER,"
    "  rows_read INTEGER NOT NULL DEFAULT 0, created INTEGER NOT NULL DEFAULT 0,"
    "  updated INTEGER NOT NULL DEFAULT 0, unchanged INTEGER NOT NULL DEFAULT 0,"
    "  rejected INTEGER NOT NULL DEFAULT 0, committed INTEGER NOT NULL DEFAULT 0);"
    "CREATE TABLE organizations (" OM_RECORD_COLUMNS
    "  name TEXT NOT NULL, acronym TEXT NOT NULL DEFAULT '',"
    "  type TEXT NOT NULL DEFAULT 'other', humanitarian INTEGER NOT NULL DEFAULT 0);"
    "CREATE TABLE organization_names ("
    "  folded TEXT PRIMARY KEY,"
    "  org_id INTEGER NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,"
    "  display TEXT NOT NULL) WITHOUT ROWID;"
    "CREATE TABLE places ("
    "  pcode TEXT PRIMARY KEY, name TEXT NOT NULL, folded_name TEXT NOT NULL,"
    "  level INTEGER NOT NULL CHECK (level BETWEEN 0 AND 3),"
    "  parent_pcode TEXT, country TEXT NOT NULL, lat REAL, lon REAL) WITHOUT ROWID;"
    "CREATE INDEX places_by_parent ON places(parent_pcode, folded_name);"
    "CREATE INDEX places_by_country ON places(country, level, folded_name);"
    "CREATE TABLE sectors ("
    "  code TEXT PRIMARY KEY, name_en TEXT NOT NULL, name_fr TEXT NOT NULL DEFAULT '',"
    "  builtin INTEGER NOT NULL DEFAULT 0) WITHOUT ROWID;"
    "CREATE TABLE activities (" OM_RECORD_COLUMNS
    "  row_key TEXT NOT NULL, key_hash INTEGER NOT NULL UNIQUE,"
    "  external_id TEXT NOT NULL DEFAULT '',"
    "  content_hash INTEGER NOT NULL,"
    "  implementing_org INTEGER REFERENCES organizations(id),"
    "  programme_org INTEGER REFERENCES organizations(id),"
    "  funding_org INTEGER REFERENCES organizations(id),"
    "  sector TEXT REFERENCES sectors(code), title TEXT NOT NULL DEFAULT '',"
    "  description TEXT NOT NULL DEFAULT '',"
    "  place TEXT, adm0 TEXT, adm1 TEXT, adm2 TEXT, adm3 TEXT,"
    "  location_name TEXT NOT NULL DEFAULT '', lat REAL, lon REAL,"
    "  start_date TEXT, end_date TEXT, status TEXT NOT NULL DEFAULT 'unknown',"
    "  targeted_total INTEGER, targeted_women INTEGER, targeted_men INTEGER,"
    "  targeted_girls INTEGER, targeted_boys INTEGER, targeted_children INTEGER,"
    "  targeted_adults INTEGER,"
    "  reached_total INTEGER, reached_women INTEGER, reached_men INTEGER,"
    "  reached_girls INTEGER, reached_boys INTEGER, reached_children INTEGER,"
    "  reached_adults INTEGER,"
    "  budget_cents INTEGER, budget_currency TEXT);"
    "CREATE INDEX activities_by_adm1 ON activities(adm1);"
    "CREATE INDEX activities_by_adm2 ON activities(adm2);"
    "CREATE INDEX activities_by_sector ON activities(sector);"
    "CREATE INDEX activities_by_implementer ON activities(implementing_org);";

// Identity, access and audit (issue 4). Secrets are stored only as hashes. The audit log is
// append-only (triggers refuse UPDATE and DELETE) and hash-chained; audit_anchor keeps the
// count and head hash so that removing the newest entries is detected too. counters hold
// version numbers that caches compare: `data` changes with activities and the registry, `auth`
// with users, tokens, sessions and releases (audit appends change neither).
constexpr const char* kAccess =
    "ALTER TABLE activities ADD COLUMN contact TEXT NOT NULL DEFAULT '';"
    "ALTER TABLE activities ADD COLUMN sensitive INTEGER NOT NULL DEFAULT 1;"
    // Records already held for humanitarian organizations move behind the firewall.
    "UPDATE activities SET compartment = CASE WHEN sector IN ('PRO', 'CP', 'GBV')"
    "  THEN 'protection' ELSE 'humanitarian' END WHERE compartment = 'none'"
    "  AND org_id IN (SELECT id FROM organizations WHERE humanitarian = 1);"
    "UPDATE activities SET sensitive = 3 WHERE compartment = 'protection';"
    "CREATE INDEX activities_by_compartment ON activities(compartment, org_id);"
    "CREATE TABLE counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;"
    "INSERT INTO counters VALUES ('data', 1), ('auth', 1);"
    "CREATE TABLE users ("
    "  id INTEGER PRIMARY KEY, created_at TEXT NOT NULL, updated_at TEXT NOT NULL,"
    "  version INTEGER NOT NULL DEFAULT 1,"
    "  username TEXT NOT NULL UNIQUE COLLATE NOCASE, display_name TEXT NOT NULL DEFAULT '',"
    "  org_id INTEGER NOT NULL REFERENCES organizations(id),"
    "  roles TEXT NOT NULL DEFAULT '', compartments TEXT NOT NULL DEFAULT '',"
    "  password_hash TEXT NOT NULL, disabled INTEGER NOT NULL DEFAULT 0,"
    "  failed_logins INTEGER NOT NULL DEFAULT 0, next_attempt_at TEXT NOT NULL DEFAULT '',"
    "  locked_until TEXT NOT NULL DEFAULT '', last_login_at TEXT NOT NULL DEFAULT '');"
    "CREATE TABLE sessions ("
    "  token_hash TEXT PRIMARY KEY,"
    "  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
    "  created_at TEXT NOT NULL, expires_at TEXT NOT NULL, last_seen_at TEXT NOT NULL)"
    "  WITHOUT ROWID;"
    "CREATE INDEX sessions_by_user ON sessions(user_id);"
    "CREATE TABLE api_tokens ("
    "  id INTEGER PRIMARY KEY, user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
    "  name TEXT NOT NULL DEFAULT '', token_hash TEXT NOT NULL UNIQUE,"
    "  created_at TEXT NOT NULL, last_used_at TEXT NOT NULL DEFAULT '',"
    "  revoked_at TEXT NOT NULL DEFAULT '');"
    "CREATE TABLE releases ("
    "  id INTEGER PRIMARY KEY, created_at TEXT NOT NULL, updated_at TEXT NOT NULL,"
    "  version INTEGER NOT NULL DEFAULT 1, org_id INTEGER REFERENCES organizations(id),"
    "  compartment TEXT NOT NULL, sector TEXT NOT NULL DEFAULT '', place TEXT NOT NULL DEFAULT '',"
    "  from_date TEXT NOT NULL DEFAULT '', to_date TEXT NOT NULL DEFAULT '',"
    "  recipient_orgs TEXT NOT NULL DEFAULT '', recipient_roles TEXT NOT NULL DEFAULT '',"
    "  level TEXT NOT NULL CHECK (level = 'aggregate' OR level = 'full'),"
    "  reason TEXT NOT NULL, expires_at TEXT NOT NULL,"
    "  created_by INTEGER NOT NULL REFERENCES users(id),"
    "  revoked_at TEXT NOT NULL DEFAULT '', revoked_by INTEGER);"
    "CREATE TABLE audit_log ("
    "  seq INTEGER PRIMARY KEY, at TEXT NOT NULL, user_id INTEGER NOT NULL DEFAULT 0,"
    "  username TEXT NOT NULL DEFAULT '', org_id INTEGER NOT NULL DEFAULT 0,"
    "  action TEXT NOT NULL, endpoint TEXT NOT NULL DEFAULT '', detail TEXT NOT NULL DEFAULT '{}',"
    "  prev_hash TEXT NOT NULL, hash TEXT NOT NULL);"
    "CREATE INDEX audit_by_action ON audit_log(action, seq);"
    "CREATE INDEX audit_by_user ON audit_log(user_id, seq);"
    "CREATE TABLE audit_anchor ("
    "  id INTEGER PRIMARY KEY CHECK (id = 1), count INTEGER NOT NULL, head TEXT NOT NULL);"
    "INSERT INTO audit_anchor VALUES (1, 0, '');"
    "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log"
    "  BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;"
    "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log"
    "  BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;";

// Reads of activities are answered from the in-memory cube (analysis/activity_cube.h) or by id;
// the SQL that remains (exports, the CLI list) scans in id order. These secondary indexes served
// no query and cost every imported row five B-tree inserts (about half of the insert's time).
constexpr const char* kLeanActivities =
    "DROP INDEX activities_by_adm1;"
    "DROP INDEX activities_by_adm2;"
    "DROP INDEX activities_by_sector;"
    "DROP INDEX activities_by_implementer;"
    "DROP INDEX activities_by_compartment;";

// The server writes audited reads to a journal file first (store/audit_journal.h) and copies
// them here in batches; this is the number of the last journal entry copied.
constexpr const char* kAuditJournal =
    "ALTER TABLE audit_anchor ADD COLUMN journal_applied INTEGER NOT NULL DEFAULT 0;";

// An upsert by key tells an unchanged row by comparing its columns (UpdateByKeySql) instead of a
// stored hash of them. The hash wrote coordinates with six decimals, so a finer correction of one
// hashed the same and was reported unchanged, never written; and it cost every imported row a
// pass over all its text. Dropping the column rewrites the table once.
constexpr const char* kNoContentHash = "ALTER TABLE activities DROP COLUMN content_hash;";

// The audit log's reader (ListAudit) filters by action and user in one statement for every
// combination, so SQLite's plan scans the log by seq (newest first) and never used these two
// indexes; they cost every audited request two B-tree inserts on the journal's thread.
constexpr const char* kLeanAuditLog =
    "DROP INDEX audit_by_action;"
    "DROP INDEX audit_by_user;";

// KeyHash no longer hashes keys that are already digests (ImportRowKey's 32 hex digits): it reads
// their first 8 bytes. The stored values of those keys are rewritten to match.
constexpr const char* kKeyHashFromDigest =
    "UPDATE activities SET key_hash = om_key_hash(row_key)"
    " WHERE length(row_key) = 32 AND row_key NOT GLOB '*[^0-9a-f]*';";

// An import loads the places of a country to match its rows (ListCountryPlaces: p-code, name,
// level, parent). With those in the country index, the load reads the index alone instead of
// seeking each place in the table too: a third of the time for some 16% more database.
constexpr const char* kCoveringPlaceIndex =
    "DROP INDEX places_by_country;"
    "CREATE INDEX places_by_country ON places(country, level, folded_name, name, parent_pcode);";

#undef OM_RECORD_COLUMNS

}  // namespace

const std::vector<Migration>& Migrations() {
  static const std::vector<Migration> kMigrations = {
      {1, "registry and activities", kInitial},
      {2, "identity, access and audit", kAccess},
      {3, "activities without unused secondary indexes", kLeanActivities},
      {4, "audit journal position", kAuditJournal},
      {5, "activities without a content hash", kNoContentHash},
      {6, "audit log without unused indexes", kLeanAuditLog},
      {7, "row key hashes read from the row digests", kKeyHashFromDigest},
      {8, "places by country with what matching reads", kCoveringPlaceIndex},
  };
  return kMigrations;
}

}  // namespace om::sqlite
