#include "io/hxl_activity_map.h"

#include <array>
#include <optional>
#include <utility>

#include "core/text.h"
#include "io/hxl.h"
#include "io/hxl_field_rules.h"

namespace om {

using hxl_internal::ActivityField;
using hxl_internal::kActivityFieldCount;
using hxl_internal::kPeopleKeys;

namespace {

constexpr int kMaxHeaderRows = 25;

// The best column so far for one field or people key.
struct Choice {
  int column = -1;
  int score = 0;
  void Offer(int col, int s) {
    if (s > score) {
      column = col;
      score = s;
    }
  }
};

using PeopleChoices = std::array<Choice, kPeopleKeys.size()>;

std::vector<std::pair<int, int>> UsedPeopleColumns(const PeopleChoices& choices) {
  std::vector<std::pair<int, int>> used;  // (key index, column)
  for (size_t k = 0; k < choices.size(); ++k) {
    if (choices[k].column >= 0) used.emplace_back(static_cast<int>(k), choices[k].column);
  }
  return used;
}

}  // namespace

// Column indices chosen for each field, computed once in Open so Next does no lookups.
struct HxlActivityTable::Mapping {
  std::array<int, kActivityFieldCount> column{};
  std::vector<std::pair<int, int>> targeted;  // (index into kPeopleKeys, column)
  std::vector<std::pair<int, int>> reached;
  bool budget_in_usd = false;  // the budget tag says +usd
  CsvRecord record;            // reused by Next
  // The fields of the last row Next filled; recomputed only when the caller passes another row.
  const RawActivity* targets_of = nullptr;
  std::array<std::string*, kActivityFieldCount> targets{};
};

namespace {

// Chooses the most specific column for every field and people key (first column on a tie).
void ChooseColumns(const std::vector<std::optional<HxlTag>>& tags,
                   std::array<int, kActivityFieldCount>& column, PeopleChoices& targeted,
                   PeopleChoices& reached) {
  std::array<Choice, kActivityFieldCount> best;
  for (int c = 0; c < static_cast<int>(tags.size()); ++c) {
    if (!tags[c]) continue;
    HxlTag tag = hxl_internal::CanonicalTag(*tags[c]);
    for (int f = 0; f < kActivityFieldCount; ++f) {
      best[f].Offer(c, hxl_internal::FieldScore(static_cast<ActivityField>(f), tag));
    }
    int score = 0;
    int key = hxl_internal::PeopleKey(tag, score);
    if (key < 0) continue;
    (tag.hashtag == "targeted" ? targeted : reached)[key].Offer(c, score);
  }
  for (int f = 0; f < kActivityFieldCount; ++f) column[f] = best[f].column;
}

std::vector<bool> UsedColumns(const std::array<int, kActivityFieldCount>& column,
                              const std::vector<std::pair<int, int>>& targeted,
                              const std::vector<std::pair<int, int>>& reached, size_t count) {
  std::vector<bool> used(count, false);
  for (int c : column) {
    if (c >= 0) used[c] = true;
  }
  for (const auto& [key, c] : targeted) used[c] = true;
  for (const auto& [key, c] : reached) used[c] = true;
  return used;
}

bool HasColumn(const std::array<int, kActivityFieldCount>& column,
               std::initializer_list<ActivityField> fields) {
  for (ActivityField f : fields) {
    if (column[static_cast<int>(f)] >= 0) return true;
  }
  return false;
}

}  // namespace

Result<std::unique_ptr<HxlActivityTable>> HxlActivityTable::Open(
    std::unique_ptr<CsvReader> reader) {
  CsvRecord header;
  CsvRecord record;
  bool found = false;
  for (int i = 0; i < kMaxHeaderRows && reader->Next(record); ++i) {
    if (IsHxlTagRow(record.fields)) {
      found = true;
      break;
    }
    std::swap(header, record);
  }
  OM_RETURN_IF_ERROR(reader->status());
  if (!found) {
    return InvalidArgument("not an HXL file: no row of hashtags (#org, #sector ...) in the first " +
                           std::to_string(kMaxHeaderRows) + " rows");
  }
  std::unique_ptr<HxlActivityTable> table(new HxlActivityTable());
  table->reader_ = std::move(reader);
  table->tag_line_ = record.line;
  OM_RETURN_IF_ERROR(table->MapColumns(header.fields, record.fields));
  return table;
}

Status HxlActivityTable::MapColumns(const std::vector<std::string>& headers,
                                    const std::vector<std::string>& tag_cells) {
  size_t count = std::max(headers.size(), tag_cells.size());
  std::vector<std::optional<HxlTag>> tags(count);
  for (size_t c = 0; c < count; ++c) {
    HxlColumn column;
    column.index = static_cast<int>(c);
    if (c < headers.size()) column.header = std::string(Trim(headers[c]));
    if (c < tag_cells.size()) tags[c] = ParseHxlTag(tag_cells[c]);
    if (tags[c]) column.tag = tags[c]->ToString();
    columns_.push_back(std::move(column));
  }
  auto mapping = std::make_shared<Mapping>();
  PeopleChoices targeted;
  PeopleChoices reached;
  ChooseColumns(tags, mapping->column, targeted, reached);
  mapping->targeted = UsedPeopleColumns(targeted);
  mapping->reached = UsedPeopleColumns(reached);
  int budget = mapping->column[static_cast<int>(ActivityField::kBudget)];
  mapping->budget_in_usd = budget >= 0 && tags[budget]->Has("usd");

  using F = ActivityField;
  if (!HasColumn(mapping->column, {F::kOrgImpl, F::kOrgImplAcronym, F::kOrgProg, F::kOrgFunding,
                                   F::kSector, F::kSectorCode, F::kTitle})) {
    return InvalidArgument(
        "not a 3W file: the HXL tags name no organization (#org) and no sector or activity "
        "(#sector, #activity) column");
  }
  std::vector<bool> used = UsedColumns(mapping->column, mapping->targeted, mapping->reached, count);
  for (size_t c = 0; c < count; ++c) {
    if (tags[c] && !used[c]) ignored_.push_back(columns_[c]);
  }
  mapping_ = std::move(mapping);
  return Status::Ok();
}

namespace {

bool IsTrimmed(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f';
}

// Same as out = Trim(cells[column]) without the generic Trim's character-set search per byte.
void AssignCell(std::string& out, const std::vector<std::string>& cells, int column) {
  if (column < 0 || column >= static_cast<int>(cells.size())) {
    out.clear();
    return;
  }
  const std::string& cell = cells[column];
  size_t begin = 0;
  size_t end = cell.size();
  while (begin < end && IsTrimmed(cell[begin])) ++begin;
  while (end > begin && IsTrimmed(cell[end - 1])) --end;
  out.assign(cell, begin, end - begin);
}

void FillPeople(std::vector<std::pair<std::string, std::string>>& out,
                const std::vector<std::pair<int, int>>& columns,
                const std::vector<std::string>& cells) {
  out.resize(columns.size());
  for (size_t i = 0; i < columns.size(); ++i) {
    out[i].first.assign(kPeopleKeys[columns[i].first]);
    AssignCell(out[i].second, cells, columns[i].second);
  }
}

}  // namespace

bool HxlActivityTable::Next(RawActivity& row) {
  Mapping& m = *mapping_;
  if (!reader_->Next(m.record)) return false;
  const std::vector<std::string>& cells = m.record.fields;
  row.line = m.record.line;
  if (m.targets_of != &row) {
    for (int f = 0; f < kActivityFieldCount; ++f) {
      m.targets[f] = &hxl_internal::FieldOf(row, static_cast<ActivityField>(f));
    }
    m.targets_of = &row;
  }
  for (int f = 0; f < kActivityFieldCount; ++f) AssignCell(*m.targets[f], cells, m.column[f]);
  row.adm_name[0].clear();
  row.adm_code[0].clear();
  if (m.budget_in_usd) row.currency = "USD";
  FillPeople(row.targeted, m.targeted, cells);
  FillPeople(row.reached, m.reached, cells);
  return true;
}

}  // namespace om
