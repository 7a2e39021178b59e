// The server's group-commit audit writer: entries submitted by several event loops at once are
// all written, each exactly once, in one unbroken chain, and every caller hears back.
#include "http/audit_writer.h"

#include <gtest/gtest.h>

#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "service/audit.h"
#include "store/audit_journal.h"
#include "store/sqlite/sqlite_store.h"
#include "test_util.h"

namespace om {
namespace {

TEST(AuditWriterTest, WritesEveryEntryOfConcurrentLoopsOnceInOneChain) {
  testing::TempDatabase db("audit_writer_test");
  const std::string& path = db.path();
  {
    auto store = OpenSqliteStore(path);
    ASSERT_TRUE(store.ok());
    ASSERT_TRUE((*store)->Migrate().ok());
  }
  // As in the server: the writer appends to the journal, whose thread fills the audit log.
  auto journal = AuditJournal::Open(path, [&] { return OpenSqliteStore(path); });
  ASSERT_TRUE(journal.ok()) << journal.status().ToString();
  http::AuditWriter writer(
      [&](std::vector<AuditEntry>& batch) { return (*journal)->Append(batch); });

  constexpr int kLoops = 3;
  constexpr int kPerLoop = 400;
  std::atomic<int> answered{0}, failed{0};
  std::vector<std::unique_ptr<boost::asio::io_context>> loops;
  for (int l = 0; l < kLoops; ++l) loops.push_back(std::make_unique<boost::asio::io_context>());
  for (int l = 0; l < kLoops; ++l) {
    boost::asio::io_context& loop = *loops[static_cast<size_t>(l)];
    for (int i = 0; i < kPerLoop; ++i) {
      // Submitted from inside the loop, a few per turn, as request handlers do.
      boost::asio::post(loop, [&, l, i] {
        AuditEntry e;
        e.action = "read";
        e.endpoint = "GET /test";
        e.detail = "{\"loop\":" + std::to_string(l) + ",\"i\":" + std::to_string(i) + "}";
        writer.Submit(std::move(e), loop.get_executor(), [&](const Status& s) {
          ++answered;
          if (!s.ok()) ++failed;
        });
      });
    }
  }
  std::vector<std::thread> threads;
  for (auto& loop : loops) threads.emplace_back([&loop] { loop->run(); });
  for (auto& t : threads) t.join();
  // Every entry was written by the loops themselves, none left waiting for a later flush.
  EXPECT_EQ(answered.load(), kLoops * kPerLoop);
  EXPECT_EQ(failed.load(), 0);
  writer.Flush();
  journal->reset();  // copies the rest into the log
  auto store = OpenSqliteStore(path);
  ASSERT_TRUE(store.ok());
  auto check = VerifyAudit(**store);
  ASSERT_TRUE(check.ok());
  EXPECT_TRUE(check->ok());
  EXPECT_EQ(check->entries, kLoops * kPerLoop);
  std::set<std::string> details;
  ASSERT_TRUE((*store)
                  ->ScanAudit([&](const AuditEntry& e) {
                    details.insert(e.detail);
                    return true;
                  })
                  .ok());
  EXPECT_EQ(details.size(), static_cast<size_t>(kLoops * kPerLoop));  // each once
}

}  // namespace
}  // namespace om
