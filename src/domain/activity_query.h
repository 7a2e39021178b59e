// What can be asked of activities: filters, summary keys and grouped sums, and the compact
// facts an in-memory roll-up needs. Shared by the store (SQL) and analysis (in memory), which
// must give the same answers.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/access.h"
#include "domain/activity.h"

namespace om {

struct ActivityFilter {
  std::vector<Id> orgs;     // any of implementing/programme/funding; empty = no filter
  bool org_filter = false;  // true when an org filter was given (orgs may then be empty: no match)
  std::string sector;
  std::string place;  // p-code (or ISO3) at any level: matches the place and all below it
  std::optional<ActivityStatus> status;
  Date from;
  Date to;
  std::string q;  // free text, see ActivityFact below
};

enum class SummaryKey { kAdm1, kAdm2, kSector, kOrg };
bool ParseSummaryKey(std::string_view text, SummaryKey& out);
const char* SummaryKeyName(SummaryKey key);

struct SummaryGroup {
  std::vector<std::string> keys;  // one per requested key; "" = none (org ids as decimal text)
  int64_t count = 0;
  int64_t targeted = 0;
  int64_t reached = 0;
  int64_t budget_usd_cents = 0;
};

struct Summary {
  std::vector<SummaryGroup> groups;
  SummaryGroup total;
  int64_t unlocated = 0;  // activities with no place at all
  // How many counted activities the caller sees only as counts (an aggregate-level release);
  // they are counted only when neither `by` nor the filter involves organizations or text.
  int64_t aggregate_only = 0;
  // Counted activities the caller reads in full that are compartmented or restricted: such a
  // summary is audited. Counts made under an aggregate release are not (the release is).
  int64_t compartmented = 0;
};

// Whether records `p` may only count (aggregate-level releases) enter a summary: only when
// it asks about places, sectors, dates and status, never organizations or free text, so
// counts cannot be used to learn who works where or what a hidden record says.
bool AggregatesApply(const Principal& p, const ActivityFilter& filter,
                     const std::vector<SummaryKey>& by);

// One activity reduced to what roll-ups use.
struct ActivityFact {
  Id id = 0;
  std::string place, adm0, adm1, adm2, adm3;
  std::string sector;
  Id implementing_org = 0;
  Id programme_org = 0;
  Id funding_org = 0;
  ActivityStatus status = ActivityStatus::kUnknown;
  Date start;
  Date end;
  int64_t targeted = 0;  // totals, 0 when not given
  int64_t reached = 0;
  int64_t budget_usd_cents = 0;
  bool unlocated = false;  // no place and no coordinates
  std::string text;        // FoldName(title + " " + description)
  std::string location;    // FoldName(location_name): searched only where not redacted
  Id owner = 0;
  Classification classification = Classification::kInternal;
  std::string compartment = "none";
  uint32_t sensitive = 0;
};

struct PlaceInfo {
  int level = 0;
  std::string folded_name;
};

// Free-text search (`q`) means, in SQL and in memory alike: the folded query is a substring of
// the folded "title description location_name", or of a name or acronym of the implementing
// organization, or of the name of the activity's place or of its admin-1 area.

}  // namespace om
