// Static files for the web client, safe against path traversal: the path is decoded, any
// ".." or NUL is refused, and the resolved file must lie under the root.
#pragma once

#include <optional>
#include <string>

#include "http/message.h"

namespace om::http {

// The file under root for a URL path, or nullopt. `spa_fallback` serves index.html for paths
// that name no file (client-side routes).
std::optional<Response> ServeStatic(const std::string& root, const std::string& url_path,
                                    bool spa_fallback);

}  // namespace om::http
