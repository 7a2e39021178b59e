// The access policy: who may see which record (DESIGN.md "Access: the humanitarian firewall").
//
// A Principal is a user acting for one organization with roles, the compartments granted to
// them, and the releases the Humanitarian Coordinator has addressed to them. See() decides,
// from those alone, whether a record is readable in full, only as part of aggregate counts, or
// not at all. The store turns the same rules into SQL (store/sqlite/access_sql.cc) and the
// activity cube applies See() row by row, so every read path answers from one policy.
//
//   Principal p = ...;                       // built by service/auth from a session or token
//   if (See(p, FactsOf(activity)) == Visibility::kFull) ...
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"
#include "core/status.h"
#include "domain/record.h"

namespace om {

enum class Role : uint8_t {
  kAdmin,    // manages users and tokens; no data access beyond their organization's
  kPlanner,  // writes records of their organization
  kAnalyst,
  kViewer,
  kSrsg,  // mission leadership
  kHc,    // Humanitarian Coordinator: releases humanitarian data
  kForce,
  kPolice,
  kJoc,
  kJmac,
};
constexpr int kRoleCount = 10;
using RoleSet = uint32_t;  // bit (1 << Role)
const char* RoleName(Role role);
bool ParseRole(std::string_view text, Role& out);
// "admin,planner" <-> bits. Parsing fails on an unknown name, naming it.
Result<RoleSet> ParseRoles(std::string_view comma_separated);
std::string RoleList(RoleSet roles);
constexpr RoleSet RoleBit(Role r) { return RoleSet{1} << static_cast<int>(r); }

// Compartments with a meaning in the policy; others may be used and are granted explicitly.
inline constexpr std::string_view kNoCompartment = "none";
inline constexpr std::string_view kHumanitarian = "humanitarian";
inline constexpr std::string_view kProtection = "protection";
inline constexpr std::string_view kSecurity = "security";
bool IsValidCompartmentName(std::string_view name);

// The compartment a new record gets when its writer does not choose: records of humanitarian
// organizations are `humanitarian`, and `protection` when they belong to the protection sector
// or one of its areas of responsibility (child protection, gender-based violence).
std::string DefaultCompartment(bool owner_humanitarian, std::string_view sector);
// Whether `compartment` may be granted explicitly to a user of such an organization: the
// humanitarian and protection compartments open only to humanitarian organizations (others
// see that data only through a release by the HC).
Status CheckGrant(std::string_view compartment, bool org_humanitarian);

enum class ReleaseLevel : uint8_t { kAggregate, kFull };
const char* ReleaseLevelName(ReleaseLevel level);
bool ParseReleaseLevel(std::string_view text, ReleaseLevel& out);

// Which records a release covers: one compartment, optionally narrowed by sector, by place
// (a p-code at any level, covering everything below it) and by dates (activities overlapping
// [from, to]).
struct ReleaseScope {
  std::string compartment;
  std::string sector;    // "" = any
  std::string place;     // "" = any
  int place_level = -1;  // admin level of `place` (0..3), known when the release is loaded
  Date from;             // empty = open
  Date to;
};

struct Release {
  RecordMeta meta;  // org_id: the HC's organization
  ReleaseScope scope;
  std::vector<Id> recipient_orgs;
  RoleSet recipient_roles = 0;
  ReleaseLevel level = ReleaseLevel::kAggregate;
  std::string reason;
  std::string expires_at;  // ISO 8601 UTC; the release ends then
  Id created_by = 0;
  std::string revoked_at;  // "" while not revoked
  Id revoked_by = 0;

  bool ActiveAt(std::string_view now_iso) const;
};

struct Principal {
  Id user_id = 0;
  std::string username;
  Id org_id = 0;
  bool org_humanitarian = false;
  RoleSet roles = 0;
  std::vector<std::string> compartments;  // effective grants, sorted
  std::vector<ReleaseScope> full;         // active full releases addressed to this principal
  std::vector<ReleaseScope> aggregate;    // active aggregate-only releases
  std::vector<Id> release_ids;            // the ids of both, sorted
  bool system = false;                    // the local command line: sees everything

  static Principal System();
  bool Has(Role role) const { return system || (roles & RoleBit(role)) != 0; }
  bool Holds(std::string_view compartment) const;
  // Equal for two principals that see exactly the same records (for response caches).
  std::string ViewKey() const;
};

// The compartments a user holds: their explicit grants plus `humanitarian` for users of
// humanitarian organizations.
std::vector<std::string> EffectiveCompartments(const std::vector<std::string>& granted,
                                               bool org_humanitarian);
// Whether a release is addressed to a user of `org` with `roles`.
bool Addresses(const Release& release, Id org, RoleSet roles);

// What the policy looks at in a record.
struct AccessFacts {
  Id owner = 0;
  Classification classification = Classification::kInternal;
  std::string_view compartment = kNoCompartment;
  std::string_view sector;
  std::string_view adm[4];  // adm0 (ISO3) .. adm3 p-codes, "" when unknown
  Date start;
  Date end;
};

bool ScopeCovers(const ReleaseScope& scope, const AccessFacts& record);

enum class Visibility : uint8_t { kNone, kAggregate, kFull };
// The rules, in order:
//  1. the system principal sees everything;
//  2. a restricted record is seen only by its owner organization;
//  3. a record in no compartment is seen by every signed-in user;
//  4. the owner organization sees its own records;
//  5. a holder of the record's compartment sees it;
//  6. an active full release covering it opens it; an active aggregate release lets it be
//     counted (never listed);
//  7. nobody else sees it.
Visibility See(const Principal& p, const AccessFacts& record);

// Sensitive fields: removed on the server for anyone but the owner organization.
enum SensitiveField : uint32_t {
  kSensitiveContact = 1,   // beneficiary or focal-point contacts
  kSensitiveLocation = 2,  // exact coordinates (coarsened to the admin area)
};
const char* SensitiveFieldName(uint32_t field);
bool ParseSensitiveField(std::string_view text, uint32_t& out);
// Contacts are always sensitive; exact coordinates are sensitive in the protection compartment.
uint32_t DefaultSensitivity(std::string_view compartment);
bool FieldsCleared(const Principal& p, Id owner);

struct Activity;
// The policy's view of an activity (string views into `a`).
AccessFacts FactsOf(const Activity& a);
// Removes the sensitive fields `p` is not cleared for, recording them in a.redacted: contacts
// are emptied, and exact coordinates and the site name give way to the admin area.
void Redact(const Principal& p, Activity& a);

}  // namespace om
