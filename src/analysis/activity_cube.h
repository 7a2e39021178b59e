// ActivityCube: the facts of every activity (where, what, who, when, people, budget) in compact
// columns, so grouped summaries with any filter take microseconds instead of a database scan.
//
//   ActivityCube cube(facts, places, organization_aliases);
//   Summary s = cube.Summarize(principal, filter, {SummaryKey::kAdm1, SummaryKey::kSector});
//
// Answers exactly what the store's SummarizeActivities answers for the same principal and
// filter, free text and the access policy included. Immutable after construction; safe to share
// between threads.
#pragma once

#include <array>
#include <climits>
#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "domain/activity_query.h"

namespace om {

class ActivityCube {
 public:
  ActivityCube(std::vector<ActivityFact> facts,
               const std::unordered_map<std::string, PlaceInfo>& places,
               std::vector<std::pair<std::string, Id>> organization_aliases);

  // The rows a principal may count, in row order, each marked when it may only be counted
  // (an aggregate release). Depends only on what Principal::ViewKey() captures, so callers
  // may keep it per view while the cube lives.
  struct View {
    std::vector<uint32_t> rows;  // the rows counted, in row order
    std::vector<uint8_t> state;  // by cube row: 0 = not counted, 1 = read in full, 2 = counted only
  };
  View Visible(const Principal& p) const;

  Summary Summarize(const Principal& p, const ActivityFilter& filter,
                    const std::vector<SummaryKey>& by) const {
    return Summarize(p, Visible(p), filter, by);
  }
  Summary Summarize(const Principal& p, const View& view, const ActivityFilter& filter,
                    const std::vector<SummaryKey>& by) const;

  // The ids of the rows `p` reads in full that match the filter, after `after` in id order, at
  // most `limit` of them; `total` gets the number of all such rows (the list endpoint's page and
  // total, with the store's SQL semantics).
  std::vector<Id> Page(const Principal& p, const View& view, const ActivityFilter& filter, Id after,
                       int limit, int64_t& total) const;
  size_t size() const { return rows_.size(); }

 private:
  struct Row {
    Id id;
    int32_t place[5];  // adm0..adm3 codes and the place itself, -1 = none
    int32_t sector;
    Id orgs[3];  // implementing, programme, funding
    ActivityStatus status;
    int32_t start;  // days since epoch, INT32_MIN = open
    int32_t end;    // INT32_MAX = open
    int64_t targeted, reached, budget_usd_cents;
    bool unlocated;
    bool restricted;
    bool location_sensitive;
    uint16_t compartment;  // index in compartments_; 0 = none
    int32_t group[4];      // by SummaryKey: the row's index in group_keys_, -1 = none
    Id owner;
  };

  // A principal's access rules in the cube's codes.
  struct CompiledScope {
    uint16_t compartment;
    std::optional<int32_t> sector;
    int place_column = -1;
    int32_t place = 0;
    int32_t from = INT32_MIN, to = INT32_MAX;
  };
  struct AccessPlan {
    bool system = false;
    Id org = 0;
    std::vector<bool> holds;  // by compartment index
    std::vector<CompiledScope> full, aggregate;
  };
  AccessPlan Compile(const Principal& p) const;
  Visibility Sees(const AccessPlan& plan, const Row& r) const;
  bool Covers(const CompiledScope& s, const Row& r) const;

  // Which organizations and interned places a folded query names (for `q`).
  struct TextMatch {
    std::string q;  // folded; rows' texts are searched for it with Contains (core/text.h)
    std::vector<Id> orgs;
    std::vector<bool> codes;  // by interned code
  };
  TextMatch MatchText(const std::string& q) const;

  // A filter in the cube's codes, computed once per question.
  struct CompiledFilter {
    const ActivityFilter* filter;
    int place_column = -1;  // unknown places are looked for in every place column, like the store
    int32_t place_code = -2;
    int32_t sector_code = -2;
    int32_t from = INT32_MIN, to = INT32_MAX;
    std::optional<TextMatch> text;
  };
  CompiledFilter CompileFilter(const ActivityFilter& f) const;

  int32_t Code(const std::string& text);  // interns a p-code or sector code
  int32_t Lookup(const std::string& text) const;
  bool Matches(size_t row, const CompiledFilter& f, const Principal& reader) const;
  // Calls visit(row, counted_only) for every row of `view` that may match `f`, in row order:
  // only the rows of the sector or place it names when it names one (the fewer), else all.
  template <typename Visit>
  void ForCandidates(const View& view, const CompiledFilter& f, Visit visit) const;

  std::vector<Row> rows_;
  // Row numbers by sector code and by place code in each place column, in row order.
  std::unordered_map<int32_t, std::vector<uint32_t>> rows_by_sector_;
  std::array<std::unordered_map<int32_t, std::vector<uint32_t>>, 5> rows_by_place_;
  // Searched only when a question has text, so kept apart from the rows every question reads.
  std::vector<std::string> texts_;      // by row: folded title and description
  std::vector<std::string> locations_;  // by row: folded site name
  // By SummaryKey, the distinct values rows have, densely numbered for grouping: interned codes
  // for places and sectors, organization ids for kOrg.
  std::array<std::vector<int64_t>, 4> group_keys_;
  // By SummaryKey and like group_keys_, each key's place in the order of its text (names_ entry
  // or decimal id): summaries are sorted by that text, and comparing ranks is cheaper.
  std::array<std::vector<uint32_t>, 4> group_rank_;
  std::string GroupKeyText(size_t key, int64_t value) const;
  std::unordered_map<std::string, int32_t> codes_;
  std::vector<std::string> names_;
  std::unordered_map<std::string, int> place_levels_;
  std::vector<std::string> folded_names_;  // by interned code ("" when not a place)
  std::vector<std::pair<std::string, Id>> aliases_;
  // The folded aliases, and the folded place names by interned code, each run together with a
  // '\0' after every entry, so that a search for `q` is one memmem pass instead of one per entry.
  struct Haystack {
    std::string text;
    std::vector<uint32_t> ends;  // by entry: offset of its '\0'
    // Calls hit(entry) once for each entry that contains `needle` (non-empty, no '\0').
    template <typename Hit>
    void Search(const std::string& needle, Hit hit) const;
  };
  Haystack alias_text_, place_text_;
  std::vector<std::string> compartments_;  // [0] = "none"
};

}  // namespace om
