// SqliteStore: the Store on an embedded SQLite database (WAL, foreign keys on, statements
// prepared once per connection). Registry tables live in sqlite_store.cc, activities in
// activity_table.cc, so each file owns one concept.
#pragma once

#include <memory>
#include <string>

#include "store/sqlite/db.h"
#include "store/store.h"

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
  Status Commit() override;
  void Rollback() override;
  Result<int64_t> DataVersion() override;

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
  Result<Activity> GetActivity(Id id) override;
  Result<Activity> UpdateActivity(Activity activity, int64_t expected_version) override;
  Status DeleteActivity(Id id, int64_t expected_version) override;
  Result<UpsertOutcome> UpsertActivityByKey(Activity& activity) override;
  Result<ActivityPage> ListActivities(const ActivityFilter& filter, int limit, Id after) override;
  Result<Summary> SummarizeActivities(const ActivityFilter& filter,
                                      const std::vector<SummaryKey>& by) override;
  Result<int64_t> CountActivities() override;
  Result<std::vector<ActivityFact>> ListActivityFacts() override;
  Result<std::unordered_map<std::string, PlaceInfo>> PlaceCatalog() override;

  Result<Id> CreateImportBatch(const ImportBatch& batch) override;
  Status FinishImportBatch(const ImportBatch& batch) override;

 private:
  Status ApplyMigration(int number, const char* sql);
  Organization ReadOrganization(const Stmt& s);

  std::unique_ptr<Db> db_;
  Stmt* upsert_insert_ = nullptr;  // held for imports; owned by db_
  Stmt* upsert_update_ = nullptr;
  int64_t local_commits_ = 0;  // own commits are not seen by PRAGMA data_version
};

}  // namespace om::sqlite
