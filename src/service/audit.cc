#include "service/audit.h"

#include "core/crypto.h"

namespace om {

Status Audit(Store& store, const Principal& actor, std::string action, std::string endpoint,
             const boost::json::object& detail) {
  AuditEntry e;
  e.user_id = actor.user_id;
  e.username = actor.username;
  e.org_id = actor.org_id;
  e.action = std::move(action);
  e.endpoint = std::move(endpoint);
  e.detail = boost::json::serialize(detail);
  return store.AppendAudit(std::move(e)).status();
}

Result<AuditCheck> VerifyAudit(Store& store) {
  AuditCheck check;
  std::string prev;
  int64_t expected = 1;
  auto problem = [&](int64_t seq, const std::string& what) {
    if (check.problems.size() < 100)
      check.problems.push_back("entry " + std::to_string(seq) + ": " + what);
  };
  OM_RETURN_IF_ERROR(store.ScanAudit([&](const AuditEntry& e) {
    if (e.seq != expected) {
      problem(expected, e.seq > expected ? "missing (entries " + std::to_string(expected) + " to " +
                                               std::to_string(e.seq - 1) + " were deleted)"
                                         : "out of order");
    }
    if (e.prev_hash != prev)
      problem(e.seq, "does not follow the entry before it (deleted or reordered entries)");
    if (Sha256Hex(AuditHashInput(e)) != e.hash) problem(e.seq, "its content was altered");
    prev = e.hash;
    expected = e.seq + 1;
    ++check.entries;
    return true;
  }));
  check.head = prev;
  OM_TRY(auto anchor, store.AuditAnchor());
  if (anchor.first != expected - 1 || anchor.second != prev) {
    check.problems.push_back("the log ends at entry " + std::to_string(expected - 1) + " but " +
                             std::to_string(anchor.first) +
                             " were written: entries were removed from the end");
  }
  return check;
}

bool AuditedRead(const RecordMeta& meta) {
  return meta.compartment != kNoCompartment || meta.classification == Classification::kRestricted;
}

}  // namespace om
