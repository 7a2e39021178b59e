#include "domain/access.h"

#include <algorithm>
#include <array>

#include "domain/activity.h"

namespace om {
namespace {

constexpr std::array<const char*, kRoleCount> kRoleNames = {
    "admin", "planner", "analyst", "viewer", "srsg", "hc", "force", "police", "joc", "jmac"};

}  // namespace

const char* RoleName(Role role) { return kRoleNames[static_cast<int>(role)]; }

bool ParseRole(std::string_view text, Role& out) {
  for (int i = 0; i < kRoleCount; ++i) {
    if (text == kRoleNames[i]) {
      out = static_cast<Role>(i);
      return true;
    }
  }
  return false;
}

Result<RoleSet> ParseRoles(std::string_view text) {
  RoleSet roles = 0;
  while (!text.empty()) {
    size_t comma = text.find(',');
    std::string_view name = text.substr(0, comma);
    while (!name.empty() && name.front() == ' ') name.remove_prefix(1);
    while (!name.empty() && name.back() == ' ') name.remove_suffix(1);
    if (!name.empty()) {
      Role role{};
      if (!ParseRole(name, role)) {
        std::string known;
        for (const char* n : kRoleNames) known += std::string(known.empty() ? "" : ", ") + n;
        return InvalidArgument("unknown role \"" + std::string(name) + "\" (roles: " + known + ")");
      }
      roles |= RoleBit(role);
    }
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
  }
  return roles;
}

std::string RoleList(RoleSet roles) {
  std::string out;
  for (int i = 0; i < kRoleCount; ++i) {
    if ((roles & (RoleSet{1} << i)) != 0)
      out += std::string(out.empty() ? "" : ",") + kRoleNames[i];
  }
  return out;
}

bool IsValidCompartmentName(std::string_view name) {
  if (name.empty() || name.size() > 32) return false;
  return std::all_of(name.begin(), name.end(),
                     [](char c) { return (c >= 'a' && c <= 'z') || c == '-' || c == '_'; });
}

std::string DefaultCompartment(bool owner_humanitarian, std::string_view sector) {
  if (!owner_humanitarian) return std::string(kNoCompartment);
  if (sector == "PRO" || sector == "CP" || sector == "GBV") return std::string(kProtection);
  return std::string(kHumanitarian);
}

Status CheckGrant(std::string_view compartment, bool org_humanitarian) {
  if (!IsValidCompartmentName(compartment) || compartment == kNoCompartment)
    return InvalidArgument("\"" + std::string(compartment) + "\" is not a compartment name");
  if ((compartment == kHumanitarian || compartment == kProtection) && !org_humanitarian)
    return InvalidArgument(
        "the " + std::string(compartment) +
        " compartment can only be granted to users of humanitarian organizations; others see "
        "humanitarian data only through a release by the Humanitarian Coordinator");
  return Status::Ok();
}

const char* ReleaseLevelName(ReleaseLevel level) {
  return level == ReleaseLevel::kFull ? "full" : "aggregate";
}

bool ParseReleaseLevel(std::string_view text, ReleaseLevel& out) {
  if (text == "full") {
    out = ReleaseLevel::kFull;
  } else if (text == "aggregate") {
    out = ReleaseLevel::kAggregate;
  } else {
    return false;
  }
  return true;
}

bool Release::ActiveAt(std::string_view now_iso) const {
  // ISO 8601 UTC strings of the same form compare like the instants they name.
  return revoked_at.empty() && now_iso < std::string_view(expires_at);
}

Principal Principal::System() {
  Principal p;
  p.username = "system";
  p.system = true;
  return p;
}

bool Principal::Holds(std::string_view compartment) const {
  return std::binary_search(compartments.begin(), compartments.end(), compartment);
}

std::string Principal::ViewKey() const {
  if (system) return "system";
  std::string key = std::to_string(org_id) + "|";
  for (const auto& c : compartments) key += c + ",";
  key += "|";
  for (Id id : release_ids) key += std::to_string(id) + ",";
  return key;
}

std::vector<std::string> EffectiveCompartments(const std::vector<std::string>& granted,
                                               bool org_humanitarian) {
  std::vector<std::string> out;
  for (const auto& c : granted) {
    if (CheckGrant(c, org_humanitarian).ok()) out.push_back(c);
  }
  if (org_humanitarian) out.emplace_back(kHumanitarian);
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

bool Addresses(const Release& release, Id org, RoleSet roles) {
  if ((release.recipient_roles & roles) != 0) return true;
  return std::find(release.recipient_orgs.begin(), release.recipient_orgs.end(), org) !=
         release.recipient_orgs.end();
}

bool ScopeCovers(const ReleaseScope& scope, const AccessFacts& r) {
  if (r.compartment != scope.compartment) return false;
  if (!scope.sector.empty() && r.sector != scope.sector) return false;
  if (!scope.place.empty()) {
    if (scope.place_level < 0 || scope.place_level > 3) return false;
    if (r.adm[scope.place_level] != scope.place) return false;
  }
  if (!scope.from.empty() && !r.end.empty() && r.end < scope.from) return false;
  if (!scope.to.empty() && !r.start.empty() && r.start > scope.to) return false;
  return true;
}

Visibility See(const Principal& p, const AccessFacts& r) {
  if (p.system) return Visibility::kFull;
  bool owner = p.org_id != 0 && r.owner == p.org_id;
  if (r.classification == Classification::kRestricted)
    return owner ? Visibility::kFull : Visibility::kNone;
  if (r.compartment == kNoCompartment || owner || p.Holds(r.compartment)) return Visibility::kFull;
  for (const auto& scope : p.full) {
    if (ScopeCovers(scope, r)) return Visibility::kFull;
  }
  for (const auto& scope : p.aggregate) {
    if (ScopeCovers(scope, r)) return Visibility::kAggregate;
  }
  return Visibility::kNone;
}

const char* SensitiveFieldName(uint32_t field) {
  switch (field) {
    case kSensitiveContact:
      return "contact";
    case kSensitiveLocation:
      return "location";
    default:
      return "";
  }
}

bool ParseSensitiveField(std::string_view text, uint32_t& out) {
  if (text == "contact") {
    out = kSensitiveContact;
  } else if (text == "location") {
    out = kSensitiveLocation;
  } else {
    return false;
  }
  return true;
}

uint32_t DefaultSensitivity(std::string_view compartment) {
  return kSensitiveContact |
         (compartment == kProtection ? uint32_t{kSensitiveLocation} : uint32_t{0});
}

bool FieldsCleared(const Principal& p, Id owner) {
  return p.system || (p.org_id != 0 && p.org_id == owner);
}

AccessFacts FactsOf(const Activity& a) {
  AccessFacts f;
  f.owner = a.meta.org_id;
  f.classification = a.meta.classification;
  f.compartment = a.meta.compartment;
  f.sector = a.sector;
  f.adm[0] = a.adm0;
  f.adm[1] = a.adm1;
  f.adm[2] = a.adm2;
  f.adm[3] = a.adm3;
  f.start = a.start;
  f.end = a.end;
  return f;
}

void Redact(const Principal& p, Activity& a) {
  if (FieldsCleared(p, a.meta.org_id)) return;
  if ((a.sensitive & kSensitiveContact) != 0 && !a.contact.empty()) {
    a.contact.clear();
    a.redacted |= kSensitiveContact;
  }
  if ((a.sensitive & kSensitiveLocation) != 0 && (a.lat || a.lon || !a.location_name.empty())) {
    a.lat.reset();
    a.lon.reset();
    a.location_name.clear();
    a.redacted |= kSensitiveLocation;
  }
}

}  // namespace om
