// Turns one raw HXL row into an Activity: parses dates, numbers, coordinates and status,
// resolves organizations, sector and place, and says why when the row cannot be used.
//
//   ActivityRowConverter convert(registry, places, options);
//   RowOutcome out;
//   OM_RETURN_IF_ERROR(convert.Convert(raw, out));   // out.rejected -> out.error: column, reason
#pragma once

#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "domain/activity.h"
#include "domain/place_index.h"
#include "io/hxl_activity_map.h"
#include "service/import_report.h"
#include "service/registry_cache.h"

namespace om {

struct RowOutcome {
  Activity activity;
  bool rejected = false;
  RowIssue error;                  // when rejected
  std::vector<RowIssue> warnings;  // kept, with a problem
  std::string identity;            // who/what/where/when key, or "id:" + the row's own id
};

class ActivityRowConverter {
 public:
  ActivityRowConverter(RegistryCache& registry, PlaceIndex& places, Id owner_org,
                       std::string default_country)
      : registry_(registry),
        places_(places),
        owner_org_(owner_org),
        default_country_(std::move(default_country)) {}

  // Registry and place-loading errors are returned as a Status; data problems in the outcome.
  // Fills `out`, which must be newly constructed (the import builds it in place, in its batch).
  // An error is a failure of the registry or the store that ends the import; a bad row is not.
  Status Convert(const RawActivity& raw, RowOutcome& out);

 private:
  bool ParsePeople(const RawActivity& raw, RowOutcome& out);
  bool ParseBudget(const RawActivity& raw, RowOutcome& out);
  bool ParseDates(const RawActivity& raw, RowOutcome& out);
  bool ParseWhen(const RawActivity& raw, RowOutcome& out);
  bool ParseWhere(const RawActivity& raw, RowOutcome& out);
  bool ParseStatus(std::string_view text, ActivityStatus& out);
  void Reject(RowOutcome& out, int64_t line, std::string column, std::string reason);
  // A bad value in a column whose tag was only inferred from its header is a warning and is
  // dropped (the guess may be what is wrong); otherwise the row is rejected. True if rejected.
  bool RejectUnlessInferred(RowOutcome& out, bool inferred, int64_t line, std::string column,
                            std::string reason);

  RegistryCache& registry_;
  PlaceIndex& places_;
  Id owner_org_;
  std::string default_country_;
  // By the file's text, looked up by the row's own text without a copy.
  struct TextHash {
    using is_transparent = void;
    size_t operator()(std::string_view text) const { return std::hash<std::string_view>{}(text); }
  };
  std::unordered_map<std::string, std::optional<ActivityStatus>, TextHash, std::equal_to<>>
      statuses_;
  std::string where_key_;  // scratch: a row's country and admin codes and names, joined
  std::unordered_map<std::string, PlaceMatch> resolved_places_;  // by where_key_
};

}  // namespace om
