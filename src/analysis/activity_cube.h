// ActivityCube: the facts of every activity (where, what, who, when, people, budget) in compact
// columns, so grouped summaries with any filter take microseconds instead of a database scan.
//
//   ActivityCube cube(facts, places, organization_aliases);
//   Summary s = cube.Summarize(filter, {SummaryKey::kAdm1, SummaryKey::kSector});
//
// Answers exactly what the store's SummarizeActivities answers for the same filter, free text
// included. Immutable after construction; safe to share between threads.
#pragma once

#include <cstdint>
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

  Summary Summarize(const ActivityFilter& filter, const std::vector<SummaryKey>& by) const;
  size_t size() const { return rows_.size(); }

 private:
  struct Row {
    int32_t place[5];  // adm0..adm3 codes and the place itself, -1 = none
    int32_t sector;
    Id orgs[3];  // implementing, programme, funding
    ActivityStatus status;
    int32_t start;  // days since epoch, INT32_MIN = open
    int32_t end;    // INT32_MAX = open
    int64_t targeted, reached, budget_usd_cents;
    bool unlocated;
    std::string text;  // folded title, description and location
  };

  // Which organizations and interned places a folded query names (for `q`).
  struct TextMatch {
    std::string q;
    std::vector<Id> orgs;
    std::vector<bool> codes;  // by interned code
  };
  TextMatch MatchText(const std::string& q) const;

  int32_t Code(const std::string& text);  // interns a p-code or sector code
  int32_t Lookup(const std::string& text) const;
  bool Matches(const Row& row, const ActivityFilter& f, int place_column, int32_t place_code,
               int32_t sector_code, const TextMatch* text) const;

  std::vector<Row> rows_;
  std::unordered_map<std::string, int32_t> codes_;
  std::vector<std::string> names_;
  std::unordered_map<std::string, int> place_levels_;
  std::vector<std::string> folded_names_;  // by interned code ("" when not a place)
  std::vector<std::pair<std::string, Id>> aliases_;
};

}  // namespace om
