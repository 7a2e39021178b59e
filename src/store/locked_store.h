// LockedStore: one Store shared by threads, one call at a time. An import converts rows on one
// thread (which may create organizations or read places) while another writes activities, both
// inside the same transaction on the same connection.
//
//   LockedStore shared(*store);
//   std::thread worker([&] { shared.GetPlace("AF2307"); });
//   shared.UpsertActivityByKey(activity);
//
// Every call holds one mutex for its duration, so the wrapped store sees one caller at a time.
#pragma once

#include <mutex>

#include "store/store.h"

namespace om {

class LockedStore : public Store {
  // Defined first: the overrides below deduce their return type from it.
  template <typename Method, typename... Args>
  auto Locked(Method method, Args&&... args) {
    std::lock_guard lock(mutex_);
    return (store_.*method)(std::forward<Args>(args)...);
  }

  Store& store_;
  std::mutex mutex_;

 public:
  explicit LockedStore(Store& store) : store_(store) {}

  Status Migrate() override { return Locked(&Store::Migrate); }
  Result<int> SchemaVersion() override { return Locked(&Store::SchemaVersion); }
  Status Begin() override { return Locked(&Store::Begin); }
  Status Commit() override { return Locked(&Store::Commit); }
  void Rollback() override { Locked(&Store::Rollback); }
  Result<int64_t> DataVersion() override { return Locked(&Store::DataVersion); }

  Result<Organization> CreateOrganization(Organization org) override {
    return Locked(&Store::CreateOrganization, std::move(org));
  }
  Result<Organization> GetOrganization(Id id) override {
    return Locked(&Store::GetOrganization, id);
  }
  Result<std::vector<Organization>> ListOrganizations() override {
    return Locked(&Store::ListOrganizations);
  }
  Result<Id> FindOrganizationByName(std::string_view name) override {
    return Locked(&Store::FindOrganizationByName, name);
  }
  Status AddOrganizationAlias(Id id, std::string_view alias) override {
    return Locked(&Store::AddOrganizationAlias, id, alias);
  }
  Result<std::vector<std::pair<std::string, Id>>> ListOrganizationAliases() override {
    return Locked(&Store::ListOrganizationAliases);
  }

  Status UpsertPlaces(const std::vector<Place>& places, int64_t* created,
                      int64_t* updated) override {
    return Locked(&Store::UpsertPlaces, places, created, updated);
  }
  Result<std::optional<Place>> GetPlace(std::string_view pcode) override {
    return Locked(&Store::GetPlace, pcode);
  }
  Result<std::vector<Place>> ListPlaces(const PlaceFilter& filter) override {
    return Locked(&Store::ListPlaces, filter);
  }
  Result<std::vector<Place>> ListCountryPlaces(std::string_view iso3) override {
    return Locked(&Store::ListCountryPlaces, iso3);
  }

  Status UpsertSector(const Sector& sector) override {
    return Locked(&Store::UpsertSector, sector);
  }
  Result<std::vector<Sector>> ListSectors() override { return Locked(&Store::ListSectors); }

  Result<Activity> CreateActivity(Activity activity) override {
    return Locked(&Store::CreateActivity, std::move(activity));
  }
  Result<Activity> GetActivity(Id id) override { return Locked(&Store::GetActivity, id); }
  Result<Activity> UpdateActivity(Activity activity, int64_t expected_version) override {
    return Locked(&Store::UpdateActivity, std::move(activity), expected_version);
  }
  Status DeleteActivity(Id id, int64_t expected_version) override {
    return Locked(&Store::DeleteActivity, id, expected_version);
  }
  Result<UpsertOutcome> UpsertActivityByKey(Activity& activity) override {
    std::lock_guard lock(mutex_);
    return store_.UpsertActivityByKey(activity);
  }
  Result<ActivityPage> ListActivities(const ActivityFilter& filter, int limit, Id after) override {
    return Locked(&Store::ListActivities, filter, limit, after);
  }
  Result<Summary> SummarizeActivities(const ActivityFilter& filter,
                                      const std::vector<SummaryKey>& by) override {
    return Locked(&Store::SummarizeActivities, filter, by);
  }
  Result<int64_t> CountActivities() override { return Locked(&Store::CountActivities); }
  Result<std::vector<ActivityFact>> ListActivityFacts() override {
    return Locked(&Store::ListActivityFacts);
  }
  Result<std::unordered_map<std::string, PlaceInfo>> PlaceCatalog() override {
    return Locked(&Store::PlaceCatalog);
  }

  Result<Id> CreateImportBatch(const ImportBatch& batch) override {
    return Locked(&Store::CreateImportBatch, batch);
  }
  Status FinishImportBatch(const ImportBatch& batch) override {
    return Locked(&Store::FinishImportBatch, batch);
  }
};

}  // namespace om
