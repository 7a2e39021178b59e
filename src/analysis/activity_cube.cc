#include "analysis/activity_cube.h"

#include <algorithm>
#include <array>
#include <climits>
#include <cstring>
#include <optional>
#include <unordered_map>

#include "core/text.h"

namespace om {

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
  texts_.reserve(facts.size());
  locations_.reserve(facts.size());
  std::array<std::unordered_map<int64_t, int32_t>, 4> group_index;
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
    // In SummaryKey order: adm1, adm2, sector (interned codes, -1 = none), org (id, 0 = none).
    const int64_t keys[4] = {r.place[1], r.place[2], r.sector, r.orgs[0] == 0 ? -1 : r.orgs[0]};
    for (size_t k = 0; k < 4; ++k) {
      r.group[k] = -1;
      if (keys[k] < 0) continue;
      auto [it, inserted] =
          group_index[k].emplace(keys[k], static_cast<int32_t>(group_keys_[k].size()));
      if (inserted) group_keys_[k].push_back(keys[k]);
      r.group[k] = it->second;
    }
    r.owner = f.owner;
    auto row = static_cast<uint32_t>(rows_.size());
    if (r.sector >= 0) rows_by_sector_[r.sector].push_back(row);
    for (size_t col = 0; col < 5; ++col) {
      if (r.place[col] >= 0) rows_by_place_[col][r.place[col]].push_back(row);
    }
    rows_.push_back(r);
    texts_.push_back(std::move(f.text));
    locations_.push_back(std::move(f.location));
  }
  folded_names_.resize(names_.size());
  for (size_t code = 0; code < names_.size(); ++code) {
    auto it = places.find(names_[code]);
    if (it != places.end()) folded_names_[code] = it->second.folded_name;
  }
  auto add = [](Haystack& h, const std::string& entry) {
    h.text.append(entry).push_back('\0');
    h.ends.push_back(static_cast<uint32_t>(h.text.size() - 1));
  };
  for (const auto& alias : aliases_) add(alias_text_, alias.first);
  for (const std::string& name : folded_names_) add(place_text_, name);
  for (size_t k = 0; k < group_keys_.size(); ++k) {
    std::vector<std::string> texts;
    for (int64_t value : group_keys_[k]) texts.push_back(GroupKeyText(k, value));
    std::vector<uint32_t> order(texts.size());
    for (uint32_t i = 0; i < order.size(); ++i) order[i] = i;
    std::sort(order.begin(), order.end(),
              [&](uint32_t a, uint32_t b) { return texts[a] < texts[b]; });
    group_rank_[k].resize(order.size());
    for (uint32_t r = 0; r < order.size(); ++r) group_rank_[k][order[r]] = r;
  }
}

std::string ActivityCube::GroupKeyText(size_t key, int64_t value) const {
  return key == static_cast<size_t>(SummaryKey::kOrg) ? std::to_string(value)
                                                      : names_[static_cast<size_t>(value)];
}

template <typename Hit>
void ActivityCube::Haystack::Search(const std::string& needle, Hit hit) const {
  const char* begin = text.data();
  const char* end = begin + text.size();
  for (const char* from = begin; from < end;) {
    auto* found = static_cast<const char*>(
        memmem(from, static_cast<size_t>(end - from), needle.data(), needle.size()));
    if (found == nullptr) return;
    // The entry holding the match: the first whose '\0' comes after it (a match never spans
    // one, since the needle has none).
    auto entry = std::upper_bound(ends.begin(), ends.end(), static_cast<uint32_t>(found - begin));
    hit(static_cast<size_t>(entry - ends.begin()));
    from = begin + *entry + 1;  // one hit per entry is enough
  }
}

ActivityCube::TextMatch ActivityCube::MatchText(const std::string& q) const {
  TextMatch m;
  m.q = FoldName(q);
  m.codes.resize(folded_names_.size());
  if (!m.q.empty() && m.q.find('\0') == std::string::npos) {
    alias_text_.Search(m.q, [&](size_t i) { m.orgs.push_back(aliases_[i].second); });
    place_text_.Search(m.q, [&](size_t code) { m.codes[code] = true; });
  } else {  // every entry contains the empty text (and no entry has a '\0')
    for (const auto& [alias, org] : aliases_) {
      if (alias.find(m.q) != std::string::npos) m.orgs.push_back(org);
    }
    for (size_t code = 0; code < folded_names_.size(); ++code) {
      const std::string& name = folded_names_[code];
      m.codes[code] = !name.empty() && name.find(m.q) != std::string::npos;
    }
  }
  std::sort(m.orgs.begin(), m.orgs.end());
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

ActivityCube::CompiledFilter ActivityCube::CompileFilter(const ActivityFilter& f) const {
  CompiledFilter c;
  c.filter = &f;
  if (auto it = place_levels_.find(f.place); it != place_levels_.end()) c.place_column = it->second;
  c.place_code = Lookup(f.place);
  c.sector_code = Lookup(f.sector);
  if (!f.from.empty()) c.from = f.from.DaysSinceEpoch();
  if (!f.to.empty()) c.to = f.to.DaysSinceEpoch();
  if (!f.q.empty()) c.text = MatchText(f.q);
  return c;
}

bool ActivityCube::Matches(size_t i, const CompiledFilter& c, const Principal& reader) const {
  const Row& r = rows_[i];
  const ActivityFilter& f = *c.filter;
  if (f.org_filter) {
    bool any = false;
    for (Id org : r.orgs) {
      any = any || (org != 0 && std::find(f.orgs.begin(), f.orgs.end(), org) != f.orgs.end());
    }
    if (!any) return false;
  }
  if (!f.sector.empty() && r.sector != c.sector_code) return false;
  if (!f.place.empty()) {
    if (c.place_column >= 0) {
      if (r.place[c.place_column] != c.place_code) return false;
    } else if (std::find(std::begin(r.place), std::end(r.place), c.place_code) ==
               std::end(r.place)) {
      return false;
    }
  }
  if (f.status && r.status != *f.status) return false;
  if (r.end < c.from || r.start > c.to) return false;
  if (c.text) {
    const TextMatch& text = *c.text;
    auto named = [&](int32_t code) { return code >= 0 && text.codes[static_cast<size_t>(code)]; };
    if (Contains(texts_[i], text.q) || named(r.place[4]) || named(r.place[1])) return true;
    if (r.orgs[0] != 0 && std::binary_search(text.orgs.begin(), text.orgs.end(), r.orgs[0]))
      return true;
    return (!r.location_sensitive || FieldsCleared(reader, r.owner)) &&
           Contains(locations_[i], text.q);
  }
  return true;
}

template <typename Visit>
void ActivityCube::ForCandidates(const View& view, const CompiledFilter& c, Visit visit) const {
  static const std::vector<uint32_t> kNoRows;
  const std::vector<uint32_t>* fewest = nullptr;
  auto consider = [&](const std::unordered_map<int32_t, std::vector<uint32_t>>& index,
                      int32_t code) {
    auto it = index.find(code);
    const std::vector<uint32_t>* rows = it == index.end() ? &kNoRows : &it->second;
    if (fewest == nullptr || rows->size() < fewest->size()) fewest = rows;
  };
  if (!c.filter->sector.empty()) consider(rows_by_sector_, c.sector_code);
  if (!c.filter->place.empty() && c.place_column >= 0)
    consider(rows_by_place_[static_cast<size_t>(c.place_column)], c.place_code);
  if (fewest == nullptr || fewest->size() >= view.rows.size()) {
    fewest = &view.rows;  // every row the view counts
  }
  for (uint32_t row : *fewest) {
    if (uint8_t state = view.state[row]; state != 0) visit(row, state == 2);
  }
}

std::vector<Id> ActivityCube::Page(const Principal& p, const View& view, const ActivityFilter& f,
                                   Id after, int limit, int64_t& total) const {
  CompiledFilter c = CompileFilter(f);
  std::vector<Id> ids;
  total = 0;
  ForCandidates(view, c, [&](uint32_t row, bool counted_only) {
    if (counted_only || !Matches(row, c, p)) return;
    ++total;
    const Row& r = rows_[row];
    if (r.id > after && static_cast<int>(ids.size()) < limit) ids.push_back(r.id);
  });
  return ids;
}

ActivityCube::View ActivityCube::Visible(const Principal& p) const {
  AccessPlan plan = Compile(p);
  View view;
  view.state.resize(rows_.size());
  for (size_t i = 0; i < rows_.size(); ++i) {
    Visibility seen = Sees(plan, rows_[i]);
    if (seen == Visibility::kNone) continue;
    view.rows.push_back(static_cast<uint32_t>(i));
    view.state[i] = seen == Visibility::kAggregate ? 2 : 1;
  }
  return view;
}

namespace {

// Group sums by slot while a summary is computed: slots index a dense table when the keys'
// combinations are few (the common case), a hash map otherwise.
struct Sums {
  int64_t count = 0, targeted = 0, reached = 0, budget_usd_cents = 0;
};
constexpr size_t kMaxDenseSlots = size_t{1} << 20;

}  // namespace

Summary ActivityCube::Summarize(const Principal& p, const View& view, const ActivityFilter& f,
                                const std::vector<SummaryKey>& by) const {
  bool aggregates = AggregatesApply(p, f, by);
  CompiledFilter c = CompileFilter(f);
  // Each key is a row's group index (+1, so that 0 is "none"); a group's slot is those indexes
  // in mixed radix.
  std::array<size_t, 4> radix{};
  size_t slots = 1;
  for (size_t i = 0; i < by.size(); ++i) {
    radix[i] = group_keys_[static_cast<size_t>(by[i])].size() + 1;
    slots = slots > kMaxDenseSlots / radix[i] ? kMaxDenseSlots + 1 : slots * radix[i];
  }
  bool dense = slots <= kMaxDenseSlots;
  thread_local std::vector<int32_t> group_of_slot;  // -1 = no group yet; reset after use
  if (dense && group_of_slot.size() < slots) group_of_slot.resize(slots, -1);
  std::unordered_map<uint64_t, int32_t> sparse;
  std::vector<uint64_t> group_slots;
  std::vector<Sums> sums;
  Summary summary;
  Sums total;
  ForCandidates(view, c, [&](uint32_t row, bool counted_only) {
    if (counted_only && !aggregates) return;
    if (!Matches(row, c, p)) return;
    const Row& r = rows_[row];
    if (counted_only) ++summary.aggregate_only;
    if (!counted_only && (r.compartment != 0 || r.restricted)) ++summary.compartmented;
    if (r.unlocated) ++summary.unlocated;
    Sums* g = &total;
    if (!by.empty()) {
      uint64_t slot = 0;
      for (size_t i = 0; i < by.size(); ++i) {
        slot = slot * radix[i] + static_cast<uint64_t>(r.group[static_cast<size_t>(by[i])] + 1);
      }
      int32_t& group = dense ? group_of_slot[slot] : sparse.try_emplace(slot, -1).first->second;
      if (group < 0) {
        group = static_cast<int32_t>(sums.size());
        sums.emplace_back();
        group_slots.push_back(slot);
      }
      g = &sums[static_cast<size_t>(group)];
    }
    ++g->count;
    g->targeted += r.targeted;
    g->reached += r.reached;
    g->budget_usd_cents += r.budget_usd_cents;
  });
  if (by.empty()) {
    summary.total =
        SummaryGroup{{}, total.count, total.targeted, total.reached, total.budget_usd_cents};
  }
  // Groups in the order of their keys' texts, "" (none) first: by the keys' ranks, so the sort
  // compares integers, and each key's text is made once, for the group that shows it.
  struct Keys {
    std::array<uint32_t, 4> rank{};   // 0 = none, else 1 + group_rank_
    std::array<uint32_t, 4> index{};  // 0 = none, else 1 + index in group_keys_
  };
  std::vector<Keys> keys(sums.size());
  for (size_t k = 0; k < sums.size(); ++k) {
    uint64_t slot = group_slots[k];
    if (dense) group_of_slot[slot] = -1;
    for (size_t i = by.size(); i-- > 0;) {
      auto index = static_cast<uint32_t>(slot % radix[i]);
      slot /= radix[i];
      keys[k].index[i] = index;
      if (index != 0) keys[k].rank[i] = group_rank_[static_cast<size_t>(by[i])][index - 1] + 1;
    }
  }
  std::vector<uint32_t> order(sums.size());
  for (uint32_t k = 0; k < order.size(); ++k) order[k] = k;
  std::sort(order.begin(), order.end(),
            [&](uint32_t a, uint32_t b) { return keys[a].rank < keys[b].rank; });
  summary.groups.reserve(sums.size());
  for (uint32_t k : order) {
    SummaryGroup g{{}, sums[k].count, sums[k].targeted, sums[k].reached, sums[k].budget_usd_cents};
    g.keys.resize(by.size());
    for (size_t i = 0; i < by.size(); ++i) {
      if (uint32_t index = keys[k].index[i]; index != 0) {
        auto key = static_cast<size_t>(by[i]);
        g.keys[i] = GroupKeyText(key, group_keys_[key][index - 1]);
      }
    }
    summary.total.count += g.count;
    summary.total.targeted += g.targeted;
    summary.total.reached += g.reached;
    summary.total.budget_usd_cents += g.budget_usd_cents;
    summary.groups.push_back(std::move(g));
  }
  return summary;
}

}  // namespace om
