#include "service/import_hxl.h"

#include <gtest/gtest.h>

#include "service/activities.h"
#include "test_util.h"

namespace om {
namespace {

constexpr const char* kHeader =
    "ID,Org,Org type,Cluster,Activity,Country,Province,District,District code,Start,End,"
    "Targeted,Reached women,Reached men,Budget\n"
    "#activity+id,#org+impl+name,#org+type,#sector+cluster,#activity+name,#country+code,"
    "#adm1+name,#adm2+name,#adm2+code,#date+start,#date+end,#targeted+total,#reached+f,"
    "#reached+m,#value+budget\n";

Result<ImportReport> Import(Store& store, std::string csv, ImportOptions options = {}) {
  if (options.reporting_org.empty()) options.reporting_org = "OCHA";
  return ImportHxlActivities(store, CsvReader::FromString(std::move(csv)), options);
}

TEST(ImportHxlTest, ImportsRowsAndResolvesWhoWhatWhere) {
  auto store = testing::StoreWithPlaces();
  std::string csv = std::string(kHeader) +
                    "A1,Save the Children (SCI),International NGO,WASH,Wells,AF,Ghor,,AF2307,"
                    "01/07/2021,30/09/2021,1200,300,250,\"15,000\"\n"
                    "A2,save the  children,INGO,Education,Schools,AFG,Bamyan,Shibar,,,,,,,\n";
  auto report = Import(*store, csv);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(report->read, 2);
  EXPECT_EQ(report->created, 2);
  EXPECT_EQ(report->rejected, 0);
  EXPECT_TRUE(report->committed);
  EXPECT_EQ(report->organizations_created, 2);  // OCHA (owner) and Save the Children, once

  ActivityFilter all;
  auto page = store->ListActivities(Principal::System(), all, 10, 0);
  ASSERT_EQ(page->items.size(), 2u);
  const Activity& a = page->items[0];
  EXPECT_EQ(a.external_id, "A1");
  EXPECT_EQ(a.sector, "WSH");
  EXPECT_EQ(a.place, "AF2307");
  EXPECT_EQ(a.adm1, "AF23");
  EXPECT_EQ(a.start.ToIso(), "2021-07-01");
  EXPECT_EQ(a.targeted.total, 1200);
  EXPECT_EQ(a.reached.total, 550);  // derived from women + men
  EXPECT_EQ(a.budget.cents, 1500000);
  EXPECT_EQ(a.budget.currency, "USD");
  EXPECT_EQ(page->items[1].implementing_org, a.implementing_org);  // name variants folded
  EXPECT_EQ(page->items[1].place, "AF1002");
  auto org = store->GetOrganization(a.implementing_org);
  EXPECT_EQ(org->name, "Save the Children");
  EXPECT_EQ(org->acronym, "SCI");
  EXPECT_EQ(org->type, OrgType::kNgo);
}

TEST(ImportHxlTest, RejectsBadRowsWithLineColumnAndReason) {
  auto store = testing::StoreWithPlaces();
  std::string csv = std::string(kHeader) +
                    "B1,UNICEF,UN Agency,Health,Clinics,AFG,Ghor,,,2021-13-01,,,,,\n"
                    "B2,,UN Agency,Health,Clinics,AFG,Ghor,,,,,,,,\n"
                    "B3,WFP,UN Agency,Food,Food,AFG,Ghor,,,,,many,,,\n"
                    "B4,WFP,UN Agency,Food,Food,AFG,Ghor,,,2021-05-01,2021-04-01,,,,\n"
                    "B5,WFP,UN Agency,Food,Food,AFG,Ghor,,,,,,,,\n";
  auto report = Import(*store, csv);
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(report->read, 5);
  EXPECT_EQ(report->created, 1);
  EXPECT_EQ(report->rejected, 4);
  EXPECT_EQ(report->read, report->created + report->updated + report->unchanged + report->rejected);
  ASSERT_EQ(report->errors.size(), 4u);
  EXPECT_EQ(report->errors[0].line, 3);
  EXPECT_EQ(report->errors[0].column, "#date+start");
  EXPECT_EQ(report->errors[1].line, 4);
  EXPECT_EQ(report->errors[1].column, "#org");
  EXPECT_EQ(report->errors[2].column, "#targeted+total");
  EXPECT_NE(report->errors[2].reason.find("many"), std::string::npos);
  EXPECT_EQ(report->errors[3].column, "#date+end");
  EXPECT_TRUE(report->committed);
  EXPECT_EQ(*store->CountActivities(), 1);
}

TEST(ImportHxlTest, StrictWritesNothingWhenARowIsBad) {
  auto store = testing::StoreWithPlaces();
  std::string csv = std::string(kHeader) + "C1,WFP,,Food,Food,AFG,Ghor,,,,,,,,\n" +
                    "C2,WFP,,Food,Food,AFG,Ghor,,,not a date,,,,,\n";
  ImportOptions options;
  options.strict = true;
  auto report = Import(*store, csv, options);
  ASSERT_TRUE(report.ok());
  EXPECT_FALSE(report->committed);
  EXPECT_EQ(report->rejected, 1);
  EXPECT_EQ(*store->CountActivities(), 0);
  auto orgs = store->ListOrganizations();
  EXPECT_TRUE(orgs->empty());  // the organizations it would have created are rolled back too
}

TEST(ImportHxlTest, DryRunReportsButWritesNothing) {
  auto store = testing::StoreWithPlaces();
  ImportOptions options;
  options.dry_run = true;
  auto report =
      Import(*store, std::string(kHeader) + "D1,WFP,,Food,Food,AFG,Ghor,,,,,,,,\n", options);
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(report->created, 1);
  EXPECT_FALSE(report->committed);
  EXPECT_EQ(*store->CountActivities(), 0);
}

TEST(ImportHxlTest, ReimportIsIdempotentAndCorrectionsUpdate) {
  auto store = testing::StoreWithPlaces();
  std::string v1 = std::string(kHeader) + "E1,WFP,,Food,Food,AFG,Ghor,,,,,100,,,\n" +
                   "E2,WFP,,Food,Food,AFG,Bamyan,,,,,200,,,\n";
  ASSERT_EQ(Import(*store, v1)->created, 2);
  auto again = Import(*store, v1);
  EXPECT_EQ(again->unchanged, 2);
  EXPECT_EQ(again->created, 0);
  std::string v2 = std::string(kHeader) + "E1,WFP,,Food,Food,AFG,Ghor,,,,,150,,,\n" +
                   "E2,WFP,,Food,Food,AFG,Bamyan,,,,,200,,,\n";
  auto corrected = Import(*store, v2);
  EXPECT_EQ(corrected->updated, 1);
  EXPECT_EQ(corrected->unchanged, 1);
  EXPECT_EQ(*store->CountActivities(), 2);
  ActivityFilter f;
  f.place = "AF23";
  auto page = store->ListActivities(Principal::System(), f, 10, 0);
  ASSERT_EQ(page->items.size(), 1u);
  EXPECT_EQ(page->items[0].targeted.total, 150);
  EXPECT_EQ(page->items[0].meta.version, 2);
}

TEST(ImportHxlTest, RowsWithoutIdMatchOnWhoWhatWhereWhenAndDuplicatesAreKept) {
  auto store = testing::StoreWithPlaces();
  std::string csv =
      "#org,#sector,#adm1+code,#reached\n"
      "WFP,Food,AF23,10\n"
      "WFP,Food,AF10,20\n"
      "WFP,Food,AF23,30\n";  // same who/what/where/when as the first row
  auto report = Import(*store, csv);
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(report->created, 3);
  ASSERT_EQ(report->duplicates.size(), 1u);
  EXPECT_EQ(report->duplicates[0].line, 4);
  EXPECT_EQ(report->duplicates[0].first_line, 2);
  std::string corrected =
      "#org,#sector,#adm1+code,#reached\n"
      "WFP,Food,AF23,11\n"
      "WFP,Food,AF10,20\n"
      "WFP,Food,AF23,30\n";
  auto again = Import(*store, corrected);
  EXPECT_EQ(again->updated, 1);
  EXPECT_EQ(again->unchanged, 2);
  EXPECT_EQ(*store->CountActivities(), 3);
}

TEST(ImportHxlTest, UnresolvedPlaceNamesAreWarningsNotGuesses) {
  auto store = testing::StoreWithPlaces();
  std::string csv = "#org,#sector,#country,#adm1,#adm2\nWFP,Food,AFG,Ghor,Nowhere\n";
  auto report = Import(*store, csv);
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(report->created, 1);
  ASSERT_EQ(report->warnings.size(), 1u);
  EXPECT_EQ(report->warnings[0].line, 2);
  EXPECT_EQ(report->warnings[0].column, "#adm2+name");
  auto page = store->ListActivities(Principal::System(), {}, 10, 0);
  EXPECT_EQ(page->items[0].place, "AF23");
}

TEST(ImportHxlTest, NotA3wFileFailsWithoutWriting) {
  auto store = testing::StoreWithPlaces();
  auto report = Import(*store, "name,age\nAlice,30\n");
  EXPECT_FALSE(report.ok());
  EXPECT_EQ(report.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(*store->CountActivities(), 0);
}

// A bad value in a column whose tag was only inferred from its header is a warning, never a
// rejected row: the guess may be what is wrong. The same values under real tags are rejected
// (RejectsBadRowsWithLineColumnAndReason).
TEST(ImportHxlTest, InferredColumnsFillActivitiesAndTheirBadValuesAreWarnings) {
  std::string csv =
      "Org,Sector,Province code,Start date,End date,Estado,Budget\n"
      "#org,#sector,#adm1+code,,,,\n"
      "WFP,Food,AF23,01/02/2021,30/06/2021,Planeada,100\n"
      "WFP,Food,AF23,01/03/2021,01/01/1970,Concluída,lots\n"
      "WFP,Food,AF23,soon,,Em andamento,\n";
  auto store = testing::StoreWithPlaces();
  auto report = Import(*store, csv);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(report->created, 3);
  EXPECT_EQ(report->rejected, 0);
  EXPECT_EQ(report->inferred_columns,
            (std::vector<std::string>{"Start date (#date+start)", "End date (#date+end)",
                                      "Estado (#status)", "Budget (#value+budget)"}));
  std::vector<std::pair<int64_t, std::string>> warned;
  for (const RowIssue& w : report->warnings) warned.emplace_back(w.line, w.column);
  EXPECT_EQ(warned, (std::vector<std::pair<int64_t, std::string>>{
                        {4, "#value+budget"}, {4, "#date+end"}, {5, "#date+start"}}));
  auto page = store->ListActivities(Principal::System(), {}, 10, 0);
  ASSERT_EQ(page->items.size(), 3u);
  const Activity& planned = page->items[0];
  EXPECT_EQ(planned.start.ToIso(), "2021-02-01");
  EXPECT_EQ(planned.end.ToIso(), "2021-06-30");
  EXPECT_EQ(planned.status, ActivityStatus::kPlanned);
  EXPECT_EQ(planned.budget.cents, 10000);
  EXPECT_EQ(planned.budget.currency, "USD");
  EXPECT_EQ(page->items[1].start.ToIso(), "2021-03-01");
  EXPECT_TRUE(page->items[1].end.empty());  // the end before the start is dropped
  EXPECT_EQ(page->items[1].status, ActivityStatus::kCompleted);
  EXPECT_EQ(page->items[1].budget.currency, "");
  EXPECT_TRUE(page->items[2].start.empty());
  EXPECT_EQ(page->items[2].status, ActivityStatus::kOngoing);

  ImportOptions tags_only;
  tags_only.infer_columns = false;
  tags_only.dry_run = true;
  auto plain = Import(*testing::StoreWithPlaces(), csv, tags_only);
  ASSERT_TRUE(plain.ok());
  EXPECT_TRUE(plain->inferred_columns.empty());
  EXPECT_EQ(plain->warnings_total, 0);
}

TEST(ImportHxlTest, ExportThenImportIntoAnEmptyDatabaseGivesTheSameActivities) {
  ImportOptions gtm;
  gtm.reporting_org = "OCHA ROLAC";
  gtm.country = "GTM";
  auto first = testing::StoreWithPlaces();
  auto report =
      ImportHxlActivities(*first, std::string(OM_TEST_DATA) + "/hxl/gtm_345w_2021.csv", gtm);
  ASSERT_TRUE(report.ok());
  std::string exported;
  ASSERT_TRUE(
      ExportHxl(*first, Principal::System(), {}, [&](std::string_view c) { exported += c; }).ok());

  auto second = testing::StoreWithPlaces();
  auto again = ImportHxlActivities(*second, CsvReader::FromString(exported), gtm);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->rejected, 0);
  auto a = first->ListActivities(Principal::System(), {}, 1000, 0);
  auto b = second->ListActivities(Principal::System(), {}, 1000, 0);
  ASSERT_EQ(a->total, b->total);
  ASSERT_GT(a->total, 1000);
  Id after_a = 0, after_b = 0;
  int compared = 0;
  do {
    auto pa = first->ListActivities(Principal::System(), {}, 500, after_a);
    auto pb = second->ListActivities(Principal::System(), {}, 500, after_b);
    ASSERT_EQ(pa->items.size(), pb->items.size());
    for (size_t i = 0; i < pa->items.size(); ++i) {
      const Activity& x = pa->items[i];
      const Activity& y = pb->items[i];
      EXPECT_EQ(first->GetOrganization(x.implementing_org)->name,
                second->GetOrganization(y.implementing_org)->name);
      Activity y_same_ids = y;
      y_same_ids.implementing_org = x.implementing_org;
      y_same_ids.programme_org = x.programme_org;
      y_same_ids.funding_org = x.funding_org;
      EXPECT_TRUE(SameContent(x, y_same_ids)) << "row " << x.meta.source_row;
      EXPECT_EQ(x.external_id, y.external_id);
      ++compared;
    }
    after_a = pa->next_after;
    after_b = pb->next_after;
  } while (after_a != 0);
  EXPECT_EQ(compared, a->total);
}

}  // namespace
}  // namespace om
