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
  for (const RecentOrg& r : recent_orgs_) {
    if (r.id != 0 && name == r.name && acronym == r.acronym && type_label == r.type_label) {
      return r.id;
    }
  }
  key_.clear();
  key_.append(name).append(1, '\x1f').append(acronym).append(1, '\x1f').append(type_label);
  Id id = 0;
  if (auto it = resolved_.find(key_); it != resolved_.end()) {
    id = it->second;
  } else {
    OM_TRY(id, Resolve(name, acronym, type_label));
    resolved_.emplace(key_, id);
  }
  RecentOrg& r = recent_orgs_[next_recent_org_++ % recent_orgs_.size()];
  r.name.assign(name);
  r.acronym.assign(acronym);
  r.type_label.assign(type_label);
  r.id = id;
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
  if (has_last_sector_ && label == last_sector_label_ && code == last_sector_code_) {
    return last_sector_;
  }
  key_.clear();
  key_.append(Trim(label)).append(1, '\x1f').append(Trim(code));
  if (auto it = sectors_.find(key_); it != sectors_.end()) {
    RememberSector(label, code, it->second);
    return it->second;
  }
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
  RememberSector(label, code, sector);
  return sector;
}

void RegistryCache::RememberSector(std::string_view label, std::string_view code,
                                   const std::string& sector) {
  last_sector_label_.assign(label);
  last_sector_code_.assign(code);
  last_sector_ = sector;
  has_last_sector_ = true;
}

}  // namespace om
