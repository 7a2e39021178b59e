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
  Status BeginBulk() override { return Locked(&Store::BeginBulk); }
  Status Commit() override { return Locked(&Store::Commit); }
  void Rollback() override { Locked(&Store::Rollback); }
  Result<int64_t> DataVersion() override { return Locked(&Store::DataVersion); }
  Result<int64_t> AuthVersion() override { return Locked(&Store::AuthVersion); }
  Status PinVersions() override { return Locked(&Store::PinVersions); }
  void UnpinVersions() override { Locked(&Store::UnpinVersions); }

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
  Result<Activity> GetActivity(const Principal& p, Id id) override {
    return Locked(&Store::GetActivity, p, id);
  }
  Result<Activity> UpdateActivity(const Principal& p, Activity activity,
                                  int64_t expected_version) override {
    return Locked(&Store::UpdateActivity, p, std::move(activity), expected_version);
  }
  Status DeleteActivity(const Principal& p, Id id, int64_t expected_version) override {
    return Locked(&Store::DeleteActivity, p, id, expected_version);
  }
  Result<UpsertOutcome> UpsertActivityByKey(Activity& activity,
                                            const UpsertDigests& digests) override {
    std::lock_guard lock(mutex_);
    return store_.UpsertActivityByKey(activity, digests);
  }
  Result<ActivityPage> ListActivities(const Principal& p, const ActivityFilter& filter, int limit,
                                      Id after) override {
    return Locked(&Store::ListActivities, p, filter, limit, after);
  }
  Result<ActivityPage> ListActivityPage(const Principal& p, const ActivityFilter& filter, int limit,
                                        Id after) override {
    return Locked(&Store::ListActivityPage, p, filter, limit, after);
  }
  Result<std::vector<Activity>> GetActivities(const Principal& p,
                                              const std::vector<Id>& ids) override {
    return Locked(&Store::GetActivities, p, ids);
  }
  Result<Summary> SummarizeActivities(const Principal& p, const ActivityFilter& filter,
                                      const std::vector<SummaryKey>& by) override {
    return Locked(&Store::SummarizeActivities, p, filter, by);
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

  Result<User> CreateUser(User user) override {
    return Locked(&Store::CreateUser, std::move(user));
  }
  Result<User> GetUser(Id id) override { return Locked(&Store::GetUser, id); }
  Result<std::optional<User>> FindUser(std::string_view username) override {
    return Locked(&Store::FindUser, username);
  }
  Result<std::vector<User>> ListUsers() override { return Locked(&Store::ListUsers); }
  Status UpdateUser(const User& user) override { return Locked(&Store::UpdateUser, user); }
  Status RecordLoginAttempt(const User& user) override {
    return Locked(&Store::RecordLoginAttempt, user);
  }
  Status CreateSession(const Session& session) override {
    return Locked(&Store::CreateSession, session);
  }
  Result<std::optional<Session>> GetSession(std::string_view token_hash) override {
    return Locked(&Store::GetSession, token_hash);
  }
  Status TouchSession(std::string_view token_hash, std::string_view at) override {
    return Locked(&Store::TouchSession, token_hash, at);
  }
  Status DeleteSession(std::string_view token_hash) override {
    return Locked(&Store::DeleteSession, token_hash);
  }
  Status DeleteUserSessions(Id user) override { return Locked(&Store::DeleteUserSessions, user); }
  Status DeleteExpiredSessions(std::string_view now) override {
    return Locked(&Store::DeleteExpiredSessions, now);
  }
  Result<ApiToken> CreateApiToken(ApiToken token) override {
    return Locked(&Store::CreateApiToken, std::move(token));
  }
  Result<std::optional<ApiToken>> FindApiToken(std::string_view token_hash) override {
    return Locked(&Store::FindApiToken, token_hash);
  }
  Result<ApiToken> GetApiToken(Id id) override { return Locked(&Store::GetApiToken, id); }
  Result<std::vector<ApiToken>> ListApiTokens(Id user) override {
    return Locked(&Store::ListApiTokens, user);
  }
  Status RevokeApiToken(Id id, std::string_view at) override {
    return Locked(&Store::RevokeApiToken, id, at);
  }
  Status TouchApiToken(Id id, std::string_view at) override {
    return Locked(&Store::TouchApiToken, id, at);
  }
  Result<Release> CreateRelease(Release release) override {
    return Locked(&Store::CreateRelease, std::move(release));
  }
  Result<Release> GetRelease(Id id) override { return Locked(&Store::GetRelease, id); }
  Result<std::vector<Release>> ListReleases() override { return Locked(&Store::ListReleases); }
  Status RevokeRelease(Id id, Id by, std::string_view at) override {
    return Locked(&Store::RevokeRelease, id, by, at);
  }
  Status AppendAuditBatch(std::vector<AuditEntry>& entries) override {
    return Locked(&Store::AppendAuditBatch, entries);
  }
  Result<std::vector<AuditEntry>> ListAudit(const AuditQuery& query) override {
    return Locked(&Store::ListAudit, query);
  }
  Status ScanAudit(const std::function<bool(const AuditEntry&)>& visit) override {
    return Locked(&Store::ScanAudit, visit);
  }
  Result<std::pair<int64_t, std::string>> AuditAnchor() override {
    return Locked(&Store::AuditAnchor);
  }
  Result<int64_t> AuditJournalApplied() override { return Locked(&Store::AuditJournalApplied); }
  Status SetAuditJournalApplied(int64_t jseq) override {
    return Locked(&Store::SetAuditJournalApplied, jseq);
  }
};

}  // namespace om
