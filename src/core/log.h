// Structured logging through spdlog: one line per event, to stderr, with level and time.
//
//   SetupLogging(verbose);               // once, at start: only records the level
//   Log().info("serving {} on {}", db, address);
//
// The logger is made the first time something logs: a command that logs nothing (an import, an
// export) does not pay for making it, its sink and its pattern (about 0.2 ms of every run).
#pragma once

#include <spdlog/logger.h>

namespace om {

void SetupLogging(bool verbose);
spdlog::logger& Log();

}  // namespace om
