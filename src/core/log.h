// Structured logging through spdlog: one line per event, to stderr, with level and time.
#pragma once

namespace om {

void SetupLogging(bool verbose);

}  // namespace om
