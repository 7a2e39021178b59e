#include "store/sqlite/db.h"

#include <sodium.h>

#include <array>
#include <cstdint>
#include <cstring>

#include "core/text.h"

namespace om::sqlite {
namespace {

// om_fold(text): FoldName in SQL, so text search means the same in SQL and in memory.
void FoldFunction(sqlite3_context* ctx, int, sqlite3_value** argv) {
  const unsigned char* text = sqlite3_value_text(argv[0]);
  if (text == nullptr) return sqlite3_result_text(ctx, "", 0, SQLITE_STATIC);
  std::string folded = FoldName(reinterpret_cast<const char*>(text));
  sqlite3_result_text(ctx, folded.data(), static_cast<int>(folded.size()), SQLITE_TRANSIENT);
}

// om_key_hash(row_key): KeyHash in SQL, for the migration that changed it.
void KeyHashFunction(sqlite3_context* ctx, int, sqlite3_value** argv) {
  const unsigned char* text = sqlite3_value_text(argv[0]);
  int size = sqlite3_value_bytes(argv[0]);
  if (text == nullptr) return sqlite3_result_null(ctx);
  sqlite3_result_int64(ctx,
                       KeyHash({reinterpret_cast<const char*>(text), static_cast<size_t>(size)}));
}

// Each byte's value as a lower-case hex digit, 16 for any other byte.
constexpr std::array<uint8_t, 256> kHexDigit = [] {
  std::array<uint8_t, 256> t{};
  for (int c = 0; c < 256; ++c) {
    t[c] = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : 16;
  }
  return t;
}();

// The first 8 bytes of a 32-digit lower-case hex string; false for anything else. Without a
// branch per digit: the digits of a digest are random, and so would the branches be.
bool HexDigestPrefix(std::string_view key, unsigned char (&out)[8]) {
  if (key.size() != 32) return false;
  unsigned bad = 0;
  for (char c : key) bad |= kHexDigit[static_cast<unsigned char>(c)];
  if (bad & 16) return false;
  for (size_t i = 0; i < 8; ++i) {
    out[i] = static_cast<unsigned char>(kHexDigit[static_cast<unsigned char>(key[2 * i])] << 4 |
                                        kHexDigit[static_cast<unsigned char>(key[2 * i + 1])]);
  }
  return true;
}

}  // namespace

int64_t KeyHash(std::string_view row_key) {
  unsigned char prefix[8];
  if (!HexDigestPrefix(row_key, prefix)) {
    unsigned char digest[16];
    crypto_generichash(digest, sizeof digest,
                       reinterpret_cast<const unsigned char*>(row_key.data()), row_key.size(),
                       nullptr, 0);
    std::memcpy(prefix, digest, sizeof prefix);
  }
  return KeyHashOfDigest(prefix);
}

void Stmt::Reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
  known_null_ = ~uint64_t{0};
  known_int_ = 0;
  known_text_ = 0;
  status_ = Status::Ok();
}

void Stmt::Bind(int index, const std::optional<double>& value) {
  if (value) {
    Bind(index, *value);
  } else {
    BindNull(index);
  }
}

void Stmt::BindTextOrNull(int index, std::string_view text) {
  if (text.empty()) {
    BindNull(index);
  } else {
    Bind(index, text);
  }
}

void Stmt::BindStaticOrNull(int index, std::string_view text) {
  if (text.empty()) {
    BindNull(index);
  } else {
    BindStatic(index, text);
  }
}

void Stmt::BindRepeating(int index, std::string_view text) {
  if (Bit(index) == 0) return Bind(index, text);
  if ((known_text_ & Bit(index)) != 0 && texts_[index - 1] == text) return;
  Forget(index);
  // SQLITE_TRANSIENT: SQLite keeps its own copy.
  if (sqlite3_bind_text(stmt_, index, text.data(), static_cast<int>(text.size()),
                        SQLITE_TRANSIENT) != SQLITE_OK)
    return;
  if (texts_.empty()) texts_.resize(64);
  texts_[index - 1].assign(text);
  known_text_ |= Bit(index);
}

void Stmt::BindIdOrNull(int index, int64_t id) {
  if (id == 0) {
    BindNull(index);
  } else {
    Bind(index, id);
  }
}

bool Stmt::Step() {
  if (stmt_ == nullptr) {
    status_ = Internal("sqlite: " + prepare_error_);
    return false;
  }
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc != SQLITE_DONE) {
    StatusCode code =
        (rc & 0xff) == SQLITE_CONSTRAINT ? StatusCode::kAlreadyExists : StatusCode::kIoError;
    status_ = Status(code, std::string("sqlite: ") + sqlite3_errmsg(db_));
  }
  return false;
}

Status Stmt::Run() {
  while (Step()) {
  }
  return status_;
}

std::optional<double> Stmt::OptDouble(int col) const {
  if (IsNull(col)) return std::nullopt;
  return Double(col);
}

std::string Stmt::Text(int col) const { return std::string(TextView(col)); }

std::string_view Stmt::TextView(int col) const {
  const unsigned char* text = sqlite3_column_text(stmt_, col);
  if (text == nullptr) return {};
  return {reinterpret_cast<const char*>(text),
          static_cast<size_t>(sqlite3_column_bytes(stmt_, col))};
}

Db::~Db() {
  cache_.clear();  // finalize statements before closing
  if (db_ != nullptr) sqlite3_close(db_);
}

Status Db::Open(const std::string& path) {
  // Memory statistics cost a global mutex on every allocation inside SQLite and nothing reads
  // them. Only possible before SQLite initializes, i.e. before the first connection opens.
  static const bool kConfigured = sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0) == SQLITE_OK;
  (void)kConfigured;
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
  if (sqlite3_open_v2(path.c_str(), &db_, flags, nullptr) != SQLITE_OK) {
    Status s = Error("cannot open database '" + path + "'");
    sqlite3_close(db_);
    db_ = nullptr;
    return s;
  }
  sqlite3_busy_timeout(db_, 10000);
  sqlite3_create_function(db_, "om_fold", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC, nullptr,
                          FoldFunction, nullptr, nullptr);
  sqlite3_create_function(db_, "om_key_hash", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC, nullptr,
                          KeyHashFunction, nullptr, nullptr);
  return Status::Ok();
}

Status Db::Exec(std::string_view sql) {
  char* message = nullptr;
  if (sqlite3_exec(db_, std::string(sql).c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
    std::string text = message ? message : "unknown error";
    sqlite3_free(message);
    return IoError("sqlite: " + text);
  }
  return Status::Ok();
}

StmtHandle Db::Prepare(const std::string& sql) {
  auto it = cache_.find(sql);
  if (it != cache_.end()) {
    it->second->Reset();
    return StmtHandle(*it->second);
  }
  sqlite3_stmt* raw = nullptr;
  int rc = sqlite3_prepare_v3(db_, sql.c_str(), static_cast<int>(sql.size()),
                              SQLITE_PREPARE_PERSISTENT, &raw, nullptr);
  std::string error;
  if (rc != SQLITE_OK) {
    // A bad statement is a programming error; surface it on first use instead of crashing.
    error = std::string(sqlite3_errmsg(db_)) + " in: " + sql;
    sqlite3_finalize(raw);
    raw = nullptr;
  }
  auto stmt = std::make_unique<Stmt>(db_, raw, std::move(error));
  Stmt& ref = *stmt;
  cache_.emplace(sql, std::move(stmt));
  return StmtHandle(ref);
}

Status Db::Error(std::string_view context) const {
  return IoError(std::string(context) + ": " + (db_ ? sqlite3_errmsg(db_) : "out of memory"));
}

}  // namespace om::sqlite
