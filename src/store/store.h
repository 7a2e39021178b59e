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
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/status.h"
#include "domain/activity.h"
#include "domain/activity_query.h"
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
  virtual Status Commit() = 0;
  virtual void Rollback() = 0;
  // Changes whenever any connection commits to the database; cheap. For response caches.
  virtual Result<int64_t> DataVersion() = 0;

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
  // Every place of one country (ISO3), any level, by its index (imports load one at a time).
  virtual Result<std::vector<Place>> ListCountryPlaces(std::string_view iso3) = 0;

  // Sectors.
  virtual Status UpsertSector(const Sector& sector) = 0;
  virtual Result<std::vector<Sector>> ListSectors() = 0;

  // Activities.
  virtual Result<Activity> CreateActivity(Activity activity) = 0;
  virtual Result<Activity> GetActivity(Id id) = 0;
  // Replaces the activity when its stored version equals expected_version (0 = any);
  // FailedPrecondition otherwise.
  virtual Result<Activity> UpdateActivity(Activity activity, int64_t expected_version) = 0;
  virtual Status DeleteActivity(Id id, int64_t expected_version) = 0;
  // Inserts, or updates the activity with the same row_key when its content differs.
  virtual Result<UpsertOutcome> UpsertActivityByKey(Activity& activity) = 0;
  virtual Result<ActivityPage> ListActivities(const ActivityFilter& filter, int limit,
                                              Id after) = 0;
  virtual Result<Summary> SummarizeActivities(const ActivityFilter& filter,
                                              const std::vector<SummaryKey>& by) = 0;
  virtual Result<int64_t> CountActivities() = 0;
  // Every activity reduced to the facts roll-ups use (for ActivityCube).
  virtual Result<std::vector<ActivityFact>> ListActivityFacts() = 0;
  // p-code -> admin level and folded name of every place.
  virtual Result<std::unordered_map<std::string, PlaceInfo>> PlaceCatalog() = 0;

  virtual Result<Id> CreateImportBatch(const ImportBatch& batch) = 0;
  virtual Status FinishImportBatch(const ImportBatch& batch) = 0;

 private:
  static uint64_t NextInstance();
  const uint64_t instance_ = NextInstance();
};

Result<std::unique_ptr<Store>> OpenSqliteStore(const std::string& path);
// A private in-memory database (SQLite ":memory:"), migrated, for unit tests.
Result<std::unique_ptr<Store>> OpenMemoryStore();

}  // namespace om
