#include "http/audit_writer.h"

#include <boost/asio/post.hpp>
#include <exception>
#include <string>
#include <unordered_set>

#include "core/log.h"

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
  boost::asio::post(executor, [this, executor] {
    due.erase(this);
    FlushOnce(executor);
  });
}

void AuditWriter::Flush() {
  while (WriteQueued()) {
  }
}

void AuditWriter::FlushOnce(const boost::asio::any_io_executor& executor) {
  if (!WriteQueued()) return;
  // What other workers queued meanwhile is written in a later turn of this loop, after the
  // requests that became ready here in between: a busy neighbour never starves this loop.
  std::lock_guard lock(mutex_);
  if (!queue_.empty() && !writing_) {
    boost::asio::post(executor, [this, executor] { FlushOnce(executor); });
  }
}

bool AuditWriter::WriteQueued() {
  Pending batch;
  {
    std::lock_guard lock(mutex_);
    if (writing_ || queue_.empty()) return false;  // the flush under way takes these later
    writing_ = true;
    batch.swap(queue_);
  }
  Status status;
  try {
    status = Write(batch);
  } catch (const std::exception& e) {  // writing_ must not stay set: every read would wait
    status = Internal(std::string("audit log: ") + e.what());
  }
  if (!status.ok()) Log().error("audit log: {}", status.ToString());
  {
    std::lock_guard lock(mutex_);
    writing_ = false;
  }
  for (auto& item : batch) item.second(status);
  return true;
}

Status AuditWriter::Write(Pending& batch) {
  std::vector<AuditEntry> entries;
  entries.reserve(batch.size());
  for (auto& item : batch) entries.push_back(std::move(item.first));
  return write_(entries);
}

}  // namespace om::http
