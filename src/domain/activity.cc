#include "domain/activity.h"

#include "core/text.h"

namespace om {

const char* ActivityStatusName(ActivityStatus s) {
  switch (s) {
    case ActivityStatus::kUnknown:
      return "unknown";
    case ActivityStatus::kPlanned:
      return "planned";
    case ActivityStatus::kOngoing:
      return "ongoing";
    case ActivityStatus::kCompleted:
      return "completed";
    case ActivityStatus::kSuspended:
      return "suspended";
    case ActivityStatus::kCancelled:
      return "cancelled";
  }
  return "unknown";
}

bool ParseActivityStatus(std::string_view text, ActivityStatus& out) {
  std::string f = FoldName(text);
  struct Label {
    const char* prefix;
    ActivityStatus status;
  };
  static const Label kLabels[] = {
      {"unknown", ActivityStatus::kUnknown},        {"planned", ActivityStatus::kPlanned},
      {"planif", ActivityStatus::kPlanned},         {"prevu", ActivityStatus::kPlanned},
      {"pipeline", ActivityStatus::kPlanned},       {"por iniciar", ActivityStatus::kPlanned},
      {"ongoing", ActivityStatus::kOngoing},        {"active", ActivityStatus::kOngoing},
      {"in progress", ActivityStatus::kOngoing},    {"en cours", ActivityStatus::kOngoing},
      {"en curso", ActivityStatus::kOngoing},       {"en ejecucion", ActivityStatus::kOngoing},
      {"implementation", ActivityStatus::kOngoing}, {"en proceso", ActivityStatus::kOngoing},
      {"completed", ActivityStatus::kCompleted},    {"complete", ActivityStatus::kCompleted},
      {"finished", ActivityStatus::kCompleted},     {"closed", ActivityStatus::kCompleted},
      {"termin", ActivityStatus::kCompleted},       {"finaliz", ActivityStatus::kCompleted},
      {"acheve", ActivityStatus::kCompleted},       {"suspended", ActivityStatus::kSuspended},
      {"suspendu", ActivityStatus::kSuspended},     {"suspendid", ActivityStatus::kSuspended},
      {"on hold", ActivityStatus::kSuspended},      {"cancel", ActivityStatus::kCancelled},
      {"annul", ActivityStatus::kCancelled},        {"cancelad", ActivityStatus::kCancelled},
      {"planead", ActivityStatus::kPlanned},        {"planejad", ActivityStatus::kPlanned},
      {"em andamento", ActivityStatus::kOngoing},   {"em execucao", ActivityStatus::kOngoing},
      {"em curso", ActivityStatus::kOngoing},       {"conclu", ActivityStatus::kCompleted},
  };
  for (const Label& label : kLabels) {
    if (StartsWith(f, label.prefix)) {
      out = label.status;
      return true;
    }
  }
  return false;
}

void ResetKeepingStorage(Activity& a) {
#if defined(__GLIBCXX__) && defined(__x86_64__)
  // Every field is listed below: a field added to Activity or RecordMeta changes these sizes,
  // and must be listed here (and in SameContent when it is content) before this compiles again.
  static_assert(sizeof(Activity) == 776 && sizeof(RecordMeta) == 144,
                "Activity changed: reset its new fields in ResetKeepingStorage");
#endif
  a.meta.id = 0;
  a.meta.created_at.clear();
  a.meta.updated_at.clear();
  a.meta.version = 0;
  a.meta.org_id = 0;
  a.meta.classification = Classification::kInternal;
  a.meta.compartment.assign("none");
  a.meta.source_batch = 0;
  a.meta.source_row = 0;
  a.row_key.clear();
  a.external_id.clear();
  a.implementing_org = a.programme_org = a.funding_org = 0;
  for (std::string* s : {&a.sector, &a.title, &a.description, &a.place, &a.adm0, &a.adm1, &a.adm2,
                         &a.adm3, &a.location_name, &a.budget.currency, &a.contact}) {
    s->clear();
  }
  a.lat = a.lon = std::nullopt;
  a.start = a.end = Date{};
  a.status = ActivityStatus::kUnknown;
  a.targeted = a.reached = People{};
  a.budget.cents = 0;
  a.sensitive = a.redacted = 0;
}

bool SameContent(const Activity& a, const Activity& b) {
  return a.implementing_org == b.implementing_org && a.programme_org == b.programme_org &&
         a.funding_org == b.funding_org && a.sector == b.sector && a.title == b.title &&
         a.description == b.description && a.place == b.place && a.adm0 == b.adm0 &&
         a.adm1 == b.adm1 && a.adm2 == b.adm2 && a.adm3 == b.adm3 &&
         a.location_name == b.location_name && a.lat == b.lat && a.lon == b.lon &&
         a.start == b.start && a.end == b.end && a.status == b.status && a.targeted == b.targeted &&
         a.reached == b.reached && a.budget == b.budget && a.contact == b.contact &&
         a.sensitive == b.sensitive;
}

}  // namespace om
