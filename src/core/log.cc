#include "core/log.h"

#include <spdlog/sinks/stdout_color_sinks.h>

#include <atomic>
#include <memory>

namespace om {
namespace {

std::atomic<bool> verbose_logging{false};

}  // namespace

void SetupLogging(bool verbose) { verbose_logging.store(verbose, std::memory_order_relaxed); }

spdlog::logger& Log() {
  static spdlog::logger* logger = [] {
    auto* made =
        new spdlog::logger("onemission", std::make_shared<spdlog::sinks::stderr_color_sink_mt>());
    made->set_pattern("%Y-%m-%dT%H:%M:%S.%eZ %^%l%$ %v", spdlog::pattern_time_type::utc);
    made->set_level(verbose_logging.load(std::memory_order_relaxed) ? spdlog::level::debug
                                                                    : spdlog::level::info);
    return made;  // never deleted: threads may log until the process ends
  }();
  return *logger;
}

}  // namespace om
