// RegistryCache: organizations and sectors resolved by name during an import, creating those
// not yet known (inside the caller's transaction). Loaded once per import, so a million rows
// cost a million hash lookups, not a million queries.
//
//   OM_TRY(auto cache, RegistryCache::Load(store));
//   OM_TRY(Id org, cache.ResolveOrganization("Save the Children (SCI)", "", "INGO"));
//   OM_TRY(std::string sector, cache.ResolveSector("Agua y saneamiento", ""));
#pragma once

#include <array>
#include <string>
#include <string_view>
#include <unordered_map>

#include "store/store.h"

namespace om {

class RegistryCache {
 public:
  static Result<RegistryCache> Load(Store& store);

  // Finds the organization by its name, its name without a bracketed acronym, or (when no name
  // is given, or the name is itself the acronym) its acronym; creates it when unknown.
  // Returns 0 when both name and acronym are empty.
  Result<Id> ResolveOrganization(std::string_view name, std::string_view acronym,
                                 std::string_view type_label);
  // Built-in cluster when the label or code matches one; otherwise a sector of its own.
  Result<std::string> ResolveSector(std::string_view label, std::string_view code);

  int64_t organizations_created() const { return organizations_created_; }
  int64_t sectors_created() const { return sectors_created_; }

 private:
  explicit RegistryCache(Store& store) : store_(&store) {}
  Id Lookup(std::string_view name) const;
  Result<Id> Resolve(std::string_view name, std::string_view acronym, std::string_view type_label);

  Store* store_;
  std::unordered_map<std::string, Id> orgs_;  // folded alias -> id
  // name|acronym|type as a file wrote them -> what ResolveOrganization answered: files repeat
  // the same few names on every row, and the answer for a name never changes once given.
  std::unordered_map<std::string, Id> resolved_;
  std::unordered_map<std::string, std::string> sectors_;  // label|code -> sector code
  std::string key_;  // scratch for the lookups above, reused so a hit allocates nothing
  // The last answers, as the file wrote their questions: consecutive rows mostly repeat the
  // organizations (implementing, programme, funding: three) and the sector of the row before,
  // and comparing a few strings costs less than building a key and hashing it.
  struct RecentOrg {
    std::string name, acronym, type_label;
    Id id = 0;  // 0: an empty slot
  };
  std::array<RecentOrg, 3> recent_orgs_;
  size_t next_recent_org_ = 0;  // the slot replaced next
  std::string last_sector_label_, last_sector_code_, last_sector_;
  bool has_last_sector_ = false;
  void RememberSector(std::string_view label, std::string_view code, const std::string& sector);
  std::unordered_map<std::string, bool> sector_codes_;
  int64_t organizations_created_ = 0;
  int64_t sectors_created_ = 0;
};

}  // namespace om
