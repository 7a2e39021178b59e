#include "store/store.h"

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <functional>
#include <set>
#include <thread>

#include "core/hex.h"
#include "store/sqlite/checkpointer.h"
#include "store/sqlite/sqlite_store.h"
#include "test_util.h"

namespace om {
namespace {

Activity MakeActivity(Id org, const std::string& sector, const std::string& adm1,
                      const std::string& adm2, int64_t targeted) {
  Activity a;
  a.implementing_org = org;
  a.sector = sector;
  a.adm0 = "AFG";
  a.adm1 = adm1;
  a.adm2 = adm2;
  a.place = adm2.empty() ? adm1 : adm2;
  a.targeted.total = targeted;
  a.title = "Water trucking " + adm2;
  return a;
}

class StoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = testing::StoreWithPlaces();
    Organization org;
    org.name = "Norwegian Refugee Council (NRC)";
    org.type = OrgType::kNgo;
    org_ = store_->CreateOrganization(org)->meta.id;
  }
  void Add(const Activity& a) {
    auto created = store_->CreateActivity(a);
    ASSERT_TRUE(created.ok()) << created.status().ToString();
  }
  std::unique_ptr<Store> store_;
  Id org_ = 0;
};

// An import passes the key's hash from the digest it made the key of; a key written as text
// (the API, a repeated row's "...#2") has it read from the text. Both must give the same hash.
TEST(UpsertDigestsTest, ADigestGivesTheHashOfItsHexKey) {
  std::array<uint8_t, 16> digest{};
  for (int round = 0; round < 64; ++round) {
    for (size_t i = 0; i < digest.size(); ++i) {
      digest[i] = static_cast<uint8_t>(round * 37 + i * 101 + (round * i) % 251);
    }
    Activity a;
    a.row_key = ToHex(digest.data(), digest.size());
    EXPECT_EQ(DigestForUpsert(digest).key, DigestForUpsert(a).key) << a.row_key;
  }
}

TEST_F(StoreTest, OrganizationsAreFoundByAnyFoldedNameOrAcronym) {
  EXPECT_EQ(*store_->FindOrganizationByName("norwegian  refugee council"), org_);
  EXPECT_EQ(*store_->FindOrganizationByName("NRC"), org_);
  EXPECT_EQ(*store_->FindOrganizationByName("Norwegian Refugee Council (NRC)"), org_);
  Organization dup;
  dup.name = "NORWEGIAN REFUGEE COUNCIL";
  EXPECT_EQ(store_->CreateOrganization(dup).status().code(), StatusCode::kAlreadyExists);
}

TEST_F(StoreTest, UpdateNeedsTheCurrentVersion) {
  auto created = store_->CreateActivity(MakeActivity(org_, "WSH", "AF23", "AF2307", 10));
  ASSERT_TRUE(created.ok()) << created.status().ToString();
  EXPECT_EQ(created->meta.version, 1);
  Activity edit = *created;
  edit.targeted.total = 20;
  auto updated = store_->UpdateActivity(Principal::System(), edit, 1);
  ASSERT_TRUE(updated.ok());
  EXPECT_EQ(updated->meta.version, 2);
  EXPECT_EQ(store_->UpdateActivity(Principal::System(), edit, 1).status().code(),
            StatusCode::kFailedPrecondition);
  EXPECT_EQ(store_->DeleteActivity(Principal::System(), created->meta.id, 1).code(),
            StatusCode::kFailedPrecondition);
  EXPECT_TRUE(store_->DeleteActivity(Principal::System(), created->meta.id, 2).ok());
  EXPECT_EQ(store_->GetActivity(Principal::System(), created->meta.id).status().code(),
            StatusCode::kNotFound);
}

TEST_F(StoreTest, PlaceFilterMatchesEverythingBelowThePlace) {
  Add(MakeActivity(org_, "WSH", "AF23", "AF2307", 10));
  Add(MakeActivity(org_, "WSH", "AF23", "AF2301", 5));
  Add(MakeActivity(org_, "EDU", "AF10", "AF1002", 7));
  ActivityFilter f;
  f.place = "AF23";
  EXPECT_EQ(store_->ListActivities(Principal::System(), f, 50, 0)->total, 2);
  f.place = "AF2307";
  EXPECT_EQ(store_->ListActivities(Principal::System(), f, 50, 0)->total, 1);
  f.place = "AFG";
  EXPECT_EQ(store_->ListActivities(Principal::System(), f, 50, 0)->total, 3);
  f.place = "";
  f.q = "trucking AF1002";
  EXPECT_EQ(store_->ListActivities(Principal::System(), f, 50, 0)->total, 1);
  f.q = "nrc";  // organization acronym
  EXPECT_EQ(store_->ListActivities(Principal::System(), f, 50, 0)->total, 3);
  f.q = "%";  // LIKE wildcards are literal
  EXPECT_EQ(store_->ListActivities(Principal::System(), f, 50, 0)->total, 0);
}

TEST_F(StoreTest, CursorPagingVisitsEveryRowOnce) {
  for (int i = 0; i < 23; ++i) Add(MakeActivity(org_, "WSH", "AF23", "AF2307", i));
  std::set<Id> seen;
  Id after = 0;
  int pages = 0;
  do {
    auto page = store_->ListActivities(Principal::System(), {}, 5, after);
    ASSERT_TRUE(page.ok());
    EXPECT_EQ(page->total, 23);
    for (const Activity& a : page->items) EXPECT_TRUE(seen.insert(a.meta.id).second);
    after = page->next_after;
    ++pages;
  } while (after != 0);
  EXPECT_EQ(seen.size(), 23u);
  EXPECT_EQ(pages, 5);
}

TEST_F(StoreTest, SummaryGroupsAndTotalsAgree) {
  Add(MakeActivity(org_, "WSH", "AF23", "AF2307", 10));
  Add(MakeActivity(org_, "WSH", "AF23", "AF2301", 5));
  Add(MakeActivity(org_, "EDU", "AF10", "AF1002", 7));
  Activity unlocated;
  unlocated.implementing_org = org_;
  unlocated.sector = "EDU";
  Add(unlocated);
  auto s = store_->SummarizeActivities(Principal::System(), {},
                                       {SummaryKey::kAdm1, SummaryKey::kSector});
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  ASSERT_EQ(s->groups.size(), 3u);  // (AF10, EDU), (AF23, WSH), (none, EDU)
  EXPECT_EQ(s->total.count, 4);
  EXPECT_EQ(s->total.targeted, 22);
  EXPECT_EQ(s->unlocated, 1);
  int64_t sum = 0;
  for (const SummaryGroup& g : s->groups) sum += g.count;
  EXPECT_EQ(sum, s->total.count);
  ActivityFilter wash;
  wash.sector = "WSH";
  auto w = store_->SummarizeActivities(Principal::System(), wash, {SummaryKey::kAdm2});
  EXPECT_EQ(w->total.count, 2);
  EXPECT_EQ(w->total.targeted, 15);
}

TEST_F(StoreTest, FilterValuesCannotInjectSql) {
  Add(MakeActivity(org_, "WSH", "AF23", "AF2307", 10));
  for (const char* evil : {"' OR 1=1 --", "\"; DROP TABLE activities; --", "AF23' OR '1'='1"}) {
    ActivityFilter f;
    f.sector = evil;
    EXPECT_EQ(store_->ListActivities(Principal::System(), f, 50, 0)->total, 0) << evil;
    f = {};
    f.place = evil;
    EXPECT_EQ(store_->ListActivities(Principal::System(), f, 50, 0)->total, 0) << evil;
    f = {};
    f.q = evil;
    EXPECT_EQ(store_->ListActivities(Principal::System(), f, 50, 0)->total, 0) << evil;
  }
  EXPECT_EQ(*store_->CountActivities(), 1);
}

TEST_F(StoreTest, BulkTransactionChecksEachReferenceAndRestoresForeignKeys) {
  Activity bad = MakeActivity(org_, "WSH", "AF23", "AF2307", 10);
  bad.implementing_org = 9999;
  bad.row_key = "k1";
  ASSERT_TRUE(store_->BeginBulk().ok());
  EXPECT_FALSE(store_->BeginBulk().ok());  // not inside another transaction
  auto refused = store_->UpsertActivityByKey(bad, DigestForUpsert(bad));
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.status().message().find("no organization 9999"), std::string::npos);
  store_->Rollback();
  EXPECT_FALSE(store_->CreateActivity(bad).ok());  // foreign keys are enforced again

  Activity good = MakeActivity(org_, "WSH", "AF23", "AF2307", 10);
  good.row_key = "k2";
  ASSERT_TRUE(store_->BeginBulk().ok());
  for (int i = 0; i < 3; ++i) {  // the second and third rows find the references known
    good.row_key = "k" + std::to_string(i + 2);
    ASSERT_TRUE(store_->UpsertActivityByKey(good, DigestForUpsert(good)).ok());
  }
  bad.sector = "NOT-A-SECTOR";
  bad.implementing_org = org_;
  bad.row_key = "k9";
  auto no_sector = store_->UpsertActivityByKey(bad, DigestForUpsert(bad));
  ASSERT_FALSE(no_sector.ok());
  EXPECT_NE(no_sector.status().message().find("no sector NOT-A-SECTOR"), std::string::npos);
  ASSERT_TRUE(store_->Commit().ok());
  EXPECT_EQ(*store_->CountActivities(), 3);
  EXPECT_FALSE(store_->CreateActivity(bad).ok());  // enforced again after a commit too
}

// An upsert by key stores every field, reports a row whose content columns all match as
// unchanged, and one that differs in any single content column as updated. The batch and line
// that wrote a row are provenance, not content.
TEST_F(StoreTest, UpsertByKeyComparesEveryContentColumn) {
  Organization other;
  other.name = "World Food Programme";
  other.type = OrgType::kUnAgency;
  Id org2 = store_->CreateOrganization(other)->meta.id;
  other.name = "ECHO";
  other.type = OrgType::kDonor;
  Id org3 = store_->CreateOrganization(other)->meta.id;
  Id batch1 = *store_->CreateImportBatch({0, "hxl", "one.csv", org_});
  Id batch2 = *store_->CreateImportBatch({0, "hxl", "two.csv", org_});

  Activity full = MakeActivity(org_, "WSH", "AF23", "AF2307", 100);
  full.row_key = "row-1";
  full.external_id = "E-1";
  full.meta.org_id = org_;
  full.meta.classification = Classification::kRestricted;
  full.meta.compartment = "humanitarian";
  full.meta.source_batch = batch1;
  full.meta.source_row = 7;
  full.programme_org = org2;
  full.funding_org = org3;
  full.description = "Daily water trucking";
  full.adm3 = "";
  full.location_name = "Camp 4";
  full.lat = 34.25;
  full.lon = 64.5;
  full.start = {2021, 7, 1};
  full.end = {2021, 12, 31};
  full.status = ActivityStatus::kOngoing;
  full.targeted = {100, 40, 30, 10, 10, 20, 80};
  full.reached = {50, 20, 15, 5, 5, 10, 40};
  full.budget = Money{1234567, "USD"};
  full.contact = "focal point +93 700 000 000";
  full.sensitive = 1;

  auto upsert = [&](Activity a) -> UpsertOutcome {
    auto outcome = store_->UpsertActivityByKey(a, DigestForUpsert(a));
    EXPECT_TRUE(outcome.ok()) << outcome.status().ToString();
    return outcome.ok() ? *outcome : UpsertOutcome::kUnchanged;
  };
  auto stored = [&]() -> Activity {
    auto page = store_->ListActivities(Principal::System(), ActivityFilter{}, 10, 0);
    EXPECT_EQ(page->items.size(), 1u);
    return page->items.empty() ? Activity{} : page->items[0];
  };
  ASSERT_EQ(upsert(full), UpsertOutcome::kCreated);
  Activity read = stored();
  EXPECT_TRUE(SameContent(read, full));
  EXPECT_EQ(read.row_key, full.row_key);
  EXPECT_EQ(read.external_id, full.external_id);
  EXPECT_EQ(read.meta.org_id, org_);
  EXPECT_EQ(read.meta.classification, Classification::kRestricted);
  EXPECT_EQ(read.meta.compartment, "humanitarian");
  EXPECT_EQ(read.meta.source_batch, batch1);
  EXPECT_EQ(read.meta.source_row, 7);
  EXPECT_EQ(read.meta.version, 1);

  EXPECT_EQ(upsert(full), UpsertOutcome::kUnchanged);
  Activity moved = full;  // the same row from another file, at another line
  moved.meta.source_batch = batch2;
  moved.meta.source_row = 9;
  moved.meta.created_at = moved.meta.updated_at = "2030-01-01T00:00:00Z";
  EXPECT_EQ(upsert(moved), UpsertOutcome::kUnchanged);

  std::vector<std::pair<const char*, std::function<void(Activity&)>>> changes = {
      {"org_id", [&](Activity& a) { a.meta.org_id = org2; }},
      {"classification", [](Activity& a) { a.meta.classification = Classification::kPublic; }},
      {"compartment", [](Activity& a) { a.meta.compartment = "protection"; }},
      {"implementing_org", [&](Activity& a) { a.implementing_org = org3; }},
      {"programme_org", [](Activity& a) { a.programme_org = 0; }},
      {"funding_org", [&](Activity& a) { a.funding_org = org2; }},
      {"sector", [](Activity& a) { a.sector = "FSC"; }},
      {"title", [](Activity& a) { a.title += "!"; }},
      {"description", [](Activity& a) { a.description.clear(); }},
      {"place", [](Activity& a) { a.place = a.adm2 = "AF2301"; }},
      {"adm3", [](Activity& a) { a.adm3 = "AF230101"; }},
      {"location_name", [](Activity& a) { a.location_name = "Camp 5"; }},
      {"lat", [](Activity& a) { a.lat = 34.2500001; }},
      {"lon", [](Activity& a) { a.lon.reset(); }},
      {"start",
       [](Activity& a) {
         a.start = {2021, 7, 2};
       }},
      {"end", [](Activity& a) { a.end = Date{}; }},
      {"status", [](Activity& a) { a.status = ActivityStatus::kCompleted; }},
      {"targeted.girls", [](Activity& a) { a.targeted.girls = 11; }},
      {"reached.adults", [](Activity& a) { a.reached.adults = -1; }},
      {"budget", [](Activity& a) { a.budget.cents += 1; }},
      {"currency", [](Activity& a) { a.budget.currency = "EUR"; }},
      {"no budget", [](Activity& a) { a.budget = Money{}; }},
      {"external_id", [](Activity& a) { a.external_id = "E-2"; }},
      {"contact", [](Activity& a) { a.contact = ""; }},
      {"sensitive", [](Activity& a) { a.sensitive = 0; }},
  };
  Activity current = full;
  int64_t version = 1;
  for (auto& [field, change] : changes) {
    change(current);
    EXPECT_EQ(upsert(current), UpsertOutcome::kUpdated) << field;
    EXPECT_EQ(upsert(current), UpsertOutcome::kUnchanged) << field;
    read = stored();
    EXPECT_TRUE(SameContent(read, current)) << field;
    EXPECT_EQ(read.meta.version, ++version) << field;
  }
  EXPECT_EQ(*store_->CountActivities(), 1);
}

TEST_F(StoreTest, AuditBatchesChainLikeSingleAppends) {
  std::vector<AuditEntry> batch(3);
  for (size_t i = 0; i < batch.size(); ++i) {
    batch[i].action = "read";
    batch[i].endpoint = "GET /x/" + std::to_string(i);
  }
  ASSERT_TRUE(store_->AppendAudit(AuditEntry{.action = "login"}).ok());
  ASSERT_TRUE(store_->AppendAuditBatch(batch).ok());
  auto last = store_->AppendAudit(AuditEntry{.action = "logout"});
  ASSERT_TRUE(last.ok());
  EXPECT_EQ(batch[0].seq, 2);
  EXPECT_EQ(batch[2].seq, 4);
  EXPECT_EQ(batch[1].prev_hash, batch[0].hash);
  EXPECT_EQ(last->prev_hash, batch[2].hash);
  EXPECT_EQ(last->seq, 5);
  EXPECT_EQ(store_->AuditAnchor()->first, 5);
}

// A database a newer build migrated is refused with a message, never used half-understood.
TEST(StoreMigrationTest, ADatabaseFromANewerBuildIsRefused) {
  testing::TempDatabase db{"newer_schema"};
  {
    auto store = OpenSqliteStore(db.path());
    ASSERT_TRUE(store.ok());
    ASSERT_TRUE((*store)->Migrate().ok());
    ASSERT_TRUE((*store)->Migrate().ok());  // again: nothing to do
  }
  sqlite3* raw = nullptr;
  ASSERT_EQ(sqlite3_open(db.path().c_str(), &raw), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(raw, "INSERT INTO schema_migrations VALUES (999, 'future', '')", nullptr,
                         nullptr, nullptr),
            SQLITE_OK);
  sqlite3_close(raw);
  auto store = OpenSqliteStore(db.path());
  ASSERT_TRUE(store.ok());
  Status s = (*store)->Migrate();
  EXPECT_EQ(s.code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(s.message().find("schema version 999"), std::string::npos) << s.message();
}

// Two connections to one database file: one reads the versions, the other writes.
class StoreVersionsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto a = OpenSqliteStore(db_.path());
    ASSERT_TRUE(a.ok());
    ASSERT_TRUE((*a)->Migrate().ok());
    auto b = OpenSqliteStore(db_.path());
    ASSERT_TRUE(b.ok());
    reader_ = std::move(*a);
    writer_ = std::move(*b);
  }
  testing::TempDatabase db_{"pin_test"};
  std::unique_ptr<Store> reader_;
  std::unique_ptr<Store> writer_;
};

// Versions read through PinVersions hold until a write on the same connection or UnpinVersions,
// so one HTTP request sees one reading however many caches it asks.
TEST_F(StoreVersionsTest, PinnedVersionsHoldUntilAWriteOrUnpin) {
  Store& reader = *reader_;
  Store& writer = *writer_;
  Organization org;
  org.name = "Org one";
  int64_t before = *reader.DataVersion();
  ASSERT_TRUE(reader.PinVersions().ok());
  ASSERT_TRUE(writer.CreateOrganization(org).ok());
  EXPECT_EQ(*reader.DataVersion(), before);  // pinned: the other connection's write waits
  reader.UnpinVersions();
  int64_t after = *reader.DataVersion();
  EXPECT_GT(after, before);
  ASSERT_TRUE(reader.PinVersions().ok());
  org.name = "Org two";
  ASSERT_TRUE(reader.CreateOrganization(org).ok());  // its own write drops the pin
  EXPECT_GT(*reader.DataVersion(), after);
}

// PinVersions skips its query while the wal-index header is unchanged: every commit of another
// connection (or process: the header is shared memory), including one that restarts the log
// after a checkpoint, must still show at the next pin.
TEST_F(StoreVersionsTest, EveryCommitElsewhereShowsAtTheNextPin) {
  Store& reader = *reader_;
  Store& writer = *writer_;
  sqlite3* raw = nullptr;
  ASSERT_EQ(sqlite3_open(db_.path().c_str(), &raw), SQLITE_OK);
  auto pinned = [&] {
    EXPECT_TRUE(reader.PinVersions().ok());
    int64_t v = *reader.DataVersion();
    reader.UnpinVersions();
    return v;
  };
  for (int i = 0; i < 60; ++i) {
    int64_t truth = *writer.DataVersion();
    EXPECT_EQ(pinned(), truth) << i;
    EXPECT_EQ(pinned(), truth) << i;  // unchanged: the same reading again
    if (i % 10 == 9) {                // the next commit starts the log over, with new salts
      ASSERT_EQ(sqlite3_exec(raw, "PRAGMA wal_checkpoint(TRUNCATE)", nullptr, nullptr, nullptr),
                SQLITE_OK);
    }
    Organization org;
    org.name = "Org " + std::to_string(i);
    ASSERT_TRUE(writer.CreateOrganization(org).ok());
    EXPECT_GT(*writer.DataVersion(), truth);
  }
  sqlite3_close(raw);
}

// A connection given a checkpointer leaves checkpoints to its thread: a commit that takes the
// log past 1000 pages wakes it, and it copies the log back without the writer waiting.
TEST(CheckpointerTest, ChecksPointsTheLogOnItsOwnThread) {
  testing::TempDatabase db("checkpoint_test");
  const std::string& path = db.path();
  {
    auto store = OpenSqliteStore(path);
    ASSERT_TRUE(store.ok());
    ASSERT_TRUE((*store)->Migrate().ok());
  }
  {
    sqlite::Checkpointer checkpointer(path);
    auto store = OpenSqliteStore(path, &checkpointer);
    ASSERT_TRUE(store.ok());
    std::vector<AuditEntry> entries(1200);
    for (AuditEntry& e : entries) {
      e.action = "read";
      e.detail = "{\"pad\":\"" + std::string(16000, 'x') + "\"}";  // about a page each
    }
    ASSERT_TRUE((*store)->AppendAuditBatch(entries).ok());
    for (int i = 0; i < 100 && checkpointer.checkpoints() == 0; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    EXPECT_GT(checkpointer.checkpoints(), 0);
    EXPECT_EQ((*store)->AuditAnchor()->first, 1200);
  }
}

}  // namespace
}  // namespace om
