// The audit journal: its record format, and that every entry appended reaches the audit log
// exactly once, in order, whatever a killed process left behind.
#include "store/audit_journal.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <thread>
#include <vector>

#include "service/audit.h"
#include "store/sqlite/sqlite_store.h"
#include "test_util.h"

namespace om {
namespace {

AuditEntry Entry(int i) {
  AuditEntry e;
  e.at = "2026-11-24T10:00:0" + std::to_string(i % 10) + "Z";
  e.user_id = 100 + i;
  e.username = "user" + std::to_string(i);
  e.org_id = 7;
  e.action = "read";
  e.endpoint = "GET /api/v1/activities?i=" + std::to_string(i);
  e.detail = "{\"ids\":[" + std::to_string(i) + "]}";
  return e;
}

std::string Encoded(const std::vector<JournalRecord>& records) {
  std::string bytes;
  for (const JournalRecord& r : records) EncodeJournalRecord(r, bytes);
  return bytes;
}

std::vector<JournalRecord> Records(int from, int to) {
  std::vector<JournalRecord> records;
  for (int i = from; i <= to; ++i) records.push_back({i, Entry(i)});
  return records;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void WriteFile(const std::string& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes;
}

TEST(AuditJournalFormatTest, RecordsReadBackAsWritten) {
  std::vector<JournalRecord> records = Records(1, 3);
  records[1].entry.detail = std::string("a\0b\xff\n", 5);  // any bytes
  records[2].entry = AuditEntry{};                         // every field empty or zero
  records[2].entry.user_id = -1;
  JournalScan scan = ParseAuditJournal(Encoded(records));
  EXPECT_EQ(scan.problem, "");
  ASSERT_EQ(scan.records.size(), 3u);
  for (size_t i = 0; i < 3; ++i) {
    const AuditEntry& a = scan.records[i].entry;
    const AuditEntry& b = records[i].entry;
    EXPECT_EQ(scan.records[i].jseq, records[i].jseq);
    EXPECT_EQ(AuditHashInput(a), AuditHashInput(b)) << i;  // every field
  }
  EXPECT_EQ(ParseAuditJournal("").records.size(), 0u);
}

TEST(AuditJournalFormatTest, ReadingStopsAtARecordCutShortOrDamaged) {
  std::string two = Encoded(Records(1, 2));
  std::string all = Encoded(Records(1, 3));
  // Every way a write of the third record can be cut short.
  for (size_t cut = two.size() + 1; cut < all.size(); ++cut) {
    JournalScan scan = ParseAuditJournal(std::string_view(all).substr(0, cut));
    ASSERT_EQ(scan.records.size(), 2u) << cut;
    EXPECT_EQ(scan.valid_bytes, two.size());
    EXPECT_EQ(scan.problem, "record at byte " + std::to_string(two.size()) + ": cut short");
  }
  // A flipped bit anywhere in the third record.
  for (size_t at = two.size(); at < all.size(); ++at) {
    std::string damaged = all;
    damaged[at] = static_cast<char>(damaged[at] ^ 0x10);
    JournalScan scan = ParseAuditJournal(damaged);
    EXPECT_EQ(scan.records.size(), 2u) << at;
    EXPECT_EQ(scan.valid_bytes, two.size()) << at;
    EXPECT_FALSE(scan.problem.empty());
  }
  // Numbers must rise.
  JournalScan repeated = ParseAuditJournal(two + Encoded(Records(2, 2)));
  EXPECT_EQ(repeated.records.size(), 2u);
  EXPECT_EQ(repeated.problem,
            "record at byte " + std::to_string(two.size()) + ": numbered out of order");
}

class AuditJournalTest : public ::testing::Test {
 protected:
  AuditJournalTest() {
    auto store = OpenSqliteStore(db_.path());
    EXPECT_TRUE(store.ok());
    EXPECT_TRUE((*store)->Migrate().ok());
  }
  ~AuditJournalTest() override {
    for (const auto& f : std::filesystem::directory_iterator(Dir()))
      if (f.path().filename().string().rfind(Name() + "-audit.damaged-", 0) == 0)
        std::filesystem::remove(f.path());
  }
  std::string Dir() const { return std::filesystem::path(db_.path()).parent_path().string(); }
  std::string Name() const { return std::filesystem::path(db_.path()).filename().string(); }
  std::string JournalPath() const { return db_.path() + "-audit"; }

  AuditJournal::StoreOpener Opener() {
    return [path = db_.path()] { return OpenSqliteStore(path); };
  }
  Result<std::unique_ptr<AuditJournal>> Open() { return AuditJournal::Open(db_.path(), Opener()); }

  // The log's entries in order; and whether its chain verifies.
  std::vector<AuditEntry> Log() {
    auto store = OpenSqliteStore(db_.path());
    EXPECT_TRUE(store.ok());
    auto check = VerifyAudit(**store);
    EXPECT_TRUE(check.ok() && check->ok());
    std::vector<AuditEntry> entries;
    EXPECT_TRUE((*store)
                    ->ScanAudit([&](const AuditEntry& e) {
                      entries.push_back(e);
                      return true;
                    })
                    .ok());
    return entries;
  }

  testing::TempDatabase db_{"audit_journal_test"};
};

TEST_F(AuditJournalTest, AppendedEntriesReachTheLogInOrderAndTheFileEmpties) {
  auto journal = Open();
  ASSERT_TRUE(journal.ok()) << journal.status().ToString();
  for (int batch = 0; batch < 3; ++batch) {
    std::vector<AuditEntry> entries;
    for (int i = 0; i < 4; ++i) entries.push_back(Entry(batch * 4 + i));
    entries.back().at.clear();  // the journal dates it
    ASSERT_TRUE((*journal)->Append(entries).ok());
  }
  EXPECT_GT(std::filesystem::file_size(JournalPath()), 0u);  // durable before the log has it
  ASSERT_TRUE((*journal)->Sync().ok());
  EXPECT_EQ(std::filesystem::file_size(JournalPath()), 0u);
  std::vector<AuditEntry> log = Log();
  ASSERT_EQ(log.size(), 12u);
  for (int i = 0; i < 12; ++i) {
    EXPECT_EQ(log[i].seq, i + 1);
    EXPECT_EQ(log[i].endpoint, Entry(i).endpoint);
    EXPECT_EQ(log[i].user_id, 100 + i);
    EXPECT_FALSE(log[i].at.empty());
  }
  // Without Sync, the journal's own thread copies them.
  std::vector<AuditEntry> more{Entry(12)};
  ASSERT_TRUE((*journal)->Append(more).ok());
  for (int i = 0; i < 100 && Log().size() < 13; ++i) usleep(20'000);
  EXPECT_EQ(Log().size(), 13u);
}

TEST_F(AuditJournalTest, WhatAKilledProcessLeftIsCopiedOnceAndADamagedTailKept) {
  // Records 1-5 written, 1-3 already copied (the process died before emptying the file), and
  // the start of a sixth that was being written when it died.
  {
    auto store = OpenSqliteStore(db_.path());
    ASSERT_TRUE(store.ok());
    std::vector<AuditEntry> copied;
    for (int i = 1; i <= 3; ++i) copied.push_back(Entry(i));
    ASSERT_TRUE((*store)->Begin().ok());
    ASSERT_TRUE((*store)->AppendAuditBatch(copied).ok());
    ASSERT_TRUE((*store)->SetAuditJournalApplied(3).ok());
    ASSERT_TRUE((*store)->Commit().ok());
  }
  std::string sixth = Encoded(Records(6, 6));
  std::string torn = sixth.substr(0, sixth.size() / 2);
  WriteFile(JournalPath(), Encoded(Records(1, 5)) + torn);

  auto journal = Open();
  ASSERT_TRUE(journal.ok()) << journal.status().ToString();
  std::vector<AuditEntry> log = Log();
  ASSERT_EQ(log.size(), 5u);
  for (int i = 0; i < 5; ++i) EXPECT_EQ(log[i].endpoint, Entry(i + 1).endpoint);
  EXPECT_EQ(std::filesystem::file_size(JournalPath()), 0u);
  std::vector<std::string> kept;
  for (const auto& f : std::filesystem::directory_iterator(Dir()))
    if (f.path().filename().string().rfind(Name() + "-audit.damaged-", 0) == 0)
      kept.push_back(ReadFile(f.path().string()));
  ASSERT_EQ(kept.size(), 1u);
  EXPECT_EQ(kept[0], torn);

  // Numbering goes on after the highest number seen.
  std::vector<AuditEntry> next{Entry(7)};
  ASSERT_TRUE((*journal)->Append(next).ok());
  journal->reset();
  log = Log();
  ASSERT_EQ(log.size(), 6u);
  EXPECT_EQ(log.back().endpoint, Entry(7).endpoint);
  auto store = OpenSqliteStore(db_.path());
  EXPECT_EQ(*(*store)->AuditJournalApplied(), 6);

  // Opening again finds nothing left to copy.
  journal = Open();
  ASSERT_TRUE(journal.ok());
  journal->reset();
  EXPECT_EQ(Log().size(), 6u);
}

TEST_F(AuditJournalTest, EntriesStayInTheFileWhileTheLogCannotBeOpened) {
  bool broken = true;
  AuditJournal::StoreOpener opener = [&]() -> Result<std::unique_ptr<Store>> {
    if (broken) return IoError("disk unplugged");
    return OpenSqliteStore(db_.path());
  };
  {
    // A journal whose log cannot be opened refuses to start, and keeps what it holds...
    WriteFile(JournalPath(), Encoded(Records(1, 1)));
    auto refused = AuditJournal::Open(db_.path(), opener);
    EXPECT_FALSE(refused.ok());
    EXPECT_EQ(Log().size(), 0u);
    EXPECT_EQ(ParseAuditJournal(ReadFile(JournalPath())).records.size(), 1u);  // kept
  }
  broken = false;
  {
    auto journal = AuditJournal::Open(db_.path(), opener);  // ... and starts once it can
    ASSERT_TRUE(journal.ok());
    EXPECT_EQ(Log().size(), 1u);
  }
}

TEST_F(AuditJournalTest, AppendsSucceedWhileTheLogIsLockedAndLandAfterwards) {
  auto journal = Open();
  ASSERT_TRUE(journal.ok());
  auto writer = OpenSqliteStore(db_.path());
  ASSERT_TRUE(writer.ok());
  ASSERT_TRUE((*writer)->Begin().ok());  // holds the write lock, as a long import does
  std::vector<AuditEntry> entries{Entry(1), Entry(2)};
  ASSERT_TRUE((*journal)->Append(entries).ok());
  std::thread release([&] {
    usleep(200'000);
    (*writer)->Rollback();
  });
  EXPECT_TRUE((*journal)->Sync().ok());  // waits for the lock (busy timeout), then copies
  release.join();
  EXPECT_EQ(Log().size(), 2u);
}

TEST_F(AuditJournalTest, OneProcessAtATime) {
  auto first = Open();
  ASSERT_TRUE(first.ok());
  auto second = Open();  // flock conflicts between two open file descriptions, too
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(second.status().message().find("another process"), std::string::npos);
  first->reset();
  EXPECT_TRUE(Open().ok());
}

}  // namespace
}  // namespace om
