#include "http/activity_json.h"

#include "core/text.h"

namespace om::http {

namespace json = boost::json;

namespace {

json::value PeopleToJson(const People& p) {
  json::object o;
  const std::pair<const char*, int64_t> kFields[] = {
      {"total", p.total}, {"women", p.women},       {"men", p.men},      {"girls", p.girls},
      {"boys", p.boys},   {"children", p.children}, {"adults", p.adults}};
  for (const auto& [name, value] : kFields) {
    if (value >= 0) o[name] = value;
  }
  return o;
}

json::value DateOrNull(const Date& d) {
  if (d.empty()) return nullptr;
  return json::string(d.ToIso());
}

json::value OptDouble(const std::optional<double>& v) {
  if (!v) return nullptr;
  return *v;
}

}  // namespace

NameCache::NameCache(Store& store) : store_(store) {
  thread_local std::unordered_map<uint64_t, Maps> per_store;
  maps_ = &per_store[store.instance()];
  auto version = store.DataVersion();
  int64_t current = version.ok() ? *version : -2;
  if (maps_->data_version != current || current == -2) {
    *maps_ = Maps{};
    maps_->store_instance = store.instance();
    maps_->data_version = current;
  }
}

const std::string& NameCache::PlaceRefText(const std::string& pcode) {
  if (auto it = maps_->place_text.find(pcode); it != maps_->place_text.end()) return it->second;
  return maps_->place_text.emplace(pcode, json::serialize(PlaceRef(pcode))).first->second;
}

const std::string& NameCache::SectorRefText(const std::string& code) {
  if (auto it = maps_->sector_text.find(code); it != maps_->sector_text.end()) return it->second;
  return maps_->sector_text.emplace(code, json::serialize(SectorRef(code))).first->second;
}

const std::string& NameCache::OrgText(Id id) {
  auto [it, inserted] = maps_->org_text.try_emplace(id);
  if (inserted) it->second = json::serialize(Org(id));
  return it->second;
}

json::value NameCache::Org(Id id) {
  if (id == 0) return nullptr;
  auto it = maps_->orgs.find(id);
  if (it != maps_->orgs.end()) return it->second;
  json::value v = nullptr;
  auto org = store_.GetOrganization(id);
  if (org.ok()) v = json::object{{"id", id}, {"name", org->name}, {"acronym", org->acronym}};
  maps_->orgs.emplace(id, v);
  return v;
}

json::value NameCache::PlaceRef(const std::string& pcode) {
  if (pcode.empty()) return nullptr;
  auto it = maps_->places.find(pcode);
  if (it != maps_->places.end()) return it->second;
  json::object o{{"pcode", pcode}, {"name", pcode}, {"level", nullptr}};
  auto place = store_.GetPlace(pcode);
  if (place.ok() && place->has_value()) {
    const Place& p = **place;
    o["name"] = p.name;
    o["level"] = p.level;
    o["lat"] = OptDouble(p.lat);
    o["lon"] = OptDouble(p.lon);
  }
  maps_->places.emplace(pcode, o);
  return o;
}

json::value NameCache::SectorRef(const std::string& code) {
  if (code.empty()) return nullptr;
  if (!maps_->sectors_loaded) {
    maps_->sectors_loaded = true;
    auto all = store_.ListSectors();
    if (all.ok()) {
      for (const Sector& s : *all) {
        maps_->sectors[s.code] =
            json::object{{"code", s.code}, {"name", s.name_en}, {"name_fr", s.name_fr}};
      }
    }
  }
  auto it = maps_->sectors.find(code);
  if (it != maps_->sectors.end()) return it->second;
  return json::object{{"code", code}, {"name", code}};
}

json::object ActivityToJson(const Activity& a, NameCache& names) {
  json::object o;
  o["id"] = a.meta.id;
  o["version"] = a.meta.version;
  o["created_at"] = a.meta.created_at;
  o["updated_at"] = a.meta.updated_at;
  o["classification"] = ClassificationName(a.meta.classification);
  o["compartment"] = a.meta.compartment;
  o["owner_org"] = names.Org(a.meta.org_id);
  o["source"] = json::object{{"batch", a.meta.source_batch}, {"row", a.meta.source_row}};
  json::array sensitive, redacted;
  for (uint32_t bit : {uint32_t{kSensitiveContact}, uint32_t{kSensitiveLocation}}) {
    if ((a.sensitive & bit) != 0) sensitive.emplace_back(SensitiveFieldName(bit));
    if ((a.redacted & bit) != 0) redacted.emplace_back(SensitiveFieldName(bit));
  }
  o["sensitive_fields"] = std::move(sensitive);
  o["redacted"] = std::move(redacted);
  o["contact"] = a.contact.empty() ? json::value(nullptr) : json::value(a.contact);
  o["external_id"] = a.external_id;
  o["implementing_org"] = names.Org(a.implementing_org);
  o["programme_org"] = names.Org(a.programme_org);
  o["funding_org"] = names.Org(a.funding_org);
  o["sector"] = names.SectorRef(a.sector);
  o["title"] = a.title;
  o["description"] = a.description;
  o["place"] = names.PlaceRef(a.place);
  o["adm0"] = a.adm0.empty() ? json::value(nullptr) : json::value(a.adm0);
  o["adm1"] = names.PlaceRef(a.adm1);
  o["adm2"] = names.PlaceRef(a.adm2);
  o["adm3"] = names.PlaceRef(a.adm3);
  o["location_name"] = a.location_name;
  o["lat"] = OptDouble(a.lat);
  o["lon"] = OptDouble(a.lon);
  o["start"] = DateOrNull(a.start);
  o["end"] = DateOrNull(a.end);
  o["status"] = ActivityStatusName(a.status);
  o["targeted"] = PeopleToJson(a.targeted);
  o["reached"] = PeopleToJson(a.reached);
  if (a.budget.currency.empty()) {
    o["budget"] = nullptr;
  } else {
    o["budget"] =
        json::object{{"amount", FormatAmount(a.budget.cents)}, {"currency", a.budget.currency}};
  }
  return o;
}

json::object OrganizationToJson(const Organization& org) {
  return {{"id", org.meta.id},
          {"name", org.name},
          {"acronym", org.acronym},
          {"type", OrgTypeName(org.type)},
          {"humanitarian", org.humanitarian},
          {"version", org.meta.version}};
}

json::object PlaceToJson(const Place& p) {
  return {{"pcode", p.pcode},
          {"name", p.name},
          {"level", p.level},
          {"parent", p.parent_pcode.empty() ? json::value(nullptr) : json::value(p.parent_pcode)},
          {"country", p.country},
          {"lat", OptDouble(p.lat)},
          {"lon", OptDouble(p.lon)}};
}

}  // namespace om::http
