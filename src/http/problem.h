// RFC 9457 problem+json responses with stable `type` URIs.
//
//   return Problem(400, "invalid-parameter", "Bad query parameter", "limit must be 1..1000",
//                  {{"limit", "must be between 1 and 1000"}});
//   return ProblemFromStatus(status);   // maps a Status code to 400/404/409/412/413/500
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "core/status.h"
#include "http/message.h"

namespace om::http {

using FieldErrors = std::vector<std::pair<std::string, std::string>>;  // field, reason

Response Problem(unsigned status, const std::string& type, const std::string& title,
                 const std::string& detail, const FieldErrors& errors = {});
Response ProblemFromStatus(const Status& status);

}  // namespace om::http
