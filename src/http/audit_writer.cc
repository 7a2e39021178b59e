#include "http/audit_writer.h"

#include <spdlog/spdlog.h>

namespace om::http {

AuditWriter::AuditWriter(std::string db_path)
    : db_path_(std::move(db_path)), thread_([this] { Run(); }) {}

AuditWriter::~AuditWriter() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_one();
  thread_.join();
}

void AuditWriter::Submit(AuditEntry entry, std::function<void(Status)> done) {
  {
    std::lock_guard lock(mutex_);
    queue_.emplace_back(std::move(entry), std::move(done));
  }
  wake_.notify_one();
}

void AuditWriter::Run() {
  std::unique_ptr<Store> store;
  for (;;) {
    std::deque<std::pair<AuditEntry, std::function<void(Status)>>> batch;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
      if (queue_.empty() && stopping_) return;
      batch.swap(queue_);
    }
    Status status;
    if (store == nullptr) {
      auto opened = OpenSqliteStore(db_path_);
      if (opened.ok()) {
        store = std::move(*opened);
      } else {
        status = opened.status();
      }
    }
    if (status.ok()) status = store->Begin();
    for (auto& item : batch) {
      if (!status.ok()) break;
      status = store->AppendAudit(std::move(item.first)).status();
    }
    if (status.ok()) {
      status = store->Commit();
    } else if (store != nullptr) {
      store->Rollback();
    }
    if (!status.ok()) spdlog::error("audit log: {}", status.ToString());
    for (auto& item : batch) item.second(status);
  }
}

}  // namespace om::http
