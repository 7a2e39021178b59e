// SqliteStore: the Store on an embedded SQLite database (WAL, foreign keys on, statements
// prepared once per connection). Registry tables live in sqlite_store.cc, activities in
// activity_table.cc, so each file owns one concept.
#pragma once

#include <array>
#include <memory>
#include <optional>
#include <string>
#include <unordered_set>

#include "store/sqlite/db.h"
#include "store/store.h"

namespace om {
namespace sqlite {
class Checkpointer;
}
// A connection whose write-ahead log `checkpointer` copies back on its own thread (null: SQLite
// checkpoints in the commits themselves, as OpenSqliteStore(path) does), with a page cache of up
// to `cache_mib` (a connection that only appends needs little).
Result<std::unique_ptr<Store>> OpenSqliteStore(const std::string& path,
                                               sqlite::Checkpointer* checkpointer,
                                               int cache_mib = 64);
}  // namespace om

namespace om::sqlite {

// Activity row mapping shared by activity_table.cc and activity_query.cc.
const char* ActivityColumnList();
Activity ReadActivityRow(const Stmt& s);

class SqliteStore : public Store {
 public:
  explicit SqliteStore(std::unique_ptr<Db> db) : db_(std::move(db)) {}

  Status Migrate() override;
  Result<int> SchemaVersion() override;
  Status Begin() override;
  Status BeginBulk() override;
  Status Commit() override;
  void Rollback() override;
  Result<int64_t> DataVersion() override;
  Result<int64_t> AuthVersion() override;
  Status PinVersions() override;
  void UnpinVersions() override { pinned_.reset(); }

  Result<Organization> CreateOrganization(Organization org) override;
  Result<Organization> GetOrganization(Id id) override;
  Result<std::vector<Organization>> ListOrganizations() override;
  Result<Id> FindOrganizationByName(std::string_view name) override;
  Status AddOrganizationAlias(Id id, std::string_view alias) override;
  Result<std::vector<std::pair<std::string, Id>>> ListOrganizationAliases() override;

  Status UpsertPlaces(const std::vector<Place>& places, int64_t* created,
                      int64_t* updated) override;
  Result<std::optional<Place>> GetPlace(std::string_view pcode) override;
  Result<std::vector<Place>> ListPlaces(const PlaceFilter& filter) override;
  Result<std::vector<Place>> ListCountryPlaces(std::string_view iso3) override;

  Status UpsertSector(const Sector& sector) override;
  Result<std::vector<Sector>> ListSectors() override;

  Result<Activity> CreateActivity(Activity activity) override;
  Result<Activity> GetActivity(const Principal& p, Id id) override;
  Result<Activity> UpdateActivity(const Principal& p, Activity activity,
                                  int64_t expected_version) override;
  Status DeleteActivity(const Principal& p, Id id, int64_t expected_version) override;
  Result<UpsertOutcome> UpsertActivityByKey(Activity& activity,
                                            const UpsertDigests& digests) override;
  Result<ActivityPage> ListActivities(const Principal& p, const ActivityFilter& filter, int limit,
                                      Id after) override;
  Result<ActivityPage> ListActivityPage(const Principal& p, const ActivityFilter& filter, int limit,
                                        Id after) override;
  Result<std::vector<Activity>> GetActivities(const Principal& p,
                                              const std::vector<Id>& ids) override;
  Result<Summary> SummarizeActivities(const Principal& p, const ActivityFilter& filter,
                                      const std::vector<SummaryKey>& by) override;
  Result<int64_t> CountActivities() override;
  Result<std::vector<ActivityFact>> ListActivityFacts() override;
  Result<std::unordered_map<std::string, PlaceInfo>> PlaceCatalog() override;

  Result<Id> CreateImportBatch(const ImportBatch& batch) override;
  Status FinishImportBatch(const ImportBatch& batch) override;

  Result<User> CreateUser(User user) override;
  Result<User> GetUser(Id id) override;
  Result<std::optional<User>> FindUser(std::string_view username) override;
  Result<std::vector<User>> ListUsers() override;
  Status UpdateUser(const User& user) override;
  Status RecordLoginAttempt(const User& user) override;
  Status CreateSession(const Session& session) override;
  Result<std::optional<Session>> GetSession(std::string_view token_hash) override;
  Status TouchSession(std::string_view token_hash, std::string_view at) override;
  Status DeleteSession(std::string_view token_hash) override;
  Status DeleteUserSessions(Id user) override;
  Status DeleteExpiredSessions(std::string_view now) override;
  Result<ApiToken> CreateApiToken(ApiToken token) override;
  Result<std::optional<ApiToken>> FindApiToken(std::string_view token_hash) override;
  Result<ApiToken> GetApiToken(Id id) override;
  Result<std::vector<ApiToken>> ListApiTokens(Id user) override;
  Status RevokeApiToken(Id id, std::string_view at) override;
  Status TouchApiToken(Id id, std::string_view at) override;
  Result<Release> CreateRelease(Release release) override;
  Result<Release> GetRelease(Id id) override;
  Result<std::vector<Release>> ListReleases() override;
  Status RevokeRelease(Id id, Id by, std::string_view at) override;
  Status AppendAuditBatch(std::vector<AuditEntry>& entries) override;
  Result<std::vector<AuditEntry>> ListAudit(const AuditQuery& query) override;
  Status ScanAudit(const std::function<bool(const AuditEntry&)>& visit) override;
  Result<std::pair<int64_t, std::string>> AuditAnchor() override;
  Result<int64_t> AuditJournalApplied() override;
  Status SetAuditJournalApplied(int64_t jseq) override;

  static constexpr unsigned kDataCounter = 1;
  static constexpr unsigned kAuthCounter = 2;
  // Records that the counters (bits above) change with the current write.
  Status Changed(unsigned counters);

 private:
  Status BumpCounters(unsigned counters);
  Result<int64_t> ReadCounter(const char* name);
  // The wal-index header as other connections left it, if it can be read consistently.
  using WalStamp = std::array<char, 48>;
  std::optional<WalStamp> ReadWalStamp();
  Result<ActivityPage> ListActivitiesImpl(const Principal& p, const ActivityFilter& filter,
                                          int limit, Id after, bool count);
  Organization ReadOrganization(const Stmt& s);

  std::unique_ptr<Db> db_;
  unsigned pending_ = 0;  // counters to bump when the open transaction commits
  std::optional<std::pair<int64_t, int64_t>> pinned_;  // data and auth versions (PinVersions)
  // The versions last read by PinVersions, and the wal-index header seen just before.
  std::optional<std::pair<WalStamp, std::pair<int64_t, int64_t>>> last_pin_;
  Stmt* upsert_insert_ = nullptr;  // held for imports; owned by db_
  Stmt* upsert_update_ = nullptr;

  // References of rows written in a BeginBulk() transaction, already found to exist.
  struct BulkReferences {
    std::unordered_set<Id> organizations, batches;
    std::unordered_set<std::string> sectors;
  };
  Status CheckBulkReferences(const Activity& a);
  Status EndBulk();
  std::unique_ptr<BulkReferences> bulk_;  // set while a BeginBulk() transaction is open
};

}  // namespace om::sqlite
