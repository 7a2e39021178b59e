// AuditJournal: how the server's audit entries become durable before their response leaves,
// cheaply. Append writes a batch of entries to an append-only file beside the database
// (`mission.db-audit`) with one write(2), which survives the process being killed as a SQLite
// commit does (the log is synchronous=NORMAL); a thread of the journal then moves the entries
// into the hash-chained audit_log table in large transactions, at least every 100 ms, and
// empties the file once all of it is there. Each entry carries a journal number; the table
// records the last number it holds in the same transaction (audit_anchor.journal_applied), so
// an entry is copied exactly once even if the process dies between the commit and emptying the
// file. Opening the journal copies what a killed process left in it. One process holds the
// file at a time (flock): a second server on the same database is refused.
//
// Writing each audited read into SQLite directly cost a commit per dozen reads, each rewriting
// whole 16 KiB pages of the log, its two indexes and its anchor: half the server's CPU on a
// cached list page.
//
//   OM_TRY(auto journal, AuditJournal::Open("mission.db", [] { return OpenSqliteStore(...); }));
//   OM_RETURN_IF_ERROR(journal->Append(entries));  // durable; safe to answer now
//   OM_RETURN_IF_ERROR(journal->Sync());           // the table holds all of them (readers)
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "store/store.h"

namespace om {

// One entry as the journal file holds it.
struct JournalRecord {
  int64_t jseq = 0;  // 1, 2, 3 ... in the order appended, across restarts
  AuditEntry entry;  // at, user_id, username, org_id, action, endpoint, detail
};

// The records of a journal file's bytes, in order. Reading stops at the first record that is
// cut short, fails its checksum or is malformed (what a process killed mid-write leaves):
// `valid_bytes` is where that record starts and `problem` says what was wrong with it.
struct JournalScan {
  std::vector<JournalRecord> records;
  size_t valid_bytes = 0;
  std::string problem;
};
JournalScan ParseAuditJournal(std::string_view bytes);
// The bytes of one record, as Append writes it.
void EncodeJournalRecord(const JournalRecord& record, std::string& out);

class AuditJournal {
 public:
  using StoreOpener = std::function<Result<std::unique_ptr<Store>>()>;
  struct Options {
    std::chrono::milliseconds interval{100};  // entries wait at most this long for the table
    // ... or until this many are waiting. Copying costs about 2.5 us per entry on the journal's
    // thread, which shares a core with the workers: 4096 at a time (10 ms of CPU) halved a
    // worker's speed for 20 ms every 150 ms under load, and those requests made the list's p99
    // (5.5-6.7 ms with the server on a core of its own, 3.4-3.9 ms with 512; each commit's
    // fixed cost makes the thread's CPU about 10% higher).
    size_t batch = 512;
  };

  // Opens (creating) `db_path + "-audit"`, locks it, and copies into the audit log what a
  // previous process left there. `open_store` gives the connection the journal writes with.
  static Result<std::unique_ptr<AuditJournal>> Open(const std::string& db_path,
                                                    StoreOpener open_store);
  static Result<std::unique_ptr<AuditJournal>> Open(const std::string& db_path,
                                                    StoreOpener open_store, Options options);
  // Copies what is left into the audit log (or leaves it in the file for the next start if
  // that fails) and stops.
  ~AuditJournal();
  AuditJournal(const AuditJournal&) = delete;
  AuditJournal& operator=(const AuditJournal&) = delete;

  // Thread-safe. Takes the entries (sets `at` where empty) and writes them to the file with one
  // write: once this returns Ok they are recorded, and `entries` is empty. On an error none is
  // recorded and `entries` holds them again.
  Status Append(std::vector<AuditEntry>& entries);
  // Copies everything appended so far into the audit log now.
  Status Sync();
  const std::string& path() const { return path_; }

 private:
  AuditJournal(std::string path, int fd, StoreOpener open_store, Options options);
  Status Recover();
  Status OpenStore();     // with apply_mutex_ held
  Status ApplyPending();  // with apply_mutex_ held
  void Run();

  const std::string path_;
  const int fd_;
  const StoreOpener open_store_;
  const Options options_;

  std::mutex mutex_;  // the file, the numbering and `pending_`
  std::condition_variable wake_;
  int64_t next_jseq_ = 1;
  uint64_t size_ = 0;
  bool broken_ = false;  // a failed write could not be undone: refuse further appends
  bool stopping_ = false;
  std::vector<JournalRecord> pending_;  // in the file, not yet in the table

  std::mutex apply_mutex_;  // one ApplyPending at a time; guards `store_`
  std::unique_ptr<Store> store_;
  std::thread thread_;
};

}  // namespace om
