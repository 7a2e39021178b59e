// Dispatcher: turns a raw request into a Response: parses the target, finds the route (or a
// static file), runs the handler with the calling thread's store, and never lets an exception
// escape. Repeated GETs of activity lists are answered from a per-thread cache that is dropped
// whenever the database changes (PRAGMA data_version), so a cached answer is never stale.
#pragma once

#include <memory>
#include <string>

#include "http/handlers.h"
#include "http/server.h"

namespace om::http {

class Dispatcher {
 public:
  explicit Dispatcher(const ServerOptions& options);
  Status CheckDatabase();
  Response Handle(Request& request);  // thread-safe
  Response TooLarge() const;

 private:
  Result<Store*> ThreadStore();
  Response Route(Request& request, Store& store);

  ServerOptions options_;
  Router router_;
};

}  // namespace om::http
