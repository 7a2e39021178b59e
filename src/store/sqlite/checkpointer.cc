#include "store/sqlite/checkpointer.h"

#include <pthread.h>
#include <sqlite3.h>

#include <chrono>

#include "core/log.h"

namespace om::sqlite {
namespace {

constexpr int kCheckpointPages = 1000;  // SQLite's own autocheckpoint threshold

}  // namespace

Checkpointer::Checkpointer(std::string path) : path_(std::move(path)), thread_([this] { Run(); }) {}

Checkpointer::~Checkpointer() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_one();
  thread_.join();
}

void Checkpointer::Attach(sqlite3* db) {
  // Replaces SQLite's autocheckpoint, which is itself a WAL hook.
  sqlite3_wal_hook(
      db,
      [](void* self, sqlite3*, const char*, int pages) {
        if (pages >= kCheckpointPages) static_cast<Checkpointer*>(self)->Nudge();
        return SQLITE_OK;
      },
      this);
}

int64_t Checkpointer::checkpoints() const {
  std::lock_guard lock(mutex_);
  return checkpoints_;
}

void Checkpointer::Nudge() {
  {
    std::lock_guard lock(mutex_);
    if (nudged_) return;
    nudged_ = true;
  }
  wake_.notify_one();
}

void Checkpointer::Run() {
  pthread_setname_np(pthread_self(), "om-checkpoint");
  sqlite3* db = nullptr;
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX;
  if (sqlite3_open_v2(path_.c_str(), &db, flags, nullptr) != SQLITE_OK) {
    Log().error("checkpointer: cannot open {}: {}", path_, sqlite3_errmsg(db));
    sqlite3_close(db);
    return;
  }
  sqlite3_busy_timeout(db, 1000);
  // Reading the mode opens the log; until then the connection does not know it has one.
  if (sqlite3_exec(db, "PRAGMA journal_mode=WAL", nullptr, nullptr, nullptr) != SQLITE_OK)
    Log().warn("checkpointer: {}", sqlite3_errmsg(db));
  for (bool stopping = false; !stopping;) {
    {
      std::unique_lock lock(mutex_);
      // A checkpoint at least every few seconds also catches logs that other processes grew.
      wake_.wait_for(lock, std::chrono::seconds(5), [&] { return nudged_ || stopping_; });
      nudged_ = false;
      stopping = stopping_;
    }
    int log = 0, copied = 0;
    int rc = sqlite3_wal_checkpoint_v2(db, "main", SQLITE_CHECKPOINT_PASSIVE, &log, &copied);
    if (rc != SQLITE_OK && rc != SQLITE_BUSY) {
      Log().warn("checkpointer: {}", sqlite3_errmsg(db));
    } else if (copied > 0) {
      std::lock_guard lock(mutex_);
      ++checkpoints_;
    }
  }
  sqlite3_close(db);
}

}  // namespace om::sqlite
