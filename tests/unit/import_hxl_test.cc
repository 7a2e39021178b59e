#include "service/import_hxl.h"

#include <gtest/gtest.h>
#include <sodium.h>
#include <sqlite3.h>

#include <cstring>
#include <filesystem>
#include <map>

#include "core/text.h"
#include "service/activities.h"
#include "service/row_key.h"
#include "store/sqlite/db.h"
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

// Row keys are stored: a database imported by an earlier build must still find its rows, so the
// key of a given owner and identity never changes (BLAKE2b-128 of "OWNER\x1eIDENTITY", as
// Python's hashlib.blake2b(digest_size=16) computes it).
TEST(ImportHxlTest, RowKeysStayTheSameAcrossBuilds) {
  EXPECT_EQ(ImportRowKey(42, "id:745459"), "71efaca979ac05b3e7db1b82b36654a1");
  EXPECT_EQ(ImportRowKey(0,
                         "k:7\x1f"
                         "0\x1f"
                         "0\x1fWSH\x1f\x1f"
                         "AF2307\x1f\x1f\x1f\x1f\x1f"),
            "bfba05f38a636c480d1c0a0490ce3573");
  // One digester for a whole file: each row's digest is that row's alone, whatever came before.
  const RowDigester digester(42);
  for (const std::string& identity :
       std::vector<std::string>{"id:745459", "", "id:1", "id:745459", std::string(300, 'x')}) {
    EXPECT_EQ(ImportRowKey(digester.Digest(identity)), ImportRowKey(42, identity)) << identity;
  }
  EXPECT_EQ(ImportRowKey(digester.Digest("id:745459")), "71efaca979ac05b3e7db1b82b36654a1");
}

// The reservation covers the high-water marks measured for the demo files (1.64 MiB for afg's
// 372,265 bytes, 1.81 MiB for gtm's 589,183, both read on one thread) without reserving much
// more, a file read on two threads gets twice its size, and nothing exceeds SQLite's cache.
TEST(ImportHxlTest, HeapEstimateCoversWhatImportsWereMeasuredToUse) {
  const uint64_t one_thread_below = ImportOptions{}.one_thread_below_bytes;
  const double mib = 1 << 20;
  EXPECT_GE(ImportHeapEstimate(372265, one_thread_below) / mib, 1.64);
  EXPECT_LE(ImportHeapEstimate(372265, one_thread_below) / mib, 1.9);
  EXPECT_GE(ImportHeapEstimate(589183, one_thread_below) / mib, 1.81);
  EXPECT_LE(ImportHeapEstimate(589183, one_thread_below) / mib, 2.1);
  EXPECT_EQ(ImportHeapEstimate(8 << 20, one_thread_below), (3u << 19) + (16u << 20));
  EXPECT_EQ(ImportHeapEstimate(uint64_t{1} << 40, one_thread_below), size_t{64} << 20);
  // By path: the file's size, or nothing when there is no such file.
  std::string afg = std::string(OM_TEST_DATA) + "/hxl/afg_3w_2021q3.csv";
  EXPECT_EQ(ImportHeapEstimate(afg, one_thread_below),
            ImportHeapEstimate(uint64_t{std::filesystem::file_size(afg)}, one_thread_below));
  EXPECT_EQ(ImportHeapEstimate(afg + ".missing", one_thread_below), 0u);
}

// A database whose rows were imported before schema version 7 stored BLAKE2b of every key; after
// migrating, a re-import of the same file finds every row again (unchanged, none created twice),
// and a repeated row's "#2" key, which is not a digest, keeps its hash.
TEST(ImportHxlTest, RowsImportedBeforeTheKeyHashChangedAreStillFound) {
  testing::TempDatabase db{"key_hash_migration"};
  std::string csv = std::string(kHeader) +
                    "A1,Save the Children,INGO,WASH,Wells,AF,Ghor,,AF2307,,,,,,\n"
                    ",Save the Children,INGO,Education,Schools,AF,Ghor,,AF2307,,,,,,\n"
                    ",Save the Children,INGO,Education,Schools,AF,Ghor,,AF2307,,,,,,\n";
  {
    auto store = OpenSqliteStore(db.path());
    ASSERT_TRUE(store.ok() && (*store)->Migrate().ok());
    Place afg{"AFG", "Afghanistan", 0, "", "AFG", std::nullopt, std::nullopt};
    Place ghor{"AF23", "Ghor", 1, "AFG", "AFG", std::nullopt, std::nullopt};
    Place lal{"AF2307", "Lal Wa Sarjangal", 2, "AF23", "AFG", std::nullopt, std::nullopt};
    int64_t created = 0, updated = 0;
    ASSERT_TRUE((*store)->UpsertPlaces({afg, ghor, lal}, &created, &updated).ok());
    auto first = Import(**store, csv);
    ASSERT_TRUE(first.ok()) << first.status().ToString();
    EXPECT_EQ(first->created, 3);
  }
  // Back to what schema version 6 stored: BLAKE2b-128 of each key, first 8 bytes.
  sqlite3* raw = nullptr;
  ASSERT_EQ(sqlite3_open(db.path().c_str(), &raw), SQLITE_OK);
  sqlite3_stmt* rows = nullptr;
  ASSERT_EQ(
      sqlite3_prepare_v2(raw, "SELECT id, row_key, key_hash FROM activities", -1, &rows, nullptr),
      SQLITE_OK);
  std::vector<std::tuple<int64_t, std::string, int64_t>> old;
  int hex_keys = 0;
  while (sqlite3_step(rows) == SQLITE_ROW) {
    std::string key(reinterpret_cast<const char*>(sqlite3_column_text(rows, 1)));
    unsigned char digest[16];
    crypto_generichash(digest, sizeof digest, reinterpret_cast<const unsigned char*>(key.data()),
                       key.size(), nullptr, 0);
    int64_t hash = 0;
    std::memcpy(&hash, digest, sizeof hash);
    bool hex = key.find('#') == std::string::npos;
    hex_keys += hex;
    // Only a digest key's hash changed: the "#2" key was already hashed this way.
    EXPECT_EQ(sqlite3_column_int64(rows, 2) == hash, !hex) << key;
    old.emplace_back(sqlite3_column_int64(rows, 0), key, hash);
  }
  sqlite3_finalize(rows);
  EXPECT_EQ(hex_keys, 2);
  for (const auto& [id, key, hash] : old) {
    std::string sql = "UPDATE activities SET key_hash = " + std::to_string(hash) +
                      " WHERE id = " + std::to_string(id);
    ASSERT_EQ(sqlite3_exec(raw, sql.c_str(), nullptr, nullptr, nullptr), SQLITE_OK);
  }
  ASSERT_EQ(sqlite3_exec(raw, "DELETE FROM schema_migrations WHERE number >= 7", nullptr, nullptr,
                         nullptr),
            SQLITE_OK);
  sqlite3_close(raw);

  auto store = OpenSqliteStore(db.path());
  ASSERT_TRUE(store.ok() && (*store)->Migrate().ok());
  auto again = Import(**store, csv);
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_EQ(again->created, 0);
  EXPECT_EQ(again->unchanged, 3);
  EXPECT_EQ(*(*store)->CountActivities(), 3);
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

// The registry remembers its last answers (three organizations, one sector) as the file wrote
// the question: rows that alternate among more organizations and sectors than it remembers, and
// names that differ only in their type or their case, must get the answers a fresh lookup gives.
TEST(ImportHxlTest, RecentAnswersAreTheAnswersALookupGives) {
  auto store = testing::StoreWithPlaces();
  const char* header =
      "ID,Org,Org type,Funder,Cluster,Country,Province,Targeted,Reached\n"
      "#activity+id,#org+impl+name,#org+type,#org+funding+name,#sector+cluster,#country+code,"
      "#adm1+name,"
      "#targeted+total,#reached+total\n";
  std::string csv = header;
  const char* orgs[] = {"UNICEF", "WFP", "Save the Children", "IRC", "unicef"};
  const char* types[] = {"UN agency", "UN agency", "INGO", "INGO", "UN agency"};
  const char* funders[] = {"ECHO", "", "ECHO", "USAID", "USAID"};
  const char* sectors[] = {"WASH", "Education", "WASH", "Health", "Protection"};
  const char* counts[] = {"1,200", "1 200", "1200.0", "1200", "0001200"};
  for (int i = 0; i < 20; ++i) {
    int k = (i * 3) % 5;  // every org, sector and count in turn, never two rows alike in a row
    csv += "R" + std::to_string(i) + "," + orgs[k] + "," + types[k] + "," + funders[k] + "," +
           sectors[k] + ",AF,Ghor,\"" + counts[k] + "\"," + std::to_string(i) + "\n";
  }
  csv += "R20,UNICEF,UN agency,,WASH,AF,Ghor,1234567890123456,\n";  // 16 digits: too many
  auto report = Import(*store, csv);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(report->created, 20);
  ASSERT_EQ(report->rejected, 1);  // the 16 digits
  EXPECT_EQ(report->errors[0].line, 23);
  EXPECT_EQ(report->warnings_total, 0);
  EXPECT_EQ(report->organizations_created, 7);  // OCHA, 4 implementing, ECHO, USAID

  auto page = store->ListActivities(Principal::System(), ActivityFilter{}, 50, 0);
  ASSERT_EQ(page->items.size(), 20u);
  std::map<std::string, Id> org_of;
  for (const Activity& a : page->items) {
    int i = std::stoi(a.external_id.substr(1));
    int k = (i * 3) % 5;
    auto org = store->GetOrganization(a.implementing_org);
    ASSERT_TRUE(org.ok());
    EXPECT_EQ(FoldName(org->name), FoldName(orgs[k])) << a.external_id;
    Id& first = org_of[FoldName(orgs[k])];
    if (first == 0) first = a.implementing_org;
    EXPECT_EQ(a.implementing_org, first) << a.external_id;  // UNICEF and unicef: one org
    if (*funders[k] == 0) {
      EXPECT_EQ(a.funding_org, 0) << a.external_id;
    } else {
      auto funder = store->GetOrganization(a.funding_org);
      ASSERT_TRUE(funder.ok());
      EXPECT_EQ(funder->name, funders[k]) << a.external_id;
    }
    const char* codes[] = {"WSH", "EDU", "WSH", "HEA", "PRO"};
    EXPECT_EQ(a.sector, codes[k]) << a.external_id;
    EXPECT_EQ(a.targeted.total, 1200) << a.external_id << " from '" << counts[k] << "'";
    EXPECT_EQ(a.reached.total, i) << a.external_id;
  }
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

// What before_commit writes (the CLI's audit entry) lands in the import's transaction: with the
// rows when it succeeds, and when it fails nothing of the import lands either.
TEST(ImportHxlTest, BeforeCommitWritesWithTheRowsOrNothingLands) {
  auto store = testing::StoreWithPlaces();
  auto audit_entries = [&] {
    int n = 0;
    EXPECT_TRUE(store->ScanAudit([&](const AuditEntry&) { return ++n, true; }).ok());
    return n;
  };
  std::string csv = std::string(kHeader) + "E1,WFP,,Food,Food,AFG,Ghor,,,,,,,,\n";
  ImportOptions options;
  int calls = 0;
  int64_t created_seen = -1;
  options.before_commit = [&](Store& tx, const ImportReport& r) {
    ++calls;
    created_seen = r.created;
    AuditEntry e;
    e.action = "import";
    e.endpoint = "test";
    return tx.AppendAudit(e).status();
  };
  auto report = Import(*store, csv, options);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_TRUE(report->committed);
  EXPECT_EQ(calls, 1);
  EXPECT_EQ(created_seen, 1);
  EXPECT_EQ(audit_entries(), 1);
  EXPECT_EQ(*store->CountActivities(), 1);

  options.dry_run = true;  // nothing to commit: not called
  ASSERT_TRUE(Import(*store, csv, options).ok());
  EXPECT_EQ(calls, 1);

  options.dry_run = false;
  options.before_commit = [](Store&, const ImportReport&) { return IoError("disk full"); };
  auto failed =
      Import(*store, std::string(kHeader) + "E2,UNHCR,,Shelter,Tents,AFG,Ghor,,,,,,,,\n", options);
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.status().message(), "disk full");
  EXPECT_EQ(*store->CountActivities(), 1);
  EXPECT_EQ(*store->FindOrganizationByName("UNHCR"), 0);  // its organization rolled back too
  EXPECT_EQ(audit_entries(), 1);
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

TEST(ImportHxlTest, HumanitarianRecordsGoBehindTheFirewallWithTheirContactsSensitive) {
  auto store = testing::StoreWithPlaces();
  Organization ocha;
  ocha.name = "OCHA";
  ocha.humanitarian = true;
  Id owner = store->CreateOrganization(ocha)->meta.id;
  std::string csv =
      "Org,Cluster,Activity,District code,Focal point,Phone,Lat,Lon\n"
      "#org+impl,#sector+cluster,#activity,#adm2+code,#contact+name,#contact+phone,#geo+lat,"
      "#geo+lon\n"
      "NRC,WASH,Wells,AF2307,Amina,+93 700 111 222,34.1,64.9\n"
      "NRC,Protection,Safe spaces,AF2307,Amina,+93 700 111 333,34.2,65.0\n";
  auto report = Import(*store, csv);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  ASSERT_EQ(report->created, 2);
  auto all = store->ListActivities(Principal::System(), {}, 10, 0);
  ASSERT_EQ(all->items.size(), 2u);
  EXPECT_EQ(all->items[0].meta.compartment, "humanitarian");
  EXPECT_EQ(all->items[1].meta.compartment, "protection");
  EXPECT_EQ(all->items[0].contact, "+93 700 111 222");  // the phone beats the name
  // A humanitarian reader outside OCHA sees the wells, without the contact; not the safe spaces.
  Principal reader;
  reader.org_id = owner + 100;
  reader.org_humanitarian = true;
  reader.compartments = {"humanitarian"};
  auto seen = store->ListActivities(reader, {}, 10, 0);
  ASSERT_EQ(seen->items.size(), 1u);
  EXPECT_TRUE(seen->items[0].contact.empty());
  EXPECT_EQ(seen->items[0].redacted, uint32_t{kSensitiveContact});
  EXPECT_TRUE(seen->items[0].lat.has_value());  // coordinates are sensitive only in protection
  reader.compartments = {"humanitarian", "protection"};
  auto protection = store->ListActivities(reader, {}, 10, 0);
  ASSERT_EQ(protection->items.size(), 2u);
  EXPECT_FALSE(protection->items[1].lat.has_value());
  Principal force;
  force.org_id = owner + 200;
  EXPECT_EQ(store->ListActivities(force, {}, 10, 0)->total, 0);
}

// ResetKeepingStorage gives every field, meta included, its default back.
TEST(ActivityTest, ResetKeepingStorageGivesEveryFieldItsDefault) {
  Activity a;
  a.meta = {7, "2021-01-01T00:00:00Z",      "2021-01-02T00:00:00Z", 3,
            9, Classification::kRestricted, "protection",           4,
            12};
  a.row_key = "k";
  a.external_id = "A1";
  a.implementing_org = a.programme_org = a.funding_org = 5;
  for (std::string* s : {&a.sector, &a.title, &a.description, &a.place, &a.adm0, &a.adm1, &a.adm2,
                         &a.adm3, &a.location_name, &a.contact}) {
    *s = "a value longer than the small-string buffer";
  }
  a.lat = 1.5;
  a.lon = 2.5;
  a.start = a.end = Date{2021, 7, 1};
  a.status = ActivityStatus::kOngoing;
  a.targeted.total = a.reached.women = 10;
  a.budget = {100, "USD"};
  a.sensitive = a.redacted = 3;
  size_t title_capacity = a.title.capacity();
  ResetKeepingStorage(a);
  const Activity fresh;
  EXPECT_TRUE(SameContent(a, fresh));
  EXPECT_EQ(a.meta.id, 0);
  EXPECT_EQ(a.meta.created_at, "");
  EXPECT_EQ(a.meta.updated_at, "");
  EXPECT_EQ(a.meta.version, 0);
  EXPECT_EQ(a.meta.org_id, 0);
  EXPECT_EQ(a.meta.classification, fresh.meta.classification);
  EXPECT_EQ(a.meta.compartment, fresh.meta.compartment);
  EXPECT_EQ(a.meta.source_batch, 0);
  EXPECT_EQ(a.meta.source_row, 0);
  EXPECT_EQ(a.row_key, "");
  EXPECT_EQ(a.external_id, "");
  EXPECT_EQ(a.redacted, 0u);
  EXPECT_EQ(a.title.capacity(), title_capacity);  // the storage is kept
}

// A batch's rows are converted into the storage of the batch before: a sparse row that follows
// full ones, in both one and two threads, keeps nothing of them.
TEST(ImportHxlTest, ARowConvertedWhereAnotherWasKeepsNothingOfIt) {
  std::string csv =
      "#activity+id,#org+impl,#sector+cluster,#activity,#activity+description,#adm1+name,"
      "#adm2+code,#loc,#contact+phone,#geo+lat,#geo+lon,#date+start,#date+end,#status,"
      "#targeted+total,#reached+f,#value+budget\n";
  for (int i = 0; i < 256; ++i) {
    if ((i / 64) % 2 == 0) {  // full: every field, and a warning (a province name not found)
      csv += "F" + std::to_string(i) + ",NRC,WASH,Wells " + std::to_string(i) +
             ",Long description of the wells,Nowhere,,Camp 3,+93 700 111 222,34.1,64.9,"
             "2021-01-01,2021-06-30,Ongoing,100,40,5000\n";
    } else {  // sparse: who, what and where only
      csv += ",WFP,Food,Food " + std::to_string(i) + ",,,AF1002,,,,,,,,,,\n";
    }
  }
  for (uint64_t one_thread_below : {uint64_t{1} << 40, uint64_t{0}}) {
    auto store = testing::StoreWithPlaces();
    ImportOptions options;
    options.one_thread_below_bytes = one_thread_below;
    auto report = Import(*store, csv, options);
    ASSERT_TRUE(report.ok()) << report.status().ToString();
    EXPECT_EQ(report->created, 256);
    EXPECT_EQ(report->warnings_total, 128);
    auto all = store->ListActivities(Principal::System(), {}, 300, 0);
    ASSERT_EQ(all->items.size(), 256u);
    int sparse = 0;
    for (const Activity& a : all->items) {
      if (a.title.rfind("Food ", 0) != 0) continue;
      ++sparse;
      EXPECT_EQ(a.external_id, "") << a.title;
      EXPECT_EQ(a.description, "") << a.title;
      EXPECT_EQ(a.location_name, "") << a.title;
      EXPECT_EQ(a.contact, "") << a.title;
      EXPECT_FALSE(a.lat.has_value()) << a.title;
      EXPECT_TRUE(a.start.empty() && a.end.empty()) << a.title;
      EXPECT_EQ(a.status, ActivityStatus::kUnknown) << a.title;
      EXPECT_EQ(a.targeted.total, -1) << a.title;
      EXPECT_EQ(a.reached.women, -1) << a.title;
      EXPECT_TRUE(a.budget.empty()) << a.title;
      EXPECT_EQ(a.place, "AF1002") << a.title;
    }
    EXPECT_EQ(sparse, 128);
  }
}

// Files below ImportOptions::one_thread_below_bytes are converted and written on one thread,
// larger ones on two: both ways give the same report and the same records, across many batches,
// with rejected rows and rows that share a key among them.
TEST(ImportHxlTest, OneThreadAndTwoThreadsGiveTheSameImport) {
  std::string csv = "#org,#sector,#activity,#adm1+code,#date+start,#reached\n";
  const char* orgs[] = {"WFP", "UNICEF", "Save the Children", "IRC", "NRC", "MSF", "CARE"};
  for (int i = 0; i < 700; ++i) {
    int title = i % 50 == 49 ? i - 1 : i;  // every 50th row repeats the key of the row before
    csv += std::string(orgs[title % 7]) + (title % 2 ? ",Food," : ",Health,") + "Activity " +
           std::to_string(title) + (title % 3 ? ",AF23," : ",AF10,") +
           (i % 37 == 36 ? "not a date" : "2021-03-01") + "," + std::to_string(i) + "\n";
  }
  auto run = [&](uint64_t one_thread_below_bytes, Store& store) {
    ImportOptions options;
    options.one_thread_below_bytes = one_thread_below_bytes;
    return Import(store, csv, options);
  };
  auto one_store = testing::StoreWithPlaces();
  auto two_store = testing::StoreWithPlaces();
  auto one = run(uint64_t{1} << 40, *one_store);
  auto two = run(0, *two_store);
  ASSERT_TRUE(one.ok()) << one.status().ToString();
  ASSERT_TRUE(two.ok()) << two.status().ToString();
  EXPECT_EQ(one->read, 700);
  EXPECT_EQ(one->rejected, 18);  // lines 38, 75, ... with "not a date"
  EXPECT_EQ(one->duplicates.size(), 14u);
  for (const ImportReport* r : {&*one, &*two}) {
    EXPECT_TRUE(r->committed);
    EXPECT_EQ(r->read, r->created + r->updated + r->unchanged + r->rejected);
  }
  EXPECT_EQ(two->read, one->read);
  EXPECT_EQ(two->created, one->created);
  EXPECT_EQ(two->rejected, one->rejected);
  ASSERT_EQ(two->errors.size(), one->errors.size());
  for (size_t i = 0; i < one->errors.size(); ++i) {
    EXPECT_EQ(two->errors[i].line, one->errors[i].line);
    EXPECT_EQ(two->errors[i].column, one->errors[i].column);
  }
  ASSERT_EQ(two->duplicates.size(), one->duplicates.size());
  for (size_t i = 0; i < one->duplicates.size(); ++i) {
    EXPECT_EQ(two->duplicates[i].line, one->duplicates[i].line);
    EXPECT_EQ(two->duplicates[i].first_line, one->duplicates[i].first_line);
  }
  auto a = one_store->ListActivities(Principal::System(), {}, 1000, 0);
  auto b = two_store->ListActivities(Principal::System(), {}, 1000, 0);
  ASSERT_TRUE(a.ok() && b.ok());
  ASSERT_EQ(a->items.size(), 682u);
  ASSERT_EQ(b->items.size(), a->items.size());
  for (size_t i = 0; i < a->items.size(); ++i) {
    EXPECT_EQ(b->items[i].row_key, a->items[i].row_key);
    EXPECT_EQ(b->items[i].meta.source_row, a->items[i].meta.source_row);
    EXPECT_EQ(b->items[i].reached.total, a->items[i].reached.total);
    EXPECT_EQ(b->items[i].place, a->items[i].place);
  }
  // The same file again, the other way round: every row is recognized.
  auto again = run(0, *one_store);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->unchanged, one->created);
  EXPECT_EQ(again->created, 0);
}

}  // namespace
}  // namespace om
