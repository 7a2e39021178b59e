// Store: the one interface through which records are read and written.
//
//   OM_TRY(auto store, OpenSqliteStore("onemission.db"));   // or OpenMemoryStore() in tests
//   OM_RETURN_IF_ERROR(store->Migrate());
//   OM_TRY(auto page, store->ListActivities(filter, 50, /*after=*/0));
//
// A Store object is one connection: use it from one thread at a time (the server keeps one per
// worker thread). Several Stores may share one database file; SQLite serializes writers.
// Transactions: Begin()/Commit()/Rollback() group writes; a write outside a transaction commits
// by itself. Failed writes inside a transaction leave it open for the caller to roll back.
//
// Access: every read of activities takes the caller's Principal and returns only what the
// policy (domain/access.h) lets it see, with sensitive fields removed; a record the caller may
// not see is NotFound, exactly as if it did not exist. Principal::System() is for the local
// command line and internal jobs.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/status.h"
#include "domain/access.h"
#include "domain/activity.h"
#include "domain/activity_query.h"
#include "domain/identity.h"
#include "domain/registry.h"

namespace om {

struct ActivityPage {
  std::vector<Activity> items;
  int64_t total = 0;  // all matches of the filter
  Id next_after = 0;  // 0 = no further page
};

struct PlaceFilter {
  std::string country;  // ISO3, "" = any
  int level = -1;       // -1 = any
  std::string parent;   // parent p-code
  std::string q;        // text in the name, or an exact p-code
  int limit = 0;        // 0 = no limit
  std::string after;    // p-code cursor: places after this one, in p-code order
};

enum class UpsertOutcome { kCreated, kUpdated, kUnchanged };

// What an upsert by key stores besides the activity: a hash of its row key (the unique index).
// Computing it needs no store, so the import does it on its converting thread, off the one that
// writes.
struct UpsertDigests {
  int64_t key = 0;
};
UpsertDigests DigestForUpsert(const Activity& activity);
// The same for an activity whose row key is this digest in hex (ImportRowKey): taken from the
// digest's bytes instead of read back from the hex.
UpsertDigests DigestForUpsert(const std::array<uint8_t, 16>& key_digest);

struct ImportBatch {
  Id id = 0;
  std::string format;
  std::string file_name;
  Id reporting_org = 0;
  int64_t read = 0, created = 0, updated = 0, unchanged = 0, rejected = 0;
  bool committed = false;
};

class Store {
 public:
  virtual ~Store() = default;
  // Unique per Store object in this process (never reused), for caches keyed by connection.
  uint64_t instance() const { return instance_; }

  virtual Status Migrate() = 0;
  virtual Result<int> SchemaVersion() = 0;

  virtual Status Begin() = 0;
  // Begins a transaction for loading many activities (imports): what each row refers to
  // (organizations, sector, import batch) is checked once per distinct value, when first seen,
  // instead of once per row. Commit() and Rollback() end it as any transaction.
  virtual Status BeginBulk() = 0;
  virtual Status Commit() = 0;
  virtual void Rollback() = 0;
  // Changes whenever activities or the registry change (any connection); cheap. For caches.
  // Audit appends and logins do not change it.
  virtual Result<int64_t> DataVersion() = 0;
  // Changes whenever users, tokens, sessions (ended) or releases change.
  virtual Result<int64_t> AuthVersion() = 0;
  // Reads both versions in one query and answers DataVersion()/AuthVersion() from that reading
  // until UnpinVersions() or a write on this connection: one query per HTTP request, however
  // many caches it consults.
  virtual Status PinVersions() = 0;
  virtual void UnpinVersions() = 0;

  // Organizations. Names are folded (case, spacing, accents) and acronyms recorded as aliases.
  virtual Result<Organization> CreateOrganization(Organization org) = 0;
  virtual Result<Organization> GetOrganization(Id id) = 0;
  virtual Result<std::vector<Organization>> ListOrganizations() = 0;
  // Looks an organization up by any folded name or acronym it is known by; 0 when unknown.
  virtual Result<Id> FindOrganizationByName(std::string_view name) = 0;
  virtual Status AddOrganizationAlias(Id id, std::string_view alias) = 0;
  // Every (folded name or acronym, organization id) pair, for import caches.
  virtual Result<std::vector<std::pair<std::string, Id>>> ListOrganizationAliases() = 0;

  // Places.
  virtual Status UpsertPlaces(const std::vector<Place>& places, int64_t* created,
                              int64_t* updated) = 0;
  virtual Result<std::optional<Place>> GetPlace(std::string_view pcode) = 0;
  virtual Result<std::vector<Place>> ListPlaces(const PlaceFilter& filter) = 0;
  // Every place of one country (ISO3), any level, by its index, for matching (imports load one
  // country at a time): p-code, name, level, parent and country, without centroids.
  virtual Result<std::vector<Place>> ListCountryPlaces(std::string_view iso3) = 0;

  // Sectors.
  virtual Status UpsertSector(const Sector& sector) = 0;
  virtual Result<std::vector<Sector>> ListSectors() = 0;

  // Activities.
  virtual Result<Activity> CreateActivity(Activity activity) = 0;
  // NotFound unless `p` sees the activity in full.
  virtual Result<Activity> GetActivity(const Principal& p, Id id) = 0;
  // Replaces the activity when `p` sees it (NotFound otherwise) and its stored version equals
  // expected_version (0 = any; FailedPrecondition otherwise).
  virtual Result<Activity> UpdateActivity(const Principal& p, Activity activity,
                                          int64_t expected_version) = 0;
  virtual Status DeleteActivity(const Principal& p, Id id, int64_t expected_version) = 0;
  // Inserts, or updates the activity with the same row_key when its content differs.
  // `digests` must be DigestForUpsert(activity).
  virtual Result<UpsertOutcome> UpsertActivityByKey(Activity& activity,
                                                    const UpsertDigests& digests) = 0;
  virtual Result<ActivityPage> ListActivities(const Principal& p, const ActivityFilter& filter,
                                              int limit, Id after) = 0;
  // The activities of `ids` that `p` sees in full, in id order, sensitive fields removed.
  virtual Result<std::vector<Activity>> GetActivities(const Principal& p,
                                                      const std::vector<Id>& ids) = 0;
  // The same page without counting every match (total = -1): for callers that count elsewhere.
  virtual Result<ActivityPage> ListActivityPage(const Principal& p, const ActivityFilter& filter,
                                                int limit, Id after) = 0;
  // Groups `p` sees in full, plus those an aggregate release lets it count (see Summary).
  virtual Result<Summary> SummarizeActivities(const Principal& p, const ActivityFilter& filter,
                                              const std::vector<SummaryKey>& by) = 0;
  virtual Result<int64_t> CountActivities() = 0;
  // Every activity reduced to the facts roll-ups use, with its access fields (for ActivityCube,
  // which applies the policy itself).
  virtual Result<std::vector<ActivityFact>> ListActivityFacts() = 0;
  // p-code -> admin level and folded name of every place.
  virtual Result<std::unordered_map<std::string, PlaceInfo>> PlaceCatalog() = 0;

  virtual Result<Id> CreateImportBatch(const ImportBatch& batch) = 0;
  virtual Status FinishImportBatch(const ImportBatch& batch) = 0;

  // Users. Usernames are unique regardless of case.
  virtual Result<User> CreateUser(User user) = 0;
  virtual Result<User> GetUser(Id id) = 0;
  virtual Result<std::optional<User>> FindUser(std::string_view username) = 0;
  virtual Result<std::vector<User>> ListUsers() = 0;
  // Saves every field of the user (roles, grants, password, disabled, login state).
  virtual Status UpdateUser(const User& user) = 0;
  // Saves only the login-attempt state (failed count, delay, lock, last login).
  virtual Status RecordLoginAttempt(const User& user) = 0;

  virtual Status CreateSession(const Session& session) = 0;
  virtual Result<std::optional<Session>> GetSession(std::string_view token_hash) = 0;
  virtual Status TouchSession(std::string_view token_hash, std::string_view at) = 0;
  virtual Status DeleteSession(std::string_view token_hash) = 0;
  virtual Status DeleteUserSessions(Id user) = 0;
  // Removes sessions that ended before `now`.
  virtual Status DeleteExpiredSessions(std::string_view now) = 0;

  virtual Result<ApiToken> CreateApiToken(ApiToken token) = 0;
  virtual Result<std::optional<ApiToken>> FindApiToken(std::string_view token_hash) = 0;
  virtual Result<ApiToken> GetApiToken(Id id) = 0;
  virtual Result<std::vector<ApiToken>> ListApiTokens(Id user) = 0;  // user 0 = every user
  virtual Status RevokeApiToken(Id id, std::string_view at) = 0;
  virtual Status TouchApiToken(Id id, std::string_view at) = 0;

  // Releases of humanitarian data by the HC. Loaded releases carry their place's admin level.
  virtual Result<Release> CreateRelease(Release release) = 0;
  virtual Result<Release> GetRelease(Id id) = 0;
  virtual Result<std::vector<Release>> ListReleases() = 0;
  virtual Status RevokeRelease(Id id, Id by, std::string_view at) = 0;

  // Audit log: appends assign seq, prev_hash and hash (and `at` when empty), in order. Inside
  // a transaction the entries commit or roll back with it.
  virtual Status AppendAuditBatch(std::vector<AuditEntry>& entries) = 0;
  Result<AuditEntry> AppendAudit(AuditEntry entry) {
    std::vector<AuditEntry> one{std::move(entry)};
    OM_RETURN_IF_ERROR(AppendAuditBatch(one));
    return std::move(one.front());
  }
  struct AuditQuery {
    int64_t before = 0;  // seq cursor, 0 = newest
    int limit = 50;
    std::string action;
    Id user_id = 0;
  };
  // Newest first.
  virtual Result<std::vector<AuditEntry>> ListAudit(const AuditQuery& query) = 0;
  // Every entry in seq order, as stored (for verification); stops when `visit` returns false.
  virtual Status ScanAudit(const std::function<bool(const AuditEntry&)>& visit) = 0;
  // The count and head hash recorded at the last append.
  virtual Result<std::pair<int64_t, std::string>> AuditAnchor() = 0;
  // The number of the last server audit journal entry the log holds (store/audit_journal.h);
  // set in the transaction that appends it.
  virtual Result<int64_t> AuditJournalApplied() = 0;
  virtual Status SetAuditJournalApplied(int64_t jseq) = 0;

 private:
  static uint64_t NextInstance();
  const uint64_t instance_ = NextInstance();
};

Result<std::unique_ptr<Store>> OpenSqliteStore(const std::string& path);
// A private in-memory database (SQLite ":memory:"), migrated, for unit tests.
Result<std::unique_ptr<Store>> OpenMemoryStore();

}  // namespace om
