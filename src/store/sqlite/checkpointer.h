// Checkpointer: copies a database's write-ahead log back into the database file on a thread of
// its own. SQLite otherwise checkpoints inside whichever commit takes the log past 1000 pages,
// and a server worker doing that (16 MiB copied and synced) stalls every request it holds.
// Connections opened with one (OpenSqliteStore(path, &checkpointer)) never checkpoint
// themselves; their commits nudge the checkpointer instead, which runs PASSIVE checkpoints:
// those never wait for readers or writers.
//
//   static Checkpointer checkpointer("mission.db");
//   OM_TRY(auto store, OpenSqliteStore("mission.db", &checkpointer));
#pragma once

#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

struct sqlite3;

namespace om::sqlite {

class Checkpointer {
 public:
  explicit Checkpointer(std::string path);
  ~Checkpointer();  // a last checkpoint, then the thread stops
  Checkpointer(const Checkpointer&) = delete;
  Checkpointer& operator=(const Checkpointer&) = delete;

  // Hands the connection's checkpoints to this checkpointer.
  void Attach(sqlite3* db);
  int64_t checkpoints() const;

 private:
  void Nudge();
  void Run();

  std::string path_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  bool nudged_ = false;
  bool stopping_ = false;
  int64_t checkpoints_ = 0;
  std::thread thread_;
};

}  // namespace om::sqlite
