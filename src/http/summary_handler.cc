#include <algorithm>

#include "core/text.h"
#include "http/activity_json.h"
#include "http/handlers.h"
#include "service/summaries.h"

namespace om::http {

namespace json = boost::json;

Response SummarizeActivities(Context& ctx, const Request& req) {
  ActivityFilter filter;
  FieldErrors errors;
  std::vector<SummaryKey> by;
  for (std::string_view name : SplitView(req.Query("by"), ',')) {
    if (name.empty()) continue;
    SummaryKey key;
    if (!ParseSummaryKey(name, key)) {
      errors.emplace_back("by",
                          "unknown key '" + std::string(name) + "' (adm1, adm2, sector, org)");
    } else if (std::find(by.begin(), by.end(), key) == by.end()) {
      by.push_back(key);
    }
  }
  if (!ParseActivityFilter(req, ctx.store, filter, errors)) return InvalidParameters(errors);
  auto summary = om::SummarizeActivities(ctx.store, filter, by);
  if (!summary.ok()) return ProblemFromStatus(summary.status());
  NameCache names(ctx.store);
  auto sums = [](const SummaryGroup& g, json::object& o) {
    o["count"] = g.count;
    o["targeted"] = g.targeted;
    o["reached"] = g.reached;
    o["budget_usd"] = FormatAmount(g.budget_usd_cents);
  };
  json::array items;
  for (const SummaryGroup& g : summary->groups) {
    json::object o;
    for (size_t i = 0; i < by.size(); ++i) {
      const std::string& k = g.keys[i];
      switch (by[i]) {
        case SummaryKey::kAdm1:
        case SummaryKey::kAdm2:
          o[SummaryKeyName(by[i])] = names.PlaceRef(k);
          break;
        case SummaryKey::kSector:
          o["sector"] = names.SectorRef(k);
          break;
        case SummaryKey::kOrg:
          o["org"] = k.empty() ? json::value(nullptr) : names.Org(std::stoll(k));
          break;
      }
    }
    sums(g, o);
    items.push_back(std::move(o));
  }
  json::array by_names;
  for (SummaryKey k : by) by_names.push_back(json::string(SummaryKeyName(k)));
  json::object total;
  sums(summary->total, total);
  json::object out{{"by", std::move(by_names)},
                   {"items", std::move(items)},
                   {"total", std::move(total)},
                   {"unlocated", summary->unlocated}};
  return Response::Json(json::serialize(out));
}

}  // namespace om::http
