// ActivityCube: the facts of every activity (where, what, who, when, people, budget) in compact
// columns, so grouped summaries with any filter take microseconds instead of a database scan.
//
//   ActivityCube cube(facts, place_levels);
//   Summary s = cube.Summarize(filter, {SummaryKey::kAdm1, SummaryKey::kSector});
//
// Answers exactly what the store's SummarizeActivities answers for the same filter, except that
// it cannot evaluate free text (`q`): callers ask the store when a filter has text. Immutable
// after construction; safe to share between threads.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "domain/activity_query.h"

namespace om {

class ActivityCube {
 public:
  ActivityCube(const std::vector<ActivityFact>& facts,
               const std::unordered_map<std::string, int>& place_levels);

  static bool CanAnswer(const ActivityFilter& filter) { return filter.q.empty(); }
  Summary Summarize(const ActivityFilter& filter, const std::vector<SummaryKey>& by) const;
  size_t size() const { return rows_.size(); }

 private:
  struct Row {
    int32_t place[5];  // adm0..adm3 codes and the place itself, -1 = none
    int32_t sector;
    Id orgs[3];        // implementing, programme, funding
    ActivityStatus status;
    int32_t start;     // days since epoch, INT32_MIN = open
    int32_t end;       // INT32_MAX = open
    int64_t targeted, reached, budget_usd_cents;
    bool unlocated;
  };

  int32_t Code(const std::string& text);  // interns a p-code or sector code
  int32_t Lookup(const std::string& text) const;
  bool Matches(const Row& row, const ActivityFilter& f, int place_column, int32_t place_code,
               int32_t sector_code) const;

  std::vector<Row> rows_;
  std::unordered_map<std::string, int32_t> codes_;
  std::vector<std::string> names_;
  std::unordered_map<std::string, int> place_levels_;
};

}  // namespace om
