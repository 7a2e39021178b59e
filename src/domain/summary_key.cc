#include "domain/activity_query.h"

namespace om {

bool ParseSummaryKey(std::string_view text, SummaryKey& out) {
  if (text == "adm1")
    out = SummaryKey::kAdm1;
  else if (text == "adm2")
    out = SummaryKey::kAdm2;
  else if (text == "sector")
    out = SummaryKey::kSector;
  else if (text == "org")
    out = SummaryKey::kOrg;
  else
    return false;
  return true;
}

const char* SummaryKeyName(SummaryKey key) {
  static const char* kNames[] = {"adm1", "adm2", "sector", "org"};
  return kNames[static_cast<int>(key)];
}

bool AggregatesApply(const Principal& p, const ActivityFilter& filter,
                     const std::vector<SummaryKey>& by) {
  if (p.system || p.aggregate.empty() || filter.org_filter || !filter.q.empty()) return false;
  for (SummaryKey k : by) {
    if (k == SummaryKey::kOrg) return false;
  }
  return true;
}

}  // namespace om
