// The audit trail: who did what, when, through which endpoint; and its verification.
//
//   OM_RETURN_IF_ERROR(Audit(store, principal, "export", "GET /api/v1/activities.hxl.csv",
//                            {{"filters", "sector=WSH"}, {"rows", 120}}));
//   OM_TRY(AuditCheck check, VerifyAudit(store));   // check.ok, check.problems
//
// Entries are hash-chained: each hash covers the previous entry's hash and every field, so an
// edited, deleted or reordered entry breaks the chain from that point, and the anchor (count
// and head hash, updated with every append) shows entries removed from the end.
#pragma once

#include <boost/json.hpp>
#include <string>
#include <vector>

#include "store/store.h"

namespace om {

Status Audit(Store& store, const Principal& actor, std::string action, std::string endpoint,
             const boost::json::object& detail = {});

struct AuditCheck {
  int64_t entries = 0;
  std::string head;  // hash of the last entry: record it elsewhere to anchor the log
  std::vector<std::string> problems;
  bool ok() const { return problems.empty(); }
};
Result<AuditCheck> VerifyAudit(Store& store);

// Whether reading this record must be audited: it is compartmented or restricted.
bool AuditedRead(const RecordMeta& meta);

}  // namespace om
