#include "domain/access.h"

#include <gtest/gtest.h>

#include "domain/activity.h"

namespace om {
namespace {

Principal User(Id org, bool humanitarian, RoleSet roles, std::vector<std::string> grants = {}) {
  Principal p;
  p.user_id = 1;
  p.org_id = org;
  p.org_humanitarian = humanitarian;
  p.roles = roles;
  p.compartments = EffectiveCompartments(grants, humanitarian);
  return p;
}

AccessFacts Record(Id owner, std::string_view compartment,
                   Classification c = Classification::kInternal) {
  AccessFacts f;
  f.owner = owner;
  f.compartment = compartment;
  f.classification = c;
  f.sector = "WSH";
  f.adm[0] = "AFG";
  f.adm[1] = "AF23";
  f.adm[2] = "AF2307";
  f.start = *ParseIsoDate("2021-03-01");
  f.end = *ParseIsoDate("2021-09-30");
  return f;
}

TEST(AccessPolicy, CompartmentsAreGrantedNeverImplied) {
  Principal force = User(1, false, RoleBit(Role::kForce));
  Principal unicef = User(2, true, RoleBit(Role::kPlanner));
  Principal admin = User(3, false, RoleBit(Role::kAdmin));
  EXPECT_EQ(See(force, Record(9, "none")), Visibility::kFull);
  EXPECT_EQ(See(force, Record(9, "humanitarian")), Visibility::kNone);
  EXPECT_EQ(See(admin, Record(9, "humanitarian")), Visibility::kNone);  // admin is no bypass
  EXPECT_EQ(See(unicef, Record(9, "humanitarian")), Visibility::kFull);
  EXPECT_EQ(See(unicef, Record(9, "protection")), Visibility::kNone);  // stricter still
  Principal protection_officer = User(2, true, RoleBit(Role::kAnalyst), {"protection"});
  EXPECT_EQ(See(protection_officer, Record(9, "protection")), Visibility::kFull);
  // Humanitarian grants to a mission user are ignored: only the HC opens the firewall.
  Principal sneaky = User(1, false, RoleBit(Role::kAnalyst), {"humanitarian", "protection"});
  EXPECT_TRUE(sneaky.compartments.empty());
  EXPECT_EQ(See(sneaky, Record(9, "humanitarian")), Visibility::kNone);
  EXPECT_FALSE(CheckGrant("humanitarian", false).ok());
  EXPECT_TRUE(CheckGrant("security", false).ok());
  EXPECT_TRUE(CheckGrant("protection", true).ok());
}

TEST(AccessPolicy, OwnersSeeTheirOwnAndRestrictedStaysWithThem) {
  Principal force = User(1, false, RoleBit(Role::kForce), {"security"});
  EXPECT_EQ(See(force, Record(1, "humanitarian")), Visibility::kFull);
  EXPECT_EQ(See(force, Record(1, "none", Classification::kRestricted)), Visibility::kFull);
  EXPECT_EQ(See(force, Record(2, "none", Classification::kRestricted)), Visibility::kNone);
  EXPECT_EQ(See(force, Record(2, "security", Classification::kRestricted)), Visibility::kNone);
  EXPECT_EQ(See(force, Record(2, "security")), Visibility::kFull);
  EXPECT_EQ(See(Principal::System(), Record(2, "protection", Classification::kRestricted)),
            Visibility::kFull);
}

TEST(AccessPolicy, ReleasesOpenExactlyTheirScope) {
  Principal force = User(1, false, RoleBit(Role::kForce));
  ReleaseScope wash{"humanitarian", "WSH", "AF23", 1, {}, {}};
  force.full.push_back(wash);
  EXPECT_EQ(See(force, Record(9, "humanitarian")), Visibility::kFull);
  EXPECT_EQ(See(force, Record(9, "protection")), Visibility::kNone);
  AccessFacts health = Record(9, "humanitarian");
  health.sector = "HEA";
  EXPECT_EQ(See(force, health), Visibility::kNone);
  AccessFacts bamyan = Record(9, "humanitarian");
  bamyan.adm[1] = "AF10";
  EXPECT_EQ(See(force, bamyan), Visibility::kNone);
  force.aggregate.push_back({"humanitarian", "", "AFG", 0, {}, {}});
  EXPECT_EQ(See(force, bamyan), Visibility::kAggregate);
  EXPECT_EQ(See(force, health), Visibility::kAggregate);
  // Restricted records are never released.
  EXPECT_EQ(See(force, Record(9, "humanitarian", Classification::kRestricted)), Visibility::kNone);
  // Dates: the activity must overlap the release window.
  Principal police = User(4, false, RoleBit(Role::kPolice));
  police.full.push_back({"humanitarian", "", "", -1, *ParseIsoDate("2021-10-01"), {}});
  EXPECT_EQ(See(police, Record(9, "humanitarian")), Visibility::kNone);
  police.full.back().from = *ParseIsoDate("2021-09-30");
  EXPECT_EQ(See(police, Record(9, "humanitarian")), Visibility::kFull);
  police.full.back().to = *ParseIsoDate("2021-02-28");
  EXPECT_EQ(See(police, Record(9, "humanitarian")), Visibility::kNone);
}

TEST(AccessPolicy, ReleasesAreAddressedActiveAndRevocable) {
  Release r;
  r.recipient_orgs = {5};
  r.recipient_roles = RoleBit(Role::kJmac);
  r.expires_at = "2030-01-01T00:00:00Z";
  EXPECT_TRUE(Addresses(r, 5, 0));
  EXPECT_TRUE(Addresses(r, 6, RoleBit(Role::kJmac) | RoleBit(Role::kAnalyst)));
  EXPECT_FALSE(Addresses(r, 6, RoleBit(Role::kForce)));
  EXPECT_TRUE(r.ActiveAt("2026-11-24T00:00:00Z"));
  EXPECT_FALSE(r.ActiveAt("2030-01-01T00:00:00Z"));
  r.revoked_at = "2026-11-24T10:00:00Z";
  EXPECT_FALSE(r.ActiveAt("2026-11-24T00:00:00Z"));
}

TEST(AccessPolicy, DefaultsPutHumanitarianRecordsBehindTheFirewall) {
  EXPECT_EQ(DefaultCompartment(false, "WSH"), "none");
  EXPECT_EQ(DefaultCompartment(true, "WSH"), "humanitarian");
  EXPECT_EQ(DefaultCompartment(true, "PRO"), "protection");
  EXPECT_EQ(DefaultCompartment(true, "GBV"), "protection");
  EXPECT_EQ(DefaultSensitivity("humanitarian"), uint32_t{kSensitiveContact});
  EXPECT_EQ(DefaultSensitivity("protection"), uint32_t{kSensitiveContact | kSensitiveLocation});
}

TEST(AccessPolicy, SensitiveFieldsAreRemovedForAllButTheOwner) {
  Activity a;
  a.meta.org_id = 7;
  a.contact = "+93 700 000 000";
  a.lat = 34.5;
  a.lon = 65.2;
  a.location_name = "Safe house";
  a.sensitive = kSensitiveContact | kSensitiveLocation;
  Activity owner_copy = a;
  Redact(User(7, true, 0), owner_copy);
  EXPECT_EQ(owner_copy.contact, a.contact);
  EXPECT_EQ(owner_copy.redacted, 0u);
  Redact(User(8, true, RoleBit(Role::kHc), {"protection"}), a);
  EXPECT_TRUE(a.contact.empty());
  EXPECT_FALSE(a.lat.has_value());
  EXPECT_TRUE(a.location_name.empty());
  EXPECT_EQ(a.redacted, uint32_t{kSensitiveContact | kSensitiveLocation});
}

TEST(AccessPolicy, RolesParseAndPrint) {
  auto roles = ParseRoles("hc, planner");
  ASSERT_TRUE(roles.ok());
  EXPECT_EQ(RoleList(*roles), "planner,hc");
  EXPECT_FALSE(ParseRoles("general").ok());
  EXPECT_NE(ParseRoles("general").status().message().find("jmac"), std::string::npos);
}

TEST(AccessPolicy, ViewKeysDifferWhenViewsDiffer) {
  Principal a = User(1, true, 0);
  Principal b = User(1, true, 0, {"protection"});
  Principal c = User(2, true, 0);
  EXPECT_NE(a.ViewKey(), b.ViewKey());
  EXPECT_NE(a.ViewKey(), c.ViewKey());
  Principal d = a;
  d.release_ids = {4};
  EXPECT_NE(a.ViewKey(), d.ViewKey());
  EXPECT_EQ(a.ViewKey(), User(1, true, RoleBit(Role::kViewer)).ViewKey());
}

}  // namespace
}  // namespace om
