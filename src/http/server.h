// The HTTP server: Boost.Beast over Asio, a pool of worker threads, one store connection per
// thread, graceful shutdown on SIGTERM/SIGINT (stops accepting, lets requests in flight finish).
//
//   ServerOptions opt;  opt.port = 8080;  opt.db_path = "onemission.db";
//   OM_RETURN_IF_ERROR(RunServer(opt));   // blocks until a signal
//
// Every request is answered: a handler that throws gets a 500 problem+json and is logged; the
// server keeps running. Bodies over 32 MiB get 413; a client that has not sent a whole request
// within 30 s (--request-timeout) is cut.
#pragma once

#include <functional>
#include <string>

#include "core/status.h"

namespace om::http {

struct ServerOptions {
  std::string address = "127.0.0.1";
  int port = 8080;
  int threads = 0;  // 0 = number of cores
  std::string db_path = "onemission.db";
  std::string web_root = "web/dist";    // static client; "" to disable
  std::string data_root = "data/demo";  // served under /data/ (GeoJSON for the map)
  // Seconds to receive a whole request, and for each write of a response to be taken (a client
  // that stops reading); the connection is cut after.
  int request_timeout = 30;
  // Called once listening, with the bound port (useful with port 0).
  std::function<void(int)> on_listening;
};

Status RunServer(const ServerOptions& options);

}  // namespace om::http
