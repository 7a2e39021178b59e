// The import report as JSON (the body of POST /api/v1/imports and `import hxl --json`).
#pragma once

#include <string>

#include "service/import_report.h"

namespace om {

std::string ImportReportToJson(const ImportReport& report);

}  // namespace om
