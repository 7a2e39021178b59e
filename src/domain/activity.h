// Activity: one row of who does what where (4W).
//
// Who: implementing, programme (lead) and funding organizations. What: sector and description.
// Where: a place by p-code (the canonical key) with its ancestors denormalized so filters and
// roll-ups by admin level need no joins, and optional exact coordinates. When: start and end.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/date.h"
#include "core/money.h"
#include "domain/record.h"

namespace om {

enum class ActivityStatus { kUnknown, kPlanned, kOngoing, kCompleted, kSuspended, kCancelled };
const char* ActivityStatusName(ActivityStatus s);
// Also French, Spanish and Portuguese labels ("En ejecución", "Planeada", "Concluída").
bool ParseActivityStatus(std::string_view text, ActivityStatus& out);

// People figures; -1 = not given.
struct People {
  int64_t total = -1;
  int64_t women = -1;
  int64_t men = -1;
  int64_t girls = -1;
  int64_t boys = -1;
  int64_t children = -1;
  int64_t adults = -1;
  bool operator==(const People&) const = default;
};

struct Activity {
  RecordMeta meta;
  std::string row_key;      // identity for re-imports: file row id or who/what/where/when key
  std::string external_id;  // the row identifier the source file gave, if any
  Id implementing_org = 0;
  Id programme_org = 0;
  Id funding_org = 0;
  std::string sector;  // sector code
  std::string title;
  std::string description;
  std::string place;  // deepest known p-code ("" when unknown)
  std::string adm0;   // ISO3 country
  std::string adm1;   // p-codes of the ancestors at each level ("" when not known)
  std::string adm2;
  std::string adm3;
  std::string location_name;  // free-text site (#loc)
  std::optional<double> lat;
  std::optional<double> lon;
  Date start;
  Date end;
  ActivityStatus status = ActivityStatus::kUnknown;
  People targeted;
  People reached;
  Money budget;
  std::string contact;     // beneficiary or focal-point contact (#contact): sensitive
  uint32_t sensitive = 0;  // SensitiveField bits (domain/access.h) of this record
  uint32_t redacted = 0;   // SensitiveField bits removed for the reader (never stored)
};

// Equal in every user-visible field (ignores meta); used to tell updated from unchanged rows.
bool SameContent(const Activity& a, const Activity& b);

// Gives `a` the value of Activity{} while its strings keep their storage: a bulk import converts
// row after row into the same few objects and allocates nothing once they have grown.
void ResetKeepingStorage(Activity& a);

}  // namespace om
