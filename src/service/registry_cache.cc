#include "service/registry_cache.h"

#include "core/text.h"
#include "domain/sector_match.h"

namespace om {

Result<RegistryCache> RegistryCache::Load(Store& store) {
  RegistryCache cache(store);
  OM_TRY(auto aliases, store.ListOrganizationAliases());
  for (auto& [folded, id] : aliases) cache.orgs_.emplace(std::move(folded), id);
  OM_TRY(auto sectors, store.ListSectors());
  for (const Sector& s : sectors) cache.sector_codes_[s.code] = true;
  return cache;
}

Id RegistryCache::Lookup(std::string_view name) const {
  std::string folded = FoldName(name);
  if (folded.empty()) return 0;
  auto it = orgs_.find(folded);
  return it == orgs_.end() ? 0 : it->second;
}

Result<Id> RegistryCache::ResolveOrganization(std::string_view name, std::string_view acronym,
                                              std::string_view type_label) {
  if (name.empty() && acronym.empty()) return Id{0};  // most rows name no funder or programme
  key_.clear();
  key_.append(name).append(1, '\x1f').append(acronym).append(1, '\x1f').append(type_label);
  if (auto it = resolved_.find(key_); it != resolved_.end()) return it->second;
  OM_TRY(Id id, Resolve(name, acronym, type_label));
  resolved_.emplace(key_, id);
  return id;
}

Result<Id> RegistryCache::Resolve(std::string_view name, std::string_view acronym,
                                  std::string_view type_label) {
  auto [bare, bracketed] = SplitAcronym(name);
  std::string short_name = bracketed.empty() ? std::string(Trim(acronym)) : bracketed;
  if (Id id = Lookup(name)) return id;
  if (!bracketed.empty()) {
    if (Id id = Lookup(bare)) return id;
  }
  bool name_is_acronym = !short_name.empty() && FoldName(name) == FoldName(short_name);
  if (Trim(name).empty() || name_is_acronym) {
    if (Id id = Lookup(short_name)) return id;
  }
  if (Trim(name).empty() && short_name.empty()) return Id{0};

  Organization org;
  org.name = Trim(name).empty() ? short_name : bare;
  org.acronym = short_name;
  org.type = GuessOrgType(type_label);
  // Organizations reported in humanitarian 3W files are humanitarian actors unless they are
  // government or mission bodies.
  org.humanitarian = org.type != OrgType::kGovernment && org.type != OrgType::kMissionComponent;
  OM_TRY(Organization created, store_->CreateOrganization(org));
  ++organizations_created_;
  for (std::string_view alias :
       {std::string_view(name), std::string_view(bare), std::string_view(short_name)}) {
    std::string folded = FoldName(alias);
    if (!folded.empty()) orgs_.emplace(folded, created.meta.id);  // first owner keeps it
  }
  return created.meta.id;
}

Result<std::string> RegistryCache::ResolveSector(std::string_view label, std::string_view code) {
  key_.clear();
  key_.append(Trim(label)).append(1, '\x1f').append(Trim(code));
  if (auto it = sectors_.find(key_); it != sectors_.end()) return it->second;
  std::string sector;
  std::string upper_code = ToUpperAscii(Trim(code));
  if (sector_codes_.count(upper_code)) sector = upper_code;  // a code we exported ourselves
  if (sector.empty()) sector = MatchBuiltinSector(label);
  if (sector.empty()) sector = MatchBuiltinSector(code);
  if (sector.empty() && !Trim(label).empty()) sector = SectorCodeFor(label);
  if (sector.empty() && !Trim(code).empty()) sector = SectorCodeFor(code);
  if (!sector.empty() && !sector_codes_.count(sector)) {
    std::string name(Trim(label).empty() ? Trim(code) : Trim(label));
    OM_RETURN_IF_ERROR(store_->UpsertSector(Sector{sector, name, name, false}));
    sector_codes_[sector] = true;
    ++sectors_created_;
  }
  sectors_.emplace(key_, sector);  // key_ is still this label and code
  return sector;
}

}  // namespace om
