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
  // Each worker thread has its own connection, as in the server.
  std::mutex stores_mutex;
  std::vector<std::unique_ptr<Store>> stores;
  http::AuditWriter writer([&]() -> Result<Store*> {
    thread_local Store* mine = nullptr;
    if (mine == nullptr) {
      OM_TRY(auto store, OpenSqliteStore(path));
      std::lock_guard lock(stores_mutex);
      mine = stores.emplace_back(std::move(store)).get();
    }
    return mine;
  });

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
