#include "service/activities.h"

#include <charconv>
#include <unordered_map>

#include "core/text.h"
#include "io/csv_reader.h"
#include "service/audit.h"

namespace om {

Result<std::vector<Id>> ResolveOrganizationFilter(Store& store, std::string_view text) {
  std::string_view t = Trim(text);
  Id id = 0;
  auto [ptr, ec] = std::from_chars(t.data(), t.data() + t.size(), id);
  if (ec == std::errc() && ptr == t.data() + t.size()) return std::vector<Id>{id};
  OM_TRY(Id exact, store.FindOrganizationByName(t));
  if (exact != 0) return std::vector<Id>{exact};
  std::string folded = FoldName(t);
  OM_TRY(auto orgs, store.ListOrganizations());
  std::vector<Id> ids;
  for (const Organization& o : orgs) {
    if (FoldName(o.name).find(folded) != std::string::npos ||
        (!o.acronym.empty() && FoldName(o.acronym).find(folded) != std::string::npos)) {
      ids.push_back(o.meta.id);
    }
  }
  return ids;
}

namespace {

const std::vector<std::pair<std::string, std::string>>& ExportColumns() {
  static const std::vector<std::pair<std::string, std::string>> kColumns = {
      {"Activity ID", "#activity+code"},
      {"Implementing organization", "#org+impl+name"},
      {"Implementing acronym", "#org+impl+acronym"},
      {"Programme organization", "#org+prog+name"},
      {"Funding organization", "#org+funding+name"},
      {"Sector code", "#sector+code"},
      {"Sector", "#sector+name"},
      {"Activity", "#activity+name"},
      {"Description", "#activity+description"},
      {"Country", "#country+code"},
      {"Admin 1 p-code", "#adm1+code"},
      {"Admin 1", "#adm1+name"},
      {"Admin 2 p-code", "#adm2+code"},
      {"Admin 2", "#adm2+name"},
      {"Admin 3 p-code", "#adm3+code"},
      {"Admin 3", "#adm3+name"},
      {"Location", "#loc+name"},
      {"Latitude", "#geo+lat"},
      {"Longitude", "#geo+lon"},
      {"Start", "#date+start"},
      {"End", "#date+end"},
      {"Status", "#status"},
      {"Targeted", "#targeted+total"},
      {"Targeted women", "#targeted+women"},
      {"Targeted men", "#targeted+men"},
      {"Targeted girls", "#targeted+girls"},
      {"Targeted boys", "#targeted+boys"},
      {"Targeted children", "#targeted+children"},
      {"Targeted adults", "#targeted+adults"},
      {"Reached", "#reached+total"},
      {"Reached women", "#reached+women"},
      {"Reached men", "#reached+men"},
      {"Reached girls", "#reached+girls"},
      {"Reached boys", "#reached+boys"},
      {"Reached children", "#reached+children"},
      {"Reached adults", "#reached+adults"},
      {"Budget", "#value+budget"},
      {"Currency", "#currency"},
      {"Contact", "#contact"},
  };
  return kColumns;
}

std::string Count(int64_t v) { return v < 0 ? "" : std::to_string(v); }
std::string Coordinate(const std::optional<double>& v) {
  if (!v) return "";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6f", *v);
  return buf;
}

class ExportNames {
 public:
  explicit ExportNames(Store& store) : store_(store) {}
  const Organization* Org(Id id) {
    if (id == 0) return nullptr;
    auto it = orgs_.find(id);
    if (it == orgs_.end()) {
      auto org = store_.GetOrganization(id);
      it = orgs_.emplace(id, org.ok() ? *org : Organization{}).first;
    }
    return &it->second;
  }
  std::string Place(const std::string& pcode) {
    if (pcode.empty()) return "";
    auto it = places_.find(pcode);
    if (it == places_.end()) {
      auto p = store_.GetPlace(pcode);
      it = places_.emplace(pcode, p.ok() && p->has_value() ? (*p)->name : "").first;
    }
    return it->second;
  }

 private:
  Store& store_;
  std::unordered_map<Id, Organization> orgs_;
  std::unordered_map<std::string, std::string> places_;
};

std::vector<std::string> ExportRow(const Activity& a, ExportNames& names,
                                   const std::unordered_map<std::string, std::string>& sectors) {
  auto org_name = [&](Id id) {
    const Organization* o = names.Org(id);
    return o ? o->name : "";
  };
  const Organization* impl = names.Org(a.implementing_org);
  auto sector = sectors.find(a.sector);
  return {a.external_id,
          org_name(a.implementing_org),
          impl ? impl->acronym : "",
          org_name(a.programme_org),
          org_name(a.funding_org),
          a.sector,
          sector == sectors.end() ? a.sector : sector->second,
          a.title,
          a.description,
          a.adm0,
          a.adm1,
          names.Place(a.adm1),
          a.adm2,
          names.Place(a.adm2),
          a.adm3,
          names.Place(a.adm3),
          a.location_name,
          Coordinate(a.lat),
          Coordinate(a.lon),
          a.start.ToIso(),
          a.end.ToIso(),
          ActivityStatusName(a.status),
          Count(a.targeted.total),
          Count(a.targeted.women),
          Count(a.targeted.men),
          Count(a.targeted.girls),
          Count(a.targeted.boys),
          Count(a.targeted.children),
          Count(a.targeted.adults),
          Count(a.reached.total),
          Count(a.reached.women),
          Count(a.reached.men),
          Count(a.reached.girls),
          Count(a.reached.boys),
          Count(a.reached.children),
          Count(a.reached.adults),
          a.budget.currency.empty() ? "" : FormatAmount(a.budget.cents),
          a.budget.currency,
          a.contact};
}

}  // namespace

Status ExportHxl(Store& store, const Principal& p, const ActivityFilter& filter,
                 const std::function<void(std::string_view)>& write, int64_t* rows,
                 std::vector<Id>* audited) {
  std::string out;
  std::vector<std::string> header, tags;
  for (const auto& [h, t] : ExportColumns()) {
    header.push_back(h);
    tags.push_back(t);
  }
  AppendCsvRecord(out, header);
  AppendCsvRecord(out, tags);
  OM_TRY(auto sector_list, store.ListSectors());
  std::unordered_map<std::string, std::string> sectors;
  for (const Sector& s : sector_list) sectors[s.code] = s.name_en;
  ExportNames names(store);
  Id after = 0;
  do {
    OM_TRY(ActivityPage page, store.ListActivityPage(p, filter, 500, after));
    for (const Activity& a : page.items) {
      AppendCsvRecord(out, ExportRow(a, names, sectors));
      if (rows) ++*rows;
      if (audited && AuditedRead(a.meta)) audited->push_back(a.meta.id);
    }
    write(out);
    out.clear();
    after = page.next_after;
  } while (after != 0);
  return Status::Ok();
}

Status CheckActivityOwner(const Principal& p, const Activity& current) {
  if (p.system || (p.org_id != 0 && current.meta.org_id == p.org_id)) return Status::Ok();
  return PermissionDenied("only the organization that owns activity " +
                          std::to_string(current.meta.id) + " may change it");
}

Status PrepareActivityWrite(Store& store, const Principal& p, Activity& a,
                            const Activity* current) {
  if (!p.Has(Role::kPlanner) && !p.Has(Role::kAdmin))
    return PermissionDenied("writing activities needs the planner or admin role");
  if (current != nullptr) {
    OM_RETURN_IF_ERROR(CheckActivityOwner(p, *current));
    a.meta.org_id = current->meta.org_id;
  } else if (!p.system) {
    if (a.meta.org_id != 0 && a.meta.org_id != p.org_id)
      return InvalidArgument("owner_org_id: activities are created for your own organization");
    a.meta.org_id = p.org_id;
  }
  bool humanitarian = false;
  if (a.meta.org_id != 0) {
    OM_TRY(Organization owner, store.GetOrganization(a.meta.org_id));
    humanitarian = owner.humanitarian;
  }
  std::string fallback = DefaultCompartment(humanitarian, a.sector);
  if (a.meta.compartment.empty()) a.meta.compartment = fallback;
  if (a.meta.compartment != kNoCompartment && a.meta.compartment != fallback && !p.system &&
      !p.Holds(a.meta.compartment)) {
    return PermissionDenied("you may not file records in the " + a.meta.compartment +
                            " compartment, which you do not hold");
  }
  if (a.sensitive == kDefaultSensitivity) a.sensitive = DefaultSensitivity(a.meta.compartment);
  return Status::Ok();
}

}  // namespace om
