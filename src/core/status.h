// Status and Result<T>: the error type returned by every fallible function below src/http.
//
//   Result<Place> FindPlace(std::string_view pcode);
//   OM_TRY(auto place, FindPlace("AF0101"));   // returns the Status early on failure
//   OM_RETURN_IF_ERROR(store.Commit());
//
// A Status carries a code (what kind of failure, mapped to an HTTP status at the edge) and a
// human message. Cheap to copy; ok() statuses hold no message.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace om {

enum class StatusCode {
  kOk = 0,
  kInvalidArgument,     // bad input from the caller (400)
  kNotFound,            // no such record, or not visible to the caller (404)
  kAlreadyExists,       // unique key taken (409)
  kFailedPrecondition,  // stale version, If-Match mismatch (412)
  kPermissionDenied,    // (403)
  kUnauthenticated,     // (401)
  kTooLarge,            // (413)
  kIoError,             // file or database trouble (500)
  kInternal,            // a bug (500)
};

class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(StatusCode code, std::string message) : code_(code), message_(std::move(message)) {}

  static Status Ok() { return Status(); }
  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }
  std::string ToString() const;

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
};

inline Status InvalidArgument(std::string m) {
  return {StatusCode::kInvalidArgument, std::move(m)};
}
inline Status NotFound(std::string m) { return {StatusCode::kNotFound, std::move(m)}; }
inline Status AlreadyExists(std::string m) { return {StatusCode::kAlreadyExists, std::move(m)}; }
inline Status FailedPrecondition(std::string m) {
  return {StatusCode::kFailedPrecondition, std::move(m)};
}
inline Status PermissionDenied(std::string m) {
  return {StatusCode::kPermissionDenied, std::move(m)};
}
inline Status Unauthenticated(std::string m) {
  return {StatusCode::kUnauthenticated, std::move(m)};
}
inline Status IoError(std::string m) { return {StatusCode::kIoError, std::move(m)}; }
inline Status Internal(std::string m) { return {StatusCode::kInternal, std::move(m)}; }

const char* StatusCodeName(StatusCode code);

// Result<T>: a value or a non-ok Status.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : data_(std::move(value)) {}         // NOLINT(google-explicit-constructor)
  Result(Status status) : data_(std::move(status)) {}  // NOLINT(google-explicit-constructor)

  bool ok() const { return std::holds_alternative<T>(data_); }
  const Status& status() const {
    static const Status kOkStatus;
    return ok() ? kOkStatus : std::get<Status>(data_);
  }
  T& value() & { return std::get<T>(data_); }
  const T& value() const& { return std::get<T>(data_); }
  T&& value() && { return std::get<T>(std::move(data_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

 private:
  std::variant<T, Status> data_;
};

namespace internal {
inline Status AsStatus(const Status& s) { return s; }
template <typename T>
Status AsStatus(const Result<T>& r) {
  return r.status();
}
}  // namespace internal

}  // namespace om

#define OM_CONCAT_INNER(a, b) a##b
#define OM_CONCAT(a, b) OM_CONCAT_INNER(a, b)

// OM_RETURN_IF_ERROR(expr): expr is a Status or Result; returns its Status when not ok.
#define OM_RETURN_IF_ERROR(expr)                                       \
  do {                                                                 \
    auto&& om_status_ = (expr);                                        \
    if (!om_status_.ok()) return ::om::internal::AsStatus(om_status_); \
  } while (0)

// OM_TRY(decl, expr): evaluates the Result expr; on failure returns its Status, otherwise
// moves the value into decl (e.g. `auto x`).
#define OM_TRY(decl, expr) OM_TRY_IMPL(OM_CONCAT(om_result_, __LINE__), decl, expr)
// NOLINTBEGIN(bugprone-macro-parentheses): decl is a declaration, tmp a name.
#define OM_TRY_IMPL(tmp, decl, expr)  \
  auto tmp = (expr);                  \
  if (!tmp.ok()) return tmp.status(); \
  decl = std::move(tmp).value()
// NOLINTEND(bugprone-macro-parentheses)
