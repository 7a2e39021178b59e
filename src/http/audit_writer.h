// AuditWriter: appends audit entries from every worker thread in batches (group commit) on a
// thread of its own, and calls back once each entry is durable. Workers never wait: the
// response is sent from the callback, so no audited read leaves the server unrecorded, and
// many concurrent reads share one transaction.
//
//   AuditWriter writer(db_path);
//   writer.Submit(entry, [](Status s) { s.ok() ? send(response) : send(503); });
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

#include "store/store.h"

namespace om::http {

class AuditWriter {
 public:
  explicit AuditWriter(std::string db_path);
  ~AuditWriter();  // writes what is queued, then stops
  AuditWriter(const AuditWriter&) = delete;
  AuditWriter& operator=(const AuditWriter&) = delete;

  // `done` runs on the writer's thread; it must only hand work back to its own executor.
  void Submit(AuditEntry entry, std::function<void(Status)> done);

 private:
  void Run();

  std::string db_path_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<std::pair<AuditEntry, std::function<void(Status)>>> queue_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace om::http
