// Thin RAII wrapper over the SQLite C API: a connection with a cache of prepared statements.
//
//   Db db; OM_RETURN_IF_ERROR(db.Open(path));
//   StmtHandle s = db.Prepare("SELECT name FROM places WHERE pcode = ?1");  // prepared once
//   s.Bind(1, pcode);
//   while (s.Step()) use(s.Text(0));
//   OM_RETURN_IF_ERROR(s.status());
//
// Prepare() returns a handle to a reset statement, which is reset again when the handle goes
// out of scope; statements live as long as the Db.
// Not thread-safe (one Db per thread).
#pragma once

#include <sqlite3.h>

#include <array>
#include <cstdint>
#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/status.h"

namespace om::sqlite {

// The activities' unique index holds 64 bits of the row key instead of its text: an eighth of
// the size, so bulk imports stay fast as the table grows. An imported row's key is already a
// BLAKE2b digest (ImportRowKey: 32 hex digits), so its first 8 bytes are used as they are; any
// other key (a repeated row's "...#2", a key written through the API) is hashed with BLAKE2b
// first. Also in SQL as om_key_hash(row_key). (Until schema version 7 hex keys were hashed too.)
int64_t KeyHash(std::string_view row_key);
// KeyHash of a digest's hex, from the digest (at least 8 bytes): its first 8 bytes.
inline int64_t KeyHashOfDigest(const uint8_t* digest) {
  int64_t hash = 0;
  std::memcpy(&hash, digest, sizeof hash);
  return hash;
}

class Stmt {
 public:
  Stmt(sqlite3* db, sqlite3_stmt* stmt, std::string prepare_error = {})
      : db_(db), stmt_(stmt), prepare_error_(std::move(prepare_error)) {}
  ~Stmt() { sqlite3_finalize(stmt_); }
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;

  void Reset();
  // Resets for another step but keeps the bindings, for callers that rebind every parameter.
  void Rewind() {
    sqlite3_reset(stmt_);
    status_ = Status::Ok();
  }
  // A parameter already bound to the same NULL or integer is not bound again (a bulk insert
  // rebinds every parameter of every row, and a third of them repeat: NULLs, the batch, ...).
  void Bind(int index, int64_t value) {
    if ((known_int_ & Bit(index)) != 0 && ints_[index - 1] == value) return;
    Forget(index);
    if (sqlite3_bind_int64(stmt_, index, value) == SQLITE_OK && Bit(index) != 0) {
      known_int_ |= Bit(index);
      ints_[index - 1] = value;
    }
  }
  void Bind(int index, int value) { Bind(index, static_cast<int64_t>(value)); }
  void Bind(int index, std::string_view text) {
    Forget(index);
    sqlite3_bind_text(stmt_, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
  }
  // Binds without copying: text must stay valid and unchanged until the statement has been
  // stepped for the last time with this binding (for bulk writes of long-lived strings). The
  // empty string, which many a column of a bulk write holds row after row, is bound as by
  // BindRepeating: once, and not again while it stays empty.
  void BindStatic(int index, std::string_view text) {
    if (text.empty()) return BindRepeating(index, text);
    Forget(index);
    sqlite3_bind_text(stmt_, index, text.data(), static_cast<int>(text.size()), SQLITE_STATIC);
  }
  void BindStaticOrNull(int index, std::string_view text);
  // For text that often repeats from one row to the next (a timestamp, a sector, a status):
  // copied by SQLite, and not bound again while it stays the same.
  void BindRepeating(int index, std::string_view text);
  void Bind(int index, const char* text) { Bind(index, std::string_view(text)); }
  void Bind(int index, const std::string& text) { Bind(index, std::string_view(text)); }
  void Bind(int index, double value) {
    Forget(index);
    sqlite3_bind_double(stmt_, index, value);
  }
  void Bind(int index, const std::optional<double>& value);
  void BindNull(int index) {
    if ((known_null_ & Bit(index)) != 0) return;
    Forget(index);
    if (sqlite3_bind_null(stmt_, index) == SQLITE_OK) known_null_ |= Bit(index);
  }
  // Binds "" as NULL (for optional text columns such as foreign keys).
  void BindTextOrNull(int index, std::string_view text);
  void BindIdOrNull(int index, int64_t id);

  // Steps once: true when a row is available; false when done or failed (see status()).
  bool Step();
  // Runs to completion (for statements without rows).
  Status Run();
  const Status& status() const { return status_; }

  int64_t Int(int col) const { return sqlite3_column_int64(stmt_, col); }
  double Double(int col) const { return sqlite3_column_double(stmt_, col); }
  bool IsNull(int col) const { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }
  std::optional<double> OptDouble(int col) const;
  std::string Text(int col) const;
  std::string_view TextView(int col) const;

 private:
  // Parameter `index`'s bit in the known_* sets; 0 beyond the 64 that are tracked.
  static uint64_t Bit(int index) {
    return index >= 1 && index <= 64 ? uint64_t{1} << (index - 1) : 0;
  }
  void Forget(int index) {
    known_null_ &= ~Bit(index);
    known_int_ &= ~Bit(index);
    known_text_ &= ~Bit(index);
  }

  sqlite3* db_;
  sqlite3_stmt* stmt_;
  std::string prepare_error_;  // set when the SQL did not compile (a bug; reported on Step)
  Status status_;
  // What parameters 1 to 64 are bound to, where known (a binding SQLite refused is not known):
  // a fresh or cleared statement's are NULL.
  uint64_t known_null_ = ~uint64_t{0};
  uint64_t known_int_ = 0;
  uint64_t known_text_ = 0;  // bound by BindRepeating to a copy of texts_[i]
  std::array<int64_t, 64> ints_{};
  std::vector<std::string> texts_;  // sized on the first BindRepeating
};

// A prepared statement in use: resets it (ending its read transaction and clearing its
// bindings) when it goes out of scope, so a statement left mid-result never pins an old snapshot.
class StmtHandle {
 public:
  explicit StmtHandle(Stmt& stmt) : stmt_(&stmt) {}
  ~StmtHandle() {
    if (stmt_ != nullptr) stmt_->Reset();
  }
  StmtHandle(const StmtHandle&) = delete;
  StmtHandle& operator=(const StmtHandle&) = delete;
  operator Stmt&() const { return *stmt_; }  // NOLINT(google-explicit-constructor)

  template <typename... Args>
  void Bind(Args&&... args) {
    stmt_->Bind(std::forward<Args>(args)...);
  }
  void BindNull(int index) { stmt_->BindNull(index); }
  void BindTextOrNull(int index, std::string_view text) { stmt_->BindTextOrNull(index, text); }
  void BindIdOrNull(int index, int64_t id) { stmt_->BindIdOrNull(index, id); }
  bool Step() { return stmt_->Step(); }
  Status Run() { return stmt_->Run(); }
  const Status& status() const { return stmt_->status(); }
  int64_t Int(int col) const { return stmt_->Int(col); }
  bool IsNull(int col) const { return stmt_->IsNull(col); }
  std::optional<double> OptDouble(int col) const { return stmt_->OptDouble(col); }
  std::string Text(int col) const { return stmt_->Text(col); }
  std::string_view TextView(int col) const { return stmt_->TextView(col); }

 private:
  Stmt* stmt_;
};

class Db {
 public:
  Db() = default;
  ~Db();
  Db(const Db&) = delete;
  Db& operator=(const Db&) = delete;

  Status Open(const std::string& path);
  Status Exec(std::string_view sql);  // for DDL and pragmas; no parameters
  StmtHandle Prepare(const std::string& sql);
  int64_t Changes() const { return sqlite3_changes64(db_); }
  int64_t LastInsertId() const { return sqlite3_last_insert_rowid(db_); }
  sqlite3* handle() const { return db_; }
  Status Error(std::string_view context) const;

 private:
  sqlite3* db_ = nullptr;
  std::unordered_map<std::string, std::unique_ptr<Stmt>> cache_;
};

}  // namespace om::sqlite
