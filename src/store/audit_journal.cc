#include "store/audit_journal.h"

#include <fcntl.h>
#include <pthread.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <iterator>

#include "core/checksum.h"
#include "core/date.h"
#include "core/log.h"

namespace om {
namespace {

// A record: u32 payload length, u32 CRC-32C of the payload, then the payload: u64 jseq,
// u64 user_id, u64 org_id, and at, username, action, endpoint, detail as u32 length + bytes.
// Integers are little-endian.
constexpr size_t kHeaderBytes = 8;  // u32 length, u32 CRC-32C

void PutU32(std::string& out, uint32_t v) {
  for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}
void PutU64(std::string& out, uint64_t v) {
  for (int i = 0; i < 8; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}
void PutText(std::string& out, std::string_view s) {
  PutU32(out, static_cast<uint32_t>(s.size()));
  out.append(s);
}
uint32_t GetU32(const char* p) {
  uint32_t v = 0;
  for (int i = 3; i >= 0; --i) v = (v << 8) | static_cast<unsigned char>(p[i]);
  return v;
}
uint64_t GetU64(const char* p) {
  uint64_t v = 0;
  for (int i = 7; i >= 0; --i) v = (v << 8) | static_cast<unsigned char>(p[i]);
  return v;
}

// Reads a payload front to back; `ok` turns false at the first field that does not fit.
struct PayloadReader {
  std::string_view rest;
  bool ok = true;
  int64_t Int() {
    if (rest.size() < 8) return Fail(), 0;
    int64_t v = static_cast<int64_t>(GetU64(rest.data()));
    rest.remove_prefix(8);
    return v;
  }
  std::string Text() {
    if (rest.size() < 4) return Fail(), std::string();
    uint32_t n = GetU32(rest.data());
    if (rest.size() - 4 < n) return Fail(), std::string();
    std::string s(rest.substr(4, n));
    rest.remove_prefix(4 + size_t{n});
    return s;
  }
  void Fail() {
    ok = false;
    rest = {};
  }
};

std::string Errno(const std::string& what) { return what + ": " + std::strerror(errno); }

}  // namespace

void EncodeJournalRecord(const JournalRecord& record, std::string& out) {
  const AuditEntry& e = record.entry;
  size_t start = out.size();
  out.append(kHeaderBytes, '\0');
  PutU64(out, static_cast<uint64_t>(record.jseq));
  PutU64(out, static_cast<uint64_t>(e.user_id));
  PutU64(out, static_cast<uint64_t>(e.org_id));
  for (const std::string* s : {&e.at, &e.username, &e.action, &e.endpoint, &e.detail})
    PutText(out, *s);
  std::string_view payload = std::string_view(out).substr(start + kHeaderBytes);
  std::string header;
  PutU32(header, static_cast<uint32_t>(payload.size()));
  PutU32(header, Crc32c(payload));
  out.replace(start, kHeaderBytes, header);
}

JournalScan ParseAuditJournal(std::string_view bytes) {
  JournalScan scan;
  int64_t last = 0;
  size_t pos = 0;
  while (pos < bytes.size()) {
    auto fail = [&](const char* why) {
      scan.problem = "record at byte " + std::to_string(pos) + ": " + why;
    };
    if (bytes.size() - pos < kHeaderBytes) {
      fail("cut short");
      break;
    }
    uint32_t length = GetU32(bytes.data() + pos);
    uint32_t crc = GetU32(bytes.data() + pos + 4);
    if (bytes.size() - pos - kHeaderBytes < length) {
      fail("cut short");
      break;
    }
    std::string_view payload = bytes.substr(pos + kHeaderBytes, length);
    if (Crc32c(payload) != crc) {
      fail("checksum mismatch");
      break;
    }
    PayloadReader r{payload};
    JournalRecord record;
    AuditEntry& e = record.entry;
    record.jseq = r.Int();
    e.user_id = r.Int();
    e.org_id = r.Int();
    for (std::string* s : {&e.at, &e.username, &e.action, &e.endpoint, &e.detail}) *s = r.Text();
    if (!r.ok || !r.rest.empty()) {
      fail("malformed");
      break;
    }
    if (record.jseq <= last) {
      fail("numbered out of order");
      break;
    }
    last = record.jseq;
    scan.records.push_back(std::move(record));
    pos += kHeaderBytes + length;
    scan.valid_bytes = pos;
  }
  return scan;
}

Result<std::unique_ptr<AuditJournal>> AuditJournal::Open(const std::string& db_path,
                                                         StoreOpener open_store) {
  return Open(db_path, std::move(open_store), Options{});
}

Result<std::unique_ptr<AuditJournal>> AuditJournal::Open(const std::string& db_path,
                                                         StoreOpener open_store, Options options) {
  std::string path = db_path + "-audit";
  int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0640);
  if (fd < 0) return IoError(Errno("audit journal " + path));
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    int error = errno;
    ::close(fd);
    if (error == EWOULDBLOCK)
      return FailedPrecondition("the audit journal " + path +
                                " is held by another process: is a server already serving "
                                "this database?");
    errno = error;
    return IoError(Errno("audit journal " + path));
  }
  std::unique_ptr<AuditJournal> journal(
      new AuditJournal(std::move(path), fd, std::move(open_store), options));
  OM_RETURN_IF_ERROR(journal->Recover());
  journal->thread_ = std::thread([j = journal.get()] { j->Run(); });
  return journal;
}

AuditJournal::AuditJournal(std::string path, int fd, StoreOpener open_store, Options options)
    : path_(std::move(path)), fd_(fd), open_store_(std::move(open_store)), options_(options) {}

AuditJournal::~AuditJournal() {
  if (thread_.joinable()) {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    wake_.notify_all();
    thread_.join();
  }
  {
    std::lock_guard apply(apply_mutex_);
    if (Status s = ApplyPending(); !s.ok())
      Log().error("audit journal: {}; its entries stay in {} for the next start", s.ToString(),
                  path_);
    store_.reset();
  }
  ::close(fd_);  // releases the lock
}

// Reads what a previous process left, keeps a copy of any unreadable tail, and copies the
// entries the audit log does not hold yet into it.
Status AuditJournal::Recover() {
  struct stat st {};
  if (::fstat(fd_, &st) != 0) return IoError(Errno("audit journal " + path_));
  std::string bytes(static_cast<size_t>(st.st_size), '\0');
  for (size_t done = 0; done < bytes.size();) {
    ssize_t n = ::pread(fd_, bytes.data() + done, bytes.size() - done, static_cast<off_t>(done));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return IoError(Errno("reading the audit journal " + path_));
    if (n == 0) {
      bytes.resize(done);
      break;
    }
    done += static_cast<size_t>(n);
  }
  JournalScan scan = ParseAuditJournal(bytes);
  if (scan.valid_bytes < bytes.size()) {
    // A write the previous process did not finish (its response never left), or damage: keep
    // the bytes for inspection, and cut them off so that new entries follow whole records.
    std::string kept = path_ + ".damaged-" + std::to_string(::time(nullptr));
    int out = ::open(kept.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0640);
    std::string_view tail = std::string_view(bytes).substr(scan.valid_bytes);
    bool saved =
        out >= 0 && ::write(out, tail.data(), tail.size()) == static_cast<ssize_t>(tail.size());
    if (out >= 0) ::close(out);
    if (!saved) return IoError(Errno("saving the unreadable end of " + path_ + " to " + kept));
    Log().warn("audit journal {}: {}; its last {} bytes are not entries and were moved to {}",
               path_, scan.problem, tail.size(), kept);
    if (::ftruncate(fd_, static_cast<off_t>(scan.valid_bytes)) != 0)
      return IoError(Errno("audit journal " + path_));
  }
  std::lock_guard apply(apply_mutex_);
  OM_RETURN_IF_ERROR(OpenStore());
  OM_TRY(int64_t applied, store_->AuditJournalApplied());
  size_t copied = 0;
  {
    std::lock_guard lock(mutex_);
    size_ = scan.valid_bytes;
    int64_t last = applied;
    for (JournalRecord& r : scan.records) {
      last = std::max(last, r.jseq);
      if (r.jseq > applied) pending_.push_back(std::move(r));
    }
    next_jseq_ = last + 1;
    copied = pending_.size();
  }
  OM_RETURN_IF_ERROR(ApplyPending());
  if (copied > 0)
    Log().info("audit journal: {} entries a previous process left in {} are now in the log", copied,
               path_);
  return Status::Ok();
}

Status AuditJournal::Append(std::vector<AuditEntry>& entries) {
  if (entries.empty()) return Status::Ok();
  std::string now = NowIso8601();
  std::vector<JournalRecord> records;
  records.reserve(entries.size());
  std::string bytes;
  std::unique_lock lock(mutex_);
  if (broken_) return IoError("the audit journal " + path_ + " failed and could not be repaired");
  for (AuditEntry& e : entries) {
    JournalRecord& r = records.emplace_back();
    r.jseq = next_jseq_ + static_cast<int64_t>(records.size()) - 1;
    r.entry = std::move(e);
    if (r.entry.at.empty()) r.entry.at = now;
    EncodeJournalRecord(r, bytes);
  }
  for (size_t done = 0; done < bytes.size();) {
    ssize_t n = ::write(fd_, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      Status failed = IoError(Errno("writing the audit journal " + path_));
      // A record cut short would hide every record after it: take the partial write back.
      if (done > 0 && ::ftruncate(fd_, static_cast<off_t>(size_)) != 0) broken_ = true;
      for (size_t i = 0; i < entries.size(); ++i) entries[i] = std::move(records[i].entry);
      return failed;
    }
    done += static_cast<size_t>(n);
  }
  size_ += bytes.size();
  next_jseq_ += static_cast<int64_t>(records.size());
  bool full =
      pending_.size() < options_.batch && pending_.size() + records.size() >= options_.batch;
  pending_.insert(pending_.end(), std::make_move_iterator(records.begin()),
                  std::make_move_iterator(records.end()));
  entries.clear();
  lock.unlock();
  if (full) wake_.notify_all();
  return Status::Ok();
}

Status AuditJournal::OpenStore() {
  if (store_ != nullptr) return Status::Ok();
  OM_TRY(store_, open_store_());
  return Status::Ok();
}

Status AuditJournal::Sync() {
  std::lock_guard apply(apply_mutex_);
  return ApplyPending();
}

// With apply_mutex_ held: one transaction appends the pending entries to the log and records
// the last journal number; then, if nothing came meanwhile, the file is emptied.
Status AuditJournal::ApplyPending() {
  std::vector<JournalRecord> take;
  {
    std::lock_guard lock(mutex_);
    take.swap(pending_);
  }
  if (!take.empty()) {
    std::vector<AuditEntry> entries;
    entries.reserve(take.size());
    for (JournalRecord& r : take) entries.push_back(std::move(r.entry));
    auto write = [&]() -> Status {
      OM_RETURN_IF_ERROR(OpenStore());
      OM_RETURN_IF_ERROR(store_->Begin());
      Status s = store_->AppendAuditBatch(entries);
      if (s.ok()) s = store_->SetAuditJournalApplied(take.back().jseq);
      if (s.ok()) s = store_->Commit();
      if (!s.ok()) store_->Rollback();
      return s;
    };
    if (Status s = write(); !s.ok()) {
      // They stay pending (and in the file), ahead of what came meanwhile.
      for (size_t i = 0; i < take.size(); ++i) take[i].entry = std::move(entries[i]);
      std::lock_guard lock(mutex_);
      take.insert(take.end(), std::make_move_iterator(pending_.begin()),
                  std::make_move_iterator(pending_.end()));
      pending_.swap(take);
      return s;
    }
  }
  std::lock_guard lock(mutex_);
  if (pending_.empty() && size_ > 0) {
    if (::ftruncate(fd_, 0) == 0) {
      size_ = 0;
    } else {
      Log().warn("{}", Errno("emptying the audit journal " + path_));
    }
  }
  return Status::Ok();
}

void AuditJournal::Run() {
  pthread_setname_np(pthread_self(), "om-audit");  // as top -H and perf show it
  bool failing = false;
  auto wait = options_.interval;
  for (;;) {
    {
      std::unique_lock lock(mutex_);
      wake_.wait_for(lock, wait,
                     [&] { return stopping_ || (!failing && pending_.size() >= options_.batch); });
      if (stopping_) return;
    }
    std::lock_guard apply(apply_mutex_);
    Status s = ApplyPending();
    if (s.ok()) {
      if (failing) Log().info("audit journal: the audit log takes entries again");
      failing = false;
      wait = options_.interval;
    } else {
      if (!failing) Log().error("audit journal: {}; entries wait in {}", s.ToString(), path_);
      failing = true;
      wait = std::min<std::chrono::milliseconds>(wait * 2, std::chrono::seconds(5));
    }
  }
}

}  // namespace om
