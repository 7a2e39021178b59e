#include "analysis/activity_cube.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>

#include "core/text.h"
#include "io/pcodes_reader.h"
#include "service/import_hxl.h"
#include "service/summaries.h"
#include "test_util.h"

namespace om {
namespace {

void ExpectSame(const Summary& a, const Summary& b, const std::string& what) {
  ASSERT_EQ(a.groups.size(), b.groups.size()) << what;
  auto sorted = [](std::vector<SummaryGroup> g) {
    std::sort(g.begin(), g.end(), [](auto& x, auto& y) { return x.keys < y.keys; });
    return g;
  };
  auto ga = sorted(a.groups), gb = sorted(b.groups);
  for (size_t i = 0; i < ga.size(); ++i) {
    EXPECT_EQ(ga[i].keys, gb[i].keys) << what;
    EXPECT_EQ(ga[i].count, gb[i].count) << what;
    EXPECT_EQ(ga[i].targeted, gb[i].targeted) << what;
    EXPECT_EQ(ga[i].reached, gb[i].reached) << what;
  }
  EXPECT_EQ(a.total.count, b.total.count) << what;
  EXPECT_EQ(a.total.reached, b.total.reached) << what;
  EXPECT_EQ(a.unlocated, b.unlocated) << what;
}

// The in-memory roll-up must answer exactly what the SQL roll-up answers, for any filter.
TEST(ActivityCubeTest, AgreesWithTheStoreOnRandomFilters) {
  auto store = OpenMemoryStore();
  ASSERT_TRUE(store.ok());
  auto reader =
      CsvReader::OpenFile(std::string(OM_TEST_DATA) + "/pcodes/global_pcodes_adm1_adm2.csv");
  ASSERT_TRUE(reader.ok());
  auto table = ReadPcodes(std::move(*reader));
  ASSERT_TRUE(table.ok());
  ASSERT_TRUE((*store)->UpsertPlaces(table->places, nullptr, nullptr).ok());
  for (const char* file : {"afg_3w_2021q3.csv", "gtm_345w_2021.csv", "unhcr_3w_refugee_ops.csv"}) {
    ImportOptions options;
    options.reporting_org = file;
    auto report = ImportHxlActivities(**store, std::string(OM_TEST_DATA) + "/hxl/" + file, options);
    ASSERT_TRUE(report.ok()) << report.status().ToString();
  }
  ActivityCube cube(*(*store)->ListActivityFacts(), *(*store)->PlaceCatalog(),
                    *(*store)->ListOrganizationAliases());
  ASSERT_GT(cube.size(), 5000u);
  std::mt19937 rng(42);
  auto pick = [&](std::vector<std::string> v) { return v[rng() % v.size()]; };
  std::vector<std::vector<SummaryKey>> bys = {{},
                                              {SummaryKey::kAdm1},
                                              {SummaryKey::kSector},
                                              {SummaryKey::kAdm1, SummaryKey::kSector},
                                              {SummaryKey::kOrg},
                                              {SummaryKey::kAdm2, SummaryKey::kOrg}};
  for (int i = 0; i < 200; ++i) {
    ActivityFilter f;
    f.sector = pick({"", "", "WSH", "HEA", "FSC", "NOPE"});
    f.place = pick({"", "", "AF23", "AF2307", "AFG", "GT01", "GTM", "XX"});
    if (rng() % 4 == 0) f.status = ActivityStatus::kUnknown;
    if (rng() % 3 == 0) f.from = *ParseIsoDate(pick({"2021-01-01", "2021-06-15", "2021-09-30"}));
    if (rng() % 3 == 0) f.to = *ParseIsoDate(pick({"2021-03-01", "2021-07-01", "2021-12-31"}));
    // Text: organization names and acronyms, place names, accents, words of titles.
    if (rng() % 2 == 0)
      f.q = pick({"unicef", "Save", "kabul", "GHOR", "nutrición", "agua", "é", "zz"});
    if (rng() % 3 == 0) {
      f.org_filter = true;
      f.orgs = {static_cast<Id>(rng() % 40), static_cast<Id>(rng() % 400)};
    }
    const auto& by = bys[rng() % bys.size()];
    auto sql = (*store)->SummarizeActivities(Principal::System(), f, by);
    ASSERT_TRUE(sql.ok());
    Summary answer = cube.Summarize(Principal::System(), f, by);
    // Groups come out in the order of their keys' texts, "" (none) first.
    EXPECT_TRUE(std::is_sorted(answer.groups.begin(), answer.groups.end(),
                               [](auto& x, auto& y) { return x.keys < y.keys; }))
        << "filter " << i;
    ExpectSame(answer, *sql, "filter " + std::to_string(i));
  }
}

// Free text is found at the start, in the middle and at the end of a row's (folded) text, in its
// site name, in multi-byte script, and never where only part of it occurs.
TEST(ActivityCubeTest, FindsTextAnywhereInARow) {
  std::vector<ActivityFact> facts;
  auto add = [&](std::string text, std::string location) {
    ActivityFact f;
    f.id = static_cast<Id>(facts.size() + 1);
    f.text = std::move(text);
    f.location = std::move(location);
    f.targeted = f.id;  // row ids add up to a distinct total for each set of rows
    facts.push_back(f);
  };
  add("water trucking", "");                             // 1: at the start
  add("emergency water points", "");                     // 2: in the middle
  add("clean water", "");                                // 3: at the end
  add("wate", "");                                       // 4: only a part
  add("latrines", "water point");                        // 5: in the site name
  add(FoldName("Nutrición infantil, آب آشامیدنی"), "");  // 6: accents folded, Dari kept
  add("", "");                                           // 7: nothing
  ActivityCube cube(std::move(facts), {}, {});
  auto targeted = [&](const std::string& q) {
    ActivityFilter f;
    f.q = q;
    return cube.Summarize(Principal::System(), f, {}).total.targeted;
  };
  EXPECT_EQ(targeted("water"), 1 + 2 + 3 + 5);
  EXPECT_EQ(targeted("wat"), 1 + 2 + 3 + 4 + 5);
  EXPECT_EQ(targeted("w"), 1 + 2 + 3 + 4 + 5);
  EXPECT_EQ(targeted("NUTRICIÓN"), 6);
  EXPECT_EQ(targeted("ón inf"), 6);
  EXPECT_EQ(targeted("آشام"), 6);
  EXPECT_EQ(targeted("waterx"), 0);
  EXPECT_EQ(targeted(std::string(300, 'a')), 0);  // longer than every row
}

TEST(ActivityCubeTest, SummariesFollowWritesToTheStore) {
  auto store = testing::StoreWithPlaces();
  std::string csv = "#org,#sector,#adm1+code,#reached\nWFP,Food,AF23,10\n";
  ImportOptions options;
  ASSERT_TRUE(ImportHxlActivities(*store, CsvReader::FromString(csv), options).ok());
  EXPECT_EQ(SummarizeActivities(*store, Principal::System(), {}, {})->total.reached, 10);
  csv = "#org,#sector,#adm1+code,#reached\nWFP,Food,AF10,5\n";
  ASSERT_TRUE(ImportHxlActivities(*store, CsvReader::FromString(csv), options).ok());
  EXPECT_EQ(SummarizeActivities(*store, Principal::System(), {}, {})->total.reached, 15);
}

}  // namespace
}  // namespace om
