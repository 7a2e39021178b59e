#include "io/hxl_activity_map.h"

#include <array>
#include <optional>
#include <set>
#include <tuple>
#include <utility>

#include "core/text.h"
#include "io/hxl.h"
#include "io/hxl_field_rules.h"
#include "io/hxl_header_inference.h"

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
using Tags = std::vector<std::optional<HxlTag>>;

// The column chosen for each field and people key.
struct ColumnChoice {
  std::array<int, kActivityFieldCount> field{};  // -1 when no column fits
  std::vector<std::pair<int, int>> targeted;     // (index into kPeopleKeys, column)
  std::vector<std::pair<int, int>> reached;
};

std::vector<std::pair<int, int>> UsedPeopleColumns(const PeopleChoices& choices) {
  std::vector<std::pair<int, int>> used;  // (key index, column)
  for (size_t k = 0; k < choices.size(); ++k) {
    if (choices[k].column >= 0) used.emplace_back(static_cast<int>(k), choices[k].column);
  }
  return used;
}

// Chooses the most specific column for every field and people key (first column on a tie).
ColumnChoice ChooseColumns(const Tags& tags) {
  std::array<Choice, kActivityFieldCount> best;
  PeopleChoices targeted;
  PeopleChoices reached;
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
  ColumnChoice out;
  for (int f = 0; f < kActivityFieldCount; ++f) out.field[f] = best[f].column;
  out.targeted = UsedPeopleColumns(targeted);
  out.reached = UsedPeopleColumns(reached);
  return out;
}

std::vector<bool> UsedColumns(const ColumnChoice& chosen, size_t count) {
  std::vector<bool> used(count, false);
  for (int c : chosen.field) {
    if (c >= 0) used[c] = true;
  }
  for (const auto& [key, c] : chosen.targeted) used[c] = true;
  for (const auto& [key, c] : chosen.reached) used[c] = true;
  return used;
}

bool HasColumn(const ColumnChoice& chosen, std::initializer_list<ActivityField> fields) {
  for (ActivityField f : fields) {
    if (chosen.field[static_cast<int>(f)] >= 0) return true;
  }
  return false;
}

Status CheckIs3w(const ColumnChoice& chosen) {
  using F = ActivityField;
  if (HasColumn(chosen, {F::kOrgImpl, F::kOrgImplAcronym, F::kOrgProg, F::kOrgFunding, F::kSector,
                         F::kSectorCode, F::kTitle})) {
    return Status::Ok();
  }
  return InvalidArgument(
      "not a 3W file: the HXL tags name no organization (#org) and no sector or activity "
      "(#sector, #activity) column");
}

Tags GuessTags(const std::vector<HxlColumn>& columns, const Tags& tags) {
  Tags guesses(tags.size());
  for (size_t c = 0; c < tags.size(); ++c) {
    if (!tags[c] && !columns[c].header.empty()) {
      guesses[c] = hxl_internal::InferHxlTag(columns[c].header);
    }
  }
  return guesses;
}

void MarkInferred(InferredFields& inferred, ActivityField field) {
  switch (field) {
    case ActivityField::kDateStart:
      inferred.date_start = true;
      break;
    case ActivityField::kDateEnd:
      inferred.date_end = true;
      break;
    case ActivityField::kStatus:
      inferred.status = true;
      break;
    case ActivityField::kBudget:
      inferred.budget = true;
      break;
    case ActivityField::kCurrency:
      inferred.currency = true;
      break;
    default:
      break;
  }
}

// Gives guessed columns the fields (and people lists) no tagged column fills; returns the
// guessed columns so used, in file order.
std::vector<int> AddGuessed(ColumnChoice& chosen, const ColumnChoice& guessed,
                            InferredFields& inferred) {
  std::set<int> used;
  for (int f = 0; f < kActivityFieldCount; ++f) {
    if (chosen.field[f] >= 0 || guessed.field[f] < 0) continue;
    chosen.field[f] = guessed.field[f];
    used.insert(guessed.field[f]);
    MarkInferred(inferred, static_cast<ActivityField>(f));
  }
  for (auto [mine, theirs, flag] :
       {std::tuple{&chosen.targeted, &guessed.targeted, &inferred.targeted},
        std::tuple{&chosen.reached, &guessed.reached, &inferred.reached}}) {
    if (!mine->empty() || theirs->empty()) continue;
    *mine = *theirs;
    *flag = true;
    for (const auto& [key, c] : *theirs) used.insert(c);
  }
  return {used.begin(), used.end()};
}

// +usd on the budget tag sets the currency, unless the budget was inferred and the currency
// column is tagged: a real tag wins.
bool BudgetInUsd(const ColumnChoice& chosen, const Tags& tags, const InferredFields& inferred) {
  int budget = chosen.field[static_cast<int>(ActivityField::kBudget)];
  if (budget < 0 || !tags[budget]->Has("usd")) return false;
  bool currency_tagged =
      chosen.field[static_cast<int>(ActivityField::kCurrency)] >= 0 && !inferred.currency;
  return !(inferred.budget && currency_tagged);
}

}  // namespace

// Column indices chosen for each field, computed once in Open so Next does no lookups.
struct HxlActivityTable::Mapping {
  ColumnChoice chosen;
  bool budget_in_usd = false;  // the budget tag says +usd
  InferredFields inferred;
  CsvRecord record;  // reused by Next
  // The mapped fields of the last row Next filled, with their columns; recomputed (and the
  // unmapped fields cleared, once) only when the caller passes another row.
  const RawActivity* targets_of = nullptr;
  std::vector<std::pair<std::string_view*, int>> targets;
};

Result<std::unique_ptr<HxlActivityTable>> HxlActivityTable::Open(std::unique_ptr<CsvReader> reader,
                                                                 bool infer_columns) {
  std::vector<std::string> header;  // the row before the tags, kept past the next read
  CsvRecord record;
  bool found = false;
  for (int i = 0; i < kMaxHeaderRows && reader->Next(record); ++i) {
    if (IsHxlTagRow(record.fields)) {
      found = true;
      break;
    }
    header = record.ToStrings();
  }
  OM_RETURN_IF_ERROR(reader->status());
  if (!found) {
    return InvalidArgument("not an HXL file: no row of hashtags (#org, #sector ...) in the first " +
                           std::to_string(kMaxHeaderRows) + " rows");
  }
  std::unique_ptr<HxlActivityTable> table(new HxlActivityTable());
  table->reader_ = std::move(reader);
  table->tag_line_ = record.line;
  OM_RETURN_IF_ERROR(table->MapColumns(header, record.ToStrings(), infer_columns));
  return table;
}

Tags HxlActivityTable::ReadColumns(const std::vector<std::string>& headers,
                                   const std::vector<std::string>& tag_cells) {
  size_t count = std::max(headers.size(), tag_cells.size());
  Tags tags(count);
  for (size_t c = 0; c < count; ++c) {
    HxlColumn column;
    column.index = static_cast<int>(c);
    if (c < headers.size()) column.header = std::string(Trim(headers[c]));
    if (c < tag_cells.size()) tags[c] = ParseHxlTag(tag_cells[c]);
    if (tags[c]) column.tag = tags[c]->ToString();
    columns_.push_back(std::move(column));
  }
  return tags;
}

Status HxlActivityTable::MapColumns(const std::vector<std::string>& headers,
                                    const std::vector<std::string>& tag_cells, bool infer_columns) {
  Tags tags = ReadColumns(headers, tag_cells);
  auto mapping = std::make_shared<Mapping>();
  mapping->chosen = ChooseColumns(tags);
  OM_RETURN_IF_ERROR(CheckIs3w(mapping->chosen));  // on real tags only
  std::vector<bool> used = UsedColumns(mapping->chosen, tags.size());
  for (size_t c = 0; c < tags.size(); ++c) {
    if (tags[c] && !used[c]) ignored_.push_back(columns_[c]);
  }
  if (infer_columns) {
    Tags guesses = GuessTags(columns_, tags);
    for (int c : AddGuessed(mapping->chosen, ChooseColumns(guesses), mapping->inferred)) {
      tags[c] = guesses[c];
      inferred_.push_back(columns_[c]);
      inferred_.back().tag = guesses[c]->ToString();
    }
  }
  mapping->budget_in_usd = BudgetInUsd(mapping->chosen, tags, mapping->inferred);
  mapping_ = std::move(mapping);
  return Status::Ok();
}

namespace {

// out = the cell, trimmed; "" when the row has no such column.
void AssignCell(std::string_view& out, const std::vector<std::string_view>& cells, int column) {
  out = column < 0 || column >= static_cast<int>(cells.size()) ? std::string_view()
                                                               : Trim(cells[column]);
}

void FillPeople(std::vector<std::pair<std::string_view, std::string_view>>& out,
                const std::vector<std::pair<int, int>>& columns,
                const std::vector<std::string_view>& cells) {
  out.resize(columns.size());
  for (size_t i = 0; i < columns.size(); ++i) {
    out[i].first = kPeopleKeys[columns[i].first];
    AssignCell(out[i].second, cells, columns[i].second);
  }
}

}  // namespace

bool HxlActivityTable::Next(RawActivity& row) {
  Mapping& m = *mapping_;
  if (!reader_->Next(m.record)) return false;
  const std::vector<std::string_view>& cells = m.record.fields;
  row.line = m.record.line;
  if (m.targets_of != &row) {
    m.targets.clear();
    for (int f = 0; f < kActivityFieldCount; ++f) {
      std::string_view& field = hxl_internal::FieldOf(row, static_cast<ActivityField>(f));
      if (m.chosen.field[f] >= 0) {
        m.targets.emplace_back(&field, m.chosen.field[f]);
      } else {
        field = {};
      }
    }
    m.targets_of = &row;
  }
  for (auto [field, column] : m.targets) AssignCell(*field, cells, column);
  row.adm_name[0] = {};
  row.adm_code[0] = {};
  if (m.budget_in_usd) row.currency = "USD";
  FillPeople(row.targeted, m.chosen.targeted, cells);
  FillPeople(row.reached, m.chosen.reached, cells);
  row.inferred = m.inferred;
  return true;
}

}  // namespace om
