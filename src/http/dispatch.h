// Dispatcher: turns a raw request into a Response: parses the target, finds the route (or a
// static file), signs the caller in from the session cookie or bearer token, checks CSRF on
// cookie writes, runs the handler with the calling thread's store and principal, appends the
// audit entry the handler asks for (to the audit journal) before the response leaves, and never
// lets an exception escape. Repeated GETs of activity lists are answered from a per-thread cache
// keyed by what the caller may see, dropped whenever the data change, so a cached answer is never
// stale or anyone else's (audited reads are audited on cache hits too).
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "http/audit_writer.h"
#include "http/handlers.h"
#include "http/server.h"
#include "store/audit_journal.h"

namespace om::http {

class Dispatcher {
 public:
  explicit Dispatcher(const ServerOptions& options);
  Status CheckDatabase();
  // Thread-safe. `done` gets the response: at once, or once its audit entry is written (by a
  // task posted to `executor`, the calling worker's, or by another worker's).
  void Handle(Request& request, const boost::asio::any_io_executor& executor,
              std::function<void(Response)> done);
  Response TooLarge() const;
  // Writes the audit entries still queued; call once the worker threads stopped.
  void Shutdown() {
    audit_->Flush();
    audit_.reset();
    journal_.reset();  // copies its last entries into the audit log
  }

 private:
  Result<Store*> ThreadStore();
  Response Run(Request& request, Store& store);
  Response Route(Request& request, Store& store, const Principal& principal,
                 const om::http::Route* route);
  Result<Principal> Authenticate(const Request& request, Store& store, bool& by_cookie);

  ServerOptions options_;
  Router router_;
  std::unique_ptr<AuditJournal> journal_;  // opened by CheckDatabase
  std::unique_ptr<AuditWriter> audit_;
};

}  // namespace om::http
