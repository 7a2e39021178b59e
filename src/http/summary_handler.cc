#include <algorithm>
#include <charconv>

#include "core/text.h"
#include "http/activity_json.h"
#include "http/handlers.h"
#include "service/summaries.h"

namespace om::http {

namespace json = boost::json;

namespace {

void AppendNumber(std::string& out, int64_t n) {
  char buf[24];
  auto end = std::to_chars(buf, buf + sizeof buf, n).ptr;
  out.append(buf, end);
}

void AppendSums(std::string& out, const SummaryGroup& g) {
  out += "\"count\":";
  AppendNumber(out, g.count);
  out += ",\"targeted\":";
  AppendNumber(out, g.targeted);
  out += ",\"reached\":";
  AppendNumber(out, g.reached);
  out += ",\"budget_usd\":\"";
  out += FormatAmount(g.budget_usd_cents);
  out += '"';
}

// Built as text: summaries can have thousands of groups, and the references to places,
// sectors and organizations are already serialized in the NameCache.
std::string EncodeSummary(const Summary& summary, const std::vector<SummaryKey>& by, Store& store) {
  NameCache names(store);
  std::string out = "{\"by\":[";
  std::vector<std::string> labels;  // "\"adm1\":" ...
  for (size_t i = 0; i < by.size(); ++i) {
    out += (i ? ",\"" : "\"") + std::string(SummaryKeyName(by[i])) + "\"";
    labels.push_back("\"" + std::string(SummaryKeyName(by[i])) + "\":");
  }
  out += "],\"items\":[";
  out.reserve(summary.groups.size() * 160 + 200);
  for (size_t n = 0; n < summary.groups.size(); ++n) {
    const SummaryGroup& g = summary.groups[n];
    out += n ? ",{" : "{";
    for (size_t i = 0; i < by.size(); ++i) {
      const std::string& k = g.keys[i];
      out += labels[i];
      switch (by[i]) {
        case SummaryKey::kAdm1:
        case SummaryKey::kAdm2:
          out += k.empty() ? "null" : names.PlaceRefText(k);
          break;
        case SummaryKey::kSector:
          out += k.empty() ? "null" : names.SectorRefText(k);
          break;
        case SummaryKey::kOrg:
          out += k.empty() ? "null" : names.OrgText(std::stoll(k));
          break;
      }
      out += ",";
    }
    AppendSums(out, g);
    out += "}";
  }
  out += "],\"total\":{";
  AppendSums(out, summary.total);
  out += "},\"unlocated\":" + std::to_string(summary.unlocated) +
         ",\"aggregate_only\":" + std::to_string(summary.aggregate_only) + "}";
  return out;
}

}  // namespace

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
  auto summary = om::SummarizeActivities(ctx.store, ctx.principal, filter, by);
  if (!summary.ok()) return ProblemFromStatus(summary.status());
  Response r = Response::Json(EncodeSummary(*summary, by, ctx.store));
  if (summary->compartmented > 0) {
    r.audit = Response::AuditNote{
        "read-aggregate",
        "{\"records\":" + std::to_string(summary->compartmented) +
            ",\"aggregate_only\":" + std::to_string(summary->aggregate_only) + "}",
        std::nullopt};
  }
  return r;
}

}  // namespace om::http
