#include "http/audit_writer.h"

#include <spdlog/spdlog.h>

#include <boost/asio/post.hpp>
#include <unordered_set>

namespace om::http {

void AuditWriter::Submit(AuditEntry entry, const boost::asio::any_io_executor& executor,
                         std::function<void(Status)> done) {
  {
    std::lock_guard lock(mutex_);
    queue_.emplace_back(std::move(entry), std::move(done));
  }
  // One flush due per worker (the executor is this thread's own event loop), so a worker busy
  // with a long request (an import) never holds up the entries of the others.
  thread_local std::unordered_set<const AuditWriter*> due;
  if (!due.insert(this).second) return;
  boost::asio::post(executor, [this] {
    due.erase(this);
    Flush();
  });
}

void AuditWriter::Flush() {
  std::unique_lock lock(mutex_);
  if (writing_) return;  // the flush under way writes these too before it stops
  writing_ = true;
  while (!queue_.empty()) {
    Pending batch;
    batch.swap(queue_);
    lock.unlock();
    Status status = Write(batch);
    if (!status.ok()) spdlog::error("audit log: {}", status.ToString());
    for (auto& item : batch) item.second(status);
    lock.lock();
  }
  writing_ = false;
}

Status AuditWriter::Write(Pending& batch) {
  OM_TRY(Store * store, thread_store_());
  std::vector<AuditEntry> entries;
  entries.reserve(batch.size());
  for (auto& item : batch) entries.push_back(std::move(item.first));
  return store->AppendAuditBatch(entries);
}

}  // namespace om::http
