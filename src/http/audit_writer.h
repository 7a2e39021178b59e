// AuditWriter: appends the audit entries of every worker thread in batches (group commit) and
// calls back once each entry is durable (in the server: written to the AuditJournal). There is
// no writer thread. Submit queues the entry and, unless that worker has a flush due already,
// posts one to the submitting worker's event loop: it runs after the handlers already ready
// there, so the requests of one turn of the loop (and those other workers queue meanwhile) share
// one write. A flush that finds another under way leaves its entries to it; a flush writes one
// batch, and what came meanwhile goes in a later turn of its loop, so no worker writes for the
// others while its own requests wait. The response is sent from the callback, so no audited
// read leaves the server unrecorded.
//
//   AuditWriter writer([&](std::vector<AuditEntry>& batch) { return journal.Append(batch); });
//   writer.Submit(entry, executor, [](Status s) { s.ok() ? send(response) : send(503); });
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <functional>
#include <mutex>
#include <utility>
#include <vector>

#include "store/store.h"

namespace om::http {

class AuditWriter {
 public:
  // `write` makes a batch durable; it is called by one thread at a time.
  explicit AuditWriter(std::function<Status(std::vector<AuditEntry>&)> write)
      : write_(std::move(write)) {}
  AuditWriter(const AuditWriter&) = delete;
  AuditWriter& operator=(const AuditWriter&) = delete;

  // `done` runs on whichever worker writes the entry, after the write; it must only hand work
  // back to its own executor.
  void Submit(AuditEntry entry, const boost::asio::any_io_executor& executor,
              std::function<void(Status)> done);
  // Writes whatever is queued, on the calling thread (at shutdown, once the workers stopped).
  void Flush();

 private:
  using Pending = std::vector<std::pair<AuditEntry, std::function<void(Status)>>>;
  // Writes one batch of what is queued, then posts another flush to `executor` if more came.
  void FlushOnce(const boost::asio::any_io_executor& executor);
  // Writes what is queued as one batch and calls back; false when nothing was (or another
  // thread is writing: it takes these later).
  bool WriteQueued();
  Status Write(Pending& batch);

  std::function<Status(std::vector<AuditEntry>&)> write_;
  std::mutex mutex_;
  Pending queue_;
  bool writing_ = false;  // a Flush is writing; it takes what is queued before it stops
};

}  // namespace om::http
