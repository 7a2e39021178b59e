#include "analysis/activity_cube.h"

#include <algorithm>
#include <array>
#include <climits>
#include <optional>
#include <unordered_map>

#include "core/text.h"

namespace om {

namespace {

using GroupKey = std::array<int64_t, 4>;  // one slot per summary key (at most four)
struct GroupKeyHash {
  size_t operator()(const GroupKey& k) const {
    uint64_t h = 1469598103934665603ULL;
    for (int64_t v : k) h = (h ^ static_cast<uint64_t>(v)) * 1099511628211ULL;
    return h;
  }
};

}  // namespace

int32_t ActivityCube::Code(const std::string& text) {
  if (text.empty()) return -1;
  auto [it, inserted] = codes_.emplace(text, static_cast<int32_t>(names_.size()));
  if (inserted) names_.push_back(text);
  return it->second;
}

int32_t ActivityCube::Lookup(const std::string& text) const {
  auto it = codes_.find(text);
  return it == codes_.end() ? -2 : it->second;  // -2 matches no row
}

ActivityCube::ActivityCube(std::vector<ActivityFact> facts,
                           const std::unordered_map<std::string, PlaceInfo>& places,
                           std::vector<std::pair<std::string, Id>> organization_aliases)
    : aliases_(std::move(organization_aliases)), compartments_{"none"} {
  for (const auto& [pcode, info] : places) place_levels_.emplace(pcode, info.level);
  rows_.reserve(facts.size());
  for (ActivityFact& f : facts) {
    Row r{};
    r.id = f.id;
    const std::string* places[] = {&f.adm0, &f.adm1, &f.adm2, &f.adm3, &f.place};
    for (int i = 0; i < 5; ++i) r.place[i] = Code(*places[i]);
    r.sector = Code(f.sector);
    r.orgs[0] = f.implementing_org;
    r.orgs[1] = f.programme_org;
    r.orgs[2] = f.funding_org;
    r.status = f.status;
    r.start = f.start.empty() ? INT32_MIN : f.start.DaysSinceEpoch();
    r.end = f.end.empty() ? INT32_MAX : f.end.DaysSinceEpoch();
    r.targeted = f.targeted;
    r.reached = f.reached;
    r.budget_usd_cents = f.budget_usd_cents;
    r.unlocated = f.unlocated;
    r.restricted = f.classification == Classification::kRestricted;
    r.location_sensitive = (f.sensitive & kSensitiveLocation) != 0;
    auto c = std::find(compartments_.begin(), compartments_.end(), f.compartment);
    if (c == compartments_.end()) c = compartments_.insert(c, f.compartment);
    r.compartment = static_cast<uint16_t>(c - compartments_.begin());
    r.owner = f.owner;
    r.text = std::move(f.text);
    r.location = std::move(f.location);
    rows_.push_back(std::move(r));
  }
  folded_names_.resize(names_.size());
  for (size_t code = 0; code < names_.size(); ++code) {
    auto it = places.find(names_[code]);
    if (it != places.end()) folded_names_[code] = it->second.folded_name;
  }
}

ActivityCube::TextMatch ActivityCube::MatchText(const std::string& q) const {
  TextMatch m;
  m.q = FoldName(q);
  for (const auto& [alias, org] : aliases_) {
    if (alias.find(m.q) != std::string::npos) m.orgs.push_back(org);
  }
  std::sort(m.orgs.begin(), m.orgs.end());
  m.codes.resize(folded_names_.size());
  for (size_t code = 0; code < folded_names_.size(); ++code) {
    const std::string& name = folded_names_[code];
    m.codes[code] = !name.empty() && name.find(m.q) != std::string::npos;
  }
  return m;
}

ActivityCube::AccessPlan ActivityCube::Compile(const Principal& p) const {
  AccessPlan plan;
  plan.system = p.system;
  plan.org = p.org_id;
  plan.holds.resize(compartments_.size());
  for (size_t i = 0; i < compartments_.size(); ++i) plan.holds[i] = p.Holds(compartments_[i]);
  auto compile = [&](const ReleaseScope& scope, std::vector<CompiledScope>& out) {
    auto c = std::find(compartments_.begin(), compartments_.end(), scope.compartment);
    if (c == compartments_.end() || c == compartments_.begin()) return;  // covers no row
    CompiledScope s;
    s.compartment = static_cast<uint16_t>(c - compartments_.begin());
    if (!scope.sector.empty()) s.sector = Lookup(scope.sector);
    if (!scope.place.empty()) {
      if (scope.place_level < 0 || scope.place_level > 3) return;
      s.place_column = scope.place_level;
      s.place = Lookup(scope.place);
    }
    if (!scope.from.empty()) s.from = scope.from.DaysSinceEpoch();
    if (!scope.to.empty()) s.to = scope.to.DaysSinceEpoch();
    out.push_back(s);
  };
  for (const auto& scope : p.full) compile(scope, plan.full);
  for (const auto& scope : p.aggregate) compile(scope, plan.aggregate);
  return plan;
}

bool ActivityCube::Covers(const CompiledScope& s, const Row& r) const {
  if (r.compartment != s.compartment) return false;
  if (s.sector && r.sector != *s.sector) return false;
  if (s.place_column >= 0 && r.place[s.place_column] != s.place) return false;
  return r.end >= s.from && r.start <= s.to;
}

// See() of domain/access.h, on the cube's rows.
Visibility ActivityCube::Sees(const AccessPlan& plan, const Row& r) const {
  if (plan.system) return Visibility::kFull;
  bool owner = plan.org != 0 && r.owner == plan.org;
  if (r.restricted) return owner ? Visibility::kFull : Visibility::kNone;
  if (r.compartment == 0 || owner || plan.holds[r.compartment]) return Visibility::kFull;
  for (const auto& s : plan.full) {
    if (Covers(s, r)) return Visibility::kFull;
  }
  for (const auto& s : plan.aggregate) {
    if (Covers(s, r)) return Visibility::kAggregate;
  }
  return Visibility::kNone;
}

bool ActivityCube::Matches(const Row& r, const ActivityFilter& f, int place_column,
                           int32_t place_code, int32_t sector_code, const TextMatch* text,
                           const Principal& reader) const {
  if (f.org_filter) {
    bool any = false;
    for (Id org : r.orgs) {
      any = any || (org != 0 && std::find(f.orgs.begin(), f.orgs.end(), org) != f.orgs.end());
    }
    if (!any) return false;
  }
  if (!f.sector.empty() && r.sector != sector_code) return false;
  if (!f.place.empty()) {
    if (place_column >= 0) {
      if (r.place[place_column] != place_code) return false;
    } else if (std::find(std::begin(r.place), std::end(r.place), place_code) == std::end(r.place)) {
      return false;
    }
  }
  if (f.status && r.status != *f.status) return false;
  if (!f.from.empty() && r.end < f.from.DaysSinceEpoch()) return false;
  if (!f.to.empty() && r.start > f.to.DaysSinceEpoch()) return false;
  if (text != nullptr) {
    auto named = [&](int32_t code) { return code >= 0 && text->codes[static_cast<size_t>(code)]; };
    bool org =
        r.orgs[0] != 0 && std::binary_search(text->orgs.begin(), text->orgs.end(), r.orgs[0]);
    bool location = (!r.location_sensitive || FieldsCleared(reader, r.owner)) &&
                    r.location.find(text->q) != std::string::npos;
    if (r.text.find(text->q) == std::string::npos && !location && !org && !named(r.place[4]) &&
        !named(r.place[1])) {
      return false;
    }
  }
  return true;
}

std::vector<Id> ActivityCube::Page(const Principal& p, const View& view, const ActivityFilter& f,
                                   Id after, int limit, int64_t& total) const {
  int place_column = -1;
  if (auto it = place_levels_.find(f.place); it != place_levels_.end()) place_column = it->second;
  int32_t place_code = Lookup(f.place);
  int32_t sector_code = Lookup(f.sector);
  std::optional<TextMatch> text;
  if (!f.q.empty()) text = MatchText(f.q);
  std::vector<Id> ids;
  total = 0;
  for (size_t n = 0; n < view.rows.size(); ++n) {
    if (view.aggregate_only[n]) continue;
    const Row& r = rows_[view.rows[n]];
    if (!Matches(r, f, place_column, place_code, sector_code, text ? &*text : nullptr, p)) continue;
    ++total;
    if (r.id > after && static_cast<int>(ids.size()) < limit) ids.push_back(r.id);
  }
  return ids;
}

ActivityCube::View ActivityCube::Visible(const Principal& p) const {
  AccessPlan plan = Compile(p);
  View view;
  for (size_t i = 0; i < rows_.size(); ++i) {
    Visibility seen = Sees(plan, rows_[i]);
    if (seen == Visibility::kNone) continue;
    view.rows.push_back(static_cast<uint32_t>(i));
    view.aggregate_only.push_back(seen == Visibility::kAggregate);
  }
  return view;
}

Summary ActivityCube::Summarize(const Principal& p, const View& view, const ActivityFilter& f,
                                const std::vector<SummaryKey>& by) const {
  bool aggregates = AggregatesApply(p, f, by);
  int place_column = -1;  // unknown places are looked for in every place column, like the store
  if (auto it = place_levels_.find(f.place); it != place_levels_.end()) place_column = it->second;
  int32_t place_code = Lookup(f.place);
  int32_t sector_code = Lookup(f.sector);
  std::optional<TextMatch> text;
  if (!f.q.empty()) text = MatchText(f.q);
  std::unordered_map<GroupKey, SummaryGroup, GroupKeyHash> groups;
  Summary summary;
  GroupKey key{};
  for (size_t n = 0; n < view.rows.size(); ++n) {
    bool counted_only = view.aggregate_only[n];
    if (counted_only && !aggregates) continue;
    const Row& r = rows_[view.rows[n]];
    if (!Matches(r, f, place_column, place_code, sector_code, text ? &*text : nullptr, p)) continue;
    if (counted_only) ++summary.aggregate_only;
    if (!counted_only && (r.compartment != 0 || r.restricted)) ++summary.compartmented;
    for (size_t i = 0; i < by.size(); ++i) {
      switch (by[i]) {
        case SummaryKey::kAdm1:
          key[i] = r.place[1];
          break;
        case SummaryKey::kAdm2:
          key[i] = r.place[2];
          break;
        case SummaryKey::kSector:
          key[i] = r.sector;
          break;
        case SummaryKey::kOrg:
          key[i] = r.orgs[0];
          break;
      }
    }
    SummaryGroup& g = by.empty() ? summary.total : groups[key];
    ++g.count;
    g.targeted += r.targeted;
    g.reached += r.reached;
    g.budget_usd_cents += r.budget_usd_cents;
    if (r.unlocated) ++summary.unlocated;
  }
  for (auto& [k, g] : groups) {
    for (size_t i = 0; i < by.size(); ++i) {
      if (by[i] == SummaryKey::kOrg) {
        g.keys.push_back(k[i] == 0 ? "" : std::to_string(k[i]));
      } else {
        g.keys.push_back(k[i] < 0 ? "" : names_[static_cast<size_t>(k[i])]);
      }
    }
    summary.total.count += g.count;
    summary.total.targeted += g.targeted;
    summary.total.reached += g.reached;
    summary.total.budget_usd_cents += g.budget_usd_cents;
    summary.groups.push_back(std::move(g));
  }
  std::sort(summary.groups.begin(), summary.groups.end(),
            [](const SummaryGroup& a, const SummaryGroup& b) { return a.keys < b.keys; });
  return summary;
}

}  // namespace om
